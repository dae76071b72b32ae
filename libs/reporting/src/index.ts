export {
  shapeCommitteeReport,
  type CommitteeReport,
  type ReportInputs,
  type PlanCounts,
  type Achievement,
  type StuckAction,
  type ChangeRow,
  type SourceLine,
  type AppendixRow,
} from './committee-report.js';
export { computeCommitteeReport, type ReportRequest } from './compute-report.js';
export {
  canonicalJson,
  reportHash,
  provenanceLine,
  findProvenance,
  provenanceOf,
  type ReportProvenance,
} from './report-hash.js';
export { reportSections, type Block, type ReportSections } from './report-sections.js';
export { countsChart, countsChartSvg, STATUS_COLOURS, type CountsChart } from './report-chart.js';
export { renderDocx } from './render-docx.js';
export { renderPdf } from './render-pdf.js';
export { renderHtmlFragment, renderHtmlDocument } from './render-html.js';
export { readProvenance, verifyCommitteeReport, MAX_REPORT_BYTES, type Verification } from './verify-report.js';
export { lastFullQuarter, reportPeriod, untilOf, sinceOf, asAtOf } from './report-period.js';
export {
  REPORT_STATUSES,
  STATUS_MEANINGS,
  CHANGE_KIND_WORDS,
  statusWord,
  longDate,
  periodWords,
} from './report-words.js';

/** The file name a report is saved under: the plan's title and the period, without characters file systems refuse. */
export function reportFileName(title: string, firstDay: string, lastDay: string, extension: string): string {
  const safe =
    title
      // eslint-disable-next-line no-control-regex
      .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 120) || 'plan';
  return `${safe} committee report ${firstDay} to ${lastDay}.${extension}`;
}
