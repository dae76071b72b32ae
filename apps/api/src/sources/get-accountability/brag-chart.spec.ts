import { axisTitle, BRAG_ORDER, bragChart, CHART_LAYOUT, type BragStatus } from './brag-chart.js';

const WORDS = { blue: 'Complete', red: 'Stuck', amber: 'Needs work', green: 'On track', unrated: 'Not rated' };
const counts = (blue: number, red: number, amber: number, green: number, unrated: number) => ({
  blue,
  red,
  amber,
  green,
  unrated,
});
const chartOf = (...rows: [string, ReturnType<typeof counts>][]) =>
  bragChart(
    rows.map(([title, brag]) => ({ id: `id-${title}`, title, brag })),
    WORDS,
  );
const barWidth = (bar: { segments: { width: number }[] }) =>
  bar.segments.reduce((sum, segment) => sum + segment.width, 0);

describe('the BRAG chart of accountability by source', () => {
  it('draws one bar a source, in the order given, each under the one before', () => {
    const chart = chartOf(['A', counts(1, 0, 0, 0, 0)], ['B', counts(0, 2, 0, 0, 0)], ['C', counts(0, 0, 0, 0, 0)]);
    expect(chart.bars.map((bar) => [bar.id, bar.title])).toEqual([
      ['id-A', 'A'],
      ['id-B', 'B'],
      ['id-C', 'C'],
    ]);
    const tops = chart.bars.map((bar) => bar.barY);
    expect(tops[0]).toBeGreaterThanOrEqual(CHART_LAYOUT.legendHeight);
    expect(tops[1]! - tops[0]!).toBeGreaterThanOrEqual(CHART_LAYOUT.barHeight);
    expect(tops[2]! - tops[1]!).toBeGreaterThanOrEqual(CHART_LAYOUT.barHeight);
    expect(chart.height).toBeGreaterThanOrEqual(tops[2]! + CHART_LAYOUT.barHeight);
  });

  it('makes the longest total fill the plot and every bar proportional to its total, on one scale', () => {
    const chart = chartOf(
      ['Longest', counts(10, 5, 5, 10, 10)],
      ['Half', counts(5, 5, 5, 5, 0)],
      ['Quarter', counts(0, 0, 10, 0, 0)],
    );
    const [longest, half, quarter] = chart.bars.map(barWidth);
    expect(longest).toBeCloseTo(chart.plot.width, 1);
    expect(chart.bars[0]!.width).toBe(chart.plot.width);
    expect(half! / longest!).toBeCloseTo(0.5, 2);
    expect(quarter! / longest!).toBeCloseTo(0.25, 2);
    expect(chart.plot.x + chart.plot.width).toBeLessThanOrEqual(chart.width);
  });

  it('makes each segment proportional to its count, in BRAG order, touching the next, summing to the bar', () => {
    const chart = chartOf(['Mixed', counts(3, 1, 2, 7, 4)], ['Thirds', counts(1, 1, 1, 0, 0)]);
    for (const bar of chart.bars) {
      const unit = chart.plot.width / 17;
      expect(bar.segments.map((segment) => segment.status)).toEqual(
        BRAG_ORDER.filter((status) => bar.segments.some((segment) => segment.status === status)),
      );
      bar.segments.forEach((segment, n) => {
        expect(segment.width).toBeCloseTo(segment.count * unit, 1);
        if (n > 0) expect(segment.x).toBeCloseTo(bar.segments[n - 1]!.x + bar.segments[n - 1]!.width, 5);
      });
      expect(bar.segments[0]!.x).toBe(chart.plot.x);
      const end = bar.segments.at(-1)!.x + bar.segments.at(-1)!.width;
      expect(barWidth(bar)).toBeCloseTo(bar.width, 5);
      expect(end - chart.plot.x).toBeCloseTo(bar.width, 5);
      expect(bar.width).toBeCloseTo(bar.total * unit, 1);
    }
    // Thirds of an odd width are rounded at the edges, so the three still sum to the bar exactly.
    const thirds = chart.bars[1]!;
    expect(barWidth(thirds)).toBeCloseTo(thirds.width, 5);
    expect(thirds.width).toBeCloseTo(3 * (chart.plot.width / 17), 1);
  });

  it('draws a zero count as nothing, and a source with no actions as no bar at all', () => {
    const chart = chartOf(['Some', counts(0, 2, 0, 0, 3)], ['None', counts(0, 0, 0, 0, 0)]);
    expect(chart.bars[0]!.segments.map((segment) => [segment.status, segment.count])).toEqual([
      ['red', 2],
      ['unrated', 3],
    ]);
    expect(chart.bars[1]!.segments).toEqual([]);
    expect(chart.bars[1]!.total).toBe(0);
    expect(chart.bars[1]!.width).toBe(0);
    expect(chartOf(['Only none', counts(0, 0, 0, 0, 0)]).bars[0]!.segments).toEqual([]);
  });

  it('labels every segment with its count: inside when it fits, else in a lane under the bar, never two on one spot', () => {
    const chart = chartOf(['Wide and narrow', counts(100, 1, 1, 1, 50)], ['Wide', counts(40, 0, 0, 0, 0)]);
    const [mixed, wide] = chart.bars;
    const inside = (status: BragStatus) => mixed!.segments.find((segment) => segment.status === status)!.label.inside;
    expect([inside('blue'), inside('red'), inside('amber'), inside('green'), inside('unrated')]).toEqual([
      true,
      false,
      false,
      false,
      true,
    ]);
    const lane = mixed!.segments.filter((segment) => !segment.label.inside).map((segment) => segment.label.x);
    for (let n = 1; n < lane.length; n++)
      expect(lane[n]! - lane[n - 1]!).toBeGreaterThanOrEqual(CHART_LAYOUT.digitWidth);
    for (const segment of mixed!.segments.filter((s) => s.label.inside)) {
      expect(segment.label.x).toBeGreaterThan(segment.x);
      expect(segment.label.x).toBeLessThan(segment.x + segment.width);
    }
    // The row with a lane is taller, so the next bar starts below its labels.
    expect(wide!.barY - mixed!.barY).toBe(CHART_LAYOUT.barHeight + CHART_LAYOUT.rowGap + CHART_LAYOUT.laneHeight);
    expect(wide!.segments[0]!.label.inside).toBe(true);
  });

  it('writes each total just past its bar', () => {
    const chart = chartOf(['A', counts(2, 2, 0, 0, 0)]);
    const bar = chart.bars[0]!;
    expect(bar.total).toBe(4);
    expect(bar.totalLabel.x).toBeGreaterThan(bar.segments.at(-1)!.x + bar.segments.at(-1)!.width);
    expect(bar.totalLabel.x).toBeLessThan(chart.width);
  });

  it('cuts long titles for the axis, at a word where it can, and keeps the whole title for the table', () => {
    const long = 'CHSCB Vulnerable Adolescents Strategy 2017-19 and its review';
    const chart = chartOf([long, counts(1, 0, 0, 0, 0)], ['Short', counts(1, 0, 0, 0, 0)]);
    expect(chart.bars[0]!.title).toBe(long);
    expect(chart.bars[0]!.axisTitle).toBe('CHSCB Vulnerable Adolescents…');
    expect(chart.bars[0]!.axisTitle.length).toBeLessThanOrEqual(CHART_LAYOUT.maxTitleChars);
    expect(chart.bars[1]!.axisTitle).toBe('Short');
    expect(axisTitle('Averyveryverylongsinglewordwithoutanyspaceatall', 20)).toBe('Averyveryverylongsi…');
    expect(axisTitle('Exactly twenty chars', 20)).toBe('Exactly twenty chars');
  });

  it('gives a legend in words, in the order of the segments, the items side by side', () => {
    const chart = chartOf(['A', counts(1, 1, 1, 1, 1)]);
    expect(chart.legend.map((item) => [item.status, item.words])).toEqual(
      BRAG_ORDER.map((status) => [status, WORDS[status]]),
    );
    for (let n = 1; n < chart.legend.length; n++)
      expect(chart.legend[n]!.swatchX).toBeGreaterThan(
        chart.legend[n - 1]!.textX + chart.legend[n - 1]!.words.length * 6,
      );
    expect(chart.legend.at(-1)!.textX + WORDS.unrated.length * CHART_LAYOUT.letterWidth).toBeLessThanOrEqual(
      chart.width,
    );
  });

  it('keeps every bar inside the drawing however uneven the totals', () => {
    const chart = chartOf(['Huge', counts(997, 1, 1, 0, 0)], ['Tiny', counts(0, 0, 0, 0, 1)]);
    for (const bar of chart.bars)
      for (const segment of bar.segments)
        expect(segment.x + segment.width).toBeLessThanOrEqual(chart.plot.x + chart.plot.width + 0.01);
    expect(chart.bars[1]!.segments[0]!.width).toBeGreaterThan(0);
  });
});
