import { loadConfig, loadEnvFileIfPresent } from '#config';
import { CalendarDays } from '#domain';
import { connectEventStore, type ConnectedEventStore } from '#event-store';
import { openReadDatabase } from '#read-store';
import type { DataSource } from 'typeorm';

/** Exit codes shared by every `oversight` command. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** A command's failure that is the user's to fix: its message is printed without a stack. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The days a command judges "today" and a bare day by: the service's TIME_ZONE (Europe/London unless set). */
export function configuredCalendar(): CalendarDays {
  loadEnvFileIfPresent();
  return new CalendarDays(loadConfig().timeZone);
}

/** Opens the configured event store for the length of one command. */
export async function withEventStore<T>(work: (connected: ConnectedEventStore) => Promise<T>): Promise<T> {
  loadEnvFileIfPresent();
  const config = loadConfig();
  const connected = await connectEventStore({ ...config.eventStore, dataDir: config.dataDir, poolSize: 2 }).catch(
    (error: unknown) => {
      throw new UsageError(`Cannot open the event store: ${(error as Error).message}`);
    },
  );
  try {
    return await work(connected);
  } finally {
    await connected.close();
  }
}

/** Opens the event store and the read database beside it (API keys live there). */
export async function withReadDatabase<T>(
  work: (readDatabase: DataSource, connected: ConnectedEventStore) => Promise<T>,
): Promise<T> {
  return withEventStore(async (connected) => {
    const readDatabase = await openReadDatabase({
      url: connected.readModelDatabaseUrl,
      poolSize: 2,
      sharedPool: connected.embeddedPool,
    });
    try {
      return await work(readDatabase, connected);
    } finally {
      await readDatabase.destroy();
    }
  });
}
