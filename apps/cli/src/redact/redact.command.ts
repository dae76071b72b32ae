import { userInfo } from 'node:os';
import { actionDecider, actionStreamId, DomainError, recommendationDecider, recommendationStreamId } from '#domain';
import { CommandExecutor, FoldedStreams, redactText, systemClock } from '#command-handling';
import type { Actor } from '#event-store';
import { allProjections, Projector } from '#read-store';
import { EXIT, UsageError, withReadDatabase } from '../cli-context.js';
import { HelpRequested, parseCommandArgs } from '../command-args.js';

export const redactUsage = `oversight redact comment <action-id> <comment-id> --reason "<why>" [--as <name>]
oversight redact wording <action-id> --reason "<why>" [--as <name>]
oversight redact evidence <action-id> <evidence-id> --reason "<why>" [--as <name>]
oversight redact reasons <action-id> --reason "<why>" [--as <name>]
oversight redact recommendation <recommendation-id> --reason "<why>" [--as <name>]
  Removes personal data: records a Redacted event, destroys the data key the words were sealed
  under, and removes them from every read model, export and stored response. Every view then
  shows "[removed on <date> by <who>: <reason>]" where they were; verify still holds. A
  recommendation's words are its text and every plan's restatement of it. A running
  service's memory of the key lasts at most 30 seconds more.`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const KINDS = {
  comment: 'comment',
  wording: 'action',
  evidence: 'evidence',
  reasons: 'reasons',
} as const;
const REMOVED = {
  comment: 'the comment',
  wording: 'the action’s wording',
  evidence: 'the evidence',
  reasons: 'the reasons given on the action',
  recommendation: 'the recommendation’s words',
} as const;
/** How long the read models may take to reach the redaction (a stopped service's backlog, say). */
const CATCH_UP_MS = 120_000;

export async function redactCommand(
  args: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const [what, ...rest] = args;
  if (what === '--help' || what === '-h') throw new HelpRequested(redactUsage);
  if (
    what !== 'comment' &&
    what !== 'wording' &&
    what !== 'evidence' &&
    what !== 'reasons' &&
    what !== 'recommendation'
  )
    throw new UsageError(`Unknown redact target: ${what ?? '(none)'}\n\n${redactUsage}`);
  const { values, positionals } = parseCommandArgs(rest, {
    command: `redact ${what}`,
    usage: redactUsage,
    options: { reason: { type: 'string' }, as: { type: 'string' } },
    valueNames: { reason: '<why>', as: '<name>' },
    allowPositionals: true,
  });
  const ids = positionals.map((id) => id.toLowerCase());
  const wanted = what === 'wording' || what === 'reasons' || what === 'recommendation' ? 1 : 2;
  if (ids.length !== wanted || !ids.every((id) => UUID.test(id)))
    throw new UsageError(
      `redact ${what} takes ${wanted === 2 ? 'two ids' : what === 'recommendation' ? 'a recommendation id' : 'an action id'} (UUIDs)\n\n${redactUsage}`,
    );
  const reason = (values.reason as string | undefined)?.trim();
  if (!reason) throw new UsageError(`redact ${what} needs --reason "<why>"`);
  if (reason.length > 2000) throw new UsageError('--reason is at most 2,000 characters');
  const name = (values.as as string | undefined)?.trim() || userInfo().username;
  const actor: Actor = { id: 'cli', name, role: 'admin' };
  const recordId = ids[0]!;
  const id = ids[1] ?? recordId;

  try {
    return await withReadDatabase(async (readDatabase, { store, dataKeys }) => {
      const streams = new FoldedStreams(store);
      const executor = new CommandExecutor(store, streams, systemClock);
      const loaded =
        what === 'recommendation'
          ? await streams.load(recommendationDecider, recommendationStreamId(recordId))
          : await streams.load(actionDecider, actionStreamId(recordId));
      if (loaded.head === null)
        throw new DomainError(
          'NOT_FOUND',
          `No such ${what === 'recommendation' ? 'recommendation' : 'action'}: ${recordId}`,
        );
      // The read models are kept here for the length of the command, so the words leave them before it ends.
      const projector = new Projector(store, readDatabase, allProjections, (message) => err.write(`${message}\n`));
      await projector.start();
      try {
        const result = await redactText(
          executor,
          dataKeys,
          systemClock,
          what === 'recommendation'
            ? { kind: 'recommendation', id, reason, expectedRevision: loaded.head.revision }
            : { kind: KINDS[what], actionId: recordId, id, reason, expectedRevision: loaded.head.revision },
          { actor, commandId: null, correlationId: crypto.randomUUID(), origin: 'cli' },
          async (position) => {
            if (!(await projector.waitFor(position, CATCH_UP_MS)))
              err.write(
                'The read models did not reach the redaction in time: the service removes the words when it does.\n',
              );
          },
        );
        out.write(`Removed: ${REMOVED[what]} ${id} (position ${result.position}).\n`);
        return EXIT.ok;
      } finally {
        await projector.stop();
      }
    });
  } catch (error) {
    if (error instanceof DomainError) {
      err.write(`Cannot redact ${what} ${id}: ${error.message}\nNothing was written.\n`);
      return EXIT.failed;
    }
    throw error;
  }
}
