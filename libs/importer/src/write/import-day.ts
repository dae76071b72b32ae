import { DomainError, isIsoDate, type CalendarDays, type IsoDate, type IsoDateTime, type PlanState } from '#domain';
import type { ImportedPlan } from '../interpret/imported-plan.js';
import { snapshotDateOf, type SnapshotDate } from '../interpret/snapshot-date.js';
import { endOfMonth } from '../values/parse-dates.js';
import { planIdOf } from './import-ids.js';

/**
 * What an import is planned with. Nothing takes effect after `now`, nor before the action it
 * concerns was created.
 */
export type PlanImportContext = {
  /** The import's time: what "now" is for decide, and the latest anything may take effect. */
  now: IsoDateTime;
  /** The day the workbook describes, when the person importing knows it; else it is found in the workbook. */
  asOf?: IsoDate | null;
  /** The `matchId`s of recommendation matches the person refused (recognise-recommendations.ts). */
  refusedMatches?: readonly string[];
  /** The service's days (TIME_ZONE): today, and the moment a day the workbook gives begins. */
  calendar: CalendarDays;
};

/** The day a workbook describes, as an import judges it before planning (judgeWorkbookDay). */
export type WorkbookDay = {
  snapshot: SnapshotDate;
  /** When what the workbook says takes effect: null for today (the store stamps it as it records it). */
  snapshotAt: IsoDateTime | null;
  /** The plan's period: as the store holds it, or as this import would open it (assumed: the workbook gives none). */
  period: { start: IsoDate; end: IsoDate; assumed: boolean };
};

/**
 * The day the workbook describes (snapshot-date.ts), judged against the plan's period as the
 * store holds it or as this import opens it (`period`), and the moment its changes take effect
 * (`snapshotAt`): null when that is today, so the store stamps them as it records them.
 */
export function judgeWorkbookDay(
  imported: ImportedPlan,
  /** The plans the store holds (ExistingState's). */
  existing: { plans: ReadonlyMap<string, { state: PlanState }> },
  context: PlanImportContext,
): WorkbookDay {
  const now = new Date(context.now).toISOString();
  const today = context.calendar.dayOf(now);
  if (context.asOf && !isIsoDate(context.asOf))
    throw new DomainError(
      'INVALID',
      `the workbook's date must be a real day as YYYY-MM-DD, got "${context.asOf}"`,
      'asOf',
    );
  if (context.asOf && context.asOf > today)
    throw new DomainError('EFFECTIVE_IN_FUTURE', `the workbook's date ${context.asOf} is after today`, 'asOf');
  const known = existing.plans.get(planIdOf(imported.plan))?.state;
  const period = known ? { start: known.periodStart, end: known.periodEnd, assumed: false } : periodOf(imported, today);
  const snapshot = snapshotDateOf(imported, {
    asOf: context.asOf ?? null,
    today,
    period: { start: period.start, end: period.end },
    dayOf: (instant) => context.calendar.dayOf(instant),
  });
  return {
    snapshot,
    snapshotAt: snapshot.date >= today ? null : context.calendar.startOf(snapshot.date).toISOString(),
    period,
  };
}

/** The plan's period as the workbook gives it; a missing end is a year after the start and vice versa. */
export function periodOf(imported: ImportedPlan, today: IsoDate): { start: IsoDate; end: IsoDate; assumed: boolean } {
  const { periodStart, periodEnd } = imported.plan;
  if (periodStart && periodEnd) return { start: periodStart, end: periodEnd, assumed: false };
  if (periodStart) return { start: periodStart, end: dayBefore(addYear(periodStart)), assumed: false };
  if (periodEnd) return { start: dayAfter(addYear(periodEnd, -1)), end: periodEnd, assumed: false };
  // Unknown: the April-to-March year the import falls in, as the service's plans run.
  const year = Number(today.slice(0, 4));
  const startYear = Number(today.slice(5, 7)) >= 4 ? year : year - 1;
  return { start: `${startYear}-04-01`, end: endOfMonth(startYear + 1, 3), assumed: true };
}

const shiftDays = (date: IsoDate, days: number): IsoDate =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const dayBefore = (date: IsoDate): IsoDate => shiftDays(date, -1);
const dayAfter = (date: IsoDate): IsoDate => shiftDays(date, 1);
function addYear(date: IsoDate, years = 1): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const last = Number(endOfMonth(y + years, m).slice(8));
  return `${y + years}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
