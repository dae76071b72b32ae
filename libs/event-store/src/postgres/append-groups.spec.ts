import { describe, expect, it } from '@jest/globals';
import { ANY } from '../event-store.port.js';
import { prepareAppend } from '../prepare-append.js';
import { AppendGroups, MAX_APPEND_GROUP, type GroupWrites, type OneAppend } from './append-groups.js';

/** A single-event append to `streamId`, as PostgresAppends hands it over. */
function oneAppend(streamId: string): OneAppend {
  const [event] = prepareAppend(
    streamId,
    [{ type: 'Ticked', data: {} }],
    { expectedRevision: ANY, actor: { id: 'k', name: 'Grouped', role: 'manager' }, origin: 'api' },
    null,
    new Date(),
  );
  return { event: event!, head: null };
}

interface Sent {
  kind: 'one' | 'group';
  streams: string[];
  finish(outcome: number | Error): void;
}

/** A server that holds every statement until the test finishes it, and notes what was sent. */
function heldServer() {
  const sent: Sent[] = [];
  const hold = (kind: Sent['kind'], appends: readonly OneAppend[]) =>
    new Promise<number>((resolve, reject) =>
      sent.push({
        kind,
        streams: appends.map((append) => append.event.streamId),
        finish: (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome)),
      }),
    );
  const writes: GroupWrites = {
    one: (append) => hold('one', [append]),
    group: (appends) => hold('group', appends),
  };
  return { sent, writes };
}

/** An error as pg reports the server's refusal (SQLSTATE in `code`). */
const refused = (code: string) => Object.assign(new Error(`refused ${code}`), { code });
const settled = (promise: Promise<number>) =>
  promise.then(
    (value) => ({ value }),
    (error: Error) => ({ error: error.message }),
  );
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('AppendGroups', () => {
  it('sends appends alone, at once, while fewer than maxInFlight are at the server', async () => {
    const { sent, writes } = heldServer();
    const groups = new AppendGroups(writes, 2);
    const a = groups.write(oneAppend('a'));
    const b = groups.write(oneAppend('b'));
    expect(sent.map((s) => [s.kind, s.streams])).toEqual([
      ['one', ['a']],
      ['one', ['b']],
    ]);
    sent[0]!.finish(10);
    sent[1]!.finish(11);
    await expect(a).resolves.toBe(10);
    await expect(b).resolves.toBe(11);
  });

  it('holds the appends beyond that until one finishes, then sends them as one group in stream order, each answered its own position', async () => {
    const { sent, writes } = heldServer();
    const groups = new AppendGroups(writes, 1);
    const first = groups.write(oneAppend('first'));
    const waiting = ['c', 'a', 'b'].map((stream) => groups.write(oneAppend(stream)));
    await turn();
    expect(sent).toHaveLength(1);
    sent[0]!.finish(1);
    await expect(first).resolves.toBe(1);
    expect(sent.map((s) => [s.kind, s.streams])).toEqual([
      ['one', ['first']],
      ['group', ['a', 'b', 'c']],
    ]);
    sent[1]!.finish(7);
    // c was written third, at the group's first position + 2.
    await expect(Promise.all(waiting)).resolves.toEqual([9, 7, 8]);
  });

  it(`sends at most ${MAX_APPEND_GROUP} appends in a group`, async () => {
    const { sent, writes } = heldServer();
    const groups = new AppendGroups(writes, 1);
    void groups.write(oneAppend('first'));
    const waiting = Array.from({ length: MAX_APPEND_GROUP + 3 }, (_, n) => groups.write(oneAppend(`s${1000 + n}`)));
    sent[0]!.finish(1);
    await turn();
    expect(sent.map((s) => s.streams.length)).toEqual([1, MAX_APPEND_GROUP]);
    sent[1]!.finish(2);
    await turn();
    expect(sent.map((s) => s.streams.length)).toEqual([1, MAX_APPEND_GROUP, 3]);
    sent[2]!.finish(2 + MAX_APPEND_GROUP);
    expect((await Promise.all(waiting)).at(-1)).toBe(2 + MAX_APPEND_GROUP + 2);
  });

  it('sends each append of a group the server refused again alone, so each gets its own answer and the others land', async () => {
    const { sent, writes } = heldServer();
    const groups = new AppendGroups(writes, 1);
    void groups.write(oneAppend('first'));
    const [moved, fine] = ['moved', 'fine'].map((stream) => settled(groups.write(oneAppend(stream))));
    sent[0]!.finish(1);
    await turn();
    sent[1]!.finish(refused('OV003'));
    await turn();
    expect(sent.slice(2).map((s) => [s.kind, s.streams])).toEqual([
      ['one', ['fine']],
      ['one', ['moved']],
    ]);
    sent[2]!.finish(5);
    sent[3]!.finish(refused('OV003'));
    await expect(moved).resolves.toEqual({ error: 'refused OV003' });
    await expect(fine).resolves.toEqual({ value: 5 });
  });

  it('fails every append of a group whose failure has no answer from the server, and sends none of them again', async () => {
    const { sent, writes } = heldServer();
    const groups = new AppendGroups(writes, 1);
    void groups.write(oneAppend('first'));
    const waiting = ['a', 'b'].map((stream) => settled(groups.write(oneAppend(stream))));
    sent[0]!.finish(1);
    await turn();
    sent[1]!.finish(new Error('Connection terminated unexpectedly'));
    await expect(Promise.all(waiting)).resolves.toEqual([
      { error: 'Connection terminated unexpectedly' },
      { error: 'Connection terminated unexpectedly' },
    ]);
    expect(sent).toHaveLength(2);
  });

  it('sends what waits once a failed append frees its place', async () => {
    const { sent, writes } = heldServer();
    const groups = new AppendGroups(writes, 1);
    const failing = settled(groups.write(oneAppend('failing')));
    const next = groups.write(oneAppend('next'));
    sent[0]!.finish(refused('23505'));
    await expect(failing).resolves.toEqual({ error: 'refused 23505' });
    await turn();
    expect(sent.map((s) => [s.kind, s.streams])).toEqual([
      ['one', ['failing']],
      ['one', ['next']],
    ]);
    sent[1]!.finish(3);
    await expect(next).resolves.toBe(3);
  });

  it('refuses a maxInFlight below 1', () => {
    expect(() => new AppendGroups(heldServer().writes, 0)).toThrow(RangeError);
  });
});
