import { describe, expect, it } from '@jest/globals';
import { recogniseHeading, recogniseList, recogniseNeedCitation } from './recognise-source.js';

const brief = (m: { kind: string; year: number | null; month: number | null }) => ({
  kind: m.kind,
  year: m.year,
  month: m.month,
});

describe('recogniseNeedCitation', () => {
  it('reads a source named in brackets at the end', () => {
    const citation = recogniseNeedCitation('Think Family to be central to all our interventions (Aidhour)');
    expect(citation.mentions.map(brief)).toEqual([{ kind: 'independent-audit', year: null, month: null }]);
    expect(citation.reference).toBeNull();
  });

  it('reads a source named in the opening words, with its date', () => {
    const citation = recogniseNeedCitation(
      'Recommendation from Independent audit Feb 2024. The service to consider a multi-agency approach.',
    );
    expect(citation.mentions.map(brief)).toEqual([{ kind: 'independent-audit', year: 2024, month: 2 }]);
    expect(citation.mentions[0].title).toBe('Independent audit, February 2024');
    expect(citation.body).toBe('The service to consider a multi-agency approach.');
  });

  it('reads "Ofsted recommendation 2020:" as the 2020 inspection, and numbered ones as a reference', () => {
    expect(
      recogniseNeedCitation('Ofsted recommendation 2020: The recording of management decision making').mentions.map(
        brief,
      ),
    ).toEqual([{ kind: 'ofsted-inspection', year: 2020, month: null }]);
    const numbered = recogniseNeedCitation('Ofsted recommendation 1: Further improve the quality of written plans.');
    expect(numbered.reference).toBe('Ofsted recommendation 1');
    expect(numbered.mentions.map(brief)).toEqual([{ kind: 'ofsted-inspection', year: null, month: null }]);
  });

  it("reads staff feedback, the service's own gap and a serious case review", () => {
    expect(recogniseNeedCitation('Feedback from Duty workers - police thresholds too low').mentions[0]).toMatchObject({
      kind: 'staff-feedback',
      title: 'Feedback from Duty workers',
    });
    expect(recogniseNeedCitation('Our service identified gap - new EH presentations').mentions[0]).toMatchObject({
      kind: 'other',
      title: 'Gap identified by the service',
    });
    expect(
      recogniseNeedCitation('Child Q serious case review shows systemic racism causing harm to children.').mentions[0],
    ).toMatchObject({
      kind: 'case-review',
      title: 'Child Q serious case review',
    });
  });

  it('takes a paragraph of the report as a reference, not a source', () => {
    const citation = recogniseNeedCitation('Ensure that Pathway Plans are shared with care leavers (Paragraph 55)');
    expect(citation.reference).toBe('Paragraph 55');
    expect(citation.mentions).toEqual([]);
  });

  it('does not take a source named in passing', () => {
    expect(recogniseNeedCitation('Kinship care - in line with care review - clarity on offer.').mentions).toEqual([]);
    expect(recogniseNeedCitation('Add sexual orientation to the tab. Auditors found it difficult.').mentions).toEqual(
      [],
    );
  });
});

describe('recogniseList', () => {
  it('splits a list only where every part names a source', () => {
    expect(recogniseList('Aidhour Audit & Multi-Agency Audit').map((m) => m.kind)).toEqual([
      'independent-audit',
      'multi-agency-audit',
    ]);
    expect(recogniseList('Neglect and Afluence Research').map((m) => m.title)).toEqual([
      'Neglect and Afluence Research',
    ]);
    expect(
      recogniseList('Learning Case Review 1 & Report of Radicalisation and Modern Slavery').map((m) => m.title),
    ).toEqual(['Learning Case Review 1', 'Report of Radicalisation and Modern Slavery']);
    expect(recogniseList('IRO case review & Radicalisation and Modern Slavery Research').map((m) => m.title)).toEqual([
      'IRO case review',
      'Radicalisation and Modern Slavery Research',
    ]);
  });
});

describe('recogniseHeading', () => {
  it('finds the source anywhere in a heading, with its date', () => {
    expect(brief(recogniseHeading('Priority 5: improvements following from the July 2016 OFSTED')!)).toEqual({
      kind: 'ofsted-inspection',
      year: 2016,
      month: 7,
    });
    expect(brief(recogniseHeading('Audit 2024 service wide recommendations')!)).toEqual({
      kind: 'independent-audit',
      year: 2024,
      month: null,
    });
    expect(brief(recogniseHeading('Findings from Annual Survey August 2023 are now tracked in a QA tracker')!)).toEqual(
      {
        kind: 'children-and-families-feedback',
        year: 2023,
        month: 8,
      },
    );
    expect(recogniseHeading('Ofsted letter from their focussed visit on Care Leavers, October 2018')).toMatchObject({
      kind: 'ofsted-focused-visit',
      year: 2018,
      month: 10,
    });
  });

  it('finds none in a theme', () => {
    for (const theme of [
      'Children in Need',
      'children in care',
      'care leavers',
      'BLACK LIVES MATTER & Racism',
      'Priority 1 - SAFE - Children and Young People are safe and feel safe.',
    ])
      expect(recogniseHeading(theme)).toBeNull();
  });

  it('takes no date from a range', () => {
    expect(brief(recogniseList('CHSCB Vulnerable Adolescents Strategy 2017-19')[0])).toEqual({
      kind: 'other',
      year: null,
      month: null,
    });
    expect(brief(recogniseList('CYPP 2018 - 2021')[0])).toEqual({ kind: 'other', year: null, month: null });
  });
});
