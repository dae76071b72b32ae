import type { BragCounts } from '#read-store';

/** The statuses in the order a bar's segments and the legend show them. */
export const BRAG_ORDER = ['blue', 'red', 'amber', 'green', 'unrated'] as const;
export type BragStatus = (typeof BRAG_ORDER)[number];

/** GOV.UK Frontend 6's tag colours (background as the fill, text as the outline and the count), so a segment matches the tag it counts. */
export const BRAG_COLOURS: Record<BragStatus, { fill: string; ink: string }> = {
  blue: { fill: '#d2e2f1', ink: '#0f385c' },
  red: { fill: '#f4d7d7', ink: '#651b1b' },
  amber: { fill: '#fde4d7', ink: '#7a3c1c' },
  green: { fill: '#cfe4dc', ink: '#083d29' },
  unrated: { fill: '#cecece', ink: '#0b0c0c' },
};

/** The chart's measures, in SVG user units (the SVG scales to its container, keeping its proportions). */
export const CHART_LAYOUT = {
  width: 760,
  /** Room for the sources' titles, left of the bars. */
  axisWidth: 230,
  gap: 10,
  /** Room for each bar's total, right of the longest bar. */
  totalWidth: 40,
  legendHeight: 34,
  barHeight: 24,
  rowGap: 10,
  /** A row gains this lane under its bar when a segment is too narrow to hold its count. */
  laneHeight: 16,
  /** Longer titles are cut to this many characters on the axis (the table has them whole). */
  maxTitleChars: 32,
  /** Rough width of one character of a count (13px bold) and of the legend's words (14px). */
  digitWidth: 8,
  letterWidth: 7.5,
  swatch: 16,
} as const;
export type ChartLayout = typeof CHART_LAYOUT;

export interface ChartSegment {
  status: BragStatus;
  count: number;
  x: number;
  width: number;
  fill: string;
  ink: string;
  /** The status in words, for the segment's tooltip. */
  words: string;
  /** Where its count is written: inside the segment when it fits, else in the lane under the bar. */
  label: { x: number; y: number; inside: boolean };
}

export interface ChartBar {
  /** What the bar stands for (a source's id), for the page to tie it to its table row. */
  id: string;
  title: string;
  /** The title as the axis shows it: cut short, with an ellipsis, when long. */
  axisTitle: string;
  /** The row's top, the bar's top and the baseline of its title. */
  y: number;
  barY: number;
  height: number;
  titleY: number;
  /** The bar's length: its total on the chart's scale; its segments sum to it exactly. */
  width: number;
  total: number;
  totalLabel: { x: number; y: number };
  segments: ChartSegment[];
}

export interface BragChart {
  width: number;
  height: number;
  /** Where the titles end, right-aligned against the bars. */
  axisX: number;
  plot: { x: number; width: number };
  legend: {
    status: BragStatus;
    fill: string;
    ink: string;
    swatchX: number;
    size: number;
    textX: number;
    y: number;
    words: string;
  }[];
  bars: ChartBar[];
}

/** One bar's worth: what it stands for, its full title, its counts. */
export interface ChartRow {
  id: string;
  title: string;
  brag: BragCounts;
}

/** The legend's words for each status: the tag words every page uses (web-views' bragTag). */
export type StatusWords = Record<BragStatus, string>;

/** The title as the axis can hold it: whole when short, else cut at a word where it can be, with an ellipsis. */
export function axisTitle(title: string, maxChars: number = CHART_LAYOUT.maxTitleChars): string {
  if (title.length <= maxChars) return title;
  const cut = title.slice(0, maxChars - 1);
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > maxChars / 2 ? cut.slice(0, atWord) : cut).trimEnd()}…`;
}

/**
 * Edges of the segments along a bar, from cumulative counts, rounded once: each segment's width
 * is the difference of two rounded edges, so the segments always sum to the bar exactly.
 */
function segmentEdges(counts: number[], unit: number, x0: number): number[] {
  let running = 0;
  return [x0, ...counts.map((count) => round(x0 + (running += count) * unit))];
}

const round = (value: number) => Math.round(value * 100) / 100;

/**
 * Horizontal stacked bars, one a source, of its actions by BRAG status: every bar on one scale
 * (the longest total fills the plot), segments in the order of BRAG_ORDER, a zero count drawn as
 * nothing. Pure geometry: the template only writes it out.
 */
export function bragChart(
  rows: readonly ChartRow[],
  words: StatusWords,
  layout: ChartLayout = CHART_LAYOUT,
): BragChart {
  const plot = {
    x: layout.axisWidth + layout.gap,
    width: layout.width - layout.axisWidth - layout.gap - layout.totalWidth,
  };
  const longest = Math.max(0, ...rows.map((row) => total(row.brag)));
  const unit = longest === 0 ? 0 : plot.width / longest;
  const bars: ChartBar[] = [];
  let y = layout.legendHeight;
  for (const row of rows) {
    const bar = barOf(row, y, plot.x, unit, words, layout);
    bars.push(bar);
    y +=
      layout.barHeight +
      layout.rowGap +
      (bar.segments.some((segment) => !segment.label.inside) ? layout.laneHeight : 0);
  }
  return { width: layout.width, height: y, axisX: layout.axisWidth, plot, legend: legendOf(words, layout), bars };
}

const total = (brag: BragCounts) => BRAG_ORDER.reduce((sum, status) => sum + brag[status], 0);

function barOf(row: ChartRow, y: number, x0: number, unit: number, words: StatusWords, layout: ChartLayout): ChartBar {
  const counts = BRAG_ORDER.map((status) => row.brag[status]);
  const edges = segmentEdges(counts, unit, x0);
  const barY = y;
  const labelY = barY + layout.barHeight / 2 + 4.5;
  const laneY = barY + layout.barHeight + layout.laneHeight - 3;
  const segments: ChartSegment[] = [];
  let laneEnd = -Infinity;
  BRAG_ORDER.forEach((status, n) => {
    const count = counts[n]!;
    if (count === 0) return;
    const x = edges[n]!;
    const width = round(edges[n + 1]! - x);
    const labelWidth = String(count).length * layout.digitWidth;
    const inside = width >= labelWidth + 6;
    // A count under the bar is moved right past the one before it, so two never overlap.
    const labelX = inside ? round(x + width / 2) : round(Math.max(x + width / 2, laneEnd + labelWidth / 2 + 4));
    if (!inside) laneEnd = labelX + labelWidth / 2;
    segments.push({
      status,
      count,
      x,
      width,
      ...BRAG_COLOURS[status],
      words: words[status],
      label: { x: labelX, y: inside ? labelY : laneY, inside },
    });
  });
  const barEnd = edges.at(-1)!;
  return {
    id: row.id,
    title: row.title,
    axisTitle: axisTitle(row.title, layout.maxTitleChars),
    y,
    barY,
    height: layout.barHeight,
    titleY: labelY,
    width: round(barEnd - x0),
    total: total(row.brag),
    totalLabel: { x: round(barEnd + 6), y: labelY },
    segments,
  };
}

function legendOf(words: StatusWords, layout: ChartLayout): BragChart['legend'] {
  let x = 0;
  return BRAG_ORDER.map((status) => {
    const item = {
      status,
      ...BRAG_COLOURS[status],
      swatchX: x,
      size: layout.swatch,
      textX: x + layout.swatch + 6,
      y: 8,
      words: words[status],
    };
    x = item.textX + words[status].length * layout.letterWidth + 16;
    return item;
  });
}
