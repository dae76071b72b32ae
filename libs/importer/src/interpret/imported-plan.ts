import type { DateOrText, IsoDate, IsoDateTime, RagStatus, RecommendationLevel, SourceKind } from '#domain';
import type { WorkbookFormat } from '../read/grid.js';
import type { ColumnHow, Field, UnknownColumn } from '../layout/find-layout.js';

/**
 * What a workbook says, interpreted: plain JSON, no ids and no events. The caller turns it into
 * commands; `key`s let it match a re-import of a later version of the same workbook against
 * what it already stored (see keys.ts for the rules and their limits).
 */

/** Where something came from: row 1-based and column as a letter, as Excel shows them. */
export type Origin = { file: string; sheet: string; row: number; column: string | null };

export type ImportedSource = {
  key: string;
  kind: SourceKind;
  title: string;
  /** The 1st of the month the plan gives ("Feb 2024" → 2024-02-01); null when it gives no month. */
  date: IsoDate | null;
  /** Where the plan first names it. */
  origin: Origin;
};

export type ImportedRecommendation = {
  key: string;
  sourceKey: string;
  /** Further sources the same need names ("(Aidhour Audit & Multi-Agency Audit)"): accountability runs to each. */
  otherSourceKeys: string[];
  /** "Ofsted recommendation 1", "Paragraph 55"; null when the source does not number it. */
  reference: string | null;
  /** The plan's words, as written. */
  text: string;
  level: RecommendationLevel;
  origin: Origin;
};

export type ImportedComment = {
  text: string;
  /** When it took effect: the date its marker gives; null for "UPDATE:" or an unmarked comment. */
  effectiveDate: IsoDate | null;
  precision: 'day' | 'month' | null;
  origin: Origin;
};

export type ImportedAction = {
  key: string;
  sourceKey: string;
  recommendationKey: string | null;
  ref: string | null;
  description: string;
  owner: string | null;
  dltLead: string | null;
  start: DateOrText | null;
  due: DateOrText | null;
  successMeasure: string | null;
  experienceOfChildren: string | null;
  /** The section heading the action sits under ("Priority 1 - SAFE - ...", "care leavers"). */
  theme: string | null;
  /** Null when not rated (empty cell, or a value that is not a status: see warnings). */
  status: RagStatus | null;
  statusFrom: 'text' | 'fill' | null;
  /** Blue, "Completed", or the plan saying "complete" in By when? or Comments. */
  completed: boolean;
  /** Completed and kept in the plan on purpose ("complete - (kept in to retain oversight)"). */
  retainedForOversight: boolean;
  /** Not completed and kept from an earlier plan ("Retained due to ongoing cost of living crisis"). */
  carriedForward: boolean;
  /** The plan's words saying why it was kept. */
  carriedForwardNote: string | null;
  comments: ImportedComment[];
  origin: Origin;
};

export const WARNING_CODES = [
  'UNKNOWN_STATUS',
  'STATUS_FILL_DISAGREES',
  'UNKNOWN_COLUMN',
  'COLUMN_OPTION_UNUSED',
  'SOURCE_NOT_NAMED',
  'NO_ACTION',
  'ROW_IGNORED',
  'TEXT_MENDED',
  'BAD_DATE',
  'DUE_BEFORE_START',
  'COMMENT_DATE_NEEDS_PERIOD',
  'PERIOD_NOT_FOUND',
  'PERIOD_ASSUMED',
  'SHEET_SKIPPED',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export type ImportWarning = {
  code: WarningCode;
  /** The cell (or row, or sheet, or file) the warning is about; what is not known is null. */
  cell: { file: string; sheet: string | null; row: number | null; column: string | null };
  message: string;
};

export type ImportedPlanDetails = {
  title: string;
  periodStart: IsoDate | null;
  periodEnd: IsoDate | null;
  owner: string | null;
  board: string | null;
  reviewFrequency: string | null;
  /** The key/value block and labelled title lines as written, labels without their colon. */
  details: Record<string, string>;
  /** Other free text above the first header. */
  notes: string[];
};

/** A date the workbook states it describes, with the cell that states it ("Update January 2019" → 2019-01-31). */
export type StatedDate = { date: IsoDate; text: string; origin: Origin };

export type ImportedPlan = {
  file: string;
  format: WorkbookFormat;
  /** The sheets that held a plan (had a header row). */
  sheets: string[];
  plan: ImportedPlanDetails;
  sources: ImportedSource[];
  recommendations: ImportedRecommendation[];
  actions: ImportedAction[];
  warnings: ImportWarning[];
  /** Headers no field was found for, that were not ignored (each under an empty column: one with text is an error). */
  unknownColumns: UnknownColumn[];
  /** The date the workbook states it describes ("Update January 2019", "As at 31 January 2019"); null when it states none. */
  stated: StatedDate | null;
  /** When the workbook was last saved (the instant), by its own properties; null when it does not say (CSV). */
  modified: IsoDateTime | null;
  /** Every column a header row names, once per sheet, letter and header, and how it was read. */
  columns: ImportedColumn[];
};

/** A column as the importer read it: its field and how it came to it (null field: not imported). */
export type ImportedColumn = {
  sheet: string;
  /** The first header row that names it. */
  row: number;
  column: string;
  /** As written; '' for an unnamed column taken to be the aims' (how: 'inferred'). */
  header: string;
  field: Field | null;
  how: ColumnHow;
  /** How near the header's words are to the field's names (1: exactly), for a recognised column. */
  score?: number;
};
