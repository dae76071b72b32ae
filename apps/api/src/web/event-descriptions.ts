import type { CalendarDays, DomainEvent, DomainEventType } from '#domain';
import type { AuditEntry } from '#read-store';

/** Every event type the domain records. */
export type EventType = DomainEventType;

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
  ApiKeyIssued: 'API key issued',
  ApiKeyRevoked: 'API key revoked',
  Redacted: 'Words removed',
};

/** What a Redacted event removed the words of. */
const REDACTED_KIND_WORDS: Record<string, string> = {
  comment: 'A progress comment',
  action: 'The action’s wording',
  evidence: 'An evidence item’s title and location',
  recommendation: 'The recommendation’s text',
  reasons: 'The reasons given for the action’s changes',
};

/** The words for an event type; a type the domain no longer knows keeps its own name. */
export const eventTypeWords = (type: string): string => (EVENT_TYPE_WORDS as Record<string, string>)[type] ?? type;

type DateOrText = { kind: 'date'; date: string } | { kind: 'text'; text: string } | null;
const LONG = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

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

/** A day as words, or a moment as the day it fell on in the service's zone (TIME_ZONE): 23:30 UTC on 15 June is 16 June in London. */
export const dayWordsIn = (value: string, calendar: CalendarDays): string =>
  dayWords(value.length === 10 ? value : calendar.dayOf(value));

/** To-the-second formatters by zone: a handful of zones at most, and building one is the slow part. */
const toTheSecondIn = new Map<string, Intl.DateTimeFormat>();

/**
 * A moment as words, to the second, in the service's zone as the audit log's day filters are, with
 * the zone's short name (15 June 2024 at 10:00:00 BST); a bare day as its day.
 */
export function momentWordsIn(moment: string, calendar: CalendarDays): string {
  if (moment.length === 10) return dayWords(moment);
  let format = toTheSecondIn.get(calendar.timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZone: calendar.timeZone,
      timeZoneName: 'short',
    });
    toTheSecondIn.set(calendar.timeZone, format);
  }
  return format.format(new Date(moment));
}

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
/** An action's amendable fields in the words of the action's page. */
export const FIELD_NAMES: Record<string, string> = {
  description: 'What it does',
  successMeasure: 'How we will know',
  experienceOfChildren: "Children's experience",
  theme: 'Section',
  ref: 'Ref',
  dltLead: 'DLT lead',
  start: 'Start',
};

/** Where an event came from, in words: the API, a form in the browser, or the workbook's file, sheet and row. */
export function originWords(origin: string): string {
  const imported = /^import:(.*)#(.*)!(\d+)$/.exec(origin);
  if (imported) return `the workbook ${imported[1]}, sheet "${imported[2]}", row ${imported[3]}`;
  if (origin.startsWith('import:')) return `the workbook ${origin.slice('import:'.length)}`;
  if (origin === 'web') return 'a form in the browser';
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
  // The audit log keeps each event's data as the domain wrote it, so its type names its shape.
  const event = { type: entry.type, data: entry.data } as DomainEvent;
  const title = eventTypeWords(entry.type);
  switch (event.type) {
    case 'SourceRegistered':
      return {
        title,
        lines: [
          { text: event.data.title },
          ...(event.data.date ? [{ label: 'Dated', text: dayWords(event.data.date) }] : []),
        ],
      };
    case 'RecommendationRecorded':
      return {
        title,
        lines: [
          ...(event.data.reference ? [{ label: 'Reference', text: event.data.reference }] : []),
          { text: event.data.text },
        ],
      };
    case 'RecommendationFiled':
    case 'RecommendationRestated':
      return {
        title,
        lines: [
          ...('planId' in event.data
            ? [{ label: 'Plan', text: planTitles.get(event.data.planId) ?? event.data.planId }]
            : []),
          ...(event.data.reference ? [{ label: 'Reference', text: event.data.reference }] : []),
          { text: event.data.text },
        ],
      };
    case 'RecommendationsLinked':
    case 'RecommendationsUnlinked':
      return {
        title,
        lines: [
          {
            label: event.type === 'RecommendationsLinked' ? 'Joins' : 'Leaves',
            text: planTitles.get(event.data.survivorId) ?? event.data.survivorId,
          },
          { label: 'Recommendation', text: planTitles.get(event.data.recommendationId) ?? event.data.recommendationId },
        ],
      };
    case 'PlanOpened':
      return {
        title,
        lines: [
          { text: event.data.title },
          { label: 'Period', text: `${dayWords(event.data.periodStart)} to ${dayWords(event.data.periodEnd)}` },
        ],
      };
    case 'ActionCreated':
      return { title, lines: [{ text: event.data.description }] };
    case 'CommentAdded':
      return { title, lines: [{ text: event.data.text }] };
    case 'EvidenceAttached': {
      const where = event.data.location?.kind === 'link' ? event.data.location.url : event.data.location?.reference;
      return {
        title: `Evidence: ${event.data.title}`,
        lines: [
          { label: 'Kind', text: event.data.kind },
          { label: 'Dated', text: dayWords(event.data.date) },
          { label: event.data.location?.kind === 'link' ? 'Link' : 'Document', text: where ?? '' },
          ...(event.data.sha256 ? [{ label: 'SHA-256', text: event.data.sha256 }] : []),
        ],
      };
    }
    case 'RagStatusChanged':
      return {
        title,
        lines: [
          { label: 'From', text: statusWords(event.data.from) },
          { label: 'To', text: statusWords(event.data.to) },
        ],
      };
    case 'ActionReassigned':
      return {
        title,
        lines: [
          { label: 'From', text: event.data.from ?? 'No one' },
          { label: 'To', text: event.data.to },
        ],
      };
    case 'DueDateChanged':
      return {
        title,
        lines: [
          { label: 'From', text: dateOrText(event.data.from) },
          { label: 'To', text: dateOrText(event.data.to) },
        ],
      };
    case 'ActionAmended':
      return {
        title,
        lines: event.data.changes.flatMap((change) => [
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
          { label: 'From', text: planTitles.get(event.data.fromPlanId) ?? event.data.fromPlanId },
          { label: 'Into', text: planTitles.get(event.data.toPlanId) ?? event.data.toPlanId },
        ],
      };
    case 'ApiKeyIssued':
      return {
        title,
        lines: [
          { label: 'Holder', text: event.data.name },
          { label: 'Role', text: event.data.role },
          { label: 'Expires', text: event.data.expiresAt ? londonMomentWords(event.data.expiresAt) : 'Never' },
          {
            label: 'Child-level words',
            text: event.data.childData || event.data.role === 'admin' ? 'May read' : 'Withheld',
          },
        ],
      };
    case 'ApiKeyRevoked':
      return { title, lines: [{ label: 'Key', text: event.data.keyId }] };
    case 'Redacted':
      return {
        title,
        lines: [
          { label: 'Removed', text: REDACTED_KIND_WORDS[event.data.kind] ?? event.data.kind },
          { text: event.data.replacement },
        ],
      };
    default:
      // Retained, completed, reopened, withdrawn: the words of the type say it all.
      return { title, lines: [] };
  }
}

const IN_LONDON = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

/** A moment as the clock on a wall in England showed it (15 January 2024 at 09:00): when a person did something. */
export const londonMomentWords = (moment: string | Date): string =>
  IN_LONDON.format(typeof moment === 'string' ? new Date(moment) : moment);
