import type { CommitteeReport } from '../committee-report.js';
import { withHash } from '../report-hash.js';

/** A small but whole committee report, for the renderers' specs; `overrides` replace its top-level parts. */
export function aCommitteeReport(overrides: Partial<CommitteeReport> = {}): CommitteeReport {
  const counts = { total: 3, blue: 1, red: 1, amber: 1, green: 0, unrated: 0, overdue: 1, retainedForOversight: 1 };
  const start = { ...counts, blue: 0, amber: 2 };
  return withHash({
    schema: 'oversight.committee-report/1',
    plan: {
      id: '0f8e6c1e-4b0a-4c55-9d7e-2f1a3b4c5d6e',
      title: 'Service Development Plan 2024-5',
      periodStart: '2024-04-01',
      periodEnd: '2025-03-31',
      owner: null,
      board: 'Safeguarding Sub Committee',
      reviewFrequency: 'Quarterly',
    },
    period: {
      since: '2025-01-01T00:00:00.000Z',
      until: '2025-04-01T00:00:00.000Z',
      firstDay: '2025-01-01',
      lastDay: '2025-03-31',
      words: '1 January to 31 March 2025',
    },
    asAt: '2025-04-02T09:30:00.000Z',
    position: 1207,
    front: [
      { label: 'Committee', value: 'Safeguarding Sub Committee', toFill: false },
      { label: 'Dated', value: '[Date of meeting]', toFill: true },
    ],
    summary: ['This report updates the committee on the Service Development Plan 2024-5.'],
    counts: {
      rows: (['blue', 'red', 'amber', 'green', 'unrated'] as const).map((status) => ({
        status,
        start: start[status],
        end: counts[status],
        change: counts[status] - start[status],
      })),
      start,
      end: counts,
      amber: { total: 1, notYetDue: 1, dueInWords: 0, overdue: 0, isLargest: false },
    },
    achievements: [
      {
        ref: '1.6',
        description: 'All staff to receive training on radicalisation and modern slavery.',
        owner: 'RG/ZD',
        completedOn: '2025-01-31',
        evidence: { text: 'January: Staff have received training.', day: '2025-01-01' },
        evidenceAttached: 1,
      },
    ],
    stuck: [
      {
        ref: '2.1',
        description: 'Recruit a permanent team manager (owner typed in Cyrillic: СР).',
        owner: 'СР',
        status: 'red',
        overdue: true,
        originalDue: '1 May 2024',
        currentDue: '1 September 2024',
        dateMoves: 2,
        latestComment: { text: 'Advert out again.', day: '2025-03-01' },
      },
    ],
    changes: {
      summary: {
        events: 3,
        actionsMoved: 2,
        newActions: 0,
        completed: 1,
        statusChanges: 2,
        commentsAdded: 1,
        evidenceAttached: 0,
        byType: { RagStatusChanged: 2, CommentAdded: 1 },
      },
      byKind: [
        { kind: 'Progress comments', count: 1 },
        { kind: 'Status changes', count: 2 },
      ],
      rows: [
        {
          ref: '1.6',
          description: 'All staff to receive training.',
          isNew: false,
          status: { before: 'amber', after: 'blue' },
          owner: null,
          due: null,
          completed: true,
          commentsAdded: 1,
          evidenceAttached: 0,
        },
      ],
    },
    accountability: [
      {
        kind: 'ofsted-inspection',
        kindWords: 'Ofsted inspection',
        group: 'Ofsted',
        sources: [
          {
            title: 'Ofsted ILACS',
            date: '2020-03-01',
            recommendations: 1,
            actions: 3,
            complete: 1,
            stuck: 1,
            overdue: 1,
          },
        ],
      },
    ],
    retainedOfsted: [{ source: 'Ofsted ILACS', recommendation: 'Improve written plans.', actions: ['1.6 Training'] }],
    appendix: {
      columns: [
        'Why?',
        'Ref',
        'Who?',
        'DLT lead',
        'Does what?',
        'Start',
        'By when?',
        'How?',
        'Experience',
        'RAG',
        'Comments',
      ],
      rows: [
        { kind: 'heading', text: 'Priority 1 - SAFE' },
        {
          kind: 'action',
          cells: ['Need', '1.6', 'RG/ZD', '', 'Training', '', '1 May 2024', '', '', 'Blue', 'January: done'],
        },
      ],
    },
    ...overrides,
  });
}
