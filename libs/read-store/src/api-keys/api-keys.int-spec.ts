import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { CommandExecutor, FoldedStreams, KeyEvents, systemClock } from '#command-handling';
import { openReadDatabase } from '../read-database.js';
import { openStores, readStoreBackends, type StoresUnderTest } from '../testing/read-store-backends.js';
import { API_KEYS_LISTENER_NAME } from './api-key-cache.js';
import { ApiKeys, type IssuedKey, type KeyChange, type KeyRecord } from './api-keys.js';

const WITHIN_MS = 2_000;
/** The listener tries again a second after it is lost; a new connection takes a moment more. */
const RECONNECTED_WITHIN_MS = 5_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Who the tests are, as every key's issue and revocation records. */
const BY_TEST: KeyChange = { actor: { id: 'test', name: 'API key spec', role: 'admin' }, reason: null, origin: 'test' };

const holderOf = (key: IssuedKey) => ({ id: key.id, name: key.name, role: key.role, childData: key.childData });
/** The id of a key with another secret: a guess at a known id. */
const withWrongSecret = (key: IssuedKey) => `ovk_${key.id}_${'B'.repeat(43)}`;
const unknownKey = () => `ovk_${'f'.repeat(32)}_${'A'.repeat(43)}`;

/** What `work` returned, and how many statements it sent through the DataSource (a check answered from memory sends none). */
async function queriesDuring<T>(
  dataSource: DataSource,
  work: () => Promise<T>,
): Promise<{ result: T; queries: number }> {
  const spy = jest.spyOn(dataSource, 'query');
  try {
    const result = await work();
    return { result, queries: spy.mock.calls.length };
  } finally {
    spy.mockRestore();
  }
}

/** The next statement's rows, held back from the caller (after the database answered) until released. */
function holdNextAnswer(dataSource: DataSource): { answered: Promise<void>; release(): void } {
  const query = dataSource.query.bind(dataSource);
  let answer!: () => void;
  let release!: () => void;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const spy = jest.spyOn(dataSource, 'query').mockImplementationOnce((async (
    ...args: Parameters<DataSource['query']>
  ) => {
    const rows = await query(...args);
    answer();
    await released;
    return rows;
  }) as never);
  return {
    answered,
    release() {
      spy.mockRestore();
      release();
    },
  };
}

async function eventually(what: string, holds: () => Promise<boolean>, ms = WITHIN_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await holds())) {
    if (Date.now() > deadline) throw new Error(`Not within ${ms} ms: ${what}`);
    await sleep(10);
  }
}

for (const kind of readStoreBackends()) {
  describe(`API keys checked from memory, on ${kind}`, () => {
    const onServer = kind === 'postgres' ? it : it.skip;
    let stores: StoresUnderTest;
    let database: DataSource;
    let apiKeys: ApiKeys;
    let record: KeyRecord;
    const otherDatabases: DataSource[] = [];
    beforeAll(async () => {
      stores = await openStores(kind);
      database = stores.readDatabase;
      const streams = new FoldedStreams(stores.store);
      record = new KeyEvents(new CommandExecutor(stores.store, streams, systemClock), streams);
      apiKeys = await ApiKeys.keepingChecked(
        database,
        record,
        kind === 'postgres' ? { kind: 'listen', url: stores.url } : { kind: 'in-process' },
      );
    });
    afterAll(async () => {
      await apiKeys?.close();
      for (const other of otherDatabases) await other.destroy();
      await stores?.dispose();
    });

    /** The read database as another process (the CLI) opens it: a pool of its own, nothing kept. */
    const anotherProcess = async () => {
      const other = await openReadDatabase({ url: stores.url, poolSize: 2 });
      otherDatabases.push(other);
      return { database: other, apiKeys: new ApiKeys(other, record) };
    };
    /** A key checked once, so kept: its second check sends no query. */
    const keptKey = async (name: string) => {
      const key = await apiKeys.create(name, 'manager', BY_TEST);
      expect(await apiKeys.authenticate(key.key)).toEqual(holderOf(key));
      expect(await queriesDuring(database, () => apiKeys.authenticate(key.key))).toEqual({
        result: holderOf(key),
        queries: 0,
      });
      return key;
    };
    const isKept = async (key: IssuedKey) =>
      (await queriesDuring(database, () => apiKeys.authenticate(key.key))).queries === 0;
    const listenerPids = async () => {
      const rows = await database.query<{ pid: number }[]>(
        'SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()',
        [API_KEYS_LISTENER_NAME],
      );
      return rows.map((row) => row.pid);
    };

    it('answers a key checked once from memory: the same holder, no query; an ApiKeys that keeps nothing (the CLI’s) asks', async () => {
      const key = await apiKeys.create('Head of Service', 'manager', BY_TEST);
      expect(await queriesDuring(database, () => apiKeys.authenticate(key.key))).toEqual({
        result: holderOf(key),
        queries: 1,
      });
      expect(await queriesDuring(database, () => apiKeys.authenticate(key.key))).toEqual({
        result: holderOf(key),
        queries: 0,
      });
      expect(await queriesDuring(database, () => new ApiKeys(database, record).authenticate(key.key))).toEqual({
        result: holderOf(key),
        queries: 1,
      });
    });

    it('never keeps an unknown, revoked or wrongly completed key as valid; remembers the refusal briefly, so a retry asks nothing', async () => {
      const revoked = await apiKeys.create('Left the service', 'auditor', BY_TEST);
      await apiKeys.revoke(revoked.id, BY_TEST);
      const live = await apiKeys.create('Not checked yet', 'auditor', BY_TEST);
      for (const key of [unknownKey(), revoked.key, withWrongSecret(live)]) {
        for (const queries of [1, 0]) {
          expect({ key, ...(await queriesDuring(database, () => apiKeys.authenticate(key))) }).toEqual({
            key,
            result: null,
            queries,
          });
        }
        // An ApiKeys that keeps nothing (the CLI's) asks the database every time.
        expect(await queriesDuring(database, () => new ApiKeys(database, record).authenticate(key))).toEqual({
          result: null,
          queries: 1,
        });
      }
      // A malformed key needs no query at all.
      expect(await queriesDuring(database, () => apiKeys.authenticate('ovk_not-a-key'))).toEqual({
        result: null,
        queries: 0,
      });
      // The wrong secret kept nothing for the id: the key itself is checked by the database.
      expect(await queriesDuring(database, () => apiKeys.authenticate(live.key))).toEqual({
        result: holderOf(live),
        queries: 1,
      });
    });

    it('refuses a wrong secret for a kept key, and still lets the key itself in', async () => {
      const key = await keptKey('Service Manager');
      expect(await apiKeys.authenticate(withWrongSecret(key))).toBeNull();
      expect(await queriesDuring(database, () => apiKeys.authenticate(key.key))).toEqual({
        result: holderOf(key),
        queries: 0,
      });
    });

    it('refuses a key it revoked at once', async () => {
      const key = await keptKey('Soon revoked');
      expect(await apiKeys.revoke(key.id, BY_TEST)).toBe(true);
      expect(await apiKeys.authenticate(key.key)).toBeNull();
    });

    it('does not keep a key that a check read just before it was revoked', async () => {
      const key = await apiKeys.create('Revoked mid-check', 'manager', BY_TEST);
      const held = holdNextAnswer(database);
      const checking = apiKeys.authenticate(key.key);
      await held.answered; // the database said live
      expect(await apiKeys.revoke(key.id, BY_TEST)).toBe(true);
      held.release();
      expect(await checking).toEqual(holderOf(key)); // a request that began before the revocation
      expect(await apiKeys.authenticate(key.key)).toBeNull();
    });

    onServer("refuses a key revoked or deleted by hand in SQL, heard through the table's trigger", async () => {
      const revoked = await keptKey('Revoked in psql');
      const deleted = await keptKey('Deleted in psql');
      const byHand = await anotherProcess();
      await byHand.database.query('UPDATE oversight_api_keys SET revoked_at = now() WHERE id = $1', [revoked.id]);
      await byHand.database.query('DELETE FROM oversight_api_keys WHERE id = $1', [deleted.id]);
      await eventually(
        'the key revoked by hand refused',
        async () => (await apiKeys.authenticate(revoked.key)) === null,
      );
      await eventually(
        'the key deleted by hand refused',
        async () => (await apiKeys.authenticate(deleted.key)) === null,
      );
    });

    onServer("refuses a key revoked by another process once the revocation's NOTIFY arrives", async () => {
      const key = await keptKey('Revoked from the CLI');
      const cli = await anotherProcess();
      expect(await cli.apiKeys.revoke(key.id, BY_TEST)).toBe(true);
      await eventually('the revoked key refused', async () => (await apiKeys.authenticate(key.key)) === null);
    });

    onServer('hears nothing of a revocation whose transaction rolls back', async () => {
      const notRevoked = await keptKey('Revocation rolled back');
      const revoked = await keptKey('Revoked after it');
      const cli = await anotherProcess();
      // Fails the revoking transaction at its commit, after its NOTIFY was queued.
      await cli.database.query(
        "CREATE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused at commit'; END $$",
      );
      await cli.database.query(
        `CREATE CONSTRAINT TRIGGER refuse_revoking AFTER UPDATE ON oversight_api_keys DEFERRABLE INITIALLY DEFERRED
         FOR EACH ROW WHEN (NEW.id = '${notRevoked.id}') EXECUTE FUNCTION refuse_at_commit()`,
      );
      try {
        await expect(cli.apiKeys.revoke(notRevoked.id, BY_TEST)).rejects.toThrow('refused at commit');
      } finally {
        await cli.database.query('DROP TRIGGER refuse_revoking ON oversight_api_keys');
        await cli.database.query('DROP FUNCTION refuse_at_commit()');
      }
      expect(await cli.apiKeys.revoke(revoked.id, BY_TEST)).toBe(true);
      // Notifications arrive in commit order: once the later one is heard, the first would have been.
      await eventually('the later revocation heard', async () => (await apiKeys.authenticate(revoked.key)) === null);
      expect(await queriesDuring(database, () => apiKeys.authenticate(notRevoked.key))).toEqual({
        result: holderOf(notRevoked),
        queries: 0,
      });
    });

    onServer(
      'answers nothing from memory while its LISTEN connection is down, forgets what was revoked meanwhile, and keeps keys again once it listens',
      async () => {
        const revokedUnheard = await keptKey('Revoked while nobody listened');
        const readUnheard = await apiKeys.create('Read, then revoked, while nobody listened', 'manager', BY_TEST);
        const probe = await keptKey('Probe');
        const [listener] = await listenerPids();
        expect(await database.query('SELECT pg_terminate_backend($1) AS ended', [listener])).toEqual([{ ended: true }]);
        await eventually(
          'the probe checked by the database once the listener is gone',
          async () => !(await isKept(probe)),
        );

        // Revoked with no NOTIFY, as if by a process whose notification the dead listener missed.
        const revokeUnheard = (id: string) =>
          database.query('UPDATE oversight_api_keys SET revoked_at = now() WHERE id = $1', [id]);
        await revokeUnheard(revokedUnheard.id);
        expect(await apiKeys.authenticate(revokedUnheard.key)).toBeNull();
        const held = holdNextAnswer(database);
        const checking = apiKeys.authenticate(readUnheard.key);
        await held.answered;
        await revokeUnheard(readUnheard.id);

        await eventually(
          'keys kept again after the listener reconnects',
          async () => (await apiKeys.authenticate(probe.key)) !== null && (await isKept(probe)),
          RECONNECTED_WITHIN_MS,
        );
        const listening = await listenerPids();
        expect({ listeners: listening.length, same: listening.includes(listener!) }).toEqual({
          listeners: 1,
          same: false,
        });
        held.release();
        expect(await checking).toEqual(holderOf(readUnheard));
        expect(await apiKeys.authenticate(readUnheard.key)).toBeNull();
        expect(await apiKeys.authenticate(revokedUnheard.key)).toBeNull();
      },
    );

    it('records each key given and taken away as events on its own stream: who, when, why; never the secret', async () => {
      const by: KeyChange = {
        actor: { id: 'cli', name: 'IT service desk', role: 'admin' },
        reason: 'Ofsted focused visit, week of 9 March',
        origin: 'cli',
      };
      const expiresAt = new Date(Date.now() + 86_400_000);
      const key = await apiKeys.create('Lead inspector', 'inspector', by, expiresAt);
      expect(await apiKeys.revoke(key.id, { ...by, reason: 'Visit over' })).toBe(true);
      // Revoked again, by a second run: nothing more is recorded.
      expect(await apiKeys.revoke(key.id, by)).toBe(false);
      const events = await stores.store.readStream(`api-key-${key.id}`);
      expect(
        events.map((event) => ({
          type: event.type,
          data: event.data,
          actor: event.metadata.actor.name,
          reason: event.metadata.reason,
          origin: event.metadata.origin,
        })),
      ).toEqual([
        {
          type: 'ApiKeyIssued',
          data: { keyId: key.id, name: 'Lead inspector', role: 'inspector', expiresAt: expiresAt.toISOString() },
          actor: 'IT service desk',
          reason: 'Ofsted focused visit, week of 9 March',
          origin: 'cli',
        },
        {
          type: 'ApiKeyRevoked',
          data: { keyId: key.id },
          actor: 'IT service desk',
          reason: 'Visit over',
          origin: 'cli',
        },
      ]);
      expect(JSON.stringify(events)).not.toContain(key.key.slice(-43));
      // An unknown id is neither revoked nor recorded.
      expect(await apiKeys.revoke('e'.repeat(32), by)).toBe(false);
      expect(await stores.store.readStream(`api-key-${'e'.repeat(32)}`)).toEqual([]);
    });

    it('records the revocation of a key revoked by hand in the table, when it is revoked through it', async () => {
      const key = await apiKeys.create('Revoked by hand', 'manager', BY_TEST);
      await database.query('UPDATE oversight_api_keys SET revoked_at = now() WHERE id = $1', [key.id]);
      expect(await apiKeys.revoke(key.id, BY_TEST)).toBe(false);
      expect((await stores.store.readStream(`api-key-${key.id}`)).map((event) => event.type)).toEqual([
        'ApiKeyIssued',
        'ApiKeyRevoked',
      ]);
    });

    it('refuses a key once its expiry has passed, also when it was kept in memory', async () => {
      const key = await apiKeys.create('Interim auditor', 'auditor', BY_TEST, new Date(Date.now() + 1_500));
      expect(await apiKeys.authenticate(key.key)).toEqual(holderOf(key));
      expect(await isKept(key)).toBe(true);
      await sleep(1_600);
      expect(await apiKeys.authenticate(key.key)).toBeNull();
      expect(await new ApiKeys(database, record).authenticate(key.key)).toBeNull();
      // Expired in the table by its owner: the database's clock judges it.
      const other = await apiKeys.create('Expired by hand', 'auditor', BY_TEST, new Date(Date.now() + 3_600_000));
      await database.query("UPDATE oversight_api_keys SET expires_at = now() - interval '1 second' WHERE id = $1", [
        other.id,
      ]);
      expect(await new ApiKeys(database, record).authenticate(other.key)).toBeNull();
    });

    it('once closed, keeps nothing and leaves no listener', async () => {
      const key = await keptKey('Checked before closing');
      await apiKeys.close();
      expect(await queriesDuring(database, () => apiKeys.authenticate(key.key))).toEqual({
        result: holderOf(key),
        queries: 1,
      });
      expect(await queriesDuring(database, () => apiKeys.authenticate(key.key))).toEqual({
        result: holderOf(key),
        queries: 1,
      });
      expect(await listenerPids()).toEqual([]);
    });
  });
}
