import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config.js';

/** A key-encryption key as `openssl rand -base64 32` prints one. */
const SECRET = Buffer.alloc(32, 7).toString('base64');

describe('loadConfig', () => {
  it('runs on the embedded store with defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.eventStore.kind).toBe('embedded');
    expect(config.http).toEqual({ port: 3000, host: '127.0.0.1' });
    expect(config.dataDir).toBe('./data');
  });

  it('uses PostgreSQL for events and read models when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db', PORT: '8080' });
    expect(config.eventStore).toMatchObject({ kind: 'postgres', databaseUrl: 'postgres://u@h:5432/db' });
    expect(config.readModels.databaseUrl).toBe('postgres://u@h:5432/db');
    expect(config.http.port).toBe(8080);
  });

  it('uses EventStoreDB for events when EVENTSTORE_URL is set', () => {
    expect(loadConfig({ EVENTSTORE_URL: 'esdb://localhost:2113?tls=false' }).eventStore.kind).toBe('eventstoredb');
  });

  it('names every bad variable at once', () => {
    let thrown: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const message = (thrown as ConfigError).message;
    expect(message).toContain('PORT="eighty"');
    expect(message).toContain('DATABASE_URL must be a postgres:// URL');
    expect(message).toContain('LOG_LEVEL="loud"');
    expect((thrown as ConfigError).problems).toHaveLength(3);
  });

  it('refuses the embedded store in production unless told to allow it, naming what to set', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /NODE_ENV=production with neither DATABASE_URL nor EVENTSTORE_URL.*Set DATABASE_URL \(or ALLOW_EMBEDDED_STORE=true/,
    );
    expect(loadConfig({ NODE_ENV: 'production', ALLOW_EMBEDDED_STORE: 'true' }).eventStore.kind).toBe('embedded');
    expect(
      loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/oversight', DATA_KEY_SECRET: SECRET })
        .eventStore.kind,
    ).toBe('postgres');
    expect(loadConfig({ NODE_ENV: 'test' }).eventStore.kind).toBe('embedded');
    expect(() => loadConfig({ ALLOW_EMBEDDED_STORE: 'yes' })).toThrow('ALLOW_EMBEDDED_STORE="yes"');
  });

  it('takes the key-encryption key from DATA_KEY_SECRET or its file, and refuses production on a server without one', () => {
    expect(loadConfig({ DATA_KEY_SECRET: SECRET }).eventStore.dataKeySecret).toBe(SECRET);
    expect(loadConfig({}).eventStore.dataKeySecret).toBeNull();
    const dir = mkdtempSync(join(tmpdir(), 'oversight-config-'));
    try {
      writeFileSync(join(dir, 'secret'), `${SECRET}\n`);
      expect(loadConfig({ DATA_KEY_SECRET_FILE: join(dir, 'secret') }).eventStore.dataKeySecret).toBe(SECRET);
      writeFileSync(join(dir, 'short'), 'c2hvcnQ=');
      expect(() => loadConfig({ DATA_KEY_SECRET_FILE: join(dir, 'short') })).toThrow(/must hold base64 of 32 bytes/);
      expect(() => loadConfig({ DATA_KEY_SECRET_FILE: join(dir, 'missing') })).toThrow(/cannot be read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(() => loadConfig({ DATA_KEY_SECRET: 'c2hvcnQ=' })).toThrow(/DATA_KEY_SECRET must be base64 of 32 bytes/);
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/oversight' })).toThrow(
      /without DATA_KEY_SECRET or DATA_KEY_SECRET_FILE/,
    );
    // The embedded store keeps a key it makes beside its data, as it keeps the data.
    expect(loadConfig({ NODE_ENV: 'production', ALLOW_EMBEDDED_STORE: 'true' }).eventStore.dataKeySecret).toBeNull();
  });

  it('judges calendar days in Europe/London unless TIME_ZONE names another zone, and refuses one Intl does not know', () => {
    expect(loadConfig({}).timeZone).toBe('Europe/London');
    expect(loadConfig({ TIME_ZONE: 'UTC' }).timeZone).toBe('UTC');
    expect(loadConfig({ TIME_ZONE: 'America/New_York' }).timeZone).toBe('America/New_York');
    expect(() => loadConfig({ TIME_ZONE: 'Europe/Londres' })).toThrow(
      'TIME_ZONE="Europe/Londres": TIME_ZONE must be an IANA time zone name such as Europe/London or UTC',
    );
    expect(() => loadConfig({ TIME_ZONE: 'London' })).toThrow(ConfigError);
  });

  it('has no retention rule unless RETENTION_CHILD_LEVEL_YEARS gives one, a whole number of years, named when wrong', () => {
    expect(loadConfig({}).retention).toBeNull();
    expect(loadConfig({ RETENTION_CHILD_LEVEL_YEARS: '6' }).retention).toEqual({ childLevelYears: 6 });
    for (const bad of ['six', '0', '2.5', '101'])
      expect(() => loadConfig({ RETENTION_CHILD_LEVEL_YEARS: bad })).toThrow(
        new RegExp(`RETENTION_CHILD_LEVEL_YEARS="${bad.replace('.', '\\.')}"`),
      );
  });
});
