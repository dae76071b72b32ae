import type { CommitteeReport } from './committee-report.js';
import { longDate, periodWords, plural, signed, STATUS_MEANINGS, statusWord } from './report-words.js';

/**
 * The report as the committee reads it, in the council's order (Summary, Recommendation, Main
 * report, Appendices), as blocks each renderer lays out its own way: Word paragraphs and tables,
 * PDF text and drawn tables, GOV.UK HTML. The words are chosen here once.
 */
export type Block =
  | { kind: 'heading'; level: 1 | 2; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'numbered'; number: number; text: string }
  | { kind: 'bullets'; items: string[] }
  | { kind: 'table'; caption: string; headers: string[]; rows: string[][]; numeric?: number[]; widths?: number[] }
  | { kind: 'chart' };

export interface ReportSections {
  body: Block[];
  appendixIntro: Block[];
  /** Appendix 2: which read model each part came from, at which moments; the provenance line follows it. */
  sources: Block[];
}

const dayWords = (day: string | null) => (day ? longDate(day) : 'Not known');
const commentWords = (comment: { text: string; day: string } | null) =>
  comment ? `${longDate(comment.day)}: ${comment.text}` : 'No comment recorded';

export function reportSections(report: CommitteeReport): ReportSections {
  let number = 0;
  const numbered = (text: string): Block => ({ kind: 'numbered', number: (number += 1), text });
  const { counts, changes } = report;
  const body: Block[] = [
    { kind: 'heading', level: 1, text: 'Summary' },
    ...report.summary.map((text): Block => ({ kind: 'paragraph', text })),
    { kind: 'heading', level: 1, text: 'Recommendation' },
    { kind: 'paragraph', text: 'Members are asked to:' },
    { kind: 'bullets', items: ['Note the report.'] },
    { kind: 'heading', level: 1, text: 'Main report' },
    { kind: 'heading', level: 2, text: 'How actions are rated' },
    numbered("The actions are 'BRAG' rated:"),
    {
      kind: 'bullets',
      items: (['blue', 'red', 'amber', 'green'] as const).map(
        (status) => `${STATUS_MEANINGS[status].word.toLowerCase()} meaning '${STATUS_MEANINGS[status].meaning}'`,
      ),
    },
    { kind: 'heading', level: 2, text: 'Actions by status' },
    numbered(
      `At the start of the period (${longDate(report.period.firstDay)}) the plan held ${plural(counts.start.total, 'action')}; at its end (${longDate(report.period.lastDay)}) ${plural(counts.end.total, 'action')}.`,
    ),
    {
      kind: 'table',
      caption: 'Actions by status at the start and the end of the period',
      headers: ['Status', `Start (${report.period.firstDay})`, `End (${report.period.lastDay})`, 'Change'],
      rows: [
        ...counts.rows.map((row) => [
          STATUS_MEANINGS[row.status].word,
          String(row.start),
          String(row.end),
          signed(row.change),
        ]),
        ['Total', String(counts.start.total), String(counts.end.total), signed(counts.end.total - counts.start.total)],
        [
          'Overdue',
          String(counts.start.overdue),
          String(counts.end.overdue),
          signed(counts.end.overdue - counts.start.overdue),
        ],
      ],
      numeric: [1, 2, 3],
      widths: [3, 2, 2, 1.5],
    },
    { kind: 'chart' },
  ];
  if (counts.amber.isLargest)
    body.push(
      numbered(
        `Most actions are amber (${counts.amber.total}): ${counts.amber.notYetDue} have a planned completion date not yet reached, ${counts.amber.dueInWords} are due at times given in words, and ${counts.amber.overdue} are past their date.`,
      ),
    );

  body.push({ kind: 'heading', level: 2, text: 'Key achievements in the period' });
  if (report.achievements.length === 0) body.push(numbered('No action was completed in the period.'));
  else
    body.push(
      numbered(`${plural(report.achievements.length, 'action was', 'actions were')} completed in the period:`),
      {
        kind: 'table',
        caption: 'Actions completed in the period, with the comment that evidences each',
        headers: ['Ref', 'Action', 'Lead', 'Completed', 'Evidence'],
        widths: [1, 4, 2, 2.4, 5],
        rows: report.achievements.map((action) => [
          action.ref,
          action.description,
          action.owner,
          dayWords(action.completedOn),
          `${commentWords(action.evidence)}${action.evidenceAttached ? ` (${plural(action.evidenceAttached, 'document')} attached)` : ''}`,
        ]),
      },
    );

  body.push({ kind: 'heading', level: 2, text: 'Stuck and overdue actions' });
  if (report.stuck.length === 0)
    body.push(numbered('No action was stuck (red) or past its due date at the end of the period.'));
  else
    body.push(
      numbered(
        `${plural(report.stuck.length, 'action was', 'actions were')} stuck (red) or past its due date at the end of the period:`,
      ),
      {
        kind: 'table',
        caption: 'Stuck and overdue actions',
        headers: ['Ref', 'Action', 'Lead', 'Status', 'Original due', 'Current due', 'Date moved', 'Latest comment'],
        rows: report.stuck.map((action) => [
          action.ref,
          action.description,
          action.owner,
          `${statusWord(action.status)}${action.overdue ? ', overdue' : ''}`,
          action.originalDue,
          action.currentDue,
          action.dateMoves === 0 ? 'Never' : plural(action.dateMoves, 'time'),
          commentWords(action.latestComment),
        ]),
        numeric: [6],
        widths: [1, 4, 1.6, 1.4, 1.4, 1.4, 1.2, 4.5],
      },
    );

  body.push({ kind: 'heading', level: 2, text: 'What changed in the period' });
  if (changes.summary.events === 0)
    body.push(
      numbered(
        `Nothing on the plan moved between ${periodWords(report.period.firstDay, report.period.lastDay)}: no action was added, carried forward, completed, re-rated, reassigned or commented on.`,
      ),
    );
  else
    body.push(
      numbered(
        `${plural(changes.summary.events, 'change was', 'changes were')} recorded on ${plural(changes.summary.actionsMoved, 'action')}: ${changes.summary.statusChanges} status changes, ${changes.summary.completed} completions, ${changes.summary.newActions} actions added or carried in, ${changes.summary.commentsAdded} progress comments and ${changes.summary.evidenceAttached} pieces of evidence.`,
      ),
      {
        kind: 'table',
        caption: 'Changes by kind',
        headers: ['Kind of change', 'Count'],
        rows: changes.byKind.map((kind) => [kind.kind, String(kind.count)]),
        numeric: [1],
        widths: [4, 1],
      },
      {
        kind: 'table',
        caption: 'Each action that moved, before and after',
        headers: ['Ref', 'Action', 'Status before', 'Status after', 'Other changes'],
        widths: [1, 5, 1.5, 1.5, 4],
        rows: changes.rows.map((row) => [
          row.ref,
          row.description,
          row.isNew ? 'New' : statusWord(row.status.before),
          statusWord(row.status.after),
          [
            row.isNew ? 'Added or carried into the plan' : null,
            row.completed ? 'Completed' : null,
            row.owner ? `Reassigned from ${row.owner.before} to ${row.owner.after}` : null,
            row.due ? `Due date moved from ${row.due.before} to ${row.due.after}` : null,
            row.commentsAdded ? plural(row.commentsAdded, 'comment') : null,
            row.evidenceAttached ? plural(row.evidenceAttached, 'piece of evidence', 'pieces of evidence') : null,
          ]
            .filter((item) => item !== null)
            .join('; ') || 'None',
        ]),
      },
    );

  body.push(
    { kind: 'heading', level: 2, text: 'Accountability to sources' },
    numbered(
      'Each aim lists the source of the idea behind it, so that the service is accountable to those who shared it. At the end of the period the plan answered:',
    ),
    {
      kind: 'table',
      caption: 'Accountability to each source',
      headers: ['Kind', 'Source', 'Recommendations', 'Actions', 'Complete', 'Stuck', 'Overdue'],
      rows: report.accountability.flatMap((kind) =>
        kind.sources.map((source) => [
          kind.kindWords,
          source.date ? `${source.title} (${longDate(source.date)})` : source.title,
          String(source.recommendations),
          String(source.actions),
          String(source.complete),
          String(source.stuck),
          String(source.overdue),
        ]),
      ),
      numeric: [2, 3, 4, 5, 6],
      widths: [2.2, 4, 1.9, 1.2, 1.4, 1.1, 1.3],
    },
    { kind: 'heading', level: 2, text: 'Ofsted recommendations retained for oversight' },
  );
  if (report.retainedOfsted.length === 0)
    body.push(numbered('No completed Ofsted recommendation is kept in the plan for oversight.'));
  else
    body.push(
      numbered(
        'These Ofsted recommendations are complete and kept in the plan to ensure consistency of oversight, so that any dip in practice standards can be identified and addressed:',
      ),
      { kind: 'bullets', items: report.retainedOfsted.map((item) => `${item.recommendation} (${item.source})`) },
    );

  body.push(
    { kind: 'heading', level: 1, text: 'Appendices' },
    {
      kind: 'bullets',
      items: [
        `Appendix 1: ${report.plan.title}, as it stood on ${longDate(report.period.lastDay)}`,
        'Appendix 2: Where the figures come from',
      ],
    },
  );
  return {
    body,
    appendixIntro: [
      {
        kind: 'heading',
        level: 2,
        text: `Appendix 1: ${report.plan.title}, as it stood on ${longDate(report.period.lastDay)}`,
      },
    ],
    sources: sourcesOf(report),
  };
}

/** Where each part's figures come from: the same questions anyone can ask the API, at the report's moments. */
function sourcesOf(report: CommitteeReport): Block[] {
  const plan = `/plans/${report.plan.id}`;
  const recorded = `asAt=${report.asAt}`;
  return [
    { kind: 'heading', level: 2, text: 'Appendix 2: Where the figures come from' },
    {
      kind: 'paragraph',
      text: `Every figure was computed by Oversight from the plan's events recorded by ${report.asAt} (event store position ${report.position}), with changes placed in the period by when they took effect. Each part answers the same question the API does:`,
    },
    {
      kind: 'bullets',
      items: [
        `Actions by status, stuck and overdue actions: the plan as it stood at the start and the end of the period, GET ${plan}/state?asOf=${dayBefore(report.period.firstDay)}&${recorded} and ?asOf=${report.period.lastDay}&${recorded}`,
        `Key achievements and what changed: GET ${plan}/changes?since=${report.period.firstDay}&until=${report.period.lastDay}&basis=effective, as recorded by then`,
        `Accountability to sources and Appendix 1: the plan's actions as they stood at the end of the period, GET ${plan}/export.xlsx?asOf=${report.period.lastDay}&${recorded}`,
        `How often a due date moved: the plan's audit log (DueDateChanged), as recorded by then`,
      ],
    },
    {
      kind: 'paragraph',
      text: 'The line below identifies this report: "oversight report --verify <file>" computes it again from what the store held at that moment and says whether its figures still match.',
    },
  ];
}

const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
