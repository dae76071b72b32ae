import type { CalendarDays, IsoDate } from '#domain';
import { layOutPlan } from './lay-out-plan.js';
import type { PlanToExport } from './plan-to-export.js';
import { writePlanWorkbook } from './write-workbook.js';

/**
 * The export lives beside the importer because it is the importer's inverse: every choice it
 * makes (status words and fills, the retention phrase, date markers, continuation rows, section
 * rows, the title rows a plan's id is read from) is one the importer's rules must read back as
 * the same plan with the same keys, and a change to a rule should meet its inverse in one review.
 */
export type ExportOptions = {
  /** The day the workbook describes: the asOf looked from, or the day of the export. */
  asAt: IsoDate;
  /** The service's days (TIME_ZONE): the day a comment is dated with. */
  calendar: CalendarDays;
};

/** A plan → its workbook (.xlsx bytes), in the layout of the council's own plans. No I/O. */
export function exportPlanWorkbook(plan: PlanToExport, options: ExportOptions): Promise<Uint8Array> {
  return writePlanWorkbook(layOutPlan(plan, options));
}

/**
 * "Service Development Plan 2024-5.xlsx", or "... as at 2019-01-31.xlsx" for a plan as it stood:
 * the title without the characters file systems refuse, for a download or a file beside others.
 */
export function exportFileName(title: string, asOf: IsoDate | null = null): string {
  const safe =
    title
      // eslint-disable-next-line no-control-regex -- control characters are what it removes
      .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, ' ')
      .replace(/\s+/g, ' ')
      .replace(/^[\s.]+|[\s.]+$/g, '')
      .slice(0, 150) || 'plan';
  return `${safe}${asOf ? ` as at ${asOf}` : ''}.xlsx`;
}
