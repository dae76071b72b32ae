import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectEventStore, DATA_KEY_FILE_NAME, type EventStoreSettings } from '../connect-event-store.js';
import { storeKindsUnderTest } from '../testing/stores-under-test.js';
import { createTestDatabase } from '../testing/test-databases.js';
import { keyEncryptionKeyFingerprint } from './data-keys.js';

const secret = () => randomBytes(32).toString('base64');

/**
 * The key-encryption key's fingerprint, recorded in the database on first use: a process given
 * another key is refused at start, even on an empty database where no data key exists to fail to
 * open. On a server with no DATA_KEY_SECRET the key file is in DATA_DIR, so two commands run from
 * different directories would each make one; on the embedded store a key file replaced, or a
 * secret set later, is the same mistake.
 */
describe.each(storeKindsUnderTest())('the key-encryption key on the $kind store', ({ kind, skipReason }) => {
  if (skipReason) {
    console.warn(`The key-encryption key on the ${kind} store: skipped, ${skipReason}`);
    it.skip(skipReason, () => undefined);
    return;
  }
  const onServer = kind === 'postgres';
  const serverUrl = onServer ? process.env.DATABASE_URL! : null;
  const dirs: string[] = [];
  let database: { url: string; drop(): Promise<void> } | null = null;
  let dataDir: string;
  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'oversight-kek-'));
    dirs.push(dir);
    return dir;
  };
  const settings = (dir: string, dataKeySecret: string | null = null): EventStoreSettings =>
    onServer
      ? { kind: 'postgres', databaseUrl: database!.url, dataDir: dir, poolSize: 1, dataKeySecret }
      : { kind: 'embedded', dataDir: dir, poolSize: 1, dataKeySecret };
  const opens = async (given: EventStoreSettings) => (await connectEventStore(given)).close();

  beforeAll(async () => {
    if (serverUrl) database = await createTestDatabase(serverUrl, 'oversight_kek');
    dataDir = newDir();
  }, 60_000);
  afterAll(async () => {
    await database?.drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('records the first key’s fingerprint (never the key) and opens again with the same key', async () => {
    await opens(settings(dataDir));
    const connected = await connectEventStore(settings(dataDir));
    try {
      const { rows } = await connected.dataKeys['pool'].query<{ fingerprint: string }>(
        'SELECT fingerprint FROM oversight_key_encryption_key',
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]!.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await connected.close();
    }
  }, 120_000);

  it('refuses another DATA_KEY_SECRET at start, naming it and DATA_DIR', async () => {
    await expect(opens(settings(dataDir, secret()))).rejects.toThrow(
      /Refusing to start: the key-encryption key given is not the one this database's personal data is sealed under.*It came from DATA_KEY_SECRET.*same DATA_DIR/,
    );
  }, 60_000);

  it('refuses the key file of another data directory (a server) or a replaced one (embedded), naming the file', async () => {
    let other = dataDir;
    if (onServer) other = newDir();
    else writeFileSync(join(dataDir, DATA_KEY_FILE_NAME), `${secret()}\n`);
    await expect(opens(settings(other))).rejects.toThrow(
      new RegExp(`It came from the key file ${join(other, DATA_KEY_FILE_NAME)}.*DATA_KEY_SECRET`),
    );
  }, 60_000);

  it('fingerprints by HMAC: the same key the same, another key another', () => {
    const key = randomBytes(32);
    expect(keyEncryptionKeyFingerprint(key)).toBe(keyEncryptionKeyFingerprint(Buffer.from(key)));
    expect(keyEncryptionKeyFingerprint(key)).not.toBe(keyEncryptionKeyFingerprint(randomBytes(32)));
    expect(keyEncryptionKeyFingerprint(key)).not.toContain(key.toString('hex'));
  });
});
