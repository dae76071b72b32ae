import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actionRequest, commandIdOf, planRequest, sourceRequest } from '../support/api-builders.js';
import { runOversight, startService, type RunningService } from '../support/programs.js';
import {
  call,
  freshDatabase,
  issueKeys,
  mustCall,
  randomFrom,
  readModelRows,
  rebuildReadModels,
  seedFor,
  storeHead,
  waitForProjections,
  type FreshDatabase,
  type Outcome,
} from './support/reliability.js';

const COMMANDS = 5_000;
const CLIENTS = 6;
const ACTIONS = 48;
const COLOURS = ['red', 'amber', 'green'] as const;

interface Command {
  number: number;
  actionId: string;
  verb: 'comments' | 'status';
  idempotencyKey: string;
  body: Record<string, unknown>;
  /** Which run of the service it was sent to: 1 before the crash, 2 after the restart. */
  run: 1 | 2;
  outcome: Outcome;
}

/**
 * kill -9 in the middle of 5,000 commands, then a restart on the same database: every command
 * the service acknowledged is in the store exactly once, where its answer said; none is doubled;
 * the hash chains hold; and the read models the restarted service caught up equal a rebuild.
 */
describe('reliability: kill -9 under load, and restart', () => {
  const seed = seedFor('crash');
  const random = randomFrom(seed);
  /** Acknowledged commands before the kill: somewhere in the middle third to two thirds. */
  const killAfter = Math.floor(COMMANDS * (0.3 + random() * 0.35));
  let database: FreshDatabase;
  let keys: Awaited<ReturnType<typeof issueKeys>>;
  let service: RunningService;
  let setupEvents = 0;
  let killSignalled: number | null | undefined;
  const commands: Command[] = [];

  beforeAll(async () => {
    database = await freshDatabase('oversight_rel_crash');
    keys = await issueKeys(database.url);
    const env = { DATABASE_URL: database.url, LOG_LEVEL: 'warn' };
    service = await startService(env);
    const manager = keys.manager.key;
    const plan = await mustCall(service.baseUrl, 'POST', '/plans', 201, { key: manager, body: planRequest() });
    const source = await mustCall(service.baseUrl, 'POST', '/sources', 201, { key: manager, body: sourceRequest() });
    const actionIds: string[] = [];
    for (let index = 0; index < ACTIONS; index += 1) {
      actionIds.push(
        (
          await mustCall(service.baseUrl, 'POST', '/actions', 201, {
            key: manager,
            body: actionRequest(plan.id, source.id, { ref: `C.${index}` }),
          })
        ).id,
      );
    }
    setupEvents = (await storeHead(database.sql)).count;

    // Each client owns some actions and keeps their revision and colour from the answers it gets.
    let run: 1 | 2 = 1;
    let acknowledged = 0;
    let restarted: Promise<void> | null = null;
    const crashAndRestart = () =>
      (restarted ??= (async () => {
        killSignalled = await service.kill('SIGKILL');
        run = 2;
        service = await startService(env);
      })());
    const resync = async (actionId: string) => {
      const [row] = await database.sql<{ revision: string; colour: string | null }>(
        `SELECT max(revision) AS revision, (SELECT data->>'to' FROM oversight_events WHERE stream_id = $1 AND type = 'RagStatusChanged' ORDER BY revision DESC LIMIT 1) AS colour
           FROM oversight_events WHERE stream_id = $1`,
        [`action-${actionId}`],
      );
      return { revision: Number(row!.revision), colour: row!.colour };
    };
    let next = 0;
    const client = async (clientIndex: number) => {
      const mine = actionIds.filter((_, index) => index % CLIENTS === clientIndex);
      const known = new Map(mine.map((id) => [id, { revision: 0, colour: null as string | null }]));
      for (let turn = 0; next < COMMANDS; turn += 1) {
        const number = (next += 1);
        const actionId = mine[Math.floor(random() * mine.length)]!;
        const state = known.get(actionId)!;
        const verb = random() < 0.65 ? 'comments' : 'status';
        const body =
          verb === 'comments'
            ? { text: `Update ${number}: progress noted by client ${clientIndex}` }
            : {
                to: COLOURS.filter((colour) => colour !== state.colour)[Math.floor(random() * 2)]!,
                reason: `Review ${number}`,
              };
        const command = { number, actionId, verb, idempotencyKey: `crash-${seed}-${number}`, body, run } as const;
        const outcome = await call(service.baseUrl, 'POST', `/actions/${actionId}/${verb}`, {
          key: manager,
          body,
          headers: { 'If-Match': `"${state.revision}"`, 'Idempotency-Key': command.idempotencyKey },
          timeoutMs: 30_000,
        });
        commands.push({ ...command, outcome });
        if (outcome.answered && outcome.reply.status < 300) {
          state.revision = outcome.reply.body.revision;
          if (verb === 'status') state.colour = body.to as string;
          acknowledged += 1;
          if (acknowledged === killAfter) await crashAndRestart();
        } else if (!outcome.answered) {
          // The service is gone: wait for it to come back, and re-read what landed.
          await crashAndRestart();
          await restarted;
          for (const id of mine) known.set(id, await resync(id));
        } else {
          throw new Error(`Command ${number} answered ${outcome.reply.status}: ${JSON.stringify(outcome.reply.body)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, index) => client(index)));
    await restarted;
  });

  afterAll(async () => {
    await service?.stop();
    await database?.drop();
  });

  const acknowledged = () =>
    commands.filter((command) => command.outcome.answered && command.outcome.reply.status < 300);
  const unanswered = () => commands.filter((command) => !command.outcome.answered);
  const commandId = (command: Command) => commandIdOf(keys.manager.id, command.idempotencyKey);

  it('sent 5,000 commands, killed the service part-way with SIGKILL, and went on after the restart', () => {
    expect(killSignalled).toBeNull(); // killed by a signal, not exited
    expect(commands).toHaveLength(COMMANDS);
    // The kill comes after the killAfter-th answer; other clients' requests in flight may still be answered first.
    const beforeKill = acknowledged().filter((command) => command.run === 1).length;
    expect(beforeKill).toBeGreaterThanOrEqual(killAfter);
    expect(beforeKill).toBeLessThan(killAfter + CLIENTS);
    expect(commands.filter((command) => command.run === 2).length).toBeGreaterThan(COMMANDS / 5);
    // Every answer was a success: the commands were valid and no client raced another on an action.
    expect(commands.filter((command) => command.outcome.answered && command.outcome.reply.status >= 300)).toEqual([]);
    expect(unanswered().length).toBeLessThanOrEqual(CLIENTS);
  });

  it('every acknowledged command is in the store exactly once, where its answer said', async () => {
    const rows = await database.sql<{
      command_id: string;
      stream_id: string;
      revision: string;
      position: string;
      type: string;
    }>('SELECT command_id, stream_id, revision, position, type FROM oversight_events WHERE command_id IS NOT NULL');
    const byCommand = new Map<string, typeof rows>();
    for (const row of rows) byCommand.set(row.command_id, [...(byCommand.get(row.command_id) ?? []), row]);
    const mismatches = [];
    for (const command of acknowledged()) {
      const { body } = (command.outcome as { reply: { body: any } }).reply;
      const found = (byCommand.get(commandId(command)) ?? []).map((row) => ({
        stream: row.stream_id,
        revision: Number(row.revision),
        position: Number(row.position),
        type: row.type,
      }));
      const expected = [
        {
          stream: `action-${command.actionId}`,
          revision: body.revision,
          position: body.position,
          type: command.verb === 'comments' ? 'CommentAdded' : 'RagStatusChanged',
        },
      ];
      if (JSON.stringify(found) !== JSON.stringify(expected))
        mismatches.push({ command: command.number, found, expected });
    }
    expect(mismatches).toEqual([]);
    // A command cut off by the kill landed once or not at all; nothing else is in the store.
    for (const command of unanswered()) expect((byCommand.get(commandId(command)) ?? []).length).toBeLessThanOrEqual(1);
    const landedUnanswered = unanswered().filter((command) => byCommand.has(commandId(command))).length;
    expect(byCommand.size).toBe(acknowledged().length + landedUnanswered);
    expect((await storeHead(database.sql)).count).toBe(setupEvents + acknowledged().length + landedUnanswered);
  });

  it('oversight verify: every hash chain holds', async () => {
    const result = await runOversight(['verify'], { DATABASE_URL: database.url });
    expect({ code: result.code, stdout: result.stdout }).toEqual({
      code: 0,
      stdout: expect.stringMatching(/^OK: all \d+ events in \d+ streams hold\./),
    });
  });

  it('the restarted service catches its read models up, and they equal a rebuild from the store', async () => {
    await waitForProjections(database.sql);
    const rebuilt = await rebuildReadModels(database.url);
    try {
      const live = await readModelRows(database.sql);
      expect(live.rm_actions).toHaveLength(ACTIONS);
      expect(live.rm_audit_log).toHaveLength((await storeHead(database.sql)).count);
      expect(live).toEqual(await readModelRows(rebuilt.sql));
      // And `oversight rebuild`, run beside the live service, swaps in the same rows.
      const rebuild = await runOversight(['rebuild'], { DATABASE_URL: database.url });
      expect({ code: rebuild.code, stderr: rebuild.stderr }).toMatchObject({ code: 0 });
      await waitForProjections(database.sql);
      expect(await readModelRows(database.sql)).toEqual(live);
    } finally {
      await rebuilt.drop();
    }
  });
});
