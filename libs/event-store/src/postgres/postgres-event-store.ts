import type pg from 'pg';
import type { EventData, NewEvent, RecordedEvent } from '../event-envelope.js';
import type {
  CommandsReport,
  AppendManyResult,
  AppendOptions,
  AppendResult,
  EventStore,
  EventSummary,
  ReadAllOptions,
  ReadAllPage,
  ReadStreamOptions,
  StreamWrite,
  SubscribeOptions,
  Subscription,
} from '../event-store.port.js';
import { eventStoreMigrations } from './event-store.migrations.js';
import { PostgresChain } from './postgres-chain.js';
import { LiveDelivery } from './live-delivery.js';
import { runMigrations } from './migrate.js';
import { DEFAULT_COPY_FROM_EVENTS, PostgresAppends } from './postgres-appends.js';
import { PostgresReads } from './postgres-reads.js';

export interface PostgresEventStoreOptions {
  /** How often a caught-up subscription looks for new events when no notification wakes it. */
  pollIntervalMs?: number;
  backend?: 'postgres' | 'embedded';
  /** Whether LISTEN/NOTIFY wakes subscriptions (PGlite served over a socket does not deliver them). */
  listen?: boolean;
  /**
   * On a server, appends of at least this many events are written by COPY (see PostgresAppends.writeByCopy);
   * fewer go in one statement, which is one round trip instead of five. Default 100; the tests
   * set 1 to hold the COPY path to the whole contract. PGlite served over a socket loses the
   * protocol's place after a COPY FROM STDIN now and then (tried here), so it never copies.
   */
  copyFromEvents?: number;
  /**
   * On a server, how many single-event appends go to it alone at once; more wait for one of them
   * to finish and then go together, one statement and one commit (group commit, see AppendGroups).
   * Default PostgresAppends' DEFAULT_APPENDS_IN_FLIGHT.
   */
  appendsInFlight?: number;
}

/**
 * The event store on PostgreSQL (a server, or PGlite embedded), by job: appends
 * (postgres-appends.ts), reads (postgres-reads.ts, global reads by safe-read.ts) and live delivery
 * to subscriptions (live-delivery.ts), which each append tells of its write.
 */
export class PostgresEventStore implements EventStore {
  readonly backend: 'postgres' | 'embedded';
  private readonly appends: PostgresAppends;
  private readonly reads: PostgresReads;
  private readonly live: LiveDelivery;
  readonly chain: PostgresChain;

  private constructor(pool: pg.Pool, options: PostgresEventStoreOptions) {
    this.backend = options.backend ?? 'postgres';
    this.live = new LiveDelivery(pool, { backend: this.backend, pollIntervalMs: options.pollIntervalMs ?? 50 });
    this.appends = new PostgresAppends(
      pool,
      this.backend,
      options.copyFromEvents ?? DEFAULT_COPY_FROM_EVENTS,
      this.live,
      options.appendsInFlight,
    );
    this.reads = new PostgresReads(pool);
    this.chain = new PostgresChain(pool);
  }

  /**
   * Applies the event store's migrations and nothing else: with two database roles, run on the
   * owner's pool before the service opens the store on its own (which then finds nothing to apply).
   */
  static async migrate(pool: pg.Pool): Promise<string[]> {
    return runMigrations(pool, 'oversight_event_store_migrations', eventStoreMigrations);
  }

  /** Migrates the schema, then returns a store over the pool (which the caller still owns). */
  static async open(pool: pg.Pool, options: PostgresEventStoreOptions = {}): Promise<PostgresEventStore> {
    await runMigrations(pool, 'oversight_event_store_migrations', eventStoreMigrations);
    const store = new PostgresEventStore(pool, options);
    if (options.listen ?? true) await store.live.listen();
    return store;
  }

  append<D extends EventData>(streamId: string, events: NewEvent<D>[], options: AppendOptions): Promise<AppendResult> {
    return this.appends.append(streamId, events, options);
  }

  appendMany(writes: StreamWrite[], options: Omit<AppendOptions, 'expectedRevision'>): Promise<AppendManyResult> {
    return this.appends.appendMany(writes, options);
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.reads.readStream(streamId, options);
  }

  readAll(options?: ReadAllOptions): Promise<ReadAllPage> {
    return this.reads.readAll(options);
  }

  readAllSummaries(options?: ReadAllOptions): Promise<ReadAllPage<EventSummary>> {
    return this.reads.readAllSummaries(options);
  }

  verifyCommands(): Promise<CommandsReport> {
    return this.reads.verifyCommands();
  }

  /** Reads through this store's own readAll, so what a subscription reads is what a caller would. */
  subscribeToAll(options: SubscribeOptions): Subscription {
    return this.live.subscribe(this, options);
  }

  listStreams(): AsyncIterable<string> {
    return this.reads.listStreams();
  }

  headPosition(): Promise<number> {
    return this.reads.headPosition();
  }

  ping(): Promise<void> {
    return this.reads.ping();
  }

  close(): Promise<void> {
    return this.live.close();
  }
}
