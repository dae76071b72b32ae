import type { EventData, JsonValue } from '../event-envelope.js';

/**
 * The records whose words are personal data, each with a data key of its own: destroying the key
 * removes those words from every event that holds them.
 */
export type SubjectKind = 'comment' | 'recommendation' | 'action' | 'evidence' | 'reasons' | 'import';
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
 * domain's events.json spec names the same fields.
 *
 * Decided per field, and not sealed: ids (generated, or derived from a key by a digest), kinds,
 * statuses, dates, an action's owner and DLT lead and a plan's or source's title (staff roles and
 * the names of councils' inspections and plans, not children; a plan named after a child would be
 * a misuse the wording fields' redaction does not reach), a theme and a ref (section headings and
 * numbers of the plan). The envelope's fields are decided in metadataSubjects below.
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

/** `import:` origins name their workbook: `import:<file>#<sheet>!<row>`, or `import:<file>` for a whole batch. */
export const IMPORT_ORIGIN_PREFIX = 'import:';
const IMPORT_ORIGIN = /^import:(.*?)(!\d+)?$/s;

/**
 * The envelope's personal fields and whose key seals them:
 * - `origin`: only an import's, and of it only `<file>#<sheet>` (a file or a sheet can be named
 *   after a child); `import:` and `!<row>` stay readable, so that a reader without the key still
 *   sees that an event was imported and from which row. `api`, `web`, `cli` name no one.
 * - `reason`: free text a person typed. An imported event's is sealed with its origin, under the
 *   import's key ("Imported from <file>" names the file too), so one import's file name is
 *   redacted everywhere at once; a comment's or an evidence item's under that record's key, so
 *   redacting the record removes the reason given with it; any other under a key per stream
 *   (`reasons`, the stream id), so a record's reasons can be redacted together. Never a key per
 *   event: 7.6 million events would be as many keys.
 * - The import's key is one per import: its command id (the file's SHA-256 and the person), or,
 *   for an append with none, `append` (a key made for that append alone).
 * - Command and correlation ids are not sealed: the service makes them (a request id is a UUID,
 *   the client's only when it is one; a client's Idempotency-Key enters the command id as its
 *   SHA-256, apps/api/src/shared/write-context.ts), so they hold no client text.
 */
export function metadataSubjects(
  type: string,
  streamId: string,
  data: EventData,
  origin: string,
  commandId: string | null,
  append = 'unnamed',
): { reason: Subject; origin: Subject | null } {
  if (origin.startsWith(IMPORT_ORIGIN_PREFIX)) {
    const subject: Subject = { kind: 'import', id: commandId ?? append };
    return { reason: subject, origin: subject };
  }
  if (type === 'CommentAdded' || type === 'EvidenceAttached') {
    const subject = FIELDS[type]?.(streamId, data)?.subject;
    if (subject) return { reason: subject, origin: null };
  }
  return { reason: { kind: 'reasons', id: streamId }, origin: null };
}

/** An import's origin split at its sealed part: `import:`, `<file>#<sheet>`, and `!<row>` (or ''). */
export function splitImportOrigin(origin: string): { words: string; row: string } | null {
  if (!origin.startsWith(IMPORT_ORIGIN_PREFIX)) return null;
  const parts = IMPORT_ORIGIN.exec(origin);
  return parts ? { words: parts[1]!, row: parts[2] ?? '' } : null;
}
