/**
 * A plan as the store holds it, at the moment the workbook describes: the read store's answer
 * (planForExport) is what the exporter writes from, so the shape has one owner, the reader; tests
 * build it (testing/). The exporter's own names for it:
 */
export type {
  PlanForExport as PlanToExport,
  ActionForExport as ActionToExport,
  CommentForExport as CommentToExport,
} from '#read-store';
