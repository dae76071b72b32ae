import type { CalendarDays } from '#domain';
import type { ReadModels } from '#read-store';
import { shapeCommitteeReport, type CommitteeReport } from './committee-report.js';
import { withHash } from './report-hash.js';

export interface ReportRequest {
  planId: string;
  /** The period, [since, until). */
  since: Date;
  until: Date;
  /** The moment the report is produced as at: what the system had recorded by then. */
  asAt: Date;
  /** The service's days (TIME_ZONE), which "overdue" and the period's days are judged by. */
  calendar: CalendarDays;
}

/** Every action of a plan fits one page of this size: the report reads them all at once. */
const ALL = 100_000;

/**
 * The committee report from the read models, every figure cut at `asAt` (recorded time) and
 * placed in the period by when it took effect: the same request gives the same report, byte for
 * byte, however much is recorded later. Null when the plan was not known by `asAt`.
 */
export async function computeCommitteeReport(
  readModels: ReadModels,
  request: ReportRequest,
): Promise<CommitteeReport | null> {
  const { planId, since, until, asAt, calendar } = request;
  const justBefore = new Date(since.getTime() - 1);
  const lastInstant = new Date(until.getTime() - 1);
  const stateAt = (moment: Date) =>
    readModels.planState({
      planId,
      today: calendar.dayOf(moment),
      page: 1,
      pageSize: ALL,
      asItStood: { asOf: moment, asAt },
    });
  const [start, end] = [await stateAt(justBefore), await stateAt(lastInstant)];
  if (!start || !end) return null;
  const changes = await readModels.planChangesReport(planId, since, until, 'effective', asAt);
  const plan = await readModels.planForExport(planId, { asOf: lastInstant, asAt });
  if (!changes || !plan) return null;
  const dateMoves = await readModels.dueDateMoves(
    end.actions.map((action) => action.id),
    { asOf: lastInstant, asAt },
  );
  const position = await readModels.positionAt(asAt);
  return withHash(
    shapeCommitteeReport({ since, until, asAt, position, start, end, changes, plan, dateMoves, calendar }),
  );
}
