import type { CalendarDays, IsoDate, IsoDateTime } from '#domain';
import type { StreamBatch } from '#command-handling';
import type { ImportedPlan, Origin } from '../interpret/imported-plan.js';
import type { ExistingState } from './existing-state.js';
import type { SummaryWarning } from './import-summary.js';

/**
 * What the steps of planning an import share (plan-import.ts, plan-actions.ts): the workbook as
 * read, the streams as the store holds them, the batch every command is decided in, and the
 * warnings so far, in the order the steps find them.
 */
export type Planning = {
  imported: ImportedPlan;
  existing: ExistingState;
  batch: StreamBatch;
  /** Why, as a command that asks for one says (the events record it too). */
  reason: string;
  warnings: SummaryWarning[];
  /** The service's days (TIME_ZONE): a day the workbook gives takes effect as that day begins there. */
  calendar: CalendarDays;
};

/** An effective time for an event: null (the time it is recorded) for one not before the import. */
export const effectiveIn = (planning: Planning, time: IsoDateTime | null): IsoDateTime | null =>
  time === null || Date.parse(time) >= Date.parse(planning.batch.now) ? null : time;

export const importOrigin = (origin: Pick<Origin, 'file' | 'sheet' | 'row'>): string =>
  `import:${origin.file}#${origin.sheet}!${origin.row}`;

/** The moment a day the workbook gives takes effect: its midnight in the service's zone (in London in summer, 23:00 UTC the day before). */
export const startOfDay = (planning: Pick<Planning, 'calendar'>, date: IsoDate): IsoDateTime =>
  planning.calendar.startOf(date).toISOString();
export const earliest = (times: IsoDateTime[]): IsoDateTime =>
  times.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
export const latest = (a: IsoDateTime, b: IsoDateTime): IsoDateTime => (Date.parse(b) > Date.parse(a) ? b : a);
