import { userInfo } from 'node:os';
import {
  DomainError,
  recommendationDecider,
  recommendationStreamId,
  requireLinkableSurvivor,
  type RecommendationCommand,
} from '#domain';
import { CommandExecutor, FoldedStreams, systemClock } from '#command-handling';
import type { Actor } from '#event-store';
import { EXIT, UsageError, withEventStore } from '../cli-context.js';
import { HelpRequested, parseCommandArgs } from '../command-args.js';

export const recommendationsUsage = `oversight recommendations link <id> --to <survivor-id> --reason "<why>" [--as <name>]
  Records that two recommendations are one: <id> joins <survivor-id>, whose history, evidence
  timeline and counts take in its actions from now on (RecommendationsLinked).
oversight recommendations unlink <id> --reason "<why>" [--as <name>]
  Undoes <id>'s link, as a new event (RecommendationsUnlinked); the link stays in the record.`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function recommendationsCommand(
  args: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const [action, ...rest] = args;
  if (action === '--help' || action === '-h') throw new HelpRequested(recommendationsUsage);
  if (action !== 'link' && action !== 'unlink')
    throw new UsageError(`Unknown recommendations action: ${action ?? '(none)'}\n\n${recommendationsUsage}`);
  const { values, positionals } = parseCommandArgs(rest, {
    command: `recommendations ${action}`,
    usage: recommendationsUsage,
    options:
      action === 'link'
        ? { to: { type: 'string' }, reason: { type: 'string' }, as: { type: 'string' } }
        : { reason: { type: 'string' }, as: { type: 'string' } },
    valueNames: { to: '<survivor-id>', reason: '<why>', as: '<name>' },
    allowPositionals: true,
  });
  if (positionals.length !== 1 || !UUID.test(positionals[0]!.toLowerCase()))
    throw new UsageError(`recommendations ${action} takes one recommendation id (a UUID)\n\n${recommendationsUsage}`);
  const recommendationId = positionals[0]!.toLowerCase();
  const reason = (values.reason as string | undefined)?.trim();
  if (!reason) throw new UsageError(`recommendations ${action} needs --reason "<why>"`);
  if (reason.length > 2000) throw new UsageError('--reason is at most 2,000 characters');
  const survivorId = (values.to as string | undefined)?.trim().toLowerCase();
  if (action === 'link' && (!survivorId || !UUID.test(survivorId)))
    throw new UsageError('recommendations link needs --to <survivor-id> (a UUID)');
  const name = (values.as as string | undefined)?.trim() || userInfo().username;
  const actor: Actor = { id: 'cli', name, role: 'manager' };

  try {
    const result = await withEventStore(async ({ store }) => {
      const streams = new FoldedStreams(store);
      const executor = new CommandExecutor(store, streams, systemClock);
      const streamId = recommendationStreamId(recommendationId);
      const loaded = await streams.load(recommendationDecider, streamId);
      if (loaded.head === null) throw new DomainError('NOT_FOUND', `No such recommendation: ${recommendationId}`);
      if (action === 'link' && survivorId !== recommendationId)
        requireLinkableSurvivor(
          survivorId!,
          (await streams.load(recommendationDecider, recommendationStreamId(survivorId!))).state,
        );
      const command: RecommendationCommand =
        action === 'link'
          ? { type: 'LinkRecommendation', data: { recommendationId, survivorId: survivorId! } }
          : { type: 'UnlinkRecommendation', data: { recommendationId } };
      return executor.execute(
        recommendationDecider,
        { streamId, id: recommendationId, expectedRevision: loaded.head.revision, reason, command },
        { actor, commandId: null, correlationId: crypto.randomUUID(), origin: 'cli' },
      );
    });
    out.write(
      action === 'link'
        ? `Linked: ${recommendationId} joins ${survivorId} (position ${result.position}).\n`
        : `Unlinked: ${recommendationId} is apart again (position ${result.position}).\n`,
    );
    return EXIT.ok;
  } catch (error) {
    if (error instanceof DomainError) {
      err.write(`Cannot ${action} ${recommendationId}: ${error.message}\nNothing was written.\n`);
      return EXIT.failed;
    }
    throw error;
  }
}
