import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { extractText, getDocumentProxy } from 'unpdf';
import { apiKeyStreamId } from '#domain';
import { CHILD_WORDS_WITHHELD } from '#read-store';
import { aPdf } from '../libs/read-store/src/testing/document-samples.js';
import {
  createAction,
  createPlan,
  createRecommendation,
  createSource,
  keyIdOf,
  lastPosition,
  postUpdate,
} from './support/api-builders.js';
import { BY_TESTS, bearer, startApi, type ApiUnderTest } from './support/api-harness.js';

/**
 * Words no other test data holds, one for each kind of child-level words: found in an answer to a
 * reader without the `child-data` permission, they leaked.
 */
const CHILD = {
  recommendation: 'Ensure Wrenna Applethwaite has a life-story book before her move',
  linkedRecommendation: 'Review Wrenna Applethwaite contact arrangements with her brother',
  description: 'Complete Wrenna Applethwaite life-story work with her foster carer in Penistone',
  successMeasure: 'Wrenna Applethwaite can tell her own story in her words',
  experience: 'Wrenna Applethwaite says she knows why she moved from Barnsley',
  linkedDescription: 'Arrange Wrenna Applethwaite sibling contact in Stocksbridge monthly',
  comment: 'Child W was placed with the Ogilvie-Marchbanks family on 3 March',
  evidenceTitle: 'Case file note Wrenna Applethwaite 0451-77',
  evidenceUrl: 'https://example.org/cases/wrenna-applethwaite-0451-77',
  fileName: 'wrenna-applethwaite-case-summary.pdf',
  reason: 'Wrenna Applethwaite moved placement to Hoyland Common',
};
/** Words of service-level records in the same plan: a reader without the permission still sees them. */
const SERVICE = {
  recommendation: 'Improve the quantocksfield consistency of supervision records',
  description: 'Audit supervision quantocksfield records quarterly across all teams',
  comment: 'Quantocksfield audit of supervision completed in all teams',
};
const FORMS = [
  'status',
  'comment',
  'reassign',
  'due-date',
  'amend',
  'evidence',
  'complete',
  'reopen',
  'retain',
  'withdraw',
  'carry-forward',
];

interface Answer {
  what: string;
  status: number;
  text: string;
}

/** The words an answer holds, read as its type needs: JSON, HTML and CSV as text, Word, PDF and Excel opened. */
async function wordsOf(type: string, body: Buffer): Promise<string> {
  if (type.includes('wordprocessingml')) return (await mammoth.extractRawText({ buffer: body })).value;
  if (type.includes('application/pdf') && body.subarray(0, 4).toString() === '%PDF') {
    try {
      const { text } = await extractText(await getDocumentProxy(new Uint8Array(body)), { mergePages: true });
      return text;
    } catch {
      return body.toString('latin1');
    }
  }
  if (type.includes('spreadsheetml')) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as never);
    const texts: string[] = [];
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) => row.eachCell((cell) => texts.push(JSON.stringify(cell.value)))),
    );
    return texts.join('\n');
  }
  return body.toString('utf8');
}

describe('child-level words: withheld from keys without the permission, and every read of them logged', () => {
  let api: ApiUnderTest;
  let childManager: string;
  const ids = {} as Record<
    | 'plan'
    | 'source'
    | 'childRecommendation'
    | 'linkedRecommendation'
    | 'serviceRecommendation'
    | 'childAction'
    | 'linkedAction'
    | 'serviceAction'
    | 'evidence',
    string
  >;
  let paths: string[] = [];

  const get = (path: string, key: string, accept = 'application/json') =>
    api.http
      .get(path)
      .set(bearer(key))
      .set('Accept', accept)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });

  /** Every read a reader can make of this data: each documented GET with its ids filled, in each format, and the pages. */
  function reads(): { path: string; accept: string }[] {
    const fill = (path: string) => {
      const filled: string[] = [path];
      const replace = (name: string, values: string[]) => {
        const next = filled
          .splice(0)
          .flatMap((one) =>
            one.includes(`{${name}}`) ? values.map((value) => one.replace(`{${name}}`, value)) : [one],
          );
        filled.push(...next);
      };
      replace('planId', [ids.plan]);
      replace('actionId', [ids.childAction, ids.linkedAction, ids.serviceAction]);
      replace('recommendationId', [ids.childRecommendation, ids.linkedRecommendation, ids.serviceRecommendation]);
      replace('sourceId', [ids.source]);
      replace('evidenceId', [ids.evidence]);
      return filled;
    };
    const all: { path: string; accept: string }[] = [];
    for (const documented of paths)
      for (const path of fill(documented)) {
        all.push({ path, accept: 'application/json' }, { path, accept: 'text/html' });
        if (documented === '/audit-log' || documented === '/access-log')
          all.push({ path: `${path}?format=csv`, accept: '*/*' });
        if (documented === '/audit-log')
          all.push({ path: `${path}?actionId=${ids.childAction}&limit=1000`, accept: 'application/json' });
        if (documented === '/plans/{planId}/state')
          all.push({ path: `${path}?asOf=${new Date().toISOString().slice(0, 10)}`, accept: 'application/json' });
        if (documented === '/plans/{planId}/changes') {
          all.push({ path: `${path}?since=2000-01-01`, accept: 'application/json' });
          all.push({ path: `${path}?since=2000-01-01`, accept: 'text/html' });
        }
        if (documented === '/plans/{planId}/report')
          for (const format of ['html', 'docx', 'pdf', 'json'])
            all.push({ path: `${path}?from=2000-01-01&format=${format}`, accept: '*/*' });
      }
    // The pages the browser reaches that the API description leaves out: forms and the import page.
    for (const actionId of [ids.childAction, ids.linkedAction])
      for (const slug of FORMS) all.push({ path: `/actions/${actionId}/forms/${slug}`, accept: 'text/html' });
    all.push(
      { path: `/plans/${ids.plan}/forms/action`, accept: 'text/html' },
      { path: `/sources/${ids.source}/forms/recommendation`, accept: 'text/html' },
      { path: `/actions/${ids.childAction}/evidence/documents/new`, accept: 'text/html' },
      { path: '/imports/new', accept: 'text/html' },
      { path: '/', accept: 'text/html' },
    );
    return all;
  }

  async function readEverything(key: string): Promise<Answer[]> {
    const answers: Answer[] = [];
    const position = String(await lastPosition(api));
    for (const { path, accept } of reads()) {
      const response = await get(path, key, accept).set('X-Wait-For-Position', position);
      const type = String(response.headers['content-type'] ?? '');
      answers.push({
        what: `${accept} ${path}`,
        status: response.status,
        // Whitespace as one space: a PDF's table cell wraps its words over lines.
        text: (await wordsOf(type, response.body as Buffer)).replace(/\s+/g, ' '),
      });
    }
    return answers;
  }

  const leaks = (answers: Answer[]) =>
    answers.flatMap((answer) =>
      Object.entries(CHILD)
        .filter(([, words]) => answer.text.includes(words))
        .map(([name]) => `${answer.what} (${answer.status}) shows ${name}`),
    );

  const accessLogRows = async () =>
    (await api.oversight.readDatabase.query<{ n: number }[]>('SELECT count(*)::int AS n FROM oversight_access_log'))[0]!
      .n;

  beforeAll(async () => {
    api = await startApi();
    childManager = (await api.apiKeys.create('test child-data manager', 'manager', BY_TESTS, null, true)).key;
    paths = Object.entries(
      JSON.parse(readFileSync(new URL('../docs/openapi.json', import.meta.url), 'utf8')).paths as Record<
        string,
        Record<string, unknown>
      >,
    )
      .filter(([, operations]) => operations.get)
      .map(([path]) => path);
  });
  // Apart from the start, so each has the hook's time of its own on a busy machine.
  beforeAll(async () => {
    ids.plan = (await createPlan(api)).id;
    ids.source = (await createSource(api)).id;
    const child = await createRecommendation(api, {
      sourceId: ids.source,
      reference: 'QA audit, case 0451',
      text: CHILD.recommendation,
      level: 'child',
    });
    ids.childRecommendation = child.id;
    // A service-level recommendation joined to the child-level one: what answers it answers that child too.
    const linked = await createRecommendation(api, {
      sourceId: ids.source,
      reference: 'QA audit, case 0451 (2)',
      text: CHILD.linkedRecommendation,
    });
    ids.linkedRecommendation = linked.id;
    const link = await api.http
      .post(`/recommendations/${linked.id}/link`)
      .set(bearer(api.keys.manager))
      .set('If-Match', String(linked.revision))
      .send({ survivorId: child.id, reason: 'The same finding' });
    expect(link.status).toBe(200);
    ids.serviceRecommendation = (
      await createRecommendation(api, { sourceId: ids.source, reference: 'Ofsted 3', text: SERVICE.recommendation })
    ).id;

    const childAction = await createAction(api, {
      planId: ids.plan,
      sourceId: ids.source,
      recommendationId: ids.childRecommendation,
      description: CHILD.description,
      successMeasure: CHILD.successMeasure,
      experienceOfChildren: CHILD.experience,
    });
    ids.childAction = childAction.id;
    let revision = childAction.revision;
    for (const [verb, body] of [
      ['comments', { text: CHILD.comment }],
      [
        'evidence',
        {
          title: CHILD.evidenceTitle,
          kind: 'minutes',
          location: { kind: 'link', url: CHILD.evidenceUrl },
          date: '2024-03-12',
        },
      ],
      ['status', { to: 'red', reason: CHILD.reason }],
    ] as const) {
      const written = await postUpdate(api, childAction.id, verb, body, revision);
      expect(written.status).toBeLessThan(300);
      revision = written.body.revision;
    }
    const uploaded = await api.http
      .post(`/actions/${childAction.id}/evidence/documents`)
      .set(bearer(api.keys.manager))
      .set('If-Match', `"${revision}"`)
      .field('title', 'Placement plan')
      .field('kind', 'minutes')
      .field('date', '2024-05-14')
      .attach('file', aPdf(), { filename: CHILD.fileName, contentType: 'application/pdf' });
    expect(uploaded.status).toBe(201);
    ids.evidence = uploaded.body.evidenceId;

    ids.linkedAction = (
      await createAction(api, {
        planId: ids.plan,
        sourceId: ids.source,
        recommendationId: ids.linkedRecommendation,
        description: CHILD.linkedDescription,
        experienceOfChildren: 'Sibling time kept up',
      })
    ).id;
    const serviceAction = await createAction(api, {
      planId: ids.plan,
      sourceId: ids.source,
      recommendationId: ids.serviceRecommendation,
      description: SERVICE.description,
      experienceOfChildren: 'Workers are supervised well',
    });
    ids.serviceAction = serviceAction.id;
    expect((await postUpdate(api, serviceAction.id, 'comments', { text: SERVICE.comment }, 0)).status).toBe(201);
    await api.oversight.projector.waitFor(await api.store.headPosition(), 10_000);
  }, 120_000);

  afterAll(() => api?.close());

  it('records the permission on the key and in its ApiKeyIssued event', async () => {
    const [event] = await api.store.readStream(apiKeyStreamId(keyIdOf(childManager)));
    expect(event!.data).toMatchObject({ role: 'manager', childData: true });
    const [plain] = await api.store.readStream(apiKeyStreamId(keyIdOf(api.keys.manager)));
    expect(plain!.data).not.toHaveProperty('childData');
    const listed = await api.apiKeys.list();
    expect(listed.find((key) => key.id === keyIdOf(childManager))?.childData).toBe(true);
    expect(listed.find((key) => key.id === keyIdOf(api.keys.manager))?.childData).toBe(false);
  });

  it.each(['inspector', 'auditor', 'manager'] as const)(
    'shows a %s key without the permission no child-level words on any read, the service-level ones, and logs nothing',
    async (role) => {
      expect(ids.evidence).toEqual(expect.any(String));
      const before = await accessLogRows();
      const answers = await readEverything(api.keys[role]);
      expect(leaks(answers)).toEqual([]);
      // Not by withholding everything: the same plan's service-level words are there, and the records still are.
      const seen = answers
        .filter((answer) => answer.status === 200)
        .map((answer) => answer.text)
        .join('\n');
      for (const words of Object.values(SERVICE))
        expect({ role, words, seen: seen.includes(words) }).toEqual({ role, words, seen: true });
      expect(seen).toContain(CHILD_WORDS_WITHHELD);
      // The report's Word and PDF files were read, not passed over: the service-level words are in each.
      for (const format of ['docx', 'pdf'])
        expect(answers.find((answer) => answer.what.endsWith(`format=${format}`))?.text).toContain(
          SERVICE.recommendation,
        );
      const action = await get(`/actions/${ids.childAction}`, api.keys[role]);
      const view = JSON.parse((action.body as Buffer).toString('utf8'));
      expect(view).toMatchObject({ id: ids.childAction, status: 'red', description: CHILD_WORDS_WITHHELD });
      // The document of a child-level record is withheld with its name.
      const document = await get(`/actions/${ids.childAction}/evidence/${ids.evidence}/document`, api.keys[role]);
      expect(document.status).toBe(404);
      expect(await accessLogRows()).toBe(before);
    },
    300_000,
  );

  it.each(['child-data manager', 'admin'] as const)(
    'shows a %s the words, and logs each read that showed them',
    async (who) => {
      const key = who === 'admin' ? api.keys.admin : childManager;
      const answers = await readEverything(key);
      const seen = answers
        .filter((answer) => answer.status === 200)
        .map((answer) => answer.text)
        .join('\n');
      for (const [name, words] of Object.entries(CHILD))
        expect({ name, seen: seen.includes(words) }).toEqual({ name, seen: true });
      expect(seen).not.toContain(CHILD_WORDS_WITHHELD);
      for (const format of ['docx', 'pdf'])
        expect(answers.find((answer) => answer.what.endsWith(`format=${format}`))?.text).toContain(
          CHILD.recommendation,
        );
      const document = await get(`/actions/${ids.childAction}/evidence/${ids.evidence}/document`, key);
      expect(document.status).toBe(200);

      const before = await accessLogRows();
      const read = await get(`/actions/${ids.childAction}`, key).set(
        'X-Request-Id',
        '3f0c2a1b-0d4e-4f60-8182-93a4b5c6d7e8',
      );
      expect(read.status).toBe(200);
      expect(await accessLogRows()).toBe(before + 1);
      const [row] = await api.oversight.readDatabase.query<
        {
          actor_id: string;
          actor_role: string;
          endpoint: string;
          request_id: string;
          records: { kind: string; id: string }[];
        }[]
      >(
        'SELECT actor_id, actor_role, endpoint, request_id, records FROM oversight_access_log ORDER BY id DESC LIMIT 1',
      );
      expect(row).toMatchObject({
        actor_id: keyIdOf(key),
        actor_role: who === 'admin' ? 'admin' : 'manager',
        endpoint: `GET /actions/${ids.childAction}`,
        request_id: '3f0c2a1b-0d4e-4f60-8182-93a4b5c6d7e8',
      });
      expect(row!.records).toEqual(expect.arrayContaining([{ kind: 'action', id: ids.childAction }]));
      // A read of a service-level action shows no child's words, and logs nothing.
      const service = await get(`/actions/${ids.serviceAction}`, key);
      expect(service.status).toBe(200);
      expect(await accessLogRows()).toBe(before + 1);
    },
    300_000,
  );

  it('lists and exports the access log for admins only', async () => {
    const page = await get(`/access-log?actor=${keyIdOf(childManager)}&limit=2`, api.keys.admin);
    expect(page.status).toBe(200);
    const body = JSON.parse((page.body as Buffer).toString('utf8'));
    expect(body.entries).toHaveLength(2);
    expect(body.entries[0].actor).toEqual({
      id: keyIdOf(childManager),
      name: 'test child-data manager',
      role: 'manager',
    });
    expect(body.nextAfter).toBe(body.entries[1].id);
    const next = JSON.parse(
      (
        (await get(`/access-log?actor=${keyIdOf(childManager)}&limit=2&after=${body.nextAfter}`, api.keys.admin))
          .body as Buffer
      ).toString('utf8'),
    );
    expect(next.entries[0].id).toBeGreaterThan(body.nextAfter);
    const future = JSON.parse(
      ((await get('/access-log?from=2999-01-01', api.keys.admin)).body as Buffer).toString('utf8'),
    );
    expect(future.entries).toEqual([]);
    const csv = await get('/access-log?format=csv', api.keys.admin, '*/*');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const text = (csv.body as Buffer).toString('utf8');
    expect(text.startsWith('id,readAt,actorId,actorName,actorRole,endpoint,requestId,records\r\n')).toBe(true);
    expect(text).toContain(`${keyIdOf(childManager)},test child-data manager,manager,GET /actions/${ids.childAction}`);
    expect(text).toContain(`action:${ids.childAction}`);
    for (const key of [api.keys.inspector, api.keys.auditor, api.keys.manager, childManager]) {
      expect((await get('/access-log', key)).status).toBe(403);
      expect((await get('/access-log?format=csv', key, '*/*')).status).toBe(403);
    }
    expect((await get('/access-log?from=not-a-day', api.keys.admin)).status).toBe(400);
  });

  it('keeps the access log written once: the service cannot UPDATE, DELETE or TRUNCATE it', async () => {
    const db = api.oversight.readDatabase;
    const before = await accessLogRows();
    expect(before).toBeGreaterThan(0);
    await expect(db.query("UPDATE oversight_access_log SET actor_name = 'someone else'")).rejects.toThrow(
      /written once/,
    );
    await expect(db.query('DELETE FROM oversight_access_log')).rejects.toThrow(/written once/);
    await expect(db.query('TRUNCATE oversight_access_log')).rejects.toThrow(/written once/);
    expect(await accessLogRows()).toBe(before);
  });
});
