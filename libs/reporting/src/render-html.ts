import type { CommitteeReport } from './committee-report.js';
import { countsChart, countsChartSvg } from './report-chart.js';
import { provenanceLine } from './report-hash.js';
import { reportSections, type Block } from './report-sections.js';
import { longDate } from './report-words.js';

const escape = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
/** Line breaks inside a cell (a plan's comments, one a line) kept as lines. */
const lines = (text: string) => escape(text).replace(/\n/g, '<br>');

function table(caption: string, headers: string[], rows: string[][], numeric: number[] = [], className = ''): string {
  const head = headers
    .map(
      (header, i) =>
        `<th scope="col" class="govuk-table__header${numeric.includes(i) ? ' govuk-table__header--numeric' : ''}">${escape(header)}</th>`,
    )
    .join('');
  const body = rows
    .map(
      (row) =>
        `<tr class="govuk-table__row">${row
          .map(
            (cell, i) =>
              `<td class="govuk-table__cell${numeric.includes(i) ? ' govuk-table__cell--numeric' : ''}">${lines(cell)}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('');
  return `<table class="govuk-table${className}"><caption class="govuk-table__caption govuk-table__caption--s">${escape(caption)}</caption><thead class="govuk-table__head"><tr class="govuk-table__row">${head}</tr></thead><tbody class="govuk-table__body">${body}</tbody></table>`;
}

function blocks(items: Block[], report: CommitteeReport): string {
  return items
    .map((block) => {
      switch (block.kind) {
        case 'heading':
          return block.level === 1
            ? `<h2 class="govuk-heading-l">${escape(block.text)}</h2>`
            : `<h3 class="govuk-heading-m">${escape(block.text)}</h3>`;
        case 'paragraph':
          return `<p class="govuk-body">${escape(block.text)}</p>`;
        case 'numbered':
          return `<p class="govuk-body">${block.number}. ${escape(block.text)}</p>`;
        case 'bullets':
          return `<ul class="govuk-list govuk-list--bullet">${block.items.map((item) => `<li>${escape(item)}</li>`).join('')}</ul>`;
        case 'table':
          return table(block.caption, block.headers, block.rows, block.numeric);
        case 'chart':
          return `<figure class="app-report-chart">${countsChartSvg(countsChart(report), 'report-counts-chart')}</figure>`;
        default: {
          const _exhaustive: never = block;
          return _exhaustive;
        }
      }
    })
    .join('\n');
}

/**
 * The report as HTML in GOV.UK Frontend's classes, for the web page (inside the service's layout)
 * and for a file of its own (renderHtmlDocument). Everything from the plan is escaped; the chart
 * is inline SVG with its text alternative; nothing in it needs a script or a style attribute.
 */
export function renderHtmlFragment(report: CommitteeReport): string {
  const sections = reportSections(report);
  const front = report.front
    .map(
      (field) =>
        `<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${escape(field.label)}</dt><dd class="govuk-summary-list__value">${field.toFill ? `<strong class="govuk-tag govuk-tag--yellow">To fill in</strong> ` : ''}${escape(field.value)}</dd></div>`,
    )
    .join('');
  const appendix = report.appendix.rows.map((row) =>
    row.kind === 'heading' ? [row.text, ...Array<string>(report.appendix.columns.length - 1).fill('')] : row.cells,
  );
  return [
    `<dl class="govuk-summary-list">${front}</dl>`,
    blocks(sections.body, report),
    `<div class="app-report-appendix">`,
    blocks(sections.appendixIntro, report),
    `<div class="app-scrolling-table" role="region" aria-label="The plan, in its own columns" tabindex="0">${table(`${report.plan.title}, as it stood on ${longDate(report.period.lastDay)}`, report.appendix.columns, appendix, [], ' app-report-plan')}</div>`,
    blocks(sections.sources, report),
    `<p class="govuk-body-s" id="report-provenance">${escape(provenanceLine(report))}</p>`,
    `</div>`,
  ].join('\n');
}

/** A standalone, printable HTML file of the report (the command's --format html). */
export function renderHtmlDocument(report: CommitteeReport): string {
  const title = `${report.plan.title}: committee report, ${report.period.words}`;
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>${escape(title)}</title>
<style>
body { font-family: Arial, Helvetica, sans-serif; margin: 2em auto; max-width: 60em; color: #0b0c0c; line-height: 1.4; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5em; font-size: 0.9em; }
caption { text-align: left; font-weight: bold; margin-bottom: 0.5em; }
th, td { border-bottom: 1px solid #b1b4b6; padding: 0.4em; text-align: left; vertical-align: top; }
.govuk-table__cell--numeric, .govuk-table__header--numeric { text-align: right; }
.govuk-summary-list { display: grid; grid-template-columns: 12em 1fr; }
.govuk-summary-list__row { display: contents; }
.govuk-summary-list__key { font-weight: bold; }
.govuk-tag { background: #fff7bf; padding: 0 0.3em; font-size: 0.8em; }
.app-report-plan { font-size: 0.7em; }
svg { max-width: 100%; height: auto; }
@page { size: A4; margin: 2cm; }
@media print { .app-report-appendix { page-break-before: always; } }
</style>
</head>
<body>
<h1>${escape(report.plan.title)}</h1>
${renderHtmlFragment(report)}
</body>
</html>
`;
}
