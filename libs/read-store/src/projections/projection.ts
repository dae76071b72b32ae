import type { EventSummary, RecordedEvent } from '#event-store';

/** Runs SQL inside the projector's transaction. */
export type Sql = <Row = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<Row[]>;

/**
 * A read model kept from the event stream. `apply` receives events in global order, each once:
 * the projector filters out what its checkpoint says is done and writes the checkpoint in the
 * same transaction. `table(name)` gives where to write: the live table, or its rebuild twin.
 */
export interface Projection {
  readonly name: string;
  /** The tables it owns, rebuilt aside and swapped in together. */
  readonly tables: readonly string[];
  apply(events: ProjectedEvent[], sql: Sql, table: (name: string) => string, where?: EventsWhere): Promise<void>;
}

/**
 * What `apply` is given: whole events, or, in a rebuild when the events table is beside the read
 * models (EventsWhere), their summaries, which leave out only what a projection copies from that
 * table in SQL: who made each change and why.
 */
export type ProjectedEvent = RecordedEvent | EventSummary;

/** Whether the event came whole (with who made it and why), not as a summary. */
export function isWhole(event: ProjectedEvent): event is RecordedEvent {
  return 'hash' in event;
}

/**
 * Where the events applied are: only handed over, or also in the read models' own database (the
 * PostgreSQL store keeps them there), where a projection may copy what it needs in SQL instead of
 * sending it back.
 */
export interface EventsWhere {
  /**
   * The events table in the read models' database, or null when the events are elsewhere (and
   * then the events applied are always whole).
   */
  eventsTable: string | null;
}

/** Rows as a JSON array, inserted in one statement through jsonb_populate_recordset. */
export function rowsParam(rows: object[]): string {
  return JSON.stringify(rows);
}

/** Which kind of stream an event is on: `action-…` → 'action'. */
export function streamKind(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
}
