import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { CalendarDays, evolveAction, type Action, type ActionEvent, type ActionState } from '#domain';
import type { RecordedEvent } from '#event-store';
import { parseComments, STATUS_FILLS } from '#importer';
import { fixtureBytes, FIXTURES } from '../libs/importer/src/write/testing/workbook-versions.js';
import { allEvents, expectNothingAppended, expectProblem } from './support/api-builders.js';
import { bearer, startApi, type ApiUnderTest } from './support/api-harness.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** GET as a download: the body as bytes, whatever its type. */
const download = (api: ApiUnderTest, path: string, key = api.keys.inspector) =>
  api.http
    .get(path)
    .set(bearer(key))
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });

const importInto = (api: ApiUnderTest, bytes: Buffer, name: string) =>
  api.http.post('/imports').set(bearer(api.keys.manager)).attach('file', bytes, name);

type ComputedAction = Omit<Action, 'setAt'> & {
  setAt?: Action['setAt'];
  comments: { id: string; text: string; effectiveAt: string }[];
};
type ComputedPlan = {
  plan: { periodStart: string; periodEnd: string } & Record<string, unknown>;
  actions: ComputedAction[];
};

/**
 * A plan's actions as the store's own events make them, folded here through the domain in the
 * order they took effect (up to `asOf`): every field, and every comment with its words and when
 * it took effect. Not what the read models or the exporter say. `setAt` (when each register last
 * changed) is kept only when asked for: statuses take effect on the day a workbook describes,
 * and an export of today describes another day than the workbook the origin imported.
 */
async function computedPlan(
  api: ApiUnderTest,
  planId: string,
  { asOf, withSetAt = false }: { asOf?: Date; withSetAt?: boolean } = {},
): Promise<ComputedPlan> {
  const streams = new Map<string, RecordedEvent[]>();
  for (const event of await allEvents(api))
    if (!asOf || event.metadata.effectiveAt <= asOf)
      streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event]);
  const plan = streams.get(`plan-${planId}`)!.find((event) => event.type === 'PlanOpened')!
    .data as ComputedPlan['plan'];
  const actions: ComputedAction[] = [];
  for (const [streamId, events] of streams) {
    if (!streamId.startsWith('action-')) continue;
    let state: ActionState = null;
    const comments: ComputedAction['comments'] = [];
    for (const event of [...events].sort(
      (a, b) => a.metadata.effectiveAt.getTime() - b.metadata.effectiveAt.getTime(),
    )) {
      state = evolveAction(
        state,
        { type: event.type, data: event.data } as ActionEvent,
        event.metadata.effectiveAt.toISOString(),
      );
      if (event.type === 'CommentAdded') {
        const data = event.data as { commentId: string; text: string };
        comments.push({ id: data.commentId, text: data.text, effectiveAt: event.metadata.effectiveAt.toISOString() });
      }
    }
    if (!state || !state.planIds.includes(planId) || state.withdrawn) continue;
    const { setAt, ...fields } = state;
    actions.push({
      ...fields,
      ...(withSetAt ? { setAt } : {}),
      comments: comments.sort((a, b) => a.id.localeCompare(b.id)),
    });
  }
  return { plan, actions: actions.sort((a, b) => a.actionId.localeCompare(b.actionId)) };
}

/**
 * The plan with the time of each undated comment ("UPDATE: ...", words with no date marker) left
 * out, and that alone: the importer puts such a comment on the day the workbook it came from
 * describes (the fixture's own date in the origin, the export's "As at" day in the copy), and its
 * words cannot carry the origin's day back without changing them. Dated comments keep their times.
 */
function withoutUndatedCommentTimes({ plan, actions }: ComputedPlan): ComputedPlan {
  const period = { start: plan.periodStart, end: plan.periodEnd };
  const undated = (text: string) => parseComments(text, period)[0]?.effectiveDate === null;
  return {
    plan,
    actions: actions.map((action) => ({
      ...action,
      comments: action.comments.map((c) =>
        undated(c.text) ? { ...c, effectiveAt: 'the day the workbook describes' } : c,
      ),
    })),
  };
}

describe('exporting a plan as a workbook', () => {
  let origin: ApiUnderTest;
  let copy: ApiUnderTest;
  const planIds = new Map<string, string>();
  const positions = new Map<string, number>();

  beforeAll(async () => {
    [origin, copy] = [await startApi(), await startApi()];
    for (const name of [FIXTURES.sdp2024, FIXTURES.sip2018]) {
      const response = await importInto(origin, fixtureBytes(name), name);
      expect(response.status).toBe(201);
      planIds.set(name, response.body.summary.plan.id);
      positions.set(name, response.body.position);
    }
    // Every test reads the plans: wait once until the read models hold both imports.
    expect(await origin.oversight.projector.waitFor(Math.max(...positions.values()), 30_000)).toBe(true);
  }, 300_000);
  afterAll(async () => {
    await origin?.close();
    await copy?.close();
  });

  for (const name of [FIXTURES.sdp2024, FIXTURES.sip2018]) {
    it(`${name}: exported and imported into a fresh store, gives the same plan, every field of every action and every comment`, async () => {
      const planId = planIds.get(name)!;
      const exported = await download(origin, `/plans/${planId}/export.xlsx`);
      expect(exported.status).toBe(200);

      const imported = await importInto(copy, exported.body, `${name} export.xlsx`);
      expect(imported.status).toBe(201);
      expect(imported.body.summary.plan.id).toBe(planId);
      const [there, here] = [await computedPlan(origin, planId), await computedPlan(copy, planId)];
      expect(here.actions.length).toBeGreaterThan(25);
      expect(here.actions.flatMap((action) => action.comments).length).toBeGreaterThan(25);
      expect(withoutUndatedCommentTimes(here)).toEqual(withoutUndatedCommentTimes(there));
    });

    it(`${name}: the export imported into the store it came from appends nothing`, async () => {
      const planId = planIds.get(name)!;
      const exported = await download(origin, `/plans/${planId}/export.xlsx`);
      const response = await expectNothingAppended(origin, () =>
        importInto(origin, exported.body, `${name} export.xlsx`),
      );
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        outcome: 'unchanged',
        summary: { events: 0, plan: { id: planId, new: false } },
      });
    });
  }

  it('the 2018-19 plan exported as of 31 January 2019 and imported into a fresh store is the plan as it stood that day, statuses and their times included', async () => {
    const planId = planIds.get(FIXTURES.sip2018)!;
    const exported = await download(origin, `/plans/${planId}/export.xlsx?asOf=2019-01-31`);
    expect(exported.status).toBe(200);
    const past = await startApi();
    try {
      const imported = await importInto(past, exported.body, 'as at 2019-01-31.xlsx');
      expect(imported.status).toBe(201);
      expect(imported.body.summary.asOf).toMatchObject({ date: '2019-01-31', from: 'stated' });
      const [then, now] = [
        await computedPlan(origin, planId, { asOf: new Date('2019-01-31T23:59:59.999Z'), withSetAt: true }),
        await computedPlan(past, planId, { withSetAt: true }),
      ];
      expect(now.actions.filter((action) => action.status !== null).length).toBeGreaterThan(10);
      expect(now).toEqual(then);
    } finally {
      await past.close();
    }
  }, 180_000);

  it('answers the .xlsx as an attachment named after the plan, to any role that reads plans; it opens with its header row and BRAG fills', async () => {
    const planId = planIds.get(FIXTURES.sip2018)!;
    for (const key of [origin.keys.auditor, origin.keys.inspector, origin.keys.manager])
      expect((await download(origin, `/plans/${planId}/export.xlsx`, key)).status).toBe(200);
    const response = await download(origin, `/plans/${planId}/export.xlsx`);
    expect(response.headers['content-type']).toBe(XLSX);
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="Children & Families Service Improvement Plan.xlsx"',
    );

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const rows: unknown[][] = [];
    for (let n = 1; n <= sheet.rowCount; n += 1)
      rows.push(Array.from({ length: sheet.columnCount }, (_, i) => sheet.getRow(n).getCell(i + 1).value ?? null));
    const header = rows.findIndex((values) => values[0] === 'Why?');
    expect(rows[header]).toEqual(
      expect.arrayContaining([
        'Why?',
        'Who?',
        'Does what?',
        'By when?',
        'How will we know it has been done?',
        'What will be the experience of children?',
        'RAG status',
        'Comments on progress',
      ]),
    );
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: header + 1 });
    // The day of the export in London (TIME_ZONE's default).
    const today = new CalendarDays('Europe/London').today(new Date());
    expect(
      rows.some(
        (values) =>
          values[0] ===
          `As at ${Number(today.slice(8, 10))} ${new Date(`${today}T12:00:00Z`).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })} ${today.slice(0, 4)}`,
      ),
    ).toBe(true);
    const fills = new Map<string, string>();
    sheet.getColumn(rows[header]!.indexOf('RAG status') + 1).eachCell((cell) => {
      if (!cell.isMerged && cell.fill?.type === 'pattern' && typeof cell.value === 'string')
        fills.set(cell.value, (cell.fill.fgColor as { argb: string }).argb);
    });
    expect(Object.fromEntries(fills)).toMatchObject({
      Blue: STATUS_FILLS.blue,
      Green: STATUS_FILLS.green,
      Amber: STATUS_FILLS.amber,
    });
  });

  it('names the day it describes when asked as of one: "as at" in the file name and a title row', async () => {
    const planId = planIds.get(FIXTURES.sip2018)!;
    const response = await download(origin, `/plans/${planId}/export.xlsx?asOf=2019-01-31`);
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="Children & Families Service Improvement Plan as at 2019-01-31.xlsx"',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.body as unknown as ArrayBuffer);
    const column = workbook.worksheets[0]!.getColumn(1).values;
    expect(column).toContain('As at 31 January 2019');
  });

  it('answers 404 for a plan it does not know and 400 naming asOf when asOf is not a date', async () => {
    expectProblem(
      await origin.http.get('/plans/00000000-0000-4000-8000-000000000000/export.xlsx').set(bearer(origin.keys.auditor)),
      404,
    );
    expectProblem(
      await origin.http
        .get(`/plans/${planIds.get(FIXTURES.sdp2024)}/export.xlsx?asOf=31/01/2019`)
        .set(bearer(origin.keys.auditor)),
      400,
      ['asOf'],
    );
    expectProblem(await origin.http.get(`/plans/${planIds.get(FIXTURES.sdp2024)}/export.xlsx`), 401);
  });
});
