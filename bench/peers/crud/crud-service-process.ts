import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { DataSource } from 'typeorm';
import { crudModule, crudValidationPipe, sha256Hex } from './crud-app.js';
import { ActionRow, ApiKeyRow } from './entities.js';

/**
 * The conventional build in a process of its own, as bench/src/service-process.ts runs the
 * service: CRUD_DATABASE_URL, CRUD_POOL_SIZE, CRUD_ACTIONS (how many actions to seed). Answers
 * `{ port, key, actions }` once it listens; closes on 'close'.
 */
export interface CrudServiceReady {
  port: number;
  key: string;
  actions: { id: string; revision: number }[];
}

const url = process.env.CRUD_DATABASE_URL!;
const poolSize = Number(process.env.CRUD_POOL_SIZE ?? 20);
const count = Number(process.env.CRUD_ACTIONS ?? 256);

const app = await NestFactory.create<NestExpressApplication>(crudModule(url, poolSize), { logger: ['error'] });
app.use(helmet());
app.useGlobalPipes(crudValidationPipe);
const dataSource = app.get(DataSource);

const key = `crud_${randomBytes(32).toString('base64url')}`;
await dataSource
  .getRepository(ApiKeyRow)
  .insert({ id: randomUUID(), name: 'bench manager', role: 'manager', secretSha256: sha256Hex(key), revokedAt: null });
const planId = randomUUID();
const actions = Array.from({ length: count }, (_, n) => ({
  id: randomUUID(),
  planId,
  ref: `${1 + (n % 9)}.${n}`,
  description: 'Audit written plans for children monthly and feed back to team managers.',
  owner: 'HoS',
  ragStatus: null,
  version: 1,
  updatedAt: new Date(),
}));
await dataSource.getRepository(ActionRow).insert(actions);

await app.listen(0, '127.0.0.1');
const { port } = app.getHttpServer().address() as AddressInfo;

process.on('message', (message) => {
  if (message !== 'close') return;
  void app.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('The CRUD peer could not close:', error);
      process.exit(1);
    },
  );
});
process.send!({
  port,
  key,
  actions: actions.map((action) => ({ id: action.id, revision: action.version })),
} satisfies CrudServiceReady);
