import type { DateOrText, IsoDate, IsoDateTime, RagStatus, SourceKind } from '#domain';

/**
 * A plan as the store holds it, at the moment the workbook describes: what the exporter needs,
 * and no more. The read store's planForExport answers it; tests build it (testing/).
 */
export type PlanToExport = {
  id: string;
  title: string;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  owner: string | null;
  board: string | null;
  reviewFrequency: string | null;
  /** In the order they were created: a workbook's row order, then what was added since. */
  actions: ActionToExport[];
};

export type ActionToExport = {
  id: string;
  ref: string | null;
  description: string;
  owner: string | null;
  dltLead: string | null;
  start: DateOrText | null;
  /** The due date as it now stands (the workbook has one By when? column). */
  due: DateOrText | null;
  successMeasure: string | null;
  experienceOfChildren: string | null;
  theme: string | null;
  status: RagStatus | null;
  completed: boolean;
  retainedForOversight: boolean;
  source: { id: string; kind: SourceKind; title: string; date: IsoDate | null };
  recommendation: { id: string; text: string } | null;
  /** In the order they were recorded. */
  comments: CommentToExport[];
};

export type CommentToExport = {
  id: string;
  text: string;
  effectiveAt: IsoDateTime;
  /** Read from a workbook: its words carry whatever date marker the plan gave it. */
  fromWorkbook: boolean;
};
