import { CommandHandler, STREAM_DOES_NOT_EXIST, type Event } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore, type PostgresEventStore } from '@event-driven-io/emmett-postgresql';
import pg from 'pg';
import { actionDecider, actionStreamId, type ActionCommand, type ActionEvent, type ActionState } from '#domain';

/**
 * The peer: Emmett's PostgreSQL event store (@event-driven-io/emmett-postgresql), driving the very
 * same action decider (libs/domain) through Emmett's own command handling, as its documentation
 * shows: `CommandHandler({ evolve, initialState })` gives a `handle(store, id, decide)` that reads
 * the stream, folds it, decides and appends with the expected stream version.
 *
 * Emmett's envelope has no effective time, actor, reason or origin of its own; they travel in the
 * event's metadata (Emmett's place for them), so the peer stores what Oversight's events record
 * (without Oversight's hash chain), and evolve reads the effective time from there.
 */

export type Recorded = {
  effectiveAt: string;
  actor: { id: string; name: string; role: string };
  reason: string | null;
  origin: string;
  correlationId: string;
};

/** Oversight's action events as Emmett events: the same type and data, plus metadata. */
export type EmmettActionEvent = Event<ActionEvent['type'], Record<string, unknown>, Recorded>;

export const EMMETT_SETTINGS = {
  package: '@event-driven-io/emmett-postgresql',
  connection: 'a pg.Pool of its own handed in as connectionOptions.pool (the size Oversight gets)',
  schema: "autoMigration 'CreateOrUpdate' (Emmett's default), run once before timing",
  commandHandling:
    'CommandHandler({ evolve, initialState }): readStream, fold, decide, appendToStream with expectedStreamVersion',
  retries: 'none (the caller owns each stream, as in Oversight’s run; no conflicts happen)',
  projections: 'none (Oversight’s in-process row appends without projecting too)',
};

export interface EmmettPeer {
  store: PostgresEventStore;
  pool: pg.Pool;
  close(): Promise<void>;
}

export async function openEmmett(url: string, poolSize: number): Promise<EmmettPeer> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => undefined);
  const store = getPostgreSQLEventStore(url, {
    connectionOptions: { pool },
    schema: { autoMigration: 'CreateOrUpdate' },
  });
  await store.schema.migrate();
  return {
    store,
    pool,
    async close() {
      await store.close();
      await pool.end();
    },
  };
}

/** Emmett's command handler over the action decider: evolve reads the effective time from metadata. */
export const handleAction = CommandHandler<ActionState, EmmettActionEvent>({
  evolve: (state, event) =>
    actionDecider.evolve(state, { type: event.type, data: event.data } as ActionEvent, event.metadata!.effectiveAt),
  initialState: () => actionDecider.initialState,
});

/**
 * One command through Emmett: read the stream, decide with the domain's decider, append at the
 * version the caller last saw (`expectedVersion`; null for a new stream). Answers the new version.
 */
export async function executeWithEmmett(
  store: PostgresEventStore,
  actionId: string,
  command: ActionCommand,
  expectedVersion: bigint | null,
  recorded: Omit<Recorded, 'effectiveAt'>,
): Promise<bigint> {
  const result = await handleAction(
    store,
    actionStreamId(actionId),
    (state) => {
      const now = new Date().toISOString();
      return actionDecider
        .decide(command, state, { now })
        .map((event) => ({ type: event.type, data: event.data, metadata: { ...recorded, effectiveAt: now } }));
    },
    { expectedStreamVersion: expectedVersion ?? STREAM_DOES_NOT_EXIST },
  );
  return result.nextExpectedStreamVersion;
}

/** A whole stream's history in one appendToStream (Emmett appends to one stream per call). */
export async function appendHistoryWithEmmett(
  store: PostgresEventStore,
  streamId: string,
  events: readonly { type: string; data: Record<string, unknown>; effectiveAt?: Date }[],
  recorded: Omit<Recorded, 'effectiveAt'>,
): Promise<number> {
  const now = new Date().toISOString();
  await store.appendToStream<EmmettActionEvent>(
    streamId,
    events.map((event) => ({
      type: event.type as ActionEvent['type'],
      data: event.data,
      metadata: { ...recorded, effectiveAt: event.effectiveAt?.toISOString() ?? now },
    })),
    { expectedStreamVersion: STREAM_DOES_NOT_EXIST },
  );
  return events.length;
}
