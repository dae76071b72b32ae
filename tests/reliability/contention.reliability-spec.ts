import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type ApiUnderTest } from '../support/api-harness.js';
import {
  actionEvents,
  allEvents,
  createAction,
  expectProblem,
  postUpdate,
  readAs,
  type Body,
  type UpdateVerb,
} from '../support/api-builders.js';
import { SERVER_URL } from './support/reliability.js';

const WRITERS = 16;
const ROUNDS = 30;
const COLOURS = ['red', 'amber', 'green'] as const;

interface Attempt {
  writer: number;
  verb: UpdateVerb;
  body: Body;
  status: number;
  response: { status: number; body: any; headers: Record<string, string> };
}

/** What writer `writer` tries in round `round`: a change that always appends when it lands. */
function attemptOf(writer: number, round: number, currentStatus: string | null): { verb: UpdateVerb; body: Body } {
  const mark = `round ${round} writer ${writer}`;
  switch ((round + writer) % 3) {
    case 0:
      return { verb: 'comments', body: { text: `Comment: ${mark}` } };
    case 1: {
      const others = COLOURS.filter((colour) => colour !== currentStatus);
      return { verb: 'status', body: { to: others[writer % others.length], reason: `Status: ${mark}` } };
    }
    default:
      return { verb: 'reassign', body: { to: `Owner ${mark}`, reason: `Reassigned: ${mark}` } };
  }
}

/**
 * Many writers on one action, round after round: each reads the action (its ETag) and tries to
 * change it with If-Match. Only the one whose expected revision still holds lands; the rest get
 * 409 with the revision to retry from; the stream grows by exactly one event a round, no gaps.
 */
describe('reliability: contention on one action', () => {
  let api: ApiUnderTest;
  const rounds: Attempt[][] = [];
  let actionId = '';

  beforeAll(async () => {
    process.env.DATABASE_URL = SERVER_URL;
    api = await startApi();
    const action = await createAction(api);
    actionId = action.id;
    let position = (await actionEvents(api, actionId))[0]!.position;
    for (let round = 0; round < ROUNDS; round += 1) {
      // Everyone reads the action as it stands after the last round (reading their own writes).
      const reads = await Promise.all(
        Array.from({ length: WRITERS }, () =>
          readAs(api, `/actions/${actionId}`, api.keys.manager).set('X-Wait-For-Position', String(position)),
        ),
      );
      for (const read of reads)
        expect({ status: read.status, etag: read.headers.etag }).toEqual({ status: 200, etag: `"${round}"` });
      const tries = reads.map((read, writer) => ({
        writer,
        ...attemptOf(writer, round, read.body.status ?? null),
        etag: read.headers.etag as string,
      }));
      const responses = await Promise.all(
        tries.map((attempt) => postUpdate(api, actionId, attempt.verb, attempt.body, attempt.etag)),
      );
      rounds.push(
        tries.map((attempt, index) => ({
          ...attempt,
          status: responses[index]!.status,
          response: responses[index]! as Attempt['response'],
        })),
      );
      const winner = responses.find((response) => response.status < 300);
      if (winner) position = winner.body.position;
    }
  });
  afterAll(async () => {
    await api?.close();
  });

  it(`each of ${ROUNDS} rounds has exactly one winner among ${WRITERS} writers, and its answer is the next revision`, () => {
    rounds.forEach((attempts, round) => {
      const winners = attempts.filter((attempt) => attempt.status < 300);
      expect({ round, winners: winners.length }).toEqual({ round, winners: 1 });
      expect(winners[0]!.response.body).toMatchObject({ id: actionId, revision: round + 1 });
      expect(winners[0]!.response.body.events).toHaveLength(1);
      expect(winners[0]!.response.headers.etag).toBe(`"${round + 1}"`);
    });
  });

  it('every loser gets 409 problem details with the revision to retry from, as body and ETag', () => {
    rounds.forEach((attempts, round) => {
      for (const loser of attempts.filter((attempt) => attempt.status >= 300)) {
        expectProblem(loser.response, 409);
        expect({
          round,
          writer: loser.writer,
          currentRevision: loser.response.body.currentRevision,
          etag: loser.response.headers.etag,
        }).toEqual({
          round,
          writer: loser.writer,
          currentRevision: round + 1,
          etag: `"${round + 1}"`,
        });
      }
    });
  });

  it("the stream holds the creation and one event per winner, revisions without gaps, each the winner's", async () => {
    const events = await actionEvents(api, actionId);
    expect(events.map((event) => event.revision)).toEqual(
      Array.from({ length: ROUNDS + 1 }, (_, revision) => revision),
    );
    rounds.forEach((attempts, round) => {
      const winner = attempts.find((attempt) => attempt.status < 300)!;
      const event = events[round + 1]!;
      expect(event.position).toBe(winner.response.body.position);
      const said = winner.verb === 'comments' ? event.data.text : event.metadata.reason;
      expect({ round, said }).toEqual({
        round,
        said: winner.verb === 'comments' ? winner.body.text : winner.body.reason,
      });
    });
  });

  it("no loser's change is anywhere in the store", async () => {
    const everything = JSON.stringify(await allEvents(api));
    const lost = rounds.flatMap((attempts, round) =>
      attempts.filter((attempt) => attempt.status >= 300).map((attempt) => `round ${round} writer ${attempt.writer}`),
    );
    expect(lost.length).toBe(ROUNDS * (WRITERS - 1));
    // Quoted, so "round 1 writer 2" does not match inside "round 11 writer 2…".
    expect(lost.filter((mark) => everything.includes(`${mark}"`))).toEqual([]);
  });

  it("the read model ends at the last winner's revision", async () => {
    const last = rounds.at(-1)!.find((attempt) => attempt.status < 300)!;
    const read = await readAs(api, `/actions/${actionId}`).set(
      'X-Wait-For-Position',
      String(last.response.body.position),
    );
    expect(read.status).toBe(200);
    expect(read.headers.etag).toBe(`"${ROUNDS}"`);
  });
});
