import { createHash } from 'node:crypto';
import { expect } from '@jest/globals';
import type { RecordedEvent } from '#event-store';
import { bearer, type ApiUnderTest } from './api-harness.js';
import { anActionDescription } from '../../libs/domain/src/testing/index.js';

/**
 * Test data for the command API: one valid request body per endpoint (override any field,
 * including with invalid values), creators that POST them and hand back `{ id, revision }`,
 * and the store-side checks every e2e spec uses (what was appended, and that nothing was).
 */

/** A request body: loose on purpose, so tests can send wrong types and unknown fields. */
export type Body = Record<string, unknown>;
/** A resource as a write left it: its id and its revision (the ETag to send back). */
export interface Written {
  id: string;
  revision: number;
}
export interface WrittenAction extends Written {
  planId: string;
  sourceId: string;
  recommendationId: string | null;
}

/** Every update verb: `POST /actions/:actionId/<verb>` with If-Match. */
export const UPDATE_VERBS = [
  'reassign',
  'status',
  'due-date',
  'amend',
  'retain',
  'complete',
  'reopen',
  'carry-forward',
  'withdraw',
  'comments',
  'evidence',
] as const;
export type UpdateVerb = (typeof UPDATE_VERBS)[number];
/** The two updates that create something on the action and answer 201. */
export const CREATING_VERBS: readonly UpdateVerb[] = ['comments', 'evidence'];
export const successStatusOf = (verb: UpdateVerb): number => (CREATING_VERBS.includes(verb) ? 201 : 200);

// ---------------------------------------------------------------- request bodies

export const sourceRequest = (overrides: Body = {}): Body => ({
  kind: 'ofsted-inspection',
  title: 'Ofsted ILACS inspection, March 2020',
  date: '2020-03-06',
  ...overrides,
});

export const recommendationRequest = (overrides: Body = {}): Body => ({
  reference: 'Ofsted recommendation 1',
  text: 'Further improve the quality and consistency of written plans for children.',
  level: 'service',
  ...overrides,
});

export const planRequest = (overrides: Body = {}): Body => ({
  title: 'Service Development Plan 2024-25',
  periodStart: '2024-04-01',
  periodEnd: '2025-03-31',
  owner: 'Head of Service',
  board: "Children's Improvement Board",
  reviewFrequency: 'Quarterly',
  ...overrides,
});

/** A request to create an action: the domain's action builder, with the words the API's tests read back. */
export const actionRequest = (planId: string, sourceId: string, overrides: Body = {}): Body => ({
  planId,
  sourceId,
  ...anActionDescription({
    description: 'Audit written plans for children monthly and feed back to team managers.',
    start: { kind: 'text', text: 'April-June' },
    due: { kind: 'date', date: '2024-05-31' },
    experienceOfChildren: 'Children know what their plan is and who will help them.',
    theme: 'Quality of practice',
  }),
  ...overrides,
});

/** A valid body for each update verb. `toPlanId` is needed by carry-forward only. */
export const updateRequest = (verb: UpdateVerb, overrides: Body = {}, toPlanId?: string): Body => {
  const bodies: Record<UpdateVerb, () => Body> = {
    reassign: () => ({ to: 'DTM Assessment', reason: 'The HoS post is vacant' }),
    status: () => ({ to: 'amber', reason: 'More work needed on care plans' }),
    'due-date': () => ({ to: { kind: 'date', date: '2024-09-01' }, reason: 'Audit moved to September' }),
    amend: () => ({
      changes: { description: 'Publish the audit findings online every quarter.' },
      reason: 'The action has been amended to publish information online',
    }),
    retain: () => ({ reason: 'Kept in to retain oversight' }),
    complete: () => ({ reason: 'Audit complete and reported to DLT' }),
    reopen: () => ({ status: 'amber', reason: 'The re-audit found gaps' }),
    'carry-forward': () => ({
      toPlanId: toPlanId ?? '00000000-0000-4000-8000-000000000000',
      reason: 'Retained for continuity: this needs more focussed work',
    }),
    withdraw: () => ({ reason: 'Superseded by the multi-agency audit action' }),
    comments: () => ({ text: 'January: the first monthly audit was completed and shared with team managers.' }),
    evidence: () => ({
      title: 'DLT minutes, 12 March 2024',
      kind: 'minutes',
      location: { kind: 'link', url: 'https://example.org/dlt/2024-03-12.pdf' },
      date: '2024-03-12',
    }),
  };
  return { ...bodies[verb](), ...overrides };
};

// ---------------------------------------------------------------- creators

function failed(what: string, response: { status: number; body: unknown }): Error {
  return new Error(`${what} answered ${response.status}: ${JSON.stringify(response.body)}`);
}

async function create(
  api: ApiUnderTest,
  path: string,
  body: Body,
  what: string,
  key = api.keys.manager,
): Promise<Written> {
  const response = await api.http.post(path).set(bearer(key)).send(body);
  if (response.status !== 201) throw failed(`${what} (POST ${path})`, response);
  return { id: response.body.id as string, revision: response.body.revision as number };
}

export const createSource = (api: ApiUnderTest, overrides: Body = {}): Promise<Written> =>
  create(api, '/sources', sourceRequest(overrides), 'createSource');

export async function createRecommendation(
  api: ApiUnderTest,
  overrides: Body & { sourceId?: string } = {},
): Promise<Written & { sourceId: string }> {
  const { sourceId: given, ...rest } = overrides;
  const sourceId = given ?? (await createSource(api)).id;
  const written = await create(
    api,
    `/sources/${sourceId}/recommendations`,
    recommendationRequest(rest),
    'createRecommendation',
  );
  return { ...written, sourceId };
}

export const createPlan = (api: ApiUnderTest, overrides: Body = {}): Promise<Written> =>
  create(api, '/plans', planRequest(overrides), 'createPlan');

/** Creates an action, and the plan and source it needs unless `planId`/`sourceId` are given. */
export async function createAction(api: ApiUnderTest, overrides: Body = {}): Promise<WrittenAction> {
  const planId = (overrides.planId as string | undefined) ?? (await createPlan(api)).id;
  const sourceId = (overrides.sourceId as string | undefined) ?? (await createSource(api)).id;
  const written = await create(api, '/actions', actionRequest(planId, sourceId, overrides), 'createAction');
  return { ...written, planId, sourceId, recommendationId: (overrides.recommendationId as string | undefined) ?? null };
}

/** `POST /actions/:actionId/<verb>` with If-Match (omitted when `ifMatch` is null). */
export function postUpdate(
  api: ApiUnderTest,
  actionId: string,
  verb: UpdateVerb,
  body: Body,
  ifMatch: number | string | null,
  key = api.keys.manager,
) {
  const test = api.http.post(`/actions/${actionId}/${verb}`).set(bearer(key));
  if (ifMatch !== null) test.set('If-Match', typeof ifMatch === 'number' ? `"${ifMatch}"` : ifMatch);
  return test.send(body);
}

/** Applies an update that must succeed; returns the action at its new revision. */
export async function applyUpdate<A extends Written>(
  api: ApiUnderTest,
  action: A,
  verb: UpdateVerb,
  overrides: Body = {},
  toPlanId?: string,
): Promise<A> {
  const response = await postUpdate(api, action.id, verb, updateRequest(verb, overrides, toPlanId), action.revision);
  if (response.status !== successStatusOf(verb)) throw failed(`applyUpdate ${verb}`, response);
  return { ...action, revision: response.body.revision as number };
}

export const completedAction = async (api: ApiUnderTest, overrides: Body = {}): Promise<WrittenAction> =>
  applyUpdate(api, await createAction(api, overrides), 'complete');

// ---------------------------------------------------------------- keys

/** The id part of a key `ovk_<id>_<secret>`: the actor id of the events it writes. */
export const keyIdOf = (key: string): string => /^ovk_([0-9a-f]+)_/.exec(key)![1]!;

/**
 * The command id a write under `Idempotency-Key: key` is stored with: the key only as its SHA-256
 * (apps/api/src/shared/write-context.ts), so no client text reaches the events.
 */
export const commandIdOf = (actorId: string, key: string): string =>
  `${actorId}:key-sha256:${createHash('sha256').update(key).digest('hex')}`;

/** A key of the right shape that no one was issued. */
export const unknownKey = (): string => `ovk_${'0'.repeat(32)}_${'A'.repeat(43)}`;

// ---------------------------------------------------------------- the store

/** Every event in the store, in global order. */
export async function allEvents(api: ApiUnderTest): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let after = 0;
  for (;;) {
    const page = await api.store.readAll({ after, maxCount: 1000 });
    events.push(...page.events);
    if (page.isEnd || page.events.length === 0) return events;
    after = page.lastPosition;
  }
}

export const eventCount = async (api: ApiUnderTest): Promise<number> => (await allEvents(api)).length;

export const actionEvents = (api: ApiUnderTest, actionId: string): Promise<RecordedEvent[]> =>
  api.store.readStream(`action-${actionId}`);

/** Runs `act` and checks that the store holds exactly as many events afterwards as before. */
export async function expectNothingAppended<T>(api: ApiUnderTest, act: () => PromiseLike<T>): Promise<T> {
  const before = await allEvents(api);
  const result = await act();
  const after = await allEvents(api);
  expect(after.map((event) => `${event.streamId}#${event.revision} ${event.type}`)).toEqual(
    before.map((event) => `${event.streamId}#${event.revision} ${event.type}`),
  );
  return result;
}

// ---------------------------------------------------------------- responses

interface AnyResponse {
  status: number;
  body: any;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * An RFC 9457 problem with this status; when `fields` is given, `errors` names each of them
 * (a field or a path under it: `due` matches `due.date`) and nothing else.
 */
export function expectProblem(response: AnyResponse, status: number, fields?: string[]): void {
  expect({ status: response.status, body: response.body }).toMatchObject({ status, body: { status } });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(typeof response.body.type).toBe('string');
  expect(typeof response.body.title).toBe('string');
  expect(typeof response.body.detail).toBe('string');
  if (fields) {
    const named: string[] = (response.body.errors ?? []).map((error: { field: string; message: string }) => {
      expect(typeof error.message).toBe('string');
      return error.field;
    });
    const covers = (field: string, name: string) =>
      name === field || name.startsWith(`${field}.`) || name.startsWith(`${field}[`);
    for (const field of fields)
      expect({ field, named: named.some((name) => covers(field, name)) }).toEqual({ field, named: true });
    for (const name of named)
      expect({ unexpected: name, expected: fields.some((field) => covers(field, name)) }).toEqual({
        unexpected: name,
        expected: true,
      });
  }
}

/** A successful write: status, ETag = new revision, body { id, revision, position, events }. */
export function expectWritten(
  response: AnyResponse,
  expected: { status: number; id?: string; revision: number; events: string[] },
): void {
  expect({ status: response.status, body: response.body }).toMatchObject({
    status: expected.status,
    body: { revision: expected.revision, events: expected.events },
  });
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.headers.etag).toBe(`"${expected.revision}"`);
  if (expected.id) expect(response.body.id).toBe(expected.id);
  expect(response.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  if (expected.events.length > 0) expect(typeof response.body.position).toBe('number');
  else expect(response.body.position).toBeNull();
}

/** GET as a role (an auditor unless told), as readers of the read models do. */
export const readAs = (api: ApiUnderTest, path: string, key = api.keys.auditor) => api.http.get(path).set(bearer(key));

/** The position of the last event written: reading with it waits for the read models to have it. */
export const lastPosition = async (api: ApiUnderTest): Promise<number> => (await allEvents(api)).at(-1)!.position;
