import { describe, expect, it } from '@jest/globals';
import { headerStems, normaliseHeader, recogniseHeader, THRESHOLD } from './recognise-header.js';
import { AMBIGUOUS, HEADER_VARIANTS, NOT_FIELDS } from './testing/header-variants.js';

describe('recogniseHeader: the header spellings of council plans', () => {
  it('holds at least 40 variants and some of each field, and a list of headers that are no field', () => {
    expect(HEADER_VARIANTS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(HEADER_VARIANTS.map(([, field]) => field)).size).toBe(11);
    expect(NOT_FIELDS.length).toBeGreaterThanOrEqual(10);
  });

  it.each(HEADER_VARIANTS)('%j is %s', (header, field) => {
    const reading = recogniseHeader(header);
    expect({ header, field: reading.field }).toEqual({ header, field });
    expect(reading.score).toBeGreaterThanOrEqual(THRESHOLD);
  });

  it.each(NOT_FIELDS)('%j is no field', (header) => {
    expect({ header, field: recogniseHeader(header).field }).toEqual({ header, field: null });
  });

  it.each(AMBIGUOUS)(
    '%j names %j about equally: alone it is no field, and both are its candidates',
    (header, fields) => {
      const reading = recogniseHeader(header);
      expect(reading.field).toBeNull();
      expect(
        reading.candidates
          .slice(0, 2)
          .map((c) => c.field)
          .sort(),
      ).toEqual([...fields].sort());
      expect(reading.score).toBeGreaterThanOrEqual(THRESHOLD);
    },
  );

  it('ignores case, punctuation and word order', () => {
    for (const header of ['LEAD OFFICER', 'lead officer', 'Lead-officer!', 'Officer (lead)', '  lead   officer  '])
      expect(recogniseHeader(header)).toMatchObject({ field: 'owner', score: 1 });
    expect(normaliseHeader("Children's  Experience?")).toBe('children experience');
    expect(headerStems('R/A/G rating')).toEqual(['rag', 'rat']);
    expect(headerStems('Lead officer(s)')).toEqual(headerStems('lead officers'));
  });

  it('names the candidates of a header it does not take, best first, and takes none of two fields about equally near', () => {
    const review = recogniseHeader('Review date');
    expect(review.field).toBeNull();
    expect(review.candidates.map((c) => c.field)).toEqual(expect.arrayContaining(['start', 'due']));
    expect(review.candidates[0]!.score).toBeLessThan(THRESHOLD);
    const longer = recogniseHeader('Progress update and evidence for finance board');
    expect(longer.field).toBeNull();
  });

  it('takes no cell longer than a header for one: data rows are tried as header rows', () => {
    expect(
      recogniseHeader('Action: the service will review every plan for children with a disability by March').field,
    ).toBeNull();
    expect(recogniseHeader('Reviews the lead role topics and effectiveness of leads').field).toBeNull();
    expect(recogniseHeader('').field).toBeNull();
  });
});
