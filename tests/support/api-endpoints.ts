import type { ApiUnderTest } from './api-harness.js';
import {
  actionRequest,
  applyUpdate,
  createAction,
  createPlan,
  createRecommendation,
  createSource,
  planRequest,
  recommendationRequest,
  sourceRequest,
  successStatusOf,
  UPDATE_VERBS,
  updateRequest,
  type Body,
  type UpdateVerb,
} from './api-builders.js';

/** What a test needs to call an endpoint once, successfully when the caller may write. */
export interface PreparedRequest {
  path: string;
  body: Body;
  /** The If-Match to send (updates), null for creations. */
  ifMatch: number | null;
}

/** Shared resources the prepared requests hang off. */
export interface Fixtures {
  planId: string;
  sourceId: string;
  /** A later plan, for carry-forward. */
  nextPlanId: string;
}

export interface Endpoint {
  /** `POST /actions/:actionId/status` */
  name: string;
  /** The path as OpenAPI writes it, parameters as `{name}`. */
  openApiPath: string;
  verb: UpdateVerb | null;
  success: number;
  /** Every field of the request body, and those that are required. */
  fields: string[];
  required: string[];
  prepare(api: ApiUnderTest, fixtures: Fixtures): Promise<PreparedRequest>;
}

export async function createFixtures(api: ApiUnderTest): Promise<Fixtures> {
  const [plan, source, nextPlan] = [
    await createPlan(api),
    await createSource(api),
    await createPlan(api, {
      title: 'Service Development Plan 2025-26',
      periodStart: '2025-04-01',
      periodEnd: '2026-03-31',
    }),
  ];
  return { planId: plan.id, sourceId: source.id, nextPlanId: nextPlan.id };
}

const EFFECTIVE = ['effectiveAt'];

const UPDATE_FIELDS: Record<UpdateVerb, { fields: string[]; required: string[] }> = {
  reassign: { fields: ['to', 'reason', ...EFFECTIVE], required: ['to', 'reason'] },
  status: { fields: ['to', 'reason', ...EFFECTIVE], required: ['to', 'reason'] },
  'due-date': { fields: ['to', 'reason', ...EFFECTIVE], required: ['to', 'reason'] },
  amend: { fields: ['changes', 'reason', ...EFFECTIVE], required: ['changes', 'reason'] },
  retain: { fields: ['reason', ...EFFECTIVE], required: [] },
  complete: { fields: ['reason', ...EFFECTIVE], required: [] },
  reopen: { fields: ['status', 'reason', ...EFFECTIVE], required: ['status', 'reason'] },
  'carry-forward': { fields: ['toPlanId', 'reason', ...EFFECTIVE], required: ['toPlanId'] },
  withdraw: { fields: ['reason', ...EFFECTIVE], required: ['reason'] },
  comments: { fields: ['text', ...EFFECTIVE], required: ['text'] },
  evidence: {
    fields: ['title', 'kind', 'location', 'sha256', 'date', ...EFFECTIVE],
    required: ['title', 'kind', 'location', 'date'],
  },
};

/** An update on a fresh action, in the state the verb needs (retain and reopen: completed). */
function updateEndpoint(verb: UpdateVerb): Endpoint {
  return {
    name: `POST /actions/:actionId/${verb}`,
    openApiPath: `/actions/{actionId}/${verb}`,
    verb,
    success: successStatusOf(verb),
    ...UPDATE_FIELDS[verb],
    async prepare(api, fixtures) {
      let action = await createAction(api, { planId: fixtures.planId, sourceId: fixtures.sourceId });
      if (verb === 'retain' || verb === 'reopen') action = await applyUpdate(api, action, 'complete');
      return {
        path: `/actions/${action.id}/${verb}`,
        body: updateRequest(verb, {}, fixtures.nextPlanId),
        ifMatch: action.revision,
      };
    },
  };
}

/** Every endpoint of the command API. */
export const ENDPOINTS: Endpoint[] = [
  {
    name: 'POST /sources',
    openApiPath: '/sources',
    verb: null,
    success: 201,
    fields: ['kind', 'title', 'date'],
    required: ['kind', 'title'],
    prepare: async () => ({ path: '/sources', body: sourceRequest(), ifMatch: null }),
  },
  {
    name: 'POST /sources/:sourceId/recommendations',
    openApiPath: '/sources/{sourceId}/recommendations',
    verb: null,
    success: 201,
    fields: ['reference', 'text', 'level'],
    required: ['text', 'level'],
    prepare: async (_, fixtures) => ({
      path: `/sources/${fixtures.sourceId}/recommendations`,
      body: recommendationRequest(),
      ifMatch: null,
    }),
  },
  {
    name: 'POST /plans',
    openApiPath: '/plans',
    verb: null,
    success: 201,
    fields: ['title', 'periodStart', 'periodEnd', 'owner', 'board', 'reviewFrequency'],
    required: ['title', 'periodStart', 'periodEnd'],
    prepare: async () => ({ path: '/plans', body: planRequest(), ifMatch: null }),
  },
  {
    name: 'POST /actions',
    openApiPath: '/actions',
    verb: null,
    success: 201,
    fields: [
      'planId',
      'sourceId',
      'recommendationId',
      'ref',
      'description',
      'owner',
      'dltLead',
      'start',
      'due',
      'successMeasure',
      'experienceOfChildren',
      'theme',
      'effectiveAt',
    ],
    required: ['planId', 'sourceId', 'description'],
    prepare: async (_, fixtures) => ({
      path: '/actions',
      body: actionRequest(fixtures.planId, fixtures.sourceId),
      ifMatch: null,
    }),
  },
  ...UPDATE_VERBS.map(updateEndpoint),
  {
    name: 'POST /recommendations/:recommendationId/link',
    openApiPath: '/recommendations/{recommendationId}/link',
    verb: null,
    success: 200,
    fields: ['survivorId', 'reason', ...EFFECTIVE],
    required: ['survivorId', 'reason'],
    async prepare(api, fixtures) {
      const [joiner, survivor] = [
        await createRecommendation(api, { sourceId: fixtures.sourceId }),
        await createRecommendation(api, { sourceId: fixtures.sourceId }),
      ];
      return {
        path: `/recommendations/${joiner.id}/link`,
        body: { survivorId: survivor.id, reason: 'The same finding, written twice' },
        ifMatch: joiner.revision,
      };
    },
  },
  {
    name: 'POST /recommendations/:recommendationId/unlink',
    openApiPath: '/recommendations/{recommendationId}/unlink',
    verb: null,
    success: 200,
    fields: ['reason', ...EFFECTIVE],
    required: ['reason'],
    async prepare(api, fixtures) {
      const [joiner, survivor] = [
        await createRecommendation(api, { sourceId: fixtures.sourceId }),
        await createRecommendation(api, { sourceId: fixtures.sourceId }),
      ];
      const linked = await api.http
        .post(`/recommendations/${joiner.id}/link`)
        .set('Authorization', `Bearer ${api.keys.manager}`)
        .set('If-Match', `"${joiner.revision}"`)
        .send({ survivorId: survivor.id, reason: 'Linked to be undone' });
      if (linked.status !== 200) throw new Error(`could not link: ${linked.status} ${JSON.stringify(linked.body)}`);
      return {
        path: `/recommendations/${joiner.id}/unlink`,
        body: { reason: 'Two findings after all' },
        ifMatch: linked.body.revision as number,
      };
    },
  },
];

export const UPDATE_ENDPOINTS = ENDPOINTS.filter((endpoint) => endpoint.verb !== null);

/** Sends a prepared request with a given Authorization (or none). */
export function send(api: ApiUnderTest, request: PreparedRequest, headers: Record<string, string> = {}) {
  const test = api.http.post(request.path).set(headers);
  if (request.ifMatch !== null) test.set('If-Match', `"${request.ifMatch}"`);
  return test.send(request.body);
}
