import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, BY_TESTS, startApi, type ApiUnderTest } from '../support/api-harness.js';
import { verifyEventStore } from '#event-store';
import {
  allEvents,
  createAction,
  createRecommendation,
  expectNothingAppended,
  expectProblem,
  readAs,
  unknownKey,
  type Body,
} from '../support/api-builders.js';
import { createFixtures, ENDPOINTS, type Endpoint, type Fixtures } from '../support/api-endpoints.js';
import { INJECTIONS, UNSTORABLE } from './support/injections.js';
import { SERVER_URL } from './support/reliability.js';

type Credential = 'none' | 'bad key' | 'revoked key' | 'manager' | 'admin' | 'auditor' | 'inspector';
const CREDENTIALS: Credential[] = ['none', 'bad key', 'revoked key', 'manager', 'admin', 'auditor', 'inspector'];
const ROLES_THAT_READ: Credential[] = ['manager', 'admin', 'auditor', 'inspector'];

/** The free-text fields of each write endpoint (paths into the body), where any text must be kept as sent. */
const TEXT_FIELDS: Record<string, string[]> = {
  'POST /sources': ['title'],
  'POST /sources/:sourceId/recommendations': ['reference', 'text'],
  'POST /plans': ['title', 'owner', 'board', 'reviewFrequency'],
  'POST /actions': [
    'ref',
    'description',
    'owner',
    'dltLead',
    'successMeasure',
    'experienceOfChildren',
    'theme',
    'start.text',
    'due.text',
  ],
  'POST /actions/:actionId/reassign': ['to', 'reason'],
  'POST /actions/:actionId/status': ['reason'],
  'POST /actions/:actionId/due-date': ['to.text', 'reason'],
  'POST /actions/:actionId/amend': ['changes.description', 'reason'],
  'POST /actions/:actionId/retain': ['reason'],
  'POST /actions/:actionId/complete': ['reason'],
  'POST /actions/:actionId/reopen': ['reason'],
  'POST /actions/:actionId/carry-forward': ['reason'],
  'POST /actions/:actionId/withdraw': ['reason'],
  'POST /actions/:actionId/comments': ['text'],
  'POST /actions/:actionId/evidence': ['title'],
  'POST /recommendations/:recommendationId/link': ['reason'],
  'POST /recommendations/:recommendationId/unlink': ['reason'],
};

/** `body` with the text at `path` (`due.text` makes `due` a text date-or-text). */
function withText(body: Body, path: string, text: string): Body {
  const [field, inner] = path.split('.') as [string, string | undefined];
  if (!inner) return { ...body, [field]: text };
  const nested = { ...((body[field] as Body | undefined) ?? {}), [inner]: text };
  if (inner === 'text') {
    Object.assign(nested, { kind: 'text' });
    delete nested.date;
  }
  return { ...body, [field]: nested };
}

/** Every string anywhere in a value. */
const stringsIn = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : Array.isArray(value)
      ? value.flatMap(stringsIn)
      : value && typeof value === 'object'
        ? Object.values(value).flatMap(stringsIn)
        : [];

/**
 * Who may read what, and hostile text. tests/api-access.e2e-spec.ts covers every write endpoint ×
 * every credential; this adds every read endpoint × every credential (and X-API-Key beside
 * Bearer), and sends injection strings in every free-text field of every write endpoint: each is
 * stored and read back exactly as sent (event, audit log, CSV export neutralised) and does nothing.
 */
describe('reliability: access to every endpoint, and hostile text', () => {
  let api: ApiUnderTest;
  let fixtures: Fixtures;
  let revokedKey: string;
  let reads: [string, string][];
  /** Reads only admins may make. */
  const adminReads: [string, string][] = [
    ['GET /sign-ins', '/sign-ins'],
    ['GET /access-log', '/access-log'],
    ['GET /access-log?format=csv', '/access-log?format=csv'],
  ];
  /** Reads only auditors and admins may make: the audit log shows every change by everyone. */
  const auditReads: [string, string][] = [
    ['GET /audit-log', '/audit-log'],
    ['GET /audit-log?format=csv', '/audit-log?format=csv'],
  ];

  beforeAll(async () => {
    process.env.DATABASE_URL = SERVER_URL;
    // Every bad key of the matrix comes from this one address: refusing it after 30 is tested apart (operator-logs).
    api = await startApi({ AUTH_FAILURES_ALLOWED: '0' });
    fixtures = await createFixtures(api);
    const issued = await api.apiKeys.create('revoked reader', 'auditor', BY_TESTS);
    await api.apiKeys.revoke(issued.id, BY_TESTS);
    revokedKey = issued.key;
    const recommendation = await createRecommendation(api, { sourceId: fixtures.sourceId });
    const action = await createAction(api, {
      planId: fixtures.planId,
      sourceId: fixtures.sourceId,
      recommendationId: recommendation.id,
    });
    // An evidence document, so its download is in the matrix too.
    const attached = await api.http
      .post(`/actions/${action.id}/evidence/documents`)
      .set(bearer(api.keys.manager))
      .set('If-Match', `"${action.revision}"`)
      .field('title', 'Minutes')
      .field('kind', 'minutes')
      .field('date', '2024-05-14')
      .attach('file', Buffer.from('%PDF-1.7\n%%EOF\n'), { filename: 'minutes.pdf' });
    reads = [
      ['GET /actions/:id', `/actions/${action.id}`],
      [
        'GET /actions/:id/evidence/:id/document',
        `${attached.headers.location as string}?waitFor=${attached.body.position as number}`,
      ],
      ['GET /actions/:id/timeline', `/actions/${action.id}/timeline`],
      ['GET /plans/:id/state', `/plans/${fixtures.planId}/state`],
      ['GET /plans/:id/changes', `/plans/${fixtures.planId}/changes?since=2020-01-01`],
      ['GET /recommendations/:id/history', `/recommendations/${recommendation.id}/history`],
      ['GET /recommendations/:id', `/recommendations/${recommendation.id}`],
      ['GET /recommendations/:id/timeline', `/recommendations/${recommendation.id}/timeline`],
      ['GET /sources/:id/timeline', `/sources/${fixtures.sourceId}/timeline`],
      ['GET /sources/accountability', '/sources/accountability'],
      ['GET /sources', '/sources'],
      ['GET /plans', '/plans'],
      ['GET /plans/:id', `/plans/${fixtures.planId}`],
      ['GET /plans/:id/export.xlsx', `/plans/${fixtures.planId}/export.xlsx`],
      ['GET /plans/:id/report', `/plans/${fixtures.planId}/report`],
    ];
  });
  afterAll(async () => {
    await api?.close();
  });

  const headersFor = (credential: Credential): Record<string, string> =>
    credential === 'none'
      ? {}
      : credential === 'bad key'
        ? bearer(unknownKey())
        : credential === 'revoked key'
          ? bearer(revokedKey)
          : bearer(api.keys[credential]);

  describe('every read endpoint × every credential', () => {
    it('lists every GET route the API documents (so a new one cannot escape this matrix)', async () => {
      const documented = Object.entries(
        (await api.http.get('/docs-json').set(bearer(api.keys.auditor))).body.paths as Record<string, object>,
      )
        .filter(([, operations]) => 'get' in operations)
        .map(([path]) => path.replace(/\{[^}]+\}/g, ':id'));
      const covered = new Set(
        [...reads, ...adminReads, ...auditReads].map(([name]) => name.replace(/^GET /, '').replace(/\?.*$/, '')),
      );
      const publicRoutes = ['/health', '/health/live', '/health/ready'];
      expect(documented.filter((path) => !covered.has(path) && !publicRoutes.includes(path))).toEqual([]);
    });

    it.each(CREDENTIALS)('as %s: 200 for every role, 401 otherwise, and nothing appended', async (credential) => {
      const expected = ROLES_THAT_READ.includes(credential) ? 200 : 401;
      for (const [name, path] of reads) {
        const response = await expectNothingAppended(api, () => api.http.get(path).set(headersFor(credential)));
        expect({ name, status: response.status }).toEqual({ name, status: expected });
        if (expected === 401) {
          expectProblem(response, 401);
          expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
        }
      }
    });

    it.each(CREDENTIALS)(
      'as %s: the admins-only reads are 200 for admins, 403 for the other roles, 401 otherwise, and nothing appended',
      async (credential) => {
        const expected = credential === 'admin' ? 200 : ROLES_THAT_READ.includes(credential) ? 403 : 401;
        for (const [name, path] of adminReads) {
          const response = await expectNothingAppended(api, () => api.http.get(path).set(headersFor(credential)));
          expect({ name, status: response.status }).toEqual({ name, status: expected });
        }
      },
    );

    it.each(CREDENTIALS)(
      'as %s: the audit log is 200 for auditors and admins, 403 for managers and inspectors, 401 otherwise, and nothing appended',
      async (credential) => {
        const expected =
          credential === 'auditor' || credential === 'admin' ? 200 : ROLES_THAT_READ.includes(credential) ? 403 : 401;
        for (const [name, path] of auditReads) {
          const response = await expectNothingAppended(api, () => api.http.get(path).set(headersFor(credential)));
          expect({ name, status: response.status }).toEqual({ name, status: expected });
          if (expected !== 200) expectProblem(response, expected);
        }
      },
    );

    it('public routes answer without a key', async () => {
      for (const path of ['/health', '/health/live', '/health/ready'])
        expect({ path, status: (await api.http.get(path)).status }).toEqual({ path, status: 200 });
      // The API description maps every route: only with a key (DOCS_PUBLIC=true opens it).
      expect((await api.http.get('/docs-json')).status).toBe(401);
    });

    it('X-API-Key works as Bearer does: reads for every role, writes for managers and admins only', async () => {
      for (const role of ['manager', 'admin', 'auditor', 'inspector'] as const) {
        expect((await api.http.get('/sources/accountability').set('X-API-Key', api.keys[role])).status).toBe(200);
        const write = await api.http
          .post('/sources')
          .set('X-API-Key', api.keys[role])
          .send({ kind: 'other', title: `Written with X-API-Key by ${role}` });
        expect({ role, status: write.status }).toEqual({
          role,
          status: role === 'manager' || role === 'admin' ? 201 : 403,
        });
      }
      expectProblem(await api.http.get('/audit-log').set('X-API-Key', revokedKey), 401);
    });
  });

  describe('injection strings in every free-text field', () => {
    const cases = ENDPOINTS.flatMap((endpoint) =>
      INJECTIONS.map(
        (injection) => [endpoint.name, injection.name, endpoint, injection.text] as [string, string, Endpoint, string],
      ),
    );

    it('names a text-field list for every write endpoint', () => {
      expect(Object.keys(TEXT_FIELDS).sort()).toEqual(ENDPOINTS.map((endpoint) => endpoint.name).sort());
    });

    it.each(cases)('%s, %s: stored verbatim, read back verbatim', async (_, __, endpoint, text) => {
      const request = await endpoint.prepare(api, fixtures);
      const body = TEXT_FIELDS[endpoint.name]!.reduce((current, path) => withText(current, path, text), request.body);
      const test = api.http.post(request.path).set(bearer(api.keys.manager));
      if (request.ifMatch !== null) test.set('If-Match', `"${request.ifMatch}"`);
      const response = await test.send(body);
      expect({ status: response.status, body: response.body }).toMatchObject({ status: endpoint.success });

      // Stored: the event holds the text exactly, once per field it went into.
      const [event] = (await allEvents(api)).filter((candidate) => candidate.position === response.body.position);
      const fields = TEXT_FIELDS[endpoint.name]!;
      if (fields.some((path) => path !== 'reason')) expect(stringsIn(event!.data)).toContain(text);
      if (fields.includes('reason')) expect(event!.metadata.reason).toBe(text);

      // Read back: the audit log entry of that event carries it unchanged.
      const log = await readAs(
        api,
        `/audit-log?stream=${encodeURIComponent(event!.streamId)}&waitFor=${event!.position}`,
      );
      expect(log.status).toBe(200);
      const entry = (log.body.entries as { position: number }[]).find(
        (candidate) => candidate.position === event!.position,
      );
      expect(stringsIn(entry)).toContain(text);
    });

    it('an action full of hostile text reads back verbatim in its view, and the CSV export defuses formulas', async () => {
      const formula = INJECTIONS.find((injection) => injection.name === 'CSV formula')!.text;
      const script = INJECTIONS.find((injection) => injection.name === 'HTML script')!.text;
      const sql = INJECTIONS.find((injection) => injection.name === 'SQL: quote and statement')!.text;
      const action = await createAction(api, {
        planId: fixtures.planId,
        sourceId: fixtures.sourceId,
        description: script,
        owner: sql,
        theme: formula,
      });
      const comment = await api.http
        .post(`/actions/${action.id}/comments`)
        .set(bearer(api.keys.manager))
        .set('If-Match', '"0"')
        .send({ text: formula });
      expect(comment.status).toBe(201);
      const status = await api.http
        .post(`/actions/${action.id}/status`)
        .set(bearer(api.keys.manager))
        .set('If-Match', '"1"')
        .send({ to: 'red', reason: formula });
      expect(status.status).toBe(200);

      const view = await readAs(api, `/actions/${action.id}`).set('X-Wait-For-Position', String(status.body.position));
      expect(view.status).toBe(200);
      expect(view.headers['content-type']).toMatch(/^application\/json/);
      expect(view.body).toMatchObject({ description: script, owner: sql });
      expect(stringsIn(view.body)).toEqual(expect.arrayContaining([formula, script, sql]));

      const csv = await readAs(api, `/audit-log?format=csv&stream=action-${action.id}`);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      // No cell of the export starts with a formula character; the text itself is kept after the guard.
      const cells = csv.text.split(/\r\n/).flatMap((line) => line.split(','));
      expect(cells.filter((cell) => /^"?[=+@-]/.test(cell) && !/^"?-?\d/.test(cell))).toEqual([]);
      // The reason has a column of its own: there the guard (a leading ') shows, and the text follows unchanged.
      expect(csv.text.split('\r\n').find((line) => line.includes(',RagStatusChanged,'))).toContain(`,'${formula},`);
    });
  });

  it('after all of it, every table is there and every hash chain holds', async () => {
    const tables = await api.oversight.readDatabase.query(
      "SELECT count(*) AS n FROM pg_tables WHERE tablename IN ('oversight_events', 'rm_actions', 'rm_audit_log', 'oversight_api_keys')",
    );
    expect(Number(tables[0].n)).toBe(4);
    const report = await verifyEventStore(api.oversight.connected.storedEvents);
    expect(report.firstBroken).toBeNull();
    expect(report.events).toBeGreaterThan(ENDPOINTS.length * INJECTIONS.length);
  });

  describe('text PostgreSQL cannot store', () => {
    const cases = ENDPOINTS.flatMap((endpoint) =>
      UNSTORABLE.map(
        (unstorable) =>
          [endpoint.name, unstorable.name, endpoint, unstorable.text] as [string, string, Endpoint, string],
      ),
    );

    it.each(cases)(
      '%s, %s in every text field: 400 naming the fields, nothing appended',
      async (_, __, endpoint, text) => {
        const request = await endpoint.prepare(api, fixtures);
        for (const path of TEXT_FIELDS[endpoint.name]!) {
          const test = api.http.post(request.path).set(bearer(api.keys.manager));
          if (request.ifMatch !== null) test.set('If-Match', `"${request.ifMatch}"`);
          const response = await expectNothingAppended(api, () => test.send(withText(request.body, path, text)));
          expect({ path, status: response.status }).toEqual({ path, status: 400 });
          expectProblem(response, 400, [path]);
        }
      },
    );
  });
});
