import type { AuditEntry } from '#read-store';

type DateOrText = { kind: 'date'; date: string } | { kind: 'text'; text: string } | null;
const LONG = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A date or words (a due date, a start): "31 January 2019", or the words as written ("Weekly."). */
export const dateOrText = (value: unknown): string => {
  const v = value as DateOrText;
  if (!v) return 'Not given';
  return v.kind === 'date' ? LONG.format(new Date(`${v.date}T00:00:00Z`)) : v.text;
};

const STATUS_WORDS: Record<string, string> = { blue: 'Complete (blue)', red: 'Stuck (red)', amber: 'Needs work (amber)', green: 'On track (green)' };
const statusWords = (status: unknown): string => (typeof status === 'string' ? (STATUS_WORDS[status] ?? status) : 'Not rated');
const FIELD_NAMES: Record<string, string> = { description: 'What it does', successMeasure: 'How we will know', experienceOfChildren: "Children's experience", theme: 'Section', ref: 'Ref', dltLead: 'DLT lead', start: 'Start' };

/** Where an event came from, in words: the API, or the workbook's file, sheet and row. */
export function originWords(origin: string): string {
  const imported = /^import:(.*)#(.*)!(\d+)$/.exec(origin);
  if (imported) return `the workbook ${imported[1]}, sheet "${imported[2]}", row ${imported[3]}`;
  if (origin.startsWith('import:')) return `the workbook ${origin.slice('import:'.length)}`;
  return origin === 'api' ? 'the API' : origin;
}

/**
 * One event of an action's history as a person reads it: what happened, and the words before and
 * after. `plans` names plans by id (plan id → title), for carry-forwards.
 */
export function describeEvent(entry: AuditEntry, plans: Map<string, string>): { title: string; lines: { label?: string; text: string }[] } {
  const data = entry.data as Record<string, any>;
  switch (entry.type) {
    case 'ActionCreated':
      return { title: 'Action created', lines: [{ text: data.description }] };
    case 'CommentAdded':
      return { title: 'Progress comment', lines: [{ text: data.text }] };
    case 'EvidenceAttached': {
      const where = data.location?.kind === 'link' ? data.location.url : data.location?.reference;
      return {
        title: `Evidence: ${data.title}`,
        lines: [{ label: 'Kind', text: data.kind }, { label: 'Dated', text: LONG.format(new Date(`${data.date}T00:00:00Z`)) }, { label: data.location?.kind === 'link' ? 'Link' : 'Document', text: where ?? '' }, ...(data.sha256 ? [{ label: 'SHA-256', text: data.sha256 }] : [])],
      };
    }
    case 'RagStatusChanged':
      return { title: 'Status changed', lines: [{ label: 'From', text: statusWords(data.from) }, { label: 'To', text: statusWords(data.to) }] };
    case 'ActionReassigned':
      return { title: 'Reassigned', lines: [{ label: 'From', text: data.from ?? 'No one' }, { label: 'To', text: data.to }] };
    case 'DueDateChanged':
      return { title: 'Due date moved', lines: [{ label: 'From', text: dateOrText(data.from) }, { label: 'To', text: dateOrText(data.to) }] };
    case 'ActionAmended':
      return {
        title: 'Wording amended',
        lines: (data.changes as { field: string; from: unknown; to: unknown }[]).flatMap((change) => [
          { label: `${FIELD_NAMES[change.field] ?? change.field} before`, text: change.field === 'start' ? dateOrText(change.from) : String(change.from ?? 'Nothing') },
          { label: `${FIELD_NAMES[change.field] ?? change.field} after`, text: change.field === 'start' ? dateOrText(change.to) : String(change.to ?? 'Nothing') },
        ]),
      };
    case 'RetainedForOversight':
      return { title: 'Retained for oversight', lines: [] };
    case 'ActionCompleted':
      return { title: 'Completed', lines: [] };
    case 'ActionReopened':
      return { title: 'Reopened', lines: [] };
    case 'ActionCarriedForward':
      return { title: 'Carried forward', lines: [{ label: 'From', text: plans.get(data.fromPlanId) ?? data.fromPlanId }, { label: 'Into', text: plans.get(data.toPlanId) ?? data.toPlanId }] };
    case 'ActionWithdrawn':
      return { title: 'Withdrawn', lines: [] };
    default:
      return { title: entry.type, lines: [] };
  }
}
