import type { ActionEvent, PlanEvent, RecommendationEvent, SourceEvent } from '#domain';
import type { AuditEntry } from '#read-store';

/** Every event type the domain records. */
export type EventType = (ActionEvent | PlanEvent | RecommendationEvent | SourceEvent)['type'];

/**
 * Each event type in words, in the order a plan's life goes: a new event type fails the build
 * here until it has words, so no filter or page ever shows a bare type name.
 */
export const EVENT_TYPE_WORDS: { readonly [T in EventType]: string } = {
  SourceRegistered: 'Source registered',
  RecommendationRecorded: 'Recommendation recorded',
  RecommendationFiled: 'Recommendation filed on its source',
  RecommendationRestated: 'Restated by a plan',
  RecommendationsLinked: 'Linked: one recommendation',
  RecommendationsUnlinked: 'Unlinked: two recommendations again',
  PlanOpened: 'Plan opened',
  ActionCreated: 'Action created',
  ActionAmended: 'Wording amended',
  ActionReassigned: 'Reassigned',
  DueDateChanged: 'Due date moved',
  RagStatusChanged: 'Status changed',
  CommentAdded: 'Progress comment',
  EvidenceAttached: 'Evidence attached',
  ActionCompleted: 'Completed',
  ActionReopened: 'Reopened',
  RetainedForOversight: 'Retained for oversight',
  ActionCarriedForward: 'Carried forward',
  ActionWithdrawn: 'Withdrawn',
};

/** The words for an event type; a type the domain no longer knows keeps its own name. */
export const eventTypeWords = (type: string): string => (EVENT_TYPE_WORDS as Record<string, string>)[type] ?? type;

type DateOrText = { kind: 'date'; date: string } | { kind: 'text'; text: string } | null;
const LONG = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

const TO_THE_SECOND = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZone: 'UTC',
});

/** Days already put in words: a page of 100 actions asks for the same few days hundreds of times, and formatting is the slow part. */
const dayWordsKept = new Map<string, string>();

/** A day as words (15 January 2024); a moment as its day in UTC. */
export function dayWords(day: string): string {
  let words = dayWordsKept.get(day);
  if (words === undefined) {
    words = LONG.format(new Date(day.length === 10 ? `${day}T00:00:00Z` : day));
    if (dayWordsKept.size < 10_000) dayWordsKept.set(day, words);
  }
  return words;
}

/** A moment as words, to the second, in UTC as the audit log's day filters are (15 January 2024 at 09:00:00 UTC); a bare day as its day. */
export const momentWords = (moment: string): string =>
  moment.length === 10 ? dayWords(moment) : `${TO_THE_SECOND.format(new Date(moment))} UTC`;

/** A date-or-text field (due, start) as words. */
export const dateOrText = (value: unknown): string => {
  const v = value as DateOrText;
  if (!v) return 'Not given';
  return v.kind === 'date' ? dayWords(v.date) : v.text;
};

const STATUS_WORDS: Record<string, string> = {
  blue: 'Complete (blue)',
  red: 'Stuck (red)',
  amber: 'Needs work (amber)',
  green: 'On track (green)',
};
const statusWords = (status: unknown): string =>
  typeof status === 'string' ? (STATUS_WORDS[status] ?? status) : 'Not rated';
const FIELD_NAMES: Record<string, string> = {
  description: 'What it does',
  successMeasure: 'How we will know',
  experienceOfChildren: "Children's experience",
  theme: 'Section',
  ref: 'Ref',
  dltLead: 'DLT lead',
  start: 'Start',
};

/** Where an event came from, in words: the API, or the workbook's file, sheet and row. */
export function originWords(origin: string): string {
  const imported = /^import:(.*)#(.*)!(\d+)$/.exec(origin);
  if (imported) return `the workbook ${imported[1]}, sheet "${imported[2]}", row ${imported[3]}`;
  if (origin.startsWith('import:')) return `the workbook ${origin.slice('import:'.length)}`;
  return origin === 'api' ? 'the API' : origin;
}

export interface EventDescription {
  title: string;
  lines: { label?: string; text: string }[];
}

/**
 * One event as a person reads it: what happened, and the words before and after. `planTitles`
 * names the plans an action is carried between (and, on a recommendation's page, the
 * recommendations a link names).
 */
export function describeEvent(entry: AuditEntry, planTitles: Map<string, string>): EventDescription {
  const data = entry.data as Record<string, any>;
  const title = eventTypeWords(entry.type);
  switch (entry.type) {
    case 'SourceRegistered':
      return {
        title,
        lines: [{ text: data.title }, ...(data.date ? [{ label: 'Dated', text: dayWords(data.date) }] : [])],
      };
    case 'RecommendationRecorded':
      return {
        title,
        lines: [...(data.reference ? [{ label: 'Reference', text: data.reference }] : []), { text: data.text }],
      };
    case 'RecommendationFiled':
    case 'RecommendationRestated':
      return {
        title,
        lines: [
          ...(data.planId ? [{ label: 'Plan', text: planTitles.get(data.planId) ?? data.planId }] : []),
          ...(data.reference ? [{ label: 'Reference', text: data.reference }] : []),
          { text: data.text },
        ],
      };
    case 'RecommendationsLinked':
    case 'RecommendationsUnlinked':
      return {
        title,
        lines: [
          {
            label: entry.type === 'RecommendationsLinked' ? 'Joins' : 'Leaves',
            text: planTitles.get(data.survivorId) ?? data.survivorId,
          },
          { label: 'Recommendation', text: planTitles.get(data.recommendationId) ?? data.recommendationId },
        ],
      };
    case 'PlanOpened':
      return {
        title,
        lines: [
          { text: data.title },
          { label: 'Period', text: `${dayWords(data.periodStart)} to ${dayWords(data.periodEnd)}` },
        ],
      };
    case 'ActionCreated':
      return { title, lines: [{ text: data.description }] };
    case 'CommentAdded':
      return { title, lines: [{ text: data.text }] };
    case 'EvidenceAttached': {
      const where = data.location?.kind === 'link' ? data.location.url : data.location?.reference;
      return {
        title: `Evidence: ${data.title}`,
        lines: [
          { label: 'Kind', text: data.kind },
          { label: 'Dated', text: dayWords(data.date) },
          { label: data.location?.kind === 'link' ? 'Link' : 'Document', text: where ?? '' },
          ...(data.sha256 ? [{ label: 'SHA-256', text: data.sha256 }] : []),
        ],
      };
    }
    case 'RagStatusChanged':
      return {
        title,
        lines: [
          { label: 'From', text: statusWords(data.from) },
          { label: 'To', text: statusWords(data.to) },
        ],
      };
    case 'ActionReassigned':
      return {
        title,
        lines: [
          { label: 'From', text: data.from ?? 'No one' },
          { label: 'To', text: data.to },
        ],
      };
    case 'DueDateChanged':
      return {
        title,
        lines: [
          { label: 'From', text: dateOrText(data.from) },
          { label: 'To', text: dateOrText(data.to) },
        ],
      };
    case 'ActionAmended':
      return {
        title,
        lines: (data.changes as { field: string; from: unknown; to: unknown }[]).flatMap((change) => [
          {
            label: `${FIELD_NAMES[change.field] ?? change.field} before`,
            text: change.field === 'start' ? dateOrText(change.from) : String(change.from ?? 'Nothing'),
          },
          {
            label: `${FIELD_NAMES[change.field] ?? change.field} after`,
            text: change.field === 'start' ? dateOrText(change.to) : String(change.to ?? 'Nothing'),
          },
        ]),
      };
    case 'ActionCarriedForward':
      return {
        title,
        lines: [
          { label: 'From', text: planTitles.get(data.fromPlanId) ?? data.fromPlanId },
          { label: 'Into', text: planTitles.get(data.toPlanId) ?? data.toPlanId },
        ],
      };
    default:
      // Retained, completed, reopened, withdrawn: the words of the type say it all.
      return { title, lines: [] };
  }
}
