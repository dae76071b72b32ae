import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportResult } from '#importer';
import { RESTATED, RESTATING_PLAN_FILE, restatingPlan2019 } from '../libs/importer/src/testing/restating-plan.js';
import { sdpRow } from '../libs/importer/src/testing/workbook.builders.js';
import { fixtureBytes, FIXTURES } from '../libs/importer/src/write/testing/workbook-versions.js';
import { allEvents, expectNothingAppended, expectProblem, lastPosition, readAs } from './support/api-builders.js';
import { bearer, startApi, type ApiUnderTest } from './support/api-harness.js';
import { runOversight } from './support/programs.js';
import { createRunStore, type RunStore } from './support/run-store.js';

type History = {
  recommendation: { id: string; text: string };
  linkedTo: string | null;
  linked: { id: string; text: string }[];
  plans: { id: string; title: string; periodStart: string; wording: { text: string; restated: boolean } }[];
  events: { type: string; reason: string | null; data: Record<string, unknown> }[];
  actions: { actionId: string; planIds: string[]; state: { description: string } | null }[];
};

describe('one recommendation across plans (issue 23)', () => {
  let api: ApiUnderTest;
  let later: Buffer;
  /** "Ofsted recommendation N" → its id, as the 2018-19 plan recorded them. */
  const ofsted = new Map<number, string>();
  let first: ImportResult;
  let second: ImportResult;

  const importing = (bytes: Buffer, name: string, query = '', key = api.keys.manager) =>
    api.http
      .post(`/imports${query ? `?${query}` : ''}`)
      .set(bearer(key))
      .attach('file', bytes, name);
  const history = async (id: string, query = ''): Promise<History> => {
    const response = await readAs(api, `/recommendations/${id}/history?waitFor=${await lastPosition(api)}${query}`);
    expect(response.status).toBe(200);
    return response.body as History;
  };
  type Entry = { source: { id: string; title: string }; recommendations: number; actions: number };
  const accountability = async (): Promise<Entry[]> => {
    const response = await readAs(api, `/sources/accountability?waitFor=${await lastPosition(api)}`);
    return (response.body as { groups: { sources: Entry[] }[] }).groups.flatMap((group) => group.sources);
  };
  const ofstedJuly2016 = async () =>
    (await accountability()).find((entry) => entry.source.title === 'Ofsted inspection, July 2016')!;

  beforeAll(async () => {
    api = await startApi();
    later = await restatingPlan2019();
    const response = await importing(fixtureBytes(FIXTURES.sip2018), FIXTURES.sip2018);
    expect(response.status).toBe(201);
    first = response.body as ImportResult;
    for (const rec of first.summary.recommendations.new) {
      const n = /^Ofsted recommendation (\d)$/.exec(rec.reference ?? '');
      if (n) ofsted.set(Number(n[1]), rec.id);
    }
    expect(ofsted.size).toBe(4);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('a dry run names each match (which recommendation, by which rule, with what score) and writes nothing', async () => {
    const response = await expectNothingAppended(api, () => importing(later, RESTATING_PLAN_FILE, 'dryRun=true'));
    expect(response.status).toBe(200);
    const { matched } = (response.body as ImportResult).summary.recommendations;
    const byText = new Map(matched.map((match) => [match.text, match]));
    expect(byText.get(RESTATED.r1)).toMatchObject({ recommendationId: ofsted.get(1), rule: 'number', score: 1 });
    expect(byText.get(RESTATED.r2)).toMatchObject({ recommendationId: ofsted.get(2), rule: 'number', score: 1 });
    expect(byText.get(RESTATED.r3)).toMatchObject({ recommendationId: ofsted.get(3), rule: 'text' });
    expect(byText.get(RESTATED.r3)!.score).toBeGreaterThanOrEqual(0.6);
    expect(byText.get(RESTATED.r3)!.knownText).toMatch(/^Ofsted recommendation 3: Ensure that permanency planning/);
    expect(byText.get(RESTATED.r4)).toMatchObject({ recommendationId: ofsted.get(4), rule: 'number' });
    expect(matched).toHaveLength(4);
  });

  it('a dry run warns of a near miss, naming both texts, and does not merge it', async () => {
    const nearly = "Ofsted July 2016: managers to check that case files hold the child's plan";
    const bytes = await restatingPlan2019([
      sdpRow({ why: nearly, who: 'TM', what: 'Monthly file checks.', rag: 'Green' }),
    ]);
    const response = await importing(bytes, RESTATING_PLAN_FILE, 'dryRun=true');
    const summary = (response.body as ImportResult).summary;
    const miss = summary.warnings.find((warning) => warning.code === 'RECOMMENDATION_NEAR_MISS');
    expect(miss?.message).toContain(`"${nearly}" is near "`);
    expect(miss?.message).toMatch(/Ensure that case records are up-to-date/);
    expect(summary.recommendations.new.map((rec) => rec.text)).toContain(nearly);
  });

  it('imports the later plan: the source keeps its recommendations, each with actions in both plans, listed in order', async () => {
    const before = await ofstedJuly2016();
    const response = await importing(later, RESTATING_PLAN_FILE);
    expect(response.status).toBe(201);
    second = response.body as ImportResult;
    const after = await ofstedJuly2016();
    // The four are the same four; only the look-alike (recommendation 5) is new to the source.
    expect(after.recommendations).toBe(before.recommendations + 1);
    expect(second.summary.recommendations.new.map((rec) => rec.text)).toEqual(
      expect.arrayContaining([RESTATED.lookAlike, RESTATED.newNeed]),
    );
    const restated = [RESTATED.r1, RESTATED.r2, RESTATED.r3, RESTATED.r4];
    for (const [n, id] of ofsted) {
      const seen = await history(id);
      expect(seen.plans.map((plan) => [plan.title, plan.periodStart])).toEqual([
        ['Children & Families Service Improvement Plan', '2018-05-01'],
        ['Service Development Plan 2019-20', '2019-04-01'],
      ]);
      // One identity, many wordings: each plan's own words.
      expect(seen.plans[0]!.wording).toMatchObject({
        restated: false,
        text: expect.stringMatching(`^Ofsted recommendation ${n}:`),
      });
      expect(seen.plans[1]!.wording).toEqual(expect.objectContaining({ restated: true, text: restated[n - 1] }));
      for (const plan of seen.plans) expect(seen.actions.some((action) => action.planIds.includes(plan.id))).toBe(true);
      expect(seen.events.map((event) => event.type)).toEqual(['RecommendationRecorded', 'RecommendationRestated']);
    }
  });

  it('does not merge a restatement that only looks alike (another recommendation of the same source)', async () => {
    const lookAlike = second.summary.recommendations.new.find((rec) => rec.text === RESTATED.lookAlike)!;
    expect(lookAlike.sourceId).toBe(
      first.summary.recommendations.new.find((rec) => rec.id === ofsted.get(1))!.sourceId,
    );
    const r1 = await history(ofsted.get(1)!);
    expect(r1.actions.map((action) => action.state?.description)).not.toContain(
      'Decision records template rolled out.',
    );
    expect((await history(lookAlike.id)).plans.map((plan) => plan.title)).toEqual(['Service Development Plan 2019-20']);
  });

  it('re-importing either plan appends nothing, by the same person or another', async () => {
    await expectNothingAppended(api, async () => {
      for (const [bytes, name] of [
        [fixtureBytes(FIXTURES.sip2018), FIXTURES.sip2018],
        [later, RESTATING_PLAN_FILE],
      ] as const) {
        // Planned afresh (another person's import is another command), each finds nothing to add.
        for (const key of [api.keys.manager, api.keys.admin]) {
          const again = await importing(bytes, name, '', key);
          expect({ status: again.status, ...(again.body as ImportResult) }).toMatchObject({
            status: 201,
            outcome: 'unchanged',
            position: null,
            summary: { events: 0, recommendations: { new: [] } },
          });
        }
      }
    });
  });

  describe('linking by hand', () => {
    let joinerId: string;
    let survivorId: string;
    let beforeLink: string;

    const revisionOf = async (id: string): Promise<number> =>
      (await allEvents(api)).filter((event) => event.streamId === `recommendation-${id}`).at(-1)!.revision;
    const post = (
      id: string,
      verb: 'link' | 'unlink',
      body: object,
      revision: number | null,
      key = api.keys.manager,
    ) => {
      const test = api.http.post(`/recommendations/${id}/${verb}`).set(bearer(key));
      if (revision !== null) test.set('If-Match', `"${revision}"`);
      return test.send(body);
    };

    beforeAll(() => {
      joinerId = second.summary.recommendations.new.find((rec) => rec.text === RESTATED.lookAlike)!.id;
      survivorId = ofsted.get(1)!;
    });

    it('refuses what no link can be, writing nothing', async () => {
      const revision = await revisionOf(joinerId);
      await expectNothingAppended(api, async () => {
        expectProblem(await post(joinerId, 'link', { survivorId }, revision), 400, ['reason']);
        expectProblem(await post(joinerId, 'link', { survivorId: joinerId, reason: 'same' }, revision), 400, [
          'survivorId',
        ]);
        expectProblem(await post(joinerId, 'link', { survivorId: 'not-an-id', reason: 'x' }, revision), 400, [
          'survivorId',
        ]);
        expectProblem(
          await post(joinerId, 'link', { survivorId: '00000000-0000-4000-8000-000000000000', reason: 'x' }, revision),
          400,
          ['survivorId'],
        );
        expectProblem(await post(joinerId, 'link', { survivorId, reason: 'x' }, revision, api.keys.auditor), 403);
        expectProblem(await post(joinerId, 'link', { survivorId, reason: 'x' }, revision, api.keys.inspector), 403);
        expect((await post(joinerId, 'link', { survivorId, reason: 'x' }, revision + 1)).status).toBe(409);
        expect((await post(joinerId, 'link', { survivorId, reason: 'x' }, null)).status).toBe(428);
        const unlinked = await post(joinerId, 'unlink', { reason: 'nothing to undo' }, revision);
        expect({ status: unlinked.status, code: unlinked.body.code }).toEqual({ status: 409, code: 'NOT_LINKED' });
      });
    });

    it('a link joins one to the other in the history, the timeline and the counts, and a view of before shows them apart', async () => {
      const countsBefore = await ofstedJuly2016();
      beforeLink = (await allEvents(api)).at(-1)!.metadata.recordedAt.toISOString();
      await new Promise((resolve) => setTimeout(resolve, 5));
      const response = await post(
        joinerId,
        'link',
        { survivorId, reason: 'R5 is R1 written again, agreed at DLT' },
        await revisionOf(joinerId),
      );
      expect({ status: response.status, events: response.body.events }).toEqual({
        status: 200,
        events: ['RecommendationsLinked'],
      });

      const joined = await history(survivorId);
      expect(joined.linked.map((rec) => rec.id)).toEqual([joinerId]);
      expect(joined.actions.map((action) => action.state?.description)).toContain(
        'Decision records template rolled out.',
      );
      expect(joined.events.find((event) => event.type === 'RecommendationsLinked')).toMatchObject({
        reason: 'R5 is R1 written again, agreed at DLT',
        data: { recommendationId: joinerId, survivorId },
      });
      expect((await history(joinerId)).linkedTo).toBe(survivorId);
      const timeline = await readAs(api, `/recommendations/${survivorId}/timeline?waitFor=${await lastPosition(api)}`);
      const lookAlikeAction = joined.actions.find(
        (action) => action.state?.description === 'Decision records template rolled out.',
      )!;
      expect(timeline.body.entries.map((entry: { actionId: string }) => entry.actionId)).toContain(
        lookAlikeAction.actionId,
      );
      expect((await ofstedJuly2016()).recommendations).toBe(countsBefore.recommendations - 1);

      const then = await history(survivorId, `&asAt=${encodeURIComponent(beforeLink)}`);
      expect({
        linked: then.linked,
        hasLookAlike: then.actions.some((a) => a.actionId === lookAlikeAction.actionId),
      }).toEqual({
        linked: [],
        hasLookAlike: false,
      });
      const log = await readAs(api, `/audit-log?type=RecommendationsLinked&waitFor=${await lastPosition(api)}`);
      expect(log.body.entries).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'RecommendationsLinked', recommendationId: joinerId }),
        ]),
      );
    });

    it('refuses a second link, and a link to one that has itself joined another', async () => {
      const revision = await revisionOf(joinerId);
      const again = await post(joinerId, 'link', { survivorId, reason: 'again' }, revision);
      expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'ALREADY_LINKED' });
      const r2 = ofsted.get(2)!;
      const chained = await post(r2, 'link', { survivorId: joinerId, reason: 'chain' }, await revisionOf(r2));
      expect({ status: chained.status, code: chained.body.code }).toEqual({ status: 409, code: 'ALREADY_LINKED' });
    });

    it('an unlink parts them again, and the events tell both', async () => {
      const countsLinked = await ofstedJuly2016();
      const response = await post(
        joinerId,
        'unlink',
        { reason: 'On reflection, R5 is a new finding' },
        await revisionOf(joinerId),
      );
      expect({ status: response.status, events: response.body.events }).toEqual({
        status: 200,
        events: ['RecommendationsUnlinked'],
      });
      const apart = await history(survivorId);
      expect(apart.linked).toEqual([]);
      expect(apart.actions.map((action) => action.state?.description)).not.toContain(
        'Decision records template rolled out.',
      );
      expect(apart.events.map((event) => event.type)).toEqual([
        'RecommendationRecorded',
        'RecommendationRestated',
        'RecommendationsLinked',
        'RecommendationsUnlinked',
      ]);
      expect((await ofstedJuly2016()).recommendations).toBe(countsLinked.recommendations + 1);
      // Nothing was rewritten: the stream holds the link and its undoing, in order.
      const stream = (await allEvents(api)).filter((event) => event.streamId === `recommendation-${joinerId}`);
      expect(stream.map((event) => event.type)).toEqual([
        'RecommendationRecorded',
        'RecommendationsLinked',
        'RecommendationsUnlinked',
      ]);
    });

    it('a recommendation of another source linked to one counts, with its actions, for the survivor’s source', async () => {
      const duty = second.summary.recommendations.new.find((rec) => rec.text === RESTATED.newNeed)!;
      const before = await accountability();
      const counts = (entries: Entry[], id: string) => {
        const entry = entries.find((candidate) => candidate.source.id === id)!;
        return { recommendations: entry.recommendations, actions: entry.actions };
      };
      const ofstedId = (await ofstedJuly2016()).source.id;
      const r2 = ofsted.get(2)!;
      const linked = await post(duty.id, 'link', { survivorId: r2, reason: 'Raised again under R2' }, 0);
      expect(linked.status).toBe(200);
      const after = await accountability();
      expect(counts(after, duty.sourceId)).toEqual({
        recommendations: counts(before, duty.sourceId).recommendations - 1,
        actions: counts(before, duty.sourceId).actions - 1,
      });
      expect(counts(after, ofstedId)).toEqual({
        recommendations: counts(before, ofstedId).recommendations,
        actions: counts(before, ofstedId).actions + 1,
      });
    });
  });
});

describe('oversight import --refuse-match and oversight recommendations link|unlink', () => {
  let store: RunStore;
  let folder: string;
  beforeAll(async () => {
    store = await createRunStore();
    folder = mkdtempSync(join(tmpdir(), 'oversight-identity-'));
    writeFileSync(join(folder, FIXTURES.sip2018), fixtureBytes(FIXTURES.sip2018));
    writeFileSync(join(folder, RESTATING_PLAN_FILE), await restatingPlan2019());
  });
  afterAll(async () => {
    await store?.dispose();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });
  const oversight = (args: string[]) => runOversight(args, store.env);

  it('refuses a match on request, and links and unlinks by hand', async () => {
    expect((await oversight(['import', join(folder, FIXTURES.sip2018)])).code).toBe(0);
    const dry = await oversight(['import', join(folder, RESTATING_PLAN_FILE), '--dry-run']);
    expect(dry.stdout).toMatch(/^Recommendations: 2 new, 4 already known \(4 of them restated in other words\)$/m);
    const r3Line = dry.stdout.split('\n').find((line) => line.includes('by its words, score'))!;
    const matchId = /--refuse-match ([0-9a-f-]{36})/.exec(r3Line)![1]!;
    const r3Id = /is ([0-9a-f-]{36}) "/.exec(r3Line)![1]!;

    const imported = await oversight([
      'import',
      join(folder, RESTATING_PLAN_FILE),
      '--refuse-match',
      matchId,
      '--json',
    ]);
    expect(imported.code).toBe(0);
    const result = JSON.parse(imported.stdout) as ImportResult;
    expect(result.summary.recommendations.refused.map((match) => match.matchId)).toEqual([matchId]);
    expect(result.summary.recommendations.new.map((rec) => rec.id)).toContain(matchId);

    // What the rule was refused, a person decides: the restatement of 3 joins 3.
    const noReason = await oversight(['recommendations', 'link', matchId, '--to', r3Id]);
    expect({ code: noReason.code, stderr: noReason.stderr }).toEqual({
      code: 2,
      stderr: expect.stringContaining('--reason'),
    });
    const linked = await oversight([
      'recommendations',
      'link',
      matchId,
      '--to',
      r3Id,
      '--reason',
      'The same finding',
      '--as',
      'Auditor A',
    ]);
    expect({ code: linked.code, stdout: linked.stdout }).toEqual({
      code: 0,
      stdout: expect.stringContaining(`Linked: ${matchId} joins ${r3Id}`),
    });
    const twice = await oversight(['recommendations', 'link', matchId, '--to', r3Id, '--reason', 'again']);
    expect({ code: twice.code, stderr: twice.stderr }).toEqual({
      code: 1,
      stderr: expect.stringContaining('already linked'),
    });
    // The read models are rebuilt from the events alone: the link is there, then gone after the unlink.
    const linksAfterRebuild = async () => {
      expect((await oversight(['rebuild'])).code).toBe(0);
      return store.open(async (_, sql) => {
        const links = await sql('SELECT recommendation_id, survivor_id FROM rm_recommendation_links');
        const restated = await sql("SELECT count(*)::int AS n FROM rm_audit_log WHERE type = 'RecommendationRestated'");
        return { links: links.rows, restated: restated.rows[0].n };
      });
    };
    expect(await linksAfterRebuild()).toEqual({
      links: [{ recommendation_id: matchId, survivor_id: r3Id }],
      restated: 3,
    });
    const unlinked = await oversight(['recommendations', 'unlink', matchId, '--reason', 'Not after all']);
    expect(unlinked.code).toBe(0);
    expect(await linksAfterRebuild()).toEqual({
      links: [{ recommendation_id: matchId, survivor_id: null }],
      restated: 3,
    });
    // The reasons as the audit log shows them, opened; in the events they are sealed, as every reason is.
    const { shown, stored } = await store.open(async (eventStore, sql) => ({
      shown: (
        await sql('SELECT type, reason, actor_name FROM rm_audit_log WHERE stream_id = $1 ORDER BY position', [
          `recommendation-${matchId}`,
        ])
      ).rows as { type: string; reason: string; actor_name: string }[],
      stored: await eventStore.readStream(`recommendation-${matchId}`),
    }));
    expect(shown.map((entry) => [entry.type, entry.reason])).toEqual([
      ['RecommendationRecorded', 'Imported from service-development-plan-2019-20.xlsx'],
      ['RecommendationsLinked', 'The same finding'],
      ['RecommendationsUnlinked', 'Not after all'],
    ]);
    expect(shown[1]!.actor_name).toBe('Auditor A');
    expect(stored.map((event) => event.metadata.reason)).toEqual([
      expect.stringMatching(/^sealed:v1:/),
      expect.stringMatching(/^sealed:v1:/),
      expect.stringMatching(/^sealed:v1:/),
    ]);
  }, 240_000); // eight runs of the command, each opening the store
});
