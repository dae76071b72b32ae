import 'reflect-metadata';
import { Logger, type LoggerService, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '#config';
import { CalendarDays } from '#domain';
import { connectEventStore, type ConnectedEventStore } from '#event-store';
import { allProjections, ApiKeys, openReadDatabase, Projector, type ApiKeyCaching } from '#read-store';
import { AppModule } from './app.module.js';
import { setupApiDocs } from './http/api-docs.js';
import { accessLogMiddleware } from './http/access-log.js';
import { requestIdMiddleware } from './http/request-id.js';
import { validationPipe } from './http/validation.pipe.js';
import { setUpWeb } from './web/set-up-web.js';

export interface OversightApp {
  app: NestExpressApplication;
  connected: ConnectedEventStore;
  readDatabase: DataSource;
  /** The service's API keys, keeping those it has checked: create and revoke through it. */
  apiKeys: ApiKeys;
  projector: Projector;
  /** Closes the HTTP side, then the stores (so the embedded database is flushed to disk). */
  close(): Promise<void>;
}

/** Opens the stores and builds the service: the same wiring for `main.ts` and the tests. */
export async function createApp(
  config: AppConfig,
  logger: LoggerService | LogLevel[] | false = ['error', 'warn'],
): Promise<OversightApp> {
  const connected = await connectEventStore({
    ...config.eventStore,
    dataDir: config.dataDir,
    poolSize: config.poolSize,
    limits: config.database,
  });
  let readDatabase: DataSource | null = null;
  let apiKeys: ApiKeys | null = null;
  try {
    readDatabase = await openReadDatabase({
      url: connected.readModelDatabaseUrl,
      poolSize: config.poolSize,
      sharedPool: connected.embeddedPool,
      limits: config.database,
    });
    // Keys already checked are answered from memory. Embedded, only this process can revoke one:
    // the data directory is locked to it, so the CLI is refused while the service runs. On a
    // server, `oversight keys revoke` runs elsewhere and is heard by LISTEN.
    const caching: ApiKeyCaching = connected.embeddedPool
      ? { kind: 'in-process' }
      : { kind: 'listen', url: connected.readModelDatabaseUrl };
    apiKeys = await ApiKeys.keepingChecked(readDatabase, caching);
    const projector = new Projector(connected.store, readDatabase, allProjections, (message) =>
      Logger.warn(message, 'Projector'),
    );
    const app = await NestFactory.create<NestExpressApplication>(
      AppModule.register({
        eventStore: connected.store,
        readDatabase,
        apiKeys,
        projector,
        health: { projectorStuckAfterMs: config.projectorStuckAfterMs },
        authFailuresAllowed: config.authFailuresAllowed,
        idempotencyKeepHours: config.idempotencyKeepHours,
        calendar: new CalendarDays(config.timeZone),
      }),
      {
        bodyParser: false,
        logger,
      },
    );
    // ETags are stream revisions, set by the handlers; Express's own weak ETags would be mistaken for them.
    app.set('etag', false);
    app.use(requestIdMiddleware);
    app.use(accessLogMiddleware);
    app.useBodyParser('json', { limit: '1mb', type: ['application/json', 'application/*+json'] });
    app.useGlobalPipes(validationPipe);
    setUpWeb(app);
    setupApiDocs(app, { isPublic: config.docsPublic });
    await app.init();
    if (config.projector === 'inline') await projector.start();
    const database = readDatabase;
    const keys = apiKeys;
    return {
      app,
      connected,
      readDatabase: database,
      apiKeys: keys,
      projector,
      async close() {
        await projector.stop();
        await app.close();
        await keys.close();
        await database.destroy();
        await connected.close();
      },
    };
  } catch (error) {
    await apiKeys?.close();
    await readDatabase?.destroy();
    await connected.close();
    throw error;
  }
}
