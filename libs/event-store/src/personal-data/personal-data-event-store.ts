import type { EventData, EventMetadata, NewEvent, RecordedEvent } from '../event-envelope.js';
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
import { randomUUID } from 'node:crypto';
import { InvalidEventError } from '../event-store.errors.js';
import {
  IMPORT_ORIGIN_PREFIX,
  mapPersonalFields,
  metadataSubjects,
  personalSubject,
  splitImportOrigin,
  subjectKey,
  type Subject,
} from './personal-fields.js';
import { isSealed, open, parseSealedString, seal, sealString } from './sealed-text.js';

/** Sealed strings opened, kept by their sealed text: an import's file name is one text on thousands of events. */
const OPENED_STRINGS = 5_000;

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
  /**
   * Sealed strings as opened. Safe to keep: a destroyed key is looked up (entries) before this
   * is asked, and its tombstone's words are read instead.
   */
  private readonly openedStrings = new Map<string, string>();

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
    const [sealed] = await this.sealWrites([{ streamId, events, expectedRevision: options.expectedRevision }], options);
    const result = await this.inner.append(streamId, sealed!.events, options);
    if (!result.recorded) return result;
    // As stored, but with the words the caller gave: a caller folding them on sees what it wrote.
    return {
      ...result,
      recorded: result.recorded.map((event, n) => {
        const given = events[n];
        if (!given) return event;
        return {
          ...event,
          data: given.data,
          metadata: {
            ...event.metadata,
            reason: given.reason ?? options.reason ?? null,
            origin: given.origin ?? options.origin,
          },
        };
      }),
    };
  }

  async appendMany(writes: StreamWrite[], options: Omit<AppendOptions, 'expectedRevision'>): Promise<AppendManyResult> {
    return this.inner.appendMany(await this.sealWrites(writes, options), options);
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

  /**
   * Every write's events with their personal fields sealed, and their reason and an import's
   * origin (personal-fields.ts, metadataSubjects) put on each event sealed, the keys they need
   * made first in one statement. The inner store then hashes what is sealed, as it will be stored.
   */
  private async sealWrites<W extends StreamWrite>(
    writes: W[],
    options: Pick<AppendOptions, 'reason' | 'origin' | 'commandId'>,
  ): Promise<W[]> {
    const subjects: Subject[] = [];
    // An import appended without a command id: its words get a key of this append's own.
    const append = randomUUID();
    const commandId = options.commandId ?? null;
    const envelopes = writes.map((write) =>
      write.events.map((event) => {
        const reason = event.reason ?? options.reason ?? null;
        const origin = event.origin ?? options.origin;
        checkPlain('The reason', reason);
        checkPlain('The origin', origin);
        const split = splitImportOrigin(origin);
        const meta = metadataSubjects(event.type, write.streamId, event.data, origin, commandId, append);
        const subject = personalSubject(event.type, write.streamId, event.data);
        if (subject) subjects.push(subject);
        if (reason !== null && reason !== '') subjects.push(meta.reason);
        if (split && split.words !== '' && meta.origin) subjects.push(meta.origin);
        return { reason, split, meta };
      }),
    );
    if (subjects.length === 0) return writes;
    const keys = await this.keys.keysFor(subjects);
    const keyOf = (subject: Subject) => keys.get(subjectKey(subject))!;
    // The same words under the same key seal to the same text (sealString): sealed once an append.
    const sealedStrings = new Map<string, string>();
    const sealText = (plain: string, subject: Subject): string => {
      const key = keyOf(subject);
      const memo = `${key.keyId}\n${plain}`;
      let sealed = sealedStrings.get(memo);
      if (sealed === undefined) sealedStrings.set(memo, (sealed = sealString(plain, key.keyId, key.key)));
      return sealed;
    };
    return writes.map((write, w) => ({
      ...write,
      events: write.events.map((event, n) => {
        const { reason, split, meta } = envelopes[w]![n]!;
        const data = mapPersonalFields(event.type, write.streamId, event.data, (value, subject) => {
          if (typeof value !== 'string') return value;
          const key = keyOf(subject);
          return seal(value, key.keyId, key.key) as unknown as EventData;
        });
        const sealedReason = reason !== null && reason !== '' ? sealText(reason, meta.reason) : undefined;
        const sealedOrigin =
          split && split.words !== '' && meta.origin
            ? `${IMPORT_ORIGIN_PREFIX}${sealText(split.words, meta.origin)}${split.row}`
            : undefined;
        if (data === event.data && sealedReason === undefined && sealedOrigin === undefined) return event;
        return {
          ...event,
          data,
          ...(sealedReason !== undefined ? { reason: sealedReason } : {}),
          ...(sealedOrigin !== undefined ? { origin: sealedOrigin } : {}),
        };
      }),
    }));
  }

  private async openPage<E extends EventSummary>(page: ReadAllPage<E>): Promise<ReadAllPage<E>> {
    return { ...page, events: await this.openEvents(page.events) };
  }

  /** The events with their sealed fields (data, reason, an import's origin) opened, their keys looked up at once. */
  private async openEvents<E extends EventSummary>(events: E[]): Promise<E[]> {
    const keyIds = new Set<string>();
    let plain = false;
    for (const event of events) {
      mapPersonalFields(event.type, event.streamId, event.data, (value) => {
        if (isSealed(value)) keyIds.add(value.key);
        else plain = true;
        return value;
      });
      const metadata = event.metadata as Partial<EventMetadata>;
      if (typeof metadata.reason === 'string') {
        const sealed = parseSealedString(metadata.reason);
        if (sealed) keyIds.add(sealed.key);
        else plain = true;
      }
      if (typeof metadata.origin === 'string') {
        const split = splitImportOrigin(metadata.origin);
        if (split) {
          const sealed = parseSealedString(split.words);
          if (sealed) keyIds.add(sealed.key);
          else plain = true;
        }
      }
    }
    if (keyIds.size === 0 && !plain) return events;
    const entries = await this.keys.entries(keyIds);
    // Words stored plain, before sealing began, are read as they are unless their record was removed.
    const removed = plain ? await this.keys.removedSubjects() : new Map<string, string>();
    const openString = (value: string, subject: Subject): string => {
      const sealed = parseSealedString(value);
      if (!sealed) return removed.get(subjectKey(subject)) ?? value;
      const entry = entries.get(sealed.key)!;
      if (entry.state === 'destroyed') return entry.replacement;
      let opened = this.openedStrings.get(value);
      if (opened === undefined) {
        opened = open(sealed, entry.key);
        if (this.openedStrings.size >= OPENED_STRINGS) this.openedStrings.clear();
        this.openedStrings.set(value, opened);
      }
      return opened;
    };
    return events.map((event) => {
      const data = mapPersonalFields(event.type, event.streamId, event.data, (value, subject) => {
        if (!isSealed(value)) return removed.get(subjectKey(subject)) ?? value;
        const entry = entries.get(value.key)!;
        return entry.state === 'destroyed' ? entry.replacement : open(value, entry.key);
      });
      const metadata = event.metadata as Partial<EventMetadata>;
      let opened: Partial<EventMetadata> | undefined;
      if (typeof metadata.reason === 'string' || typeof metadata.origin === 'string') {
        const origin = metadata.origin ?? '';
        const subjects = metadataSubjects(event.type, event.streamId, event.data, origin, metadata.commandId ?? null);
        const reason = typeof metadata.reason === 'string' ? openString(metadata.reason, subjects.reason) : undefined;
        const split = splitImportOrigin(origin);
        const openedOrigin =
          split && subjects.origin
            ? `${IMPORT_ORIGIN_PREFIX}${openString(split.words, subjects.origin)}${split.row}`
            : undefined;
        if (
          (reason !== undefined && reason !== metadata.reason) ||
          (openedOrigin !== undefined && openedOrigin !== origin)
        )
          opened = {
            ...metadata,
            ...(reason !== undefined ? { reason } : {}),
            ...(openedOrigin !== undefined ? { origin: openedOrigin } : {}),
          };
      }
      if (data === event.data && !opened) return event;
      return { ...event, data, ...(opened ? { metadata: opened } : {}) };
    });
  }
}

/** Sealed, text the database could not hold would no longer be found by the store's own check (prepare-append.ts). */
function checkPlain(field: string, value: string | null): void {
  if (value === null) return;
  if (typeof value !== 'string') throw new InvalidEventError(`${field} must be text`);
  if (value.includes('\u0000') || !value.isWellFormed())
    throw new InvalidEventError(`${field} must not contain the NUL character or half a surrogate pair`);
}
