import { allProjections, Projector } from '#read-store';
import { EXIT, withReadDatabase } from '../cli-context.js';

export const projectUsage = `oversight project
  Keeps the read models up to date from the event store until stopped (Ctrl-C). For running the
  projector apart from the service: start the service with PROJECTOR=off.`;

export async function projectCommand(err: NodeJS.WritableStream, until: Promise<void> = stopSignal()): Promise<number> {
  return withReadDatabase(async (readDatabase, connected) => {
    const projector = new Projector(connected.store, readDatabase, allProjections, (message) =>
      err.write(`${message}\n`),
    );
    await projector.start();
    err.write(`Projecting from ${connected.description}. Ctrl-C stops.\n`);
    await until;
    await projector.stop();
    err.write(`Stopped at position ${projector.position}.\n`);
    return EXIT.ok;
  });
}

function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
