import 'reflect-metadata';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { ConfigError, loadConfig, loadEnvFileIfPresent, type AppConfig } from '#config';
import { CalendarDays } from '#domain';
import { ROLES, type ApiKeys } from '#read-store';
import { resolve } from 'node:path';
import { createApp, type OversightApp } from './create-app.js';
import { importDemoPlans } from './demo/demo-plans.js';

async function bootstrap(config: AppConfig): Promise<void> {
  const logger = new Logger('Oversight');
  const order = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
  const logLevels = order.slice(0, order.indexOf(config.logLevel) + 1);
  // JSON: one object per line (level, time, context, message; access and security lines carry
  // their fields as the message object), for a log collector. Text for a person at a terminal.
  const oversight = await createApp(
    config,
    config.logFormat === 'json' ? new ConsoleLogger({ json: true, logLevels }) : logLevels,
  );
  const { store, description } = oversight.connected;
  logger.log(`Event store: ${description}`);
  logChainAndCheckpoints(oversight, config, logger);
  logger.log(oversight.connected.dataKeyNotice);
  if (store.backend === 'embedded') {
    logger.warn(
      'The embedded store is for trying the product and for tests, not for records that matter: set DATABASE_URL for a PostgreSQL server.',
    );
    await importDemoPlans(store, logger, new CalendarDays(config.timeZone));
    await printDemoKeys(oversight.apiKeys, logger);
  }

  // Stop taking requests and let those in flight finish, then close the stores (so the embedded
  // database is flushed to disk). A request still running at the deadline (a slow upload, a
  // client that stopped sending) is cut off so the stores still close cleanly; if even that
  // hangs, the process exits anyway a little later, as an orchestrator's SIGKILL would.
  const shutdown = async (signal: string) => {
    const deadline = config.shutdownTimeoutMs;
    logger.log(`${signal}: taking no new requests; finishing those in flight (at most ${deadline} ms)`);
    const cutOff = setTimeout(() => {
      logger.warn(`Requests still in flight after ${deadline} ms: closing their connections`);
      oversight.app.getHttpServer().closeAllConnections();
      setTimeout(() => {
        logger.error('The stores did not close within 5 s of the deadline: exiting without them');
        process.exit(1);
      }, 5_000).unref();
    }, deadline);
    cutOff.unref();
    await oversight.close();
    clearTimeout(cutOff);
    logger.log('Shut down');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await oversight.app.listen(config.http.port, config.http.host);
  logger.log(
    `Listening on http://${config.http.host}:${config.http.port} — open it in a browser and sign in with a key; API description at /docs`,
  );
}

/** Says where the signed checkpoints go and with which key (the auditor's public key), or that there are none. */
function logChainAndCheckpoints(oversight: OversightApp, config: AppConfig, logger: Logger): void {
  if (!oversight.sealer) {
    logger.warn(
      'This event store keeps no global chain (EventStoreDB): oversight verify checks the stream chains only.',
    );
    return;
  }
  const checkpoints = oversight.checkpoints;
  if (!checkpoints) {
    logger.warn(
      "CHECKPOINT_DIR is not set: no signed checkpoints are written, so someone with the database owner's rights could rewrite the events and the chain unseen.",
    );
    return;
  }
  const { everyEvents, everyMinutes } = config.checkpoints;
  logger.log(
    `Signed checkpoints of the event store: every ${everyEvents} events or ${everyMinutes} minutes, into ${resolve(checkpoints.dir)}, signed with the Ed25519 key ${checkpoints.keyCreated ? 'made now in' : 'in'} ${resolve(checkpoints.keyFile)} (keep it secret). Auditors check them with this public key (also: oversight checkpoints public-key):\n${checkpoints.publicKey.trim()}`,
  );
}

/**
 * On the embedded demo, fresh keys for every role at each start (the previous demo keys are
 * revoked: only their hashes are kept, so they could not be shown again).
 */
async function printDemoKeys(apiKeys: ApiKeys, logger: Logger): Promise<void> {
  const change = {
    actor: { id: 'demo', name: 'Demo start', role: 'admin' },
    reason: 'Demo keys, new at each start of the embedded store',
    origin: 'demo',
  };
  for (const key of await apiKeys.list()) {
    if (key.name.startsWith('demo ') && !key.revokedAt) await apiKeys.revoke(key.id, change);
  }
  const lines = [];
  for (const role of ROLES)
    lines.push(`  ${role.padEnd(9)} ${(await apiKeys.create(`demo ${role}`, role, change)).key}`);
  logger.log(
    `Demo API keys (sign in with one at the web address below, or send it as "Authorization: Bearer <key>"):\n${lines.join('\n')}`,
  );
}

/** A logger for before the service has one: in the format asked for, to standard error. */
function startupLogger(format: string | undefined): ConsoleLogger {
  return new ConsoleLogger('Oversight', { json: format === 'json' });
}

let config: AppConfig;
try {
  loadEnvFileIfPresent();
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // The configuration did not load, so its LOG_FORMAT is read as given.
  startupLogger(process.env.LOG_FORMAT).error(error.message);
  process.exit(78); // EX_CONFIG: a bad or missing setting
}
await bootstrap(config).catch((error: unknown) => {
  startupLogger(config.logFormat).error(
    `Oversight could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
