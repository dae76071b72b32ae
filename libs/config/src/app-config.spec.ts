import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config.js';

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
    expect(loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/oversight' }).eventStore.kind).toBe(
      'postgres',
    );
    expect(loadConfig({ NODE_ENV: 'test' }).eventStore.kind).toBe('embedded');
    expect(() => loadConfig({ ALLOW_EMBEDDED_STORE: 'yes' })).toThrow('ALLOW_EMBEDDED_STORE="yes"');
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
});
