import type { EventData, JsonValue } from '../event-envelope.js';

/**
 * The records whose words are personal data, each with a data key of its own: destroying the key
 * removes those words from every event that holds them.
 */
export type SubjectKind = 'comment' | 'recommendation' | 'action' | 'evidence';
export interface Subject {
  kind: SubjectKind;
  id: string;
}
export const subjectKey = (subject: Subject): string => `${subject.kind}:${subject.id}`;

/** A stored field value: a plain string (or sealed text standing for one). */
export type FieldValue = JsonValue;

/**
 * Which free-text fields of which event types can hold personal data, and whose key they are
 * sealed under. Kept here, by type name, because the event store knows no other library; the
 * domain's events.json spec names the same fields. Reasons, origins (import file names) and
 * request ids are not yet among them.
 */
const FIELDS: Record<string, (streamId: string, data: EventData) => { subject: Subject; paths: string[][] } | null> = {
  CommentAdded: (_streamId, data) => ({ subject: { kind: 'comment', id: String(data.commentId) }, paths: [['text']] }),
  RecommendationRecorded: (_streamId, data) => ({
    subject: { kind: 'recommendation', id: String(data.recommendationId) },
    paths: [['text']],
  }),
  RecommendationRestated: (_streamId, data) => ({
    subject: { kind: 'recommendation', id: String(data.recommendationId) },
    paths: [['text']],
  }),
  RecommendationFiled: (_streamId, data) => ({
    subject: { kind: 'recommendation', id: String(data.recommendationId) },
    paths: [['text']],
  }),
  ActionCreated: (_streamId, data) => ({
    subject: { kind: 'action', id: String(data.actionId) },
    paths: [['description'], ['successMeasure'], ['experienceOfChildren']],
  }),
  ActionAmended: (streamId, data) => {
    const changes = Array.isArray(data.changes) ? data.changes : [];
    const paths: string[][] = [];
    changes.forEach((change, n) => {
      const field = (change as { field?: unknown } | null)?.field;
      if (field === 'description' || field === 'successMeasure' || field === 'experienceOfChildren')
        paths.push(['changes', String(n), 'from'], ['changes', String(n), 'to']);
    });
    return paths.length === 0 ? null : { subject: { kind: 'action', id: streamId.slice('action-'.length) }, paths };
  },
  EvidenceAttached: (_streamId, data) => ({
    subject: { kind: 'evidence', id: String(data.evidenceId) },
    paths: [['title'], ['location', 'url'], ['location', 'reference'], ['document', 'fileName']],
  }),
};

/** The event types that may hold sealed fields. */
export const PERSONAL_DATA_EVENT_TYPES: readonly string[] = Object.keys(FIELDS);

/** The subject of an event's personal fields, or null when it has none. */
export function personalSubject(type: string, streamId: string, data: EventData): Subject | null {
  return FIELDS[type]?.(streamId, data)?.subject ?? null;
}

/**
 * The event's data with each personal field (present, not null) replaced by `replace(value)`:
 * copied along the paths changed, the rest shared. The data itself is returned when none is present.
 */
export function mapPersonalFields(
  type: string,
  streamId: string,
  data: EventData,
  replace: (value: FieldValue, subject: Subject) => FieldValue,
): EventData {
  const found = FIELDS[type]?.(streamId, data);
  if (!found) return data;
  let result: EventData = data;
  for (const path of found.paths) {
    const value = valueAt(result, path);
    if (value === undefined || value === null) continue;
    const replaced = replace(value, found.subject);
    if (replaced !== value) result = withValueAt(result, path, replaced) as EventData;
  }
  return result;
}

function valueAt(data: JsonValue, path: string[]): JsonValue | undefined {
  let at: JsonValue | undefined = data;
  for (const step of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = Array.isArray(at) ? at[Number(step)] : at[step];
  }
  return at;
}

function withValueAt(data: JsonValue, path: string[], value: JsonValue): JsonValue {
  if (path.length === 0) return value;
  const [step, ...rest] = path as [string, ...string[]];
  if (Array.isArray(data)) {
    const copy = [...data];
    copy[Number(step)] = withValueAt(copy[Number(step)]!, rest, value);
    return copy;
  }
  const object = data as { [key: string]: JsonValue };
  return { ...object, [step]: withValueAt(object[step]!, rest, value) };
}
