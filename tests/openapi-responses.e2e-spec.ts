import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  fixtureBytes,
  FIXTURES,
  laterVersionOf2024Plan,
} from '../libs/importer/src/write/testing/workbook-versions.js';
import { createAction, createRecommendation, lastPosition, postUpdate, readAs } from './support/api-builders.js';
import { bearer, startApi, type ApiUnderTest } from './support/api-harness.js';

/** The parts of an OpenAPI 3.0 schema the service's description uses. */
interface Schema {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

interface Answer {
  $ref?: string;
  content?: Record<string, { schema?: Schema }>;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, Answer> }>>;
  components: { schemas: Record<string, Schema>; responses?: Record<string, Answer> };
}

/**
 * Where `value` departs from `schema`: a required property missing, a property the schema does not
 * name, a null where none is allowed, a value of another type or outside its enum. Followed into
 * every object and array, so the description is held to the whole answer, not its top level.
 */
function departures(document: OpenApiDocument, schema: Schema, value: unknown, at: string): string[] {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = document.components.schemas[name];
    if (!target) return [`${at}: ${schema.$ref} is not in the document`];
    return departures(document, { ...target, nullable: schema.nullable || target.nullable }, value, at);
  }
  if (value === null) return schema.nullable ? [] : [`${at}: null, which the schema does not allow`];
  if (schema.allOf) return schema.allOf.flatMap((part) => departures(document, part, value, at));
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives)
    return alternatives.some((part) => departures(document, part, value, at).length === 0)
      ? []
      : [`${at}: matches none of its alternatives`];
  if (schema.enum && !schema.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} is not one of its enum`];
  switch (schema.type) {
    case 'string':
      return typeof value === 'string' ? [] : [`${at}: ${JSON.stringify(value)} is not a string`];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at}: ${JSON.stringify(value)} is not an integer`];
    case 'number':
      return typeof value === 'number' ? [] : [`${at}: ${JSON.stringify(value)} is not a number`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: ${JSON.stringify(value)} is not a boolean`];
    case 'array':
      if (!Array.isArray(value)) return [`${at}: not an array`];
      return value.flatMap((item, index) =>
        schema.items ? departures(document, schema.items, item, `${at}[${index}]`) : [],
      );
    default:
      break;
  }
  if (schema.type === 'object' || schema.properties || schema.additionalProperties !== undefined) {
    if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: not an object`];
    const record = value as Record<string, unknown>;
    const properties = schema.properties ?? {};
    const found: string[] = [];
    for (const name of schema.required ?? [])
      if (!(name in record)) found.push(`${at}.${name}: required by the schema, missing from the answer`);
    for (const [name, item] of Object.entries(record)) {
      const property = properties[name];
      if (property) found.push(...departures(document, property, item, `${at}.${name}`));
      else if (typeof schema.additionalProperties === 'object')
        found.push(...departures(document, schema.additionalProperties, item, `${at}.${name}`));
      else if (schema.additionalProperties !== true) found.push(`${at}.${name}: in the answer, not in the schema`);
    }
    return found;
  }
  return [`${at}: the schema says nothing of its type`];
}

/** The schema the document gives an operation's answer of this status and media type. */
function schemaOf(
  document: OpenApiDocument,
  path: string,
  status: number,
  mediaType: string,
  method = 'get',
): Schema | undefined {
  const answer = document.paths[path]?.[method]?.responses[String(status)];
  const shared = answer?.$ref
    ? document.components.responses?.[answer.$ref.replace('#/components/responses/', '')]
    : answer;
  return shared?.content?.[mediaType]?.schema;
}

/** An object of the schema's own examples, one level deep (nested objects as null where allowed, else left out). */
function schemaExample(document: OpenApiDocument, name: string): Record<string, unknown> {
  const schema = document.components.schemas[name]!;
  return Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([key, property]) => [
      key,
      (property as { example?: unknown }).example ?? (property.nullable ? null : property.type === 'string' ? 'x' : 0),
    ]),
  );
}

/** GET operations whose success answers no JSON, left out of the comparison: files and binary downloads. */
const NOT_JSON = new Set(['/plans/{planId}/export.xlsx', '/actions/{actionId}/evidence/{evidenceId}/document']);

/**
 * The API description says what each read answers; this holds it to what the service really
 * answers. Every GET answering JSON is called on data an import and the API wrote, and its answer
 * compared with its documented schema, all the way down: documentation that drifts from the code fails here.
 */
describe('the API description of answers', () => {
  let api: ApiUnderTest;
  let document: OpenApiDocument;
  const ids = {} as Record<'plan' | 'action' | 'source' | 'recommendation' | 'linked', string>;
  const checked = new Set<string>();

  /** Asks `path` (documented as `documented`) and compares the answer with its schema. */
  async function expectDocumented(documented: string, path: string, key = api.keys.admin, status = 200) {
    const response = await readAs(api, path, key).set('X-Wait-For-Position', String(await lastPosition(api)));
    expect({ path, status: response.status }).toEqual({ path, status });
    const mediaType = status < 400 ? 'application/json' : 'application/problem+json';
    expect(response.headers['content-type']).toContain(mediaType);
    const schema = schemaOf(document, documented, status, mediaType);
    expect({ path, documented: schema !== undefined }).toEqual({ path, documented: true });
    expect({ path, departures: departures(document, schema!, response.body, 'answer') }).toEqual({
      path,
      departures: [],
    });
    checked.add(documented);
    return response.body;
  }

  beforeAll(async () => {
    api = await startApi();
    const docs = await api.http.get('/docs-json').set(bearer(api.keys.auditor));
    expect(docs.status).toBe(200);
    document = docs.body as OpenApiDocument;
  });
  // Apart from the start, so each has the hook's time of its own on a busy machine.
  beforeAll(async () => {
    // A real plan from a workbook (its later version is the import's own case).
    const imported = await api.http
      .post('/imports')
      .set(bearer(api.keys.manager))
      .attach('file', fixtureBytes(FIXTURES.sdp2024), FIXTURES.sdp2024);
    expect(imported.status).toBe(201);
    ids.plan = imported.body.summary.plan.id;

    // An action on a recommendation linked with another, with a comment, evidence and a status change.
    const recommendation = await createRecommendation(api);
    ids.recommendation = recommendation.id;
    ids.source = recommendation.sourceId;
    const other = await createRecommendation(api, {
      sourceId: recommendation.sourceId,
      reference: 'Ofsted recommendation 2',
      text: 'Improve the timeliness of return home interviews for children who go missing.',
    });
    ids.linked = other.id;
    const linked = await api.http
      .post(`/recommendations/${other.id}/link`)
      .set(bearer(api.keys.manager))
      .set('If-Match', String(other.revision))
      .send({ survivorId: recommendation.id, reason: 'The 2024 plan restates recommendation 2 as part of 1' });
    expect(linked.status).toBe(200);
    const action = await createAction(api, {
      planId: ids.plan,
      sourceId: recommendation.sourceId,
      recommendationId: recommendation.id,
    });
    ids.action = action.id;
    let revision = action.revision;
    for (const [verb, body] of [
      ['comments', { text: 'June: monthly care plan audits completed; findings shared with team managers.' }],
      [
        'evidence',
        {
          title: 'DLT minutes, 12 March 2024',
          kind: 'minutes',
          location: { kind: 'link', url: 'https://example.org/dlt/2024-03-12.pdf' },
          date: '2024-03-12',
        },
      ],
      ['status', { to: 'green', reason: 'Audits monthly; no barriers' }],
    ] as const) {
      const written = await postUpdate(api, action.id, verb, body, revision);
      expect(written.status).toBeLessThan(300);
      revision = written.body.revision;
    }
    // A sign-in and a refusal, for the admins' list.
    await api.http.post('/sign-in').type('form').send({ apiKey: api.keys.manager });
    await api.http.post('/sign-in').type('form').send({ apiKey: 'ovk_not_a_key' });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('answers POST /imports as documented, a dry run (200) and a real import (201)', async () => {
    const later = await laterVersionOf2024Plan();
    for (const [query, status] of [
      ['?dryRun=true', 200],
      ['', 201],
    ] as const) {
      const response = await api.http
        .post(`/imports${query}`)
        .set(bearer(api.keys.manager))
        .attach('file', later, 'sdp-2024-25-july.xlsx');
      expect(response.status).toBe(status);
      const schema = schemaOf(document, '/imports', status, 'application/json', 'post');
      expect(schema).toBeDefined();
      expect(response.body.outcome).toBe(status === 200 ? 'dry-run' : 'appended');
      // A later version: changed actions and a status change, so the summary's every list has lines to compare.
      expect(response.body.summary.actions.changed.length).toBeGreaterThan(0);
      expect(response.body.summary.statuses.changes.length).toBeGreaterThan(0);
      expect(departures(document, schema!, response.body, 'answer')).toEqual([]);
    }
  });

  it('answers every plan read as documented', async () => {
    expect((await expectDocumented('/plans', '/plans')).length).toBe(1);
    await expectDocumented('/plans/{planId}', `/plans/${ids.plan}?status=amber&page=1&pageSize=5`);
    const state = await expectDocumented('/plans/{planId}/state', `/plans/${ids.plan}/state`);
    expect(state.actions.some((action: { lastComment: unknown }) => action.lastComment !== null)).toBe(true);
    await expectDocumented('/plans/{planId}/state', `/plans/${ids.plan}/state?asOf=2024-09-30`);
    const changes = await expectDocumented('/plans/{planId}/changes', `/plans/${ids.plan}/changes?since=2000-01-01`);
    expect(changes.actions.length).toBeGreaterThan(0);
    // From the plan's start to now: the import and the API's writes are in the period, so every list has lines.
    const report = await expectDocumented(
      '/plans/{planId}/report',
      `/plans/${ids.plan}/report?format=json&from=2024-04-01`,
    );
    for (const list of [report.appendix.rows, report.changes.rows, report.stuck, report.accountability])
      expect(list.length).toBeGreaterThan(0);
  });

  it('answers every action, recommendation and source read as documented', async () => {
    await expectDocumented('/actions/{actionId}', `/actions/${ids.action}`);
    const timeline = await expectDocumented('/actions/{actionId}/timeline', `/actions/${ids.action}/timeline`);
    expect(timeline.entries).toHaveLength(3);
    await expectDocumented('/recommendations/{recommendationId}', `/recommendations/${ids.recommendation}`);
    const history = await expectDocumented(
      '/recommendations/{recommendationId}/history',
      `/recommendations/${ids.linked}/history`,
    );
    expect(history.linkedTo).toBe(ids.recommendation);
    for (const list of [history.linked, history.plans, history.events, history.actions])
      expect(list.length).toBeGreaterThan(0);
    await expectDocumented(
      '/recommendations/{recommendationId}/timeline',
      `/recommendations/${ids.recommendation}/timeline`,
    );
    expect((await expectDocumented('/sources', '/sources')).groups.length).toBeGreaterThan(1);
    await expectDocumented('/sources/accountability', '/sources/accountability?kind=ofsted');
    await expectDocumented('/sources/{sourceId}/timeline', `/sources/${ids.source}/timeline`);
  });

  it('answers the audit log, the access log, the sign-ins and the health probes as documented', async () => {
    const page = await expectDocumented('/audit-log', '/audit-log?limit=20', api.keys.auditor);
    expect(page.nextAfter).not.toBeNull();
    // Reads of child-level words: an admin's read of a plan names none here, so one is made, of a child-level record.
    const child = await createRecommendation(api, {
      sourceId: ids.source,
      reference: 'QA audit, case 12',
      text: 'Child K to have a review of her placement plan.',
      level: 'child',
    });
    await expectDocumented('/recommendations/{recommendationId}', `/recommendations/${child.id}`);
    const accessLog = await expectDocumented('/access-log', '/access-log?limit=1');
    expect(accessLog.entries).toHaveLength(1);
    await expectDocumented('/access-log', '/access-log', api.keys.auditor, 403);
    const signIns = await expectDocumented('/sign-ins', '/sign-ins');
    expect(signIns.length).toBeGreaterThan(0);
    await expectDocumented('/health', '/health');
    await expectDocumented('/health/live', '/health/live');
    await expectDocumented('/health/ready', '/health/ready');
  });

  it('answers problems as the shared problem document, as application/problem+json', async () => {
    await expectDocumented(
      '/plans/{planId}/state',
      '/plans/00000000-0000-4000-8000-000000000000/state',
      api.keys.admin,
      404,
    );
    await expectDocumented('/plans/{planId}/state', `/plans/${ids.plan}/state?pageSize=0`, api.keys.admin, 400);
    await expectDocumented('/audit-log', '/audit-log', api.keys.inspector, 403);
    await expectDocumented('/plans', '/plans', 'ovk_not_a_key', 401);
  });

  it('answers writes as documented: the write result, a comment added, a stale revision (409)', async () => {
    const compare = (path: string, status: number, body: unknown, mediaType = 'application/json') => {
      const schema = schemaOf(document, path, status, mediaType, 'post');
      expect({ path, status, documented: schema !== undefined }).toEqual({ path, status, documented: true });
      expect({ path, status, departures: departures(document, schema!, body, 'answer') }).toEqual({
        path,
        status,
        departures: [],
      });
    };
    const source = await api.http.post('/sources').set(bearer(api.keys.manager)).send({
      kind: 'ofsted-focused-visit',
      title: 'Ofsted focused visit: the front door, November 2022',
      date: '2022-11-10',
    });
    expect(source.status).toBe(201);
    compare('/sources', 201, source.body);
    const current = await readAs(api, `/actions/${ids.action}`, api.keys.manager);
    const comment = await postUpdate(
      api,
      ids.action,
      'comments',
      { text: 'July: audit findings presented to DLT.' },
      current.body.revision,
    );
    expect(comment.status).toBe(201);
    compare('/actions/{actionId}/comments', 201, comment.body);
    const stale = await postUpdate(api, ids.action, 'status', { to: 'amber', reason: 'A gap found' }, 0);
    expect(stale.status).toBe(409);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    compare('/actions/{actionId}/status', 409, stale.body, 'application/problem+json');
    expect(stale.body.currentRevision).toBe(comment.body.revision);
  });

  it('finds an answer that departs from its schema: a property missing, one undocumented, a wrong type', () => {
    const schema = { $ref: '#/components/schemas/ActionViewDto' };
    const action = { ...schemaExample(document, 'ActionViewDto'), revision: 'four', surprise: true } as Record<
      string,
      unknown
    >;
    delete action.owner;
    expect(departures(document, schema, action, 'answer').sort()).toEqual([
      'answer.owner: required by the schema, missing from the answer',
      'answer.revision: "four" is not an integer',
      'answer.surprise: in the answer, not in the schema',
    ]);
  });

  it('has called every GET that answers JSON, and each has a schema', () => {
    const reads = Object.entries(document.paths)
      .filter(([path, operations]) => operations.get && !NOT_JSON.has(path))
      .map(([path]) => path);
    expect(reads.filter((path) => !checked.has(path))).toEqual([]);
    for (const path of reads)
      expect({ path, schema: schemaOf(document, path, 200, 'application/json') !== undefined }).toEqual({
        path,
        schema: true,
      });
  });
});
