import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { hostileWorkbooks, type HostileWorkbook } from '../../libs/importer/src/testing/hostile-workbooks.js';
import { fixtureBytes, FIXTURES } from '../../libs/importer/src/write/testing/workbook-versions.js';
import { startService, type RunningService } from '../support/programs.js';
import { freshDatabase, issueKeys, storeHead, waitUntil, type FreshDatabase } from './support/reliability.js';

/** POST /imports with `bytes` as the file `name`. */
async function upload(
  baseUrl: string,
  key: string,
  name: string,
  bytes: Uint8Array,
  dryRun = true,
): Promise<{ status: number; headers: Headers; body: any }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const response = await fetch(`${baseUrl}/imports${dryRun ? '?dryRun=true' : ''}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}` },
    body: form,
    signal: AbortSignal.timeout(120_000),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

/** An upload that starts and does not finish: its headers and the start of the file are sent, the rest never is; `answered` once the service answers it (429: it got no slot). */
function heldUpload(baseUrl: string, key: string, name: string): { request: ClientRequest; answered: boolean } {
  const boundary = `held-${name}`;
  const request = httpRequest(`${baseUrl}/imports?dryRun=true`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${key}`,
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
      'Content-Length': String(1_000_000),
    },
  });
  const held = { request, answered: false };
  request.on('error', () => undefined);
  request.on('response', () => (held.answered = true));
  request.write(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\nWhy?,Who?,Does what?\r\n`,
  );
  return held;
}

const health = async (baseUrl: string): Promise<number> =>
  (await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(15_000) })).status;

/**
 * Issue #22, "Hostile input": workbooks made to exhaust a reader (one cell in column XFD on
 * 4,000 rows, zip bombs declared, packed tight and lying, 150,000 shared strings, a CSV too wide),
 * each sent to the built service's POST /imports?dryRun=true. Each is answered 413 naming the
 * file, the service keeps serving (health, a plan imported after), and a third import at once is
 * answered 429 with Retry-After while two are in flight.
 */
describe('reliability: hostile workbooks', () => {
  let database: FreshDatabase;
  let service: RunningService;
  let manager: string;
  let hostile: HostileWorkbook[];

  beforeAll(async () => {
    database = await freshDatabase('oversight_rel_hostile');
    manager = (await issueKeys(database.url)).manager.key;
    service = await startService({ DATABASE_URL: database.url, LOG_LEVEL: 'warn' });
    hostile = [
      ...(await hostileWorkbooks()),
      {
        name: 'wide.csv',
        how: 'a value in column 201',
        bytes: Buffer.from(`Why?,Who?\r\n${'x,'.repeat(200)}far\r\n`),
        code: 'TOO_LARGE',
        says: /row 2 has a value in column GS, beyond column GR/,
      },
    ];
  });

  afterAll(async () => {
    await service?.stop();
    await database?.drop();
  });

  it('refuses each with 413, naming the file and what is wrong, writes nothing, and keeps serving', async () => {
    const before = await storeHead(database.sql);
    for (const workbook of hostile) {
      const started = Date.now();
      const reply = await upload(service.baseUrl, manager, workbook.name, workbook.bytes);
      expect({ name: workbook.name, status: reply.status, type: reply.headers.get('content-type') }).toEqual({
        name: workbook.name,
        status: 413,
        type: expect.stringContaining('application/problem+json'),
      });
      expect(reply.body).toMatchObject({
        status: 413,
        code: workbook.code,
        file: workbook.name,
        detail: expect.stringMatching(new RegExp(`^${workbook.name.replace('.', '\\.')}: `)),
      });
      expect(reply.body.detail).toMatch(workbook.says);
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(await health(service.baseUrl)).toBe(200);
    }
    expect(await storeHead(database.sql)).toEqual(before);
    // A plan after them all reads and imports as ever.
    const plan = await upload(service.baseUrl, manager, FIXTURES.sdp2024, fixtureBytes(FIXTURES.sdp2024), false);
    expect(plan.status).toBe(201);
    expect(plan.body.outcome).toBe('appended');
  });

  it('answers a third import while two are in flight 429 with Retry-After, reads and writes nothing of it, and takes imports again once they end', async () => {
    const small = Buffer.from('Why?,Who?,Does what?\r\nAudit 1,HoS,Audit plans monthly\r\n');
    const held = [
      heldUpload(service.baseUrl, manager, 'held-1.csv'),
      heldUpload(service.baseUrl, manager, 'held-2.csv'),
    ];
    try {
      // Each held upload takes its slot once the service has its headers: until both have, a dry run gets through (and writes nothing);
      // a held upload that came after a probe and found no slot is answered 429, and is sent again.
      let refused: Awaited<ReturnType<typeof upload>> | null = null;
      await waitUntil('both held uploads to hold a slot', async () => {
        held.forEach((upload, i) => {
          if (upload.answered) held[i] = heldUpload(service.baseUrl, manager, `held-${i + 1}.csv`);
        });
        const reply = await upload(service.baseUrl, manager, 'third.csv', small);
        if (reply.status === 429) refused = reply;
        return refused !== null;
      });
      const before = await storeHead(database.sql);
      const third = await upload(service.baseUrl, manager, 'third.csv', small, false);
      expect(third.status).toBe(429);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(third.headers.get('content-type')).toContain('application/problem+json');
      expect(third.body).toMatchObject({
        status: 429,
        title: 'Too many requests',
        detail: expect.stringContaining('2 imports are running already'),
      });
      expect(refused!.body).toEqual(third.body);
      expect(await storeHead(database.sql)).toEqual(before);
      expect(await health(service.baseUrl)).toBe(200);
    } finally {
      for (const { request } of held) request.destroy();
    }
    // The slots of uploads abandoned half-way are given back.
    await waitUntil(
      'an import to be taken again',
      async () => (await upload(service.baseUrl, manager, 'after.csv', small)).status === 200,
    );
  });
});
