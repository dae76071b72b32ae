import type { DataSource } from 'typeorm';
import { mapPersonalFields, type EventData } from '#event-store';

/** A record whose words are child-level: a recommendation, an action's wording, a comment, an evidence item. */
export interface ChildLevelRecord {
  kind: 'recommendation' | 'action' | 'comment' | 'evidence';
  id: string;
}

/** Every child-level word the read models hold, with the records it belongs to. */
export interface ChildLevelWordSet {
  /** Word → the records it is the words of (a word two records share names both). */
  readonly words: ReadonlyMap<string, readonly ChildLevelRecord[]>;
}

const EMPTY: ChildLevelWordSet = { words: new Map() };

interface WordRow {
  type: string;
  stream_id: string;
  data: EventData;
  reason: string | null;
  action_id: string | null;
  recommendation_id: string | null;
  reason_elsewhere: boolean;
}

/**
 * The words of child-level records, read from the read models (so a rebuild reproduces them):
 * the recommendations whose level is `child`, with every recommendation linked to one, either way
 * and to the end of the links (an action answering a recommendation joined to a child-level one
 * answers that child too); the actions answering any of them; and of their events in the audit
 * log, the fields that hold personal words (`mapPersonalFields`, the same list the event store
 * seals: recommendation text, action wording and its amendments, comment text, evidence title,
 * link, reference and file name) and the reasons given, unless the same reason was also given on
 * a record that is not child-level (an import's "Imported from …": it names no child).
 *
 * Kept while the projections' checkpoints stay where they were, so a read costs one small query
 * until something is projected.
 */
export class ChildLevelWords {
  private kept: { at: string; set: ChildLevelWordSet } | null = null;
  /** Orders stamps read and reads begun, so a caller knows whether a read under way is new enough for it. */
  private tick = 0;
  private reading: { begun: number; set: Promise<ChildLevelWordSet> } | null = null;

  constructor(private readonly db: DataSource) {}

  /**
   * The set as of the projections' checkpoints when asked, or later. While writes move the
   * checkpoints every read finds its stamp stale: callers then share one read of the set begun
   * after their stamp, instead of each running its own (under 500 writes and 500 reads a second
   * they had saturated the service: bench d, 143 commands a second achieved of 500).
   */
  async current(): Promise<ChildLevelWordSet> {
    const stamp = await this.stamp();
    const asked = ++this.tick;
    for (;;) {
      if (this.kept?.at === stamp) return this.kept.set;
      const reading = this.reading;
      if (!reading) return this.readAgain(stamp);
      // Begun after this caller's stamp was read, it sees that state or a later one.
      if (reading.begun > asked) return reading.set;
      await reading.set.catch(() => undefined);
    }
  }

  /** Reads the set, kept under `stamp`: read before this began, so the set is of that state or later. */
  private readAgain(stamp: string): Promise<ChildLevelWordSet> {
    const begun = ++this.tick;
    const set = this.read().then((read) => {
      this.kept = { at: stamp, set: read };
      return read;
    });
    const reading = { begun, set };
    this.reading = reading;
    const done = () => {
      if (this.reading === reading) this.reading = null;
    };
    set.then(done, done);
    return set;
  }

  private async stamp(): Promise<string> {
    const [{ at }] = await this.db.query<{ at: string | null }[]>(
      `SELECT string_agg(projection || ':' || position, ',' ORDER BY projection) AS at FROM rm_checkpoints`,
    );
    return at ?? '';
  }

  private async read(): Promise<ChildLevelWordSet> {
    const rows = await this.db.query<WordRow[]>(
      `WITH RECURSIVE
         edges AS (
           SELECT recommendation_id AS a, survivor_id AS b FROM rm_recommendation_links WHERE survivor_id IS NOT NULL
           UNION ALL
           SELECT survivor_id, recommendation_id FROM rm_recommendation_links WHERE survivor_id IS NOT NULL
         ),
         child(id) AS (
           SELECT recommendation_id FROM rm_recommendations WHERE level = 'child'
           UNION
           SELECT edges.b FROM edges JOIN child ON edges.a = child.id
         ),
         child_actions AS (
           SELECT action_id FROM rm_actions WHERE recommendation_id IN (SELECT id FROM child)
         ),
         -- Each part by an index of its own (recommendation_id, action_id, type): one condition
         -- joined by OR, and a reason looked for again per row, read the whole audit log each time.
         rows AS (
           SELECT position, type, stream_id, data, reason, action_id, recommendation_id FROM rm_audit_log
            WHERE recommendation_id IN (SELECT id FROM child)
           UNION
           SELECT position, type, stream_id, data, reason, action_id, recommendation_id FROM rm_audit_log
            WHERE action_id IN (SELECT action_id FROM child_actions)
           UNION
           SELECT position, type, stream_id, data, reason, action_id, recommendation_id FROM rm_audit_log
            WHERE type = 'RecommendationFiled' AND data->>'recommendationId' IN (SELECT id FROM child)
         ),
         -- The EXISTS is evaluated once: with no child-level reasons the audit log is not read at all.
         elsewhere AS (
           SELECT DISTINCT other.reason FROM rm_audit_log other
            WHERE EXISTS (SELECT 1 FROM rows WHERE rows.reason IS NOT NULL)
              AND other.reason IN (SELECT reason FROM rows WHERE reason IS NOT NULL)
              AND (other.action_id IS NULL OR other.action_id NOT IN (SELECT action_id FROM child_actions))
              AND (other.recommendation_id IS NULL OR other.recommendation_id NOT IN (SELECT id FROM child))
              AND NOT (other.type = 'RecommendationFiled' AND other.data->>'recommendationId' IN (SELECT id FROM child))
         )
       SELECT rows.type, rows.stream_id, rows.data, rows.reason, rows.action_id, rows.recommendation_id,
              rows.reason IS NOT NULL AND rows.reason IN (SELECT reason FROM elsewhere) AS reason_elsewhere
         FROM rows`,
    );
    if (rows.length === 0) return EMPTY;
    const words = new Map<string, ChildLevelRecord[]>();
    const add = (word: unknown, record: ChildLevelRecord) => {
      if (typeof word !== 'string' || word.trim() === '') return;
      const records = words.get(word) ?? [];
      if (!records.some((known) => known.kind === record.kind && known.id === record.id)) records.push(record);
      words.set(word, records);
    };
    for (const row of rows) {
      mapPersonalFields(row.type, row.stream_id, row.data, (value, { kind, id }) => {
        // Events' data fields are a record's own words; reasons and imports key only the envelope's.
        if (kind !== 'reasons' && kind !== 'import') add(value, { kind, id });
        return value;
      });
      if (row.reason && !row.reason_elsewhere) {
        const record: ChildLevelRecord = row.action_id
          ? { kind: 'action', id: row.action_id }
          : { kind: 'recommendation', id: row.recommendation_id ?? String(row.data.recommendationId) };
        add(row.reason, record);
      }
    }
    return { words };
  }
}
