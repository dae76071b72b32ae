import type { EventData, NewEvent, RecordedEvent } from '../event-envelope.js';
import type {
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
import type { DataKeys } from './data-keys.js';
import { mapPersonalFields, personalSubject, subjectKey, type Subject } from './personal-fields.js';
import { isSealed, open, seal } from './sealed-text.js';

/**
 * The event store with personal data sealed: on the way in, each personal field (personal-fields.ts)
 * is encrypted under its record's data key before the store hashes the event, so hashes are over
 * ciphertext and `verify` holds before and after a key is destroyed; on the way out it is opened,
 * or, when its key has been destroyed, read as the key's tombstone words ("[removed on ...]").
 * Values stored before sealing began (plain strings) are read as they are.
 */
export class PersonalDataEventStore implements EventStore {
  readonly backend: EventStore['backend'];
  readonly readAllSummaries?: (options?: ReadAllOptions) => Promise<ReadAllPage<EventSummary>>;

  constructor(
    /** The store as it is: what `verify` reads, sealed. */
    readonly inner: EventStore,
    readonly keys: DataKeys,
  ) {
    this.backend = inner.backend;
    if (inner.readAllSummaries) {
      const summaries = inner.readAllSummaries.bind(inner);
      this.readAllSummaries = async (options) => this.openPage(await summaries(options));
    }
  }

  async append<D extends EventData>(
    streamId: string,
    events: NewEvent<D>[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const [sealed] = await this.sealWrites([{ streamId, events, expectedRevision: options.expectedRevision }]);
    const result = await this.inner.append(streamId, sealed!.events, options);
    if (!result.recorded) return result;
    // As stored, but with the words the caller gave: a caller folding them on sees what it wrote.
    return {
      ...result,
      recorded: result.recorded.map((event, n) => ({ ...event, data: events[n]?.data ?? event.data })),
    };
  }

  async appendMany(writes: StreamWrite[], options: Omit<AppendOptions, 'expectedRevision'>): Promise<AppendManyResult> {
    return this.inner.appendMany(await this.sealWrites(writes), options);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.openEvents(await this.inner.readStream(streamId, options));
  }

  async readAll(options?: ReadAllOptions): Promise<ReadAllPage> {
    return this.openPage(await this.inner.readAll(options));
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    return this.inner.subscribeToAll({
      ...options,
      onEvent: async (event) => options.onEvent((await this.openEvents([event]))[0]!),
    });
  }

  listStreams(): AsyncIterable<string> {
    return this.inner.listStreams();
  }

  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Every write's events with their personal fields sealed, the keys they need made first in one statement. */
  private async sealWrites<W extends StreamWrite>(writes: W[]): Promise<W[]> {
    const subjects: Subject[] = [];
    for (const write of writes)
      for (const event of write.events) {
        const subject = personalSubject(event.type, write.streamId, event.data);
        if (subject) subjects.push(subject);
      }
    if (subjects.length === 0) return writes;
    const keys = await this.keys.keysFor(subjects);
    return writes.map((write) => ({
      ...write,
      events: write.events.map((event) => {
        const data = mapPersonalFields(event.type, write.streamId, event.data, (value, subject) => {
          if (typeof value !== 'string') return value;
          const key = keys.get(subjectKey(subject))!;
          return seal(value, key.keyId, key.key) as unknown as EventData;
        });
        return data === event.data ? event : { ...event, data };
      }),
    }));
  }

  private async openPage<E extends EventSummary>(page: ReadAllPage<E>): Promise<ReadAllPage<E>> {
    return { ...page, events: await this.openEvents(page.events) };
  }

  /** The events with their sealed fields opened, their keys looked up at once. */
  private async openEvents<E extends EventSummary>(events: E[]): Promise<E[]> {
    const keyIds = new Set<string>();
    let plain = false;
    for (const event of events)
      mapPersonalFields(event.type, event.streamId, event.data, (value) => {
        if (isSealed(value)) keyIds.add(value.key);
        else plain = true;
        return value;
      });
    if (keyIds.size === 0 && !plain) return events;
    const entries = await this.keys.entries(keyIds);
    // Words stored plain, before sealing began, are read as they are unless their record was removed.
    const removed = plain ? await this.keys.removedSubjects() : new Map<string, string>();
    return events.map((event) => {
      const data = mapPersonalFields(event.type, event.streamId, event.data, (value, subject) => {
        if (!isSealed(value)) return removed.get(subjectKey(subject)) ?? value;
        const entry = entries.get(value.key)!;
        return entry.state === 'destroyed' ? entry.replacement : open(value, entry.key);
      });
      return data === event.data ? event : { ...event, data };
    });
  }
}
