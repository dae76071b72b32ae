import { userInfo } from 'node:os';
import { loadConfig, loadEnvFileIfPresent } from '#config';
import {
  actionClosedAt,
  actionDecider,
  actionStreamId,
  CalendarDays,
  isIsoDate,
  recommendationDecider,
  recommendationStreamId,
  removalDueFrom,
  retentionReason,
  retentionRuleWords,
  type ActionEvent,
  type ActionState,
  type IsoDate,
  type RecommendationState,
  type RetentionRule,
} from '#domain';
import { CommandExecutor, FoldedStreams, redactText, systemClock, type RedactTextRequest } from '#command-handling';
import type { Actor, ConnectedEventStore } from '#event-store';
import { allProjections, Projector } from '#read-store';
import type { DataSource } from 'typeorm';
import { EXIT, UsageError, withReadDatabase } from '../cli-context.js';
import { parseCommandArgs } from '../command-args.js';

export const retentionUsage = `oversight retention --dry-run|--apply [--as-at <day>] [--json] [--as <name>]
  Removes the words of child-level records past the retention rule (RETENTION_CHILD_LEVEL_YEARS:
  N years after the action closed, i.e. completed and not retained for oversight, or withdrawn),
  each through the same path as oversight redact, with the reason "retention period ended (<rule>)":
  an action's comments, evidence and wording once it is due; a child-level recommendation's text
  once every action answering it is. --dry-run lists them (kind, id, plan, closed on, due for
  removal since) and writes nothing; --apply removes them and reports what it did. Again removes
  nothing more. --as-at judges as of that day (default today in TIME_ZONE; with --apply, not later).`;

/** How long the read models may take to reach the redactions (a stopped service's backlog, say). */
const CATCH_UP_MS = 120_000;

/** One record the rule reaches. */
export interface DueRecord {
  kind: 'comment' | 'evidence' | 'action' | 'recommendation';
  id: string;
  /** The action it is on (null for a recommendation). */
  actionId: string | null;
  /** The plan the action is in now; a recommendation's: every plan of its actions. */
  planIds: string[];
  closedOn: IsoDate;
  dueSince: IsoDate;
}

export async function retentionCommand(
  args: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const { values } = parseCommandArgs(args, {
    command: 'retention',
    usage: retentionUsage,
    options: {
      'dry-run': { type: 'boolean' },
      apply: { type: 'boolean' },
      'as-at': { type: 'string' },
      json: { type: 'boolean' },
      as: { type: 'string' },
    },
    valueNames: { 'as-at': '<day>', as: '<name>' },
  });
  const dryRun = values['dry-run'] === true;
  if (dryRun === (values.apply === true))
    throw new UsageError(`retention needs --dry-run or --apply\n\n${retentionUsage}`);
  loadEnvFileIfPresent();
  const config = loadConfig();
  if (!config.retention)
    throw new UsageError('No retention rule is configured: set RETENTION_CHILD_LEVEL_YEARS (e.g. 6) to give one');
  const rule: RetentionRule = config.retention;
  const calendar = new CalendarDays(config.timeZone);
  const today = calendar.today(new Date());
  const asAtText = values['as-at'] as string | undefined;
  if (asAtText !== undefined && !isIsoDate(asAtText))
    throw new UsageError(`--as-at takes a day as YYYY-MM-DD, got ${asAtText}`);
  const asAt = asAtText ?? today;
  if (!dryRun && asAt > today) throw new UsageError(`--as-at (${asAt}) must not be later than today with --apply`);
  const name = (values.as as string | undefined)?.trim() || userInfo().username;
  const actor: Actor = { id: 'cli', name, role: 'admin' };
  const reason = retentionReason(rule);

  return withReadDatabase(async (readDatabase, connected) => {
    // Applying keeps the read models for the length of the command, so the words leave them before it ends.
    const projector = dryRun
      ? null
      : new Projector(connected.store, readDatabase, allProjections, (message) => err.write(`${message}\n`));
    if (projector) {
      await projector.start();
      if (!(await projector.waitFor(await connected.store.headPosition(), CATCH_UP_MS)))
        err.write(
          'The read models did not catch up: records the rule reaches in events not yet projected wait for the next run.\n',
        );
    }
    try {
      const streams = new FoldedStreams(connected.store);
      const due = await dueRecords(readDatabase, connected, streams, rule, calendar, asAt);
      const removed: DueRecord[] = [];
      const failures: { record: DueRecord; error: string }[] = [];
      if (!dryRun) {
        const executor = new CommandExecutor(connected.store, streams, systemClock);
        for (const record of due) {
          try {
            const stream =
              record.kind === 'recommendation'
                ? await streams.load(recommendationDecider, recommendationStreamId(record.id))
                : await streams.load(actionDecider, actionStreamId(record.actionId!));
            const request: RedactTextRequest =
              record.kind === 'recommendation'
                ? { kind: 'recommendation', id: record.id, reason, expectedRevision: stream.head!.revision }
                : {
                    kind: record.kind,
                    actionId: record.actionId!,
                    id: record.id,
                    reason,
                    expectedRevision: stream.head!.revision,
                  };
            await redactText(
              executor,
              connected.dataKeys,
              systemClock,
              request,
              { actor, commandId: null, correlationId: crypto.randomUUID(), origin: 'cli' },
              async (position) => {
                await projector!.waitFor(position, CATCH_UP_MS);
              },
            );
            removed.push(record);
          } catch (error) {
            failures.push({ record, error: (error as Error).message });
          }
        }
      }
      const report = { rule: retentionRuleWords(rule), reason, asAt, dryRun, due, removed, failures };
      out.write(values.json === true ? `${JSON.stringify(report, null, 2)}\n` : reportText(report));
      return failures.length > 0 ? EXIT.failed : EXIT.ok;
    } finally {
      await projector?.stop();
    }
  });
}

/**
 * Every record the rule reaches as at `asAt` whose words are not yet removed: the child-level
 * recommendations (from the read models), their actions' closing judged on each action's events.
 */
async function dueRecords(
  readDatabase: DataSource,
  connected: ConnectedEventStore,
  streams: FoldedStreams,
  rule: RetentionRule,
  calendar: CalendarDays,
  asAt: IsoDate,
): Promise<DueRecord[]> {
  const rows = await readDatabase.query<
    { recommendation_id: string; action_id: string | null; plan_id: string | null }[]
  >(
    `SELECT r.recommendation_id, a.action_id, a.current_plan_id AS plan_id
       FROM rm_recommendations r LEFT JOIN rm_actions a ON a.recommendation_id = r.recommendation_id
      WHERE r.level = 'child'
      ORDER BY r.recorded_at, r.recommendation_id, a.action_id`,
  );
  const byRecommendation = new Map<string, { actionId: string; planId: string }[]>();
  for (const row of rows) {
    const actions = byRecommendation.get(row.recommendation_id) ?? [];
    if (row.action_id) actions.push({ actionId: row.action_id, planId: row.plan_id! });
    byRecommendation.set(row.recommendation_id, actions);
  }
  const due: DueRecord[] = [];
  for (const [recommendationId, actions] of byRecommendation) {
    const judged: { closedOn: IsoDate; dueSince: IsoDate; planId: string }[] = [];
    for (const { actionId, planId } of actions) {
      const events = await connected.store.readStream(actionStreamId(actionId));
      const closedAt = actionClosedAt(
        events.map((event) => ({
          event: { type: event.type, data: event.data } as ActionEvent,
          effectiveAt: event.metadata.effectiveAt.toISOString(),
        })),
      );
      if (closedAt === null) continue;
      const closing = {
        closedOn: calendar.dayOf(closedAt),
        dueSince: removalDueFrom(closedAt, rule.childLevelYears, calendar),
        planId,
      };
      if (closing.dueSince > asAt) continue;
      judged.push(closing);
      const { state } = await streams.load(actionDecider, actionStreamId(actionId));
      due.push(...actionRecords(state, actionId, closing));
    }
    // Its words go once every action answering it has passed; one with no action has never closed.
    if (actions.length === 0 || judged.length < actions.length) continue;
    const { state } = await streams.load(recommendationDecider, recommendationStreamId(recommendationId));
    if ((state as RecommendationState)?.redacted) continue;
    const latest = (key: 'closedOn' | 'dueSince') =>
      judged
        .map((closing) => closing[key])
        .sort()
        .at(-1)!;
    due.push({
      kind: 'recommendation',
      id: recommendationId,
      actionId: null,
      planIds: [...new Set(judged.map((closing) => closing.planId))],
      closedOn: latest('closedOn'),
      dueSince: latest('dueSince'),
    });
  }
  return due;
}

/** An action's records whose words are still there: its comments, its evidence, then its wording. */
function actionRecords(
  state: ActionState,
  actionId: string,
  closing: { closedOn: IsoDate; dueSince: IsoDate; planId: string },
): DueRecord[] {
  if (state === null) return [];
  const removed = new Set(state.redacted ?? []);
  const records = [
    ...state.commentIds.map((id) => ({ kind: 'comment' as const, id })),
    ...state.evidenceIds.map((id) => ({ kind: 'evidence' as const, id })),
    { kind: 'action' as const, id: actionId },
  ];
  return records
    .filter((record) => !removed.has(`${record.kind}:${record.id}`))
    .map((record) => ({
      ...record,
      actionId,
      planIds: [closing.planId],
      closedOn: closing.closedOn,
      dueSince: closing.dueSince,
    }));
}

const KIND_WORDS: Record<DueRecord['kind'], string> = {
  comment: 'comment',
  evidence: 'evidence',
  action: 'wording',
  recommendation: 'recommendation',
};

function reportText(report: {
  rule: string;
  asAt: IsoDate;
  dryRun: boolean;
  due: DueRecord[];
  removed: DueRecord[];
  failures: { record: DueRecord; error: string }[];
}): string {
  const lines = [`Retention rule: ${report.rule}. Judged as at ${report.asAt}.`];
  const listed = report.dryRun ? report.due : report.removed;
  if (listed.length > 0) {
    lines.push(
      '',
      'kind            id                                    plan                                  closed on   due since',
    );
    for (const record of listed)
      lines.push(
        `${KIND_WORDS[record.kind].padEnd(15)} ${record.id.padEnd(37)} ${record.planIds.join(',').padEnd(37)} ${record.closedOn}  ${record.dueSince}`,
      );
    lines.push('');
  }
  const count = (n: number) => `${n} record${n === 1 ? '' : 's'}`;
  if (report.dryRun) lines.push(`Would remove ${count(report.due.length)}. Dry run: nothing was written.`);
  else lines.push(`Removed ${count(report.removed.length)}.`);
  for (const { record, error } of report.failures)
    lines.push(`Could not remove the ${KIND_WORDS[record.kind]} ${record.id}: ${error}`);
  return `${lines.join('\n')}\n`;
}
