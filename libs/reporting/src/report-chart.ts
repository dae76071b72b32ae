import type { CommitteeReport } from './committee-report.js';
import { STATUS_MEANINGS, type ReportStatus } from './report-words.js';

/** GOV.UK Frontend's tag colours (as the sources chart uses): the light fill for the start, the dark ink for the end. */
export const STATUS_COLOURS: Record<ReportStatus, { fill: string; ink: string }> = {
  blue: { fill: '#d2e2f1', ink: '#0f385c' },
  red: { fill: '#f4d7d7', ink: '#651b1b' },
  amber: { fill: '#fde4d7', ink: '#7a3c1c' },
  green: { fill: '#cfe4dc', ink: '#083d29' },
  unrated: { fill: '#cecece', ink: '#0b0c0c' },
};

export interface ChartBar {
  x: number;
  y: number;
  width: number;
  height: number;
  fill: string;
  stroke: string;
  count: number;
  label: { x: number; y: number };
  /** "Amber at the start of the period: 12", for a tooltip or a screen reader. */
  words: string;
}

export interface CountsChart {
  width: number;
  height: number;
  baseline: number;
  plot: { x: number; width: number };
  groups: { status: ReportStatus; word: string; labelX: number; labelY: number; bars: [ChartBar, ChartBar] }[];
  legend: { text: string; fill: string; stroke: string; x: number; y: number; size: number; textX: number }[];
  /** One line for a text alternative. */
  description: string;
}

const LAYOUT = { width: 640, height: 250, left: 10, right: 10, top: 44, bottom: 34, barWidth: 38, barGap: 6 };

/**
 * Counts by status at the start and the end of the period, as grouped bars on one scale: pure
 * geometry in user units (y grows down), which the SVG, the PDF and the Word picture all draw.
 */
export function countsChart(report: CommitteeReport): CountsChart {
  const { width, height, left, right, top, bottom, barWidth, barGap } = LAYOUT;
  const baseline = height - bottom;
  const plotWidth = width - left - right;
  const groupWidth = plotWidth / report.counts.rows.length;
  const highest = Math.max(1, ...report.counts.rows.flatMap((row) => [row.start, row.end]));
  const scale = (baseline - top - 16) / highest;
  const round = (value: number) => Math.round(value * 100) / 100;
  const groups = report.counts.rows.map((row, index) => {
    const centre = left + groupWidth * index + groupWidth / 2;
    const colours = STATUS_COLOURS[row.status];
    const word = STATUS_MEANINGS[row.status].word;
    const bar = (count: number, x: number, light: boolean, when: string): ChartBar => {
      const barHeight = round(count * scale);
      return {
        x: round(x),
        y: round(baseline - barHeight),
        width: barWidth,
        height: barHeight,
        fill: light ? colours.fill : colours.ink,
        stroke: colours.ink,
        count,
        label: { x: round(x + barWidth / 2), y: round(baseline - barHeight - 5) },
        words: `${word} at the ${when} of the period: ${count}`,
      };
    };
    return {
      status: row.status,
      word,
      labelX: round(centre),
      labelY: baseline + 20,
      bars: [
        bar(row.start, centre - barGap / 2 - barWidth, true, 'start'),
        bar(row.end, centre + barGap / 2, false, 'end'),
      ] as [ChartBar, ChartBar],
    };
  });
  const legend = [
    { text: `Start of period, ${report.period.firstDay} (light)`, fill: '#e8e8e8', stroke: '#0b0c0c', x: left, y: 8 },
    { text: `End of period, ${report.period.lastDay} (dark)`, fill: '#505a5f', stroke: '#0b0c0c', x: left + 300, y: 8 },
  ].map((item) => ({ ...item, size: 14, textX: item.x + 20 }));
  const description = `Actions by status at the start and the end of ${report.period.words}: ${report.counts.rows
    .map((row) => `${STATUS_MEANINGS[row.status].word} ${row.start} then ${row.end}`)
    .join('; ')}.`;
  return { width, height, baseline, plot: { x: left, width: plotWidth }, groups, legend, description };
}

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The chart as a standalone SVG document, for the Word file's picture and the web page. The
 * legend shows the start light and the end dark, as the bars are.
 */
export function countsChartSvg(chart: CountsChart, id = 'counts-chart'): string {
  const text = (x: number, y: number, body: string, anchor = 'middle', weight = 'normal') =>
    `<text x="${x}" y="${y}" text-anchor="${anchor}" font-family="Arial, Helvetica, sans-serif" font-size="13" font-weight="${weight}" fill="#0b0c0c">${escapeXml(body)}</text>`;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${chart.width} ${chart.height}" width="${chart.width}" height="${chart.height}" role="img" aria-labelledby="${id}-title"><title id="${id}-title">${escapeXml(chart.description)}</title>`,
    `<rect x="0" y="0" width="${chart.width}" height="${chart.height}" fill="#ffffff"/>`,
  ];
  for (const item of chart.legend)
    parts.push(
      `<rect x="${item.x}" y="${item.y}" width="${item.size}" height="${item.size}" fill="${item.fill}" stroke="${item.stroke}"/>`,
      text(item.textX, item.y + 12, item.text, 'start'),
    );
  parts.push(
    `<line x1="${chart.plot.x}" y1="${chart.baseline}" x2="${chart.plot.x + chart.plot.width}" y2="${chart.baseline}" stroke="#0b0c0c"/>`,
  );
  for (const group of chart.groups) {
    for (const bar of group.bars) {
      if (bar.height > 0)
        parts.push(
          `<rect x="${bar.x}" y="${bar.y}" width="${bar.width}" height="${bar.height}" fill="${bar.fill}" stroke="${bar.stroke}"><title>${escapeXml(bar.words)}</title></rect>`,
        );
      parts.push(text(bar.label.x, bar.label.y, String(bar.count), 'middle', 'bold'));
    }
    parts.push(text(group.labelX, group.labelY, group.word));
  }
  parts.push('</svg>');
  return parts.join('');
}
