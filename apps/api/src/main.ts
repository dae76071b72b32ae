import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig, type AppConfig } from '#config';
import { connectEventStore } from '#event-store';
import { AppModule } from './app.module.js';

async function bootstrap(config: AppConfig): Promise<void> {
  const logger = new Logger('Oversight');
  const connected = await connectEventStore({ ...config.eventStore, dataDir: config.dataDir, poolSize: config.poolSize });
  logger.log(`Event store: ${connected.description}`);
  if (connected.store.backend === 'embedded') {
    logger.warn('The embedded store is for trying the product and for tests, not for records that matter: set DATABASE_URL for a PostgreSQL server.');
  }

  const app = await NestFactory.create(AppModule.register({ eventStore: connected.store }), {
    logger: levelsFrom(config.logLevel),
  });
  // Close the HTTP server first, then the stores, so the embedded database is flushed to disk.
  const shutdown = async (signal: string) => {
    logger.log(`${signal}: shutting down`);
    await app.close();
    await connected.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen(config.http.port, config.http.host);
  logger.log(`Listening on http://${config.http.host}:${config.http.port}`);
}

function levelsFrom(level: AppConfig['logLevel']) {
  const order = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
  return order.slice(0, order.indexOf(level) + 1);
}

let config: AppConfig;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(78); // EX_CONFIG: a bad or missing setting
}
await bootstrap(config).catch((error: unknown) => {
  console.error('Oversight could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
