import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, BY_TESTS, startApi, type ApiUnderTest } from './support/api-harness.js';
import {
  allEvents,
  eventCount,
  expectNothingAppended,
  expectProblem,
  keyIdOf,
  unknownKey,
} from './support/api-builders.js';
import {
  createFixtures,
  ENDPOINTS,
  send,
  UPDATE_ENDPOINTS,
  type Endpoint,
  type Fixtures,
} from './support/api-endpoints.js';

type Credential = 'none' | 'bad key' | 'revoked key' | 'manager' | 'admin' | 'auditor' | 'inspector';
const CREDENTIALS: Credential[] = ['none', 'bad key', 'revoked key', 'manager', 'admin', 'auditor', 'inspector'];

/** What each credential gets on a write: the endpoint's success for writers. */
const expectedStatus = (credential: Credential, endpoint: Endpoint): number =>
  ({
    none: 401,
    'bad key': 401,
    'revoked key': 401,
    manager: endpoint.success,
    admin: endpoint.success,
    auditor: 403,
    inspector: 403,
  })[credential];

/** Who may call what, and what the API says about itself. */
describe('command API: access', () => {
  let api: ApiUnderTest;
  let fixtures: Fixtures;
  let revokedKey: string;

  beforeAll(async () => {
    // Every bad key of the matrix comes from this one address: refusing it after 30 is tested apart (operator-logs).
    api = await startApi({ AUTH_FAILURES_ALLOWED: '0' });
    fixtures = await createFixtures(api);
    const issued = await api.apiKeys.create('revoked manager', 'manager', BY_TESTS);
    expect(await api.apiKeys.revoke(issued.id, BY_TESTS)).toBe(true);
    revokedKey = issued.key;
  });
  afterAll(async () => {
    await api?.close();
  });

  const headersFor = (credential: Credential): Record<string, string> => {
    switch (credential) {
      case 'none':
        return {};
      case 'bad key':
        return bearer(unknownKey());
      case 'revoked key':
        return bearer(revokedKey);
      default:
        return bearer(api.keys[credential]);
    }
  };

  describe('every endpoint × every credential', () => {
    const table = ENDPOINTS.flatMap((endpoint) =>
      CREDENTIALS.map(
        (credential) =>
          [endpoint.name, credential, expectedStatus(credential, endpoint), endpoint] as [
            string,
            Credential,
            number,
            Endpoint,
          ],
      ),
    );

    it.each(table)('%s as %s → %i', async (_, credential, status, endpoint) => {
      const request = await endpoint.prepare(api, fixtures);
      if (status >= 400) {
        const response = await expectNothingAppended(api, () => send(api, request, headersFor(credential)));
        expectProblem(response, status);
        return;
      }
      const before = await eventCount(api);
      const response = await send(api, request, headersFor(credential));
      expect({ status: response.status, body: response.body }).toMatchObject({ status, body: {} });
      expect(response.body.events.length).toBeGreaterThan(0);
      expect(await eventCount(api)).toBe(before + response.body.events.length);
      // The writer is the key's holder.
      const [last] = (await allEvents(api)).slice(-1);
      expect(last!.metadata.actor).toEqual({
        id: keyIdOf(api.keys[credential as 'manager' | 'admin']),
        name: `test ${credential}`,
        role: credential,
      });
    });
  });

  describe('credentials that are not keys', () => {
    const malformed: [string, () => Record<string, string>][] = [
      ['a garbage bearer token', () => ({ Authorization: 'Bearer not-a-key' })],
      ['an empty bearer', () => ({ Authorization: 'Bearer ' })],
      ['Basic auth', () => ({ Authorization: `Basic ${Buffer.from('manager:secret').toString('base64')}` })],
      ['a key without "Bearer"', () => ({ Authorization: api.keys.manager })],
      ['a live key id with a wrong secret', () => bearer(`ovk_${keyIdOf(api.keys.manager)}_${'B'.repeat(43)}`)],
    ];

    it.each(malformed)('%s: 401, nothing appended', async (_, headers) => {
      const response = await expectNothingAppended(api, () =>
        api.http.post('/sources').set(headers()).send({ kind: 'other', title: 'Not allowed' }),
      );
      expectProblem(response, 401);
    });

    it('a key revoked while in use stops working at once', async () => {
      const issued = await api.apiKeys.create('soon revoked', 'manager', BY_TESTS);
      expect(
        (await api.http.post('/sources').set(bearer(issued.key)).send({ kind: 'other', title: 'Before revocation' }))
          .status,
      ).toBe(201);
      await api.apiKeys.revoke(issued.id, BY_TESTS);
      const response = await expectNothingAppended(api, () =>
        api.http.post('/sources').set(bearer(issued.key)).send({ kind: 'other', title: 'After revocation' }),
      );
      expectProblem(response, 401);
    });

    it('a 401 comes before validation: a bad body without a key is 401, not 400', async () => {
      const response = await expectNothingAppended(api, () => api.http.post('/sources').send({ nonsense: true }));
      expectProblem(response, 401);
    });

    it('a 403 comes before validation: a bad body from an auditor is 403, not 400', async () => {
      const response = await expectNothingAppended(api, () =>
        api.http.post('/sources').set(bearer(api.keys.auditor)).send({ nonsense: true }),
      );
      expectProblem(response, 403);
    });
  });

  describe('public routes', () => {
    it('GET /health without a key: 200', async () => {
      const response = await api.http.get('/health');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ status: 'ok' });
    });

    it('GET /docs-json: 401 without a key, the OpenAPI document with one', async () => {
      const refused = await api.http.get('/docs-json');
      expect(refused.status).toBe(401);
      expect(refused.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(JSON.stringify(refused.body)).not.toContain('openapi');
      expect((await api.http.get('/docs-json').set(bearer(unknownKey()))).status).toBe(401);
      const response = await api.http.get('/docs-json').set(bearer(api.keys.inspector));
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/json/);
      expect(response.body.openapi).toMatch(/^3\./);
    });

    it('GET /docs: a browser without a session is sent to sign-in; with a key, the page', async () => {
      const browser = await api.http.get('/docs').set('Accept', 'text/html');
      expect(browser.status).toBe(303);
      expect(browser.headers.location).toBe('/sign-in?returnTo=%2Fdocs');
      const response = await api.http.get('/docs').set(bearer(api.keys.auditor)).redirects(2);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/html/);
    });

    it('with DOCS_PUBLIC=true, the API description answers without a key', async () => {
      const open = await startApi({ DOCS_PUBLIC: 'true' });
      try {
        expect((await open.http.get('/docs-json')).body.openapi).toMatch(/^3\./);
        expect((await open.http.get('/docs').redirects(2)).status).toBe(200);
      } finally {
        await open.close();
      }
    });
  });

  describe('the OpenAPI document', () => {
    let document: any;
    beforeAll(async () => {
      document = (await api.http.get('/docs-json').set(bearer(api.keys.inspector))).body;
    });

    /** Path parameters may be named as the implementer likes: compare with them blanked. */
    const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}');
    const operation = (endpoint: Endpoint) => {
      const path = Object.keys(document.paths ?? {}).find(
        (candidate) => shape(candidate) === shape(endpoint.openApiPath),
      );
      return path === undefined ? undefined : document.paths[path].post;
    };
    /** Follows $ref (and allOf) to the properties and required list of a schema. */
    const resolve = (schema: any): { properties: Record<string, unknown>; required: string[] } => {
      if (!schema) return { properties: {}, required: [] };
      if (schema.$ref)
        return resolve(document.components.schemas[String(schema.$ref).replace('#/components/schemas/', '')]);
      const parts = (schema.allOf ?? []).map(resolve);
      return {
        properties: Object.assign(
          {},
          ...parts.map((part: { properties: object }) => part.properties),
          schema.properties ?? {},
        ),
        required: [...parts.flatMap((part: { required: string[] }) => part.required), ...(schema.required ?? [])],
      };
    };

    it.each<[string, Endpoint]>(ENDPOINTS.map((endpoint) => [endpoint.name, endpoint]))(
      'lists %s with its request body schema',
      (_, endpoint) => {
        const post = operation(endpoint);
        expect({ path: endpoint.openApiPath, listed: post !== undefined }).toEqual({
          path: endpoint.openApiPath,
          listed: true,
        });
        const body = resolve(post.requestBody?.content?.['application/json']?.schema);
        expect(Object.keys(body.properties).sort()).toEqual([...endpoint.fields].sort());
        expect([...new Set(body.required)].sort()).toEqual([...endpoint.required].sort());
        expect(Object.keys(post.responses)).toContain(String(endpoint.success));
      },
    );

    it.each<[string, Endpoint]>(ENDPOINTS.map((endpoint) => [endpoint.name, endpoint]))(
      '%s documents 400, 401 and 403',
      (_, endpoint) => {
        expect(Object.keys(operation(endpoint)?.responses ?? {})).toEqual(
          expect.arrayContaining(['400', '401', '403']),
        );
      },
    );

    it.each<[string, Endpoint]>(UPDATE_ENDPOINTS.map((endpoint) => [endpoint.name, endpoint]))(
      '%s documents 400, 401, 403, 409 and 428, and the If-Match header',
      (_, endpoint) => {
        const post = operation(endpoint);
        expect(Object.keys(post?.responses ?? {})).toEqual(expect.arrayContaining(['400', '401', '403', '409', '428']));
        const headers = (post?.parameters ?? [])
          .filter((parameter: any) => parameter.in === 'header')
          .map((parameter: any) => String(parameter.name).toLowerCase());
        expect(headers).toContain('if-match');
      },
    );

    it('documents bearer authentication', () => {
      const schemes = Object.values(document.components?.securitySchemes ?? {}) as { type: string; scheme?: string }[];
      expect(schemes).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'http', scheme: 'bearer' })]));
    });
  });
});
