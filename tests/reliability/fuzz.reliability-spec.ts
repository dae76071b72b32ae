import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { bearer, startApi, type ApiUnderTest } from '../support/api-harness.js';
import { type Body } from '../support/api-builders.js';
import {
  createFixtures,
  ENDPOINTS,
  type Endpoint,
  type Fixtures,
  type PreparedRequest,
} from '../support/api-endpoints.js';
import { INJECTIONS } from './support/injections.js';
import { SERVER_URL, seedFor } from './support/reliability.js';

/** Runs per endpoint: about 1,500 requests in all, well under a minute. */
const RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS ?? 100);

// ---------------------------------------------------------------- arbitraries

const LONE_SURROGATES = ['\ud800', 'a\udfffb', '\udc00\ud800'];
/** Strings as an attacker or a broken client sends them. */
const nastyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      ...INJECTIONS.map((injection) => injection.text),
      ...LONE_SURROGATES,
      '',
      ' ',
      '\u0000',
      'a\u0000b',
      '\u202e\u2066',
      '\ufeff',
    ),
  },
  // Long ones: a few KB up to past the 1 MB body limit.
  fc
    .tuple(fc.constantFrom('a', 'é', '😀', ' ', '\u0000', '<'), fc.integer({ min: 1_000, max: 600_000 }))
    .map(([unit, times]) => unit.repeat(times)),
);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: nastyString },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1e308,
    2 ** 53 + 1,
    '2024-02-30',
    '2024-13-01',
    '0000-01-01',
    '9999-12-31T23:59:59Z',
    '00000000-0000-0000-0000-000000000000',
  ),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 4 }),
);

/** Ways to spoil a valid body: the request a fuzzed client sends, and how it was made. */
function bodies(endpoint: Endpoint, valid: Body): fc.Arbitrary<{ how: string; body: unknown }> {
  const fields = endpoint.fields;
  const objectFields = fields.filter((field) => typeof valid[field] === 'object' && valid[field] !== null);
  const arbitraries: fc.Arbitrary<{ how: string; body: unknown }>[] = [
    // One field replaced.
    fc
      .tuple(fc.constantFrom(...fields), anyValue)
      .map(([field, value]) => ({ how: `field ${field} replaced`, body: { ...valid, [field]: value } })),
    // Several fields replaced at once.
    fc
      .dictionary(fc.constantFrom(...fields), anyValue, { minKeys: 2, maxKeys: fields.length })
      .map((changes) => ({ how: 'several fields replaced', body: { ...valid, ...changes } })),
    // Fields left out.
    fc.subarray(fields, { minLength: 1 }).map((dropped) => ({
      how: `without ${dropped.join(', ')}`,
      body: Object.fromEntries(Object.entries(valid).filter(([field]) => !dropped.includes(field))),
    })),
    // A field no endpoint has, beside valid ones.
    fc
      .tuple(
        fc.oneof(
          fc.string({ minLength: 1, maxLength: 20 }),
          fc.constantFrom('__proto__', 'constructor', 'actor', 'id', 'revision', 'position', '$where'),
        ),
        anyValue,
      )
      .filter(([name]) => !fields.includes(name))
      .map(([name, value]) => ({
        how: `extra field ${JSON.stringify(name)}`,
        body: JSON.parse(`{${JSON.stringify(name)}:${JSON.stringify(value ?? null)},${JSON.stringify(valid).slice(1)}`),
      })),
    // Something that is not the body at all.
    fc.jsonValue({ maxDepth: 3 }).map((body) => ({ how: 'any JSON value', body })),
  ];
  if (objectFields.length > 0) {
    // Inside a nested value (a date-or-text, an evidence location, the changes of an amendment).
    arbitraries.push(
      fc
        .tuple(
          fc.constantFrom(...objectFields),
          fc.oneof(
            fc.string({ maxLength: 12 }),
            fc.constantFrom('kind', 'date', 'text', 'url', 'reference', 'description', 'owner'),
          ),
          anyValue,
        )
        .map(([field, key, value]) => ({
          how: `${field}.${key} replaced`,
          body: { ...valid, [field]: { ...(valid[field] as object), [key]: value } },
        })),
    );
  }
  return fc.oneof(...arbitraries);
}

// ---------------------------------------------------------------- the property

/**
 * Property-based fuzzing of every write endpoint (the table in tests/support/api-endpoints.ts):
 * whatever the body, the service never answers 5xx; a refusal is problem details (a 400 names
 * the fields at fault) and leaves the store and the idempotency records as they were; an
 * acceptance appends exactly the events it reports. The workbook importer is fuzzed separately.
 */
describe('reliability: fuzzing every write endpoint', () => {
  const seed = seedFor('fuzz');
  let api: ApiUnderTest;
  let fixtures: Fixtures;

  beforeAll(async () => {
    process.env.DATABASE_URL = SERVER_URL;
    api = await startApi();
    fixtures = await createFixtures(api);
  });
  afterAll(async () => {
    await api?.close();
  });

  const head = async () => {
    const [row] = await api.oversight.readDatabase.query(
      'SELECT (SELECT count(*) FROM oversight_events) AS events, (SELECT max(position) FROM oversight_events) AS position, (SELECT count(*) FROM oversight_idempotency_records) AS records',
    );
    return { events: Number(row.events), position: Number(row.position), records: Number(row.records) };
  };

  const send = (request: PreparedRequest, body: unknown, idempotencyKey: string) => {
    const test = api.http
      .post(request.path)
      .set(bearer(api.keys.manager))
      .set('Content-Type', 'application/json')
      .set('Idempotency-Key', idempotencyKey);
    if (request.ifMatch !== null) test.set('If-Match', `"${request.ifMatch}"`);
    return test.send(JSON.stringify(body));
  };

  it.each<[string, Endpoint]>(ENDPOINTS.map((endpoint) => [endpoint.name, endpoint]))(
    '%s: never 5xx; a refusal names its fields and writes nothing',
    async (_, endpoint) => {
      let request = await endpoint.prepare(api, fixtures);
      let sent = 0;
      const seen = new Map<number, number>();
      const property = fc.asyncProperty(bodies(endpoint, request.body), async ({ how, body }) => {
        sent += 1;
        const before = await head();
        const response = await send(request, body, `fuzz-${seed}-${ENDPOINTS.indexOf(endpoint)}-${sent}`);
        seen.set(response.status, (seen.get(response.status) ?? 0) + 1);
        const after = await head();
        const context = { how, status: response.status, answer: response.body };
        // Never a server error, whatever was sent.
        expect({ ...context, serverError: response.status >= 500 }).toEqual({ ...context, serverError: false });
        if (response.status >= 400) {
          // Refused: problem details, and nothing written anywhere (no event, no idempotency record left).
          expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(response.body).toMatchObject({
            status: response.status,
            type: expect.any(String),
            title: expect.any(String),
            detail: expect.any(String),
          });
          expect({ ...context, after }).toEqual({ ...context, after: before });
          if (response.status === 400 && isObject(body)) {
            // A wrong body: the answer names each field at fault, and only fields of the body.
            const named: string[] = (response.body.errors ?? []).map((error: { field: string }) => error.field);
            expect({ ...context, namesAField: named.length > 0 }).toEqual({ ...context, namesAField: true });
            const known = (name: string) =>
              name in body ||
              endpoint.fields.some(
                (field) => name === field || name.startsWith(`${field}.`) || name.startsWith(`${field}[`),
              );
            for (const field of named)
              expect({ ...context, field, known: known(field) }).toEqual({ ...context, field, known: true });
          }
          return;
        }
        // Accepted: what it reports appended is what was appended; go on with a fresh resource.
        expect({ ...context, appended: after.events - before.events }).toEqual({
          ...context,
          appended: response.body.events.length,
        });
        request = await endpoint.prepare(api, fixtures);
      });
      try {
        await fc.assert(property, { seed, numRuns: RUNS, endOnFailure: false, interruptAfterTimeLimit: 120_000 });
      } finally {
        process.stdout.write(
          `${endpoint.name}: ${sent} requests, statuses ${JSON.stringify(Object.fromEntries(seen))}\n`,
        );
      }
    },
  );
});

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
