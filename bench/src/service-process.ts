import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '#config';
import { createApp } from '../../apps/api/src/create-app.js';

/**
 * The service in a process of its own, as `npm start` runs it (projector inline), for the
 * benchmarks that drive it through HTTP: the load generator then runs in the bench's process, as
 * a real client or `wrk` would, instead of sharing the service's event loop.
 *
 * Started by `startServiceProcess` with the service's environment (DATABASE_URL or DATA_DIR);
 * answers `{ port, managerKey }` once it listens, and closes its stores on `'close'`.
 */
export interface ServiceProcessReady {
  port: number;
  managerKey: string;
}

const oversight = await createApp(loadConfig(process.env), ['error']);
const managerKey = (
  await oversight.apiKeys.create('bench manager', 'manager', {
    actor: { id: 'bench', name: 'Benchmark', role: 'admin' },
    reason: null,
    origin: 'bench',
  })
).key;
await oversight.app.listen(0, '127.0.0.1');
const { port } = oversight.app.getHttpServer().address() as AddressInfo;

process.on('message', (message) => {
  if (message !== 'close') return;
  void oversight.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('The service under load could not close:', error);
      process.exit(1);
    },
  );
});
process.send!({ port, managerKey } satisfies ServiceProcessReady);
