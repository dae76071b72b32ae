import type { DateOrText } from '#domain';

/** The statuses in the order the report counts them: the papers' BRAG, then those not yet rated. */
export const REPORT_STATUSES = ['blue', 'red', 'amber', 'green', 'unrated'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** Each status as the committee papers name it, and what it means ("The actions are 'BRAG' rated"). */
export const STATUS_MEANINGS: Record<ReportStatus, { word: string; meaning: string }> = {
  blue: { word: 'Blue', meaning: 'fully completed' },
  red: { word: 'Red', meaning: 'fully stuck' },
  amber: { word: 'Amber', meaning: 'more work needed or resolvable issue in sight' },
  green: { word: 'Green', meaning: 'in progress, no barriers to continuing' },
  unrated: { word: 'Not rated', meaning: 'no status given yet' },
};

export const statusWord = (status: string | null): string =>
  STATUS_MEANINGS[(status ?? 'unrated') as ReportStatus]?.word ?? status ?? 'Not rated';

const LONG = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const DAY_MONTH = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });

/** "31 December 2018" for a day (YYYY-MM-DD) or an instant. */
export const longDate = (value: string): string =>
  LONG.format(new Date(value.length === 10 ? `${value}T00:00:00Z` : value));

/** "1 October to 31 December 2018": the period's first and last days, both included. */
export function periodWords(firstDay: string, lastDay: string): string {
  const first = new Date(`${firstDay}T00:00:00Z`);
  const last = new Date(`${lastDay}T00:00:00Z`);
  return `${first.getUTCFullYear() === last.getUTCFullYear() ? DAY_MONTH.format(first) : LONG.format(first)} to ${LONG.format(last)}`;
}

/** A due date or start as the plan gave it: a day in words, or its own words ("Weekly.", "April-June"). */
export function dateOrTextWords(value: DateOrText | null | unknown): string {
  if (value === null || value === undefined) return 'Not given';
  const given = value as DateOrText;
  if (given.kind === 'date') return longDate(given.date);
  if (given.kind === 'text') return given.text;
  return String(value);
}

/** "+3", "-2", "0": a change in a count. */
export const signed = (change: number): string => (change > 0 ? `+${change}` : String(change));

/** "1 action" / "3 actions". */
export const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

/** What each kind of change is called when counted (the report's changes and the changes page). */
export const CHANGE_KIND_WORDS: Record<string, string> = {
  ActionCreated: 'Actions added',
  ActionCarriedForward: 'Actions carried forward',
  RagStatusChanged: 'Status changes',
  CommentAdded: 'Progress comments',
  EvidenceAttached: 'Evidence attached',
  ActionReassigned: 'Reassignments',
  DueDateChanged: 'Due dates moved',
  ActionAmended: 'Wording amended',
  ActionCompleted: 'Completions',
  ActionReopened: 'Reopenings',
  RetainedForOversight: 'Retained for oversight',
  ActionWithdrawn: 'Withdrawals',
  Redacted: 'Words removed',
};
