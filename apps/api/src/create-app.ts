import 'reflect-metadata';
import { Logger, type LoggerService, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DataSource } from 'typeorm';
import { CommandExecutor, FoldedStreams, KeyEvents, systemClock } from '#command-handling';
import type { AppConfig } from '#config';
import { CalendarDays } from '#domain';
import {
  ChainSealer,
  CheckpointWriter,
  connectEventStore,
  loadOrCreateSigningKey,
  publicKeyPem,
  type ConnectedEventStore,
} from '#event-store';
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
  /** Extends the global chain after commit (null where the store keeps none: EventStoreDB). */
  sealer: ChainSealer | null;
  /** Where signed checkpoints go and the key that signs them (null: none written). */
  checkpoints: { dir: string; keyFile: string; keyCreated: boolean; publicKey: string } | null;
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
  let sealer: ChainSealer | null = null;
  let writer: CheckpointWriter | null = null;
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
    // Keys given and taken away are recorded through the command path, on streams of their own.
    const keyStreams = new FoldedStreams(connected.store, 100);
    const keyEvents = new KeyEvents(new CommandExecutor(connected.store, keyStreams, systemClock), keyStreams);
    apiKeys = await ApiKeys.keepingChecked(readDatabase, keyEvents, caching);
    const projector = new Projector(connected.store, readDatabase, allProjections, (message) =>
      Logger.warn(message, 'Projector'),
    );
    const app = await NestFactory.create<NestExpressApplication>(
      AppModule.register({
        eventStore: connected.store,
        readDatabase,
        apiKeys,
        projector,
        dataKeys: connected.dataKeys,
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
    // The global chain is sealed after commit in every service process, whatever the projector:
    // `oversight verify` reads it (and the signed checkpoints) and writes nothing.
    let checkpoints: OversightApp['checkpoints'] = null;
    // On the events as stored: the chain is over their hashes, and sealing opens no personal data.
    const chain = connected.storedEvents.chain;
    if (chain) {
      if (config.checkpoints.dir) {
        const key = loadOrCreateSigningKey(config.checkpoints.signingKeyFile);
        writer = new CheckpointWriter(
          chain,
          {
            dir: config.checkpoints.dir,
            everyEvents: config.checkpoints.everyEvents,
            everyMinutes: config.checkpoints.everyMinutes,
            key,
          },
          (message) => Logger.warn(message, 'Checkpoints'),
        );
        writer.open();
        checkpoints = {
          dir: config.checkpoints.dir,
          keyFile: config.checkpoints.signingKeyFile,
          keyCreated: key.created,
          publicKey: publicKeyPem(key.publicKey),
        };
      }
      const checkpointWriter = writer;
      sealer = new ChainSealer(connected.storedEvents, chain, {
        log: (message) => Logger.warn(message, 'ChainSealer'),
        onSealed: checkpointWriter ? (links) => checkpointWriter.afterSeal(links) : undefined,
      });
      await sealer.start();
    }
    const database = readDatabase;
    const keys = apiKeys;
    const chainSealer = sealer;
    const checkpointWriter = writer;
    return {
      app,
      connected,
      readDatabase: database,
      apiKeys: keys,
      projector,
      sealer: chainSealer,
      checkpoints,
      async close() {
        await projector.stop();
        await app.close();
        // After the last request: what they appended is sealed before the store closes.
        await chainSealer?.stop();
        await checkpointWriter?.close();
        await keys.close();
        await database.destroy();
        await connected.close();
      },
    };
  } catch (error) {
    await sealer?.stop().catch(() => undefined);
    await writer?.close();
    await apiKeys?.close();
    await readDatabase?.destroy();
    await connected.close();
    throw error;
  }
}
