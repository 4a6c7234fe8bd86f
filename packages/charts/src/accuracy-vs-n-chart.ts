import { CHART_CONFIG, CHART_WIDTH, SERIES_COLORS, VEGA_LITE_SCHEMA, chartFrame, expressionString, integerTicks, percentTicks, type VegaLiteSpec } from './chart-style.js';
import { textWidth } from './text-width.js';

/** One dimension's search trace for {@link accuracyVsNChartSpec}. */
export interface AccuracyTrace {
  readonly d: number;
  /**
   * Every n evaluated, with the best accuracy any restart reached (0…1) and whether some restart solved it
   * (every query's top-k exactly its relevant set; default: accuracy ≥ 1).
   */
  readonly trials: readonly { readonly n: number; readonly accuracy: number; readonly solved?: boolean }[];
  /** The critical n found for this d (marked by a vertical rule), when there is one. */
  readonly criticalN?: number;
  /**
   * The search stopped at its max-n cap with that n solved: the true critical n is at least `criticalN`
   * (labelled `n* ≥ …`, and said in a note).
   */
  readonly capped?: boolean;
}

/** Input of {@link accuracyVsNChartSpec}. */
export interface AccuracyVsNChartInput {
  readonly k: number;
  readonly traces: readonly AccuracyTrace[];
  /** Axis title for y (default `best official accuracy`). */
  readonly yTitle?: string;
  /**
   * What the accuracy is, said once under the title (default: the official script's accuracy, Σ|top-k ∩
   * relevant| / Σ|relevant|, best over training steps and restarts).
   */
  readonly accuracyDefinition?: string;
  readonly title?: string;
  readonly notes?: readonly string[];
  /** Width of the whole chart — plot, axes, legend — in pixels (default `CHART_WIDTH`, 680). */
  readonly width?: number;
  /** Height of the plot in pixels (default 300). */
  readonly height?: number;
}

/** Rows of n* labels above the plot: a label moves up a row when it would touch one to its left. */
const LABEL_ROW_HEIGHT = 14;
const LABEL_FONT_SIZE = 11;

/**
 * Best accuracy against n, one line per d, as a Vega-Lite spec of a fixed width: solved n as filled and
 * unsolved n as hollow markers, the critical n of each d marked by a dashed rule in the d's colour and
 * labelled `n* = …` above the plot (labels that would overlap go to another row), the 100 % level drawn,
 * y ticks that never repeat, and a legend beside the plot naming each d and what each marker means.
 *
 * @param input - one trace per d (see {@link AccuracyVsNChartInput}).
 * @returns a Vega-Lite spec.
 * @example
 * ```ts
 * accuracyVsNChartSpec({ k: 2, traces: [{ d: 4, criticalN: 10, trials: [{ n: 10, accuracy: 1 }, { n: 11, accuracy: 0.98 }] }] });
 * ```
 */
export function accuracyVsNChartSpec(input: AccuracyVsNChartInput): VegaLiteSpec {
  const { k } = input;
  const width = input.width ?? CHART_WIDTH;
  const height = input.height ?? 300;
  const label = (d: number) => `d = ${d}`;
  const traces = [...input.traces].sort((a, b) => a.d - b.d);
  const domain = traces.map((t) => label(t.d));
  const rows = traces.flatMap((t) =>
    t.trials.map((p) => ({ series: label(t.d), d: t.d, n: p.n, accuracy: p.accuracy, solved: p.solved ?? p.accuracy >= 1 })),
  );
  const markers = [`solved: every top-${k} set exact`, 'not solved', 'critical n (n*)'];
  const ns = rows.map((r) => r.n);
  const nLo = ns.length > 0 ? Math.min(...ns) : 0;
  const nHi = ns.length > 0 ? Math.max(...ns) : 1;

  const accuracies = rows.map((r) => r.accuracy);
  const lowest = accuracies.length > 0 ? Math.min(...accuracies) : 0;
  const span = 1 - lowest;
  // a little room under the lowest point; when every n reached 100 %, a 10 % axis (not a hair-thin one)
  const yLo = span > 0 ? Math.max(0, lowest - 0.06 * Math.max(span, 1e-4)) : 0.9;
  const ticks = percentTicks(yLo, 1);
  const y = {
    field: 'accuracy',
    type: 'quantitative',
    title: input.yTitle ?? 'best official accuracy',
    axis: { values: ticks.values, format: ticks.format },
    // 100 % is the top: nothing above it means anything
    scale: { zero: false, nice: false, domain: [yLo, 1] },
  };
  const x = {
    field: 'n',
    type: 'quantitative',
    title: 'n (documents)',
    scale: { domain: [nLo - 0.5, nHi + 0.5], nice: false, zero: false },
    axis: { values: integerTicks(nLo, nHi, 14), format: 'd' },
  };
  const legend = { orient: 'right', title: null };
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain, range: traces.map((_, i) => SERIES_COLORS[i % SERIES_COLORS.length]) },
    legend: { ...legend, symbolType: 'stroke', symbolStrokeWidth: 2.5, symbolSize: 300 },
  };
  // The marker legend: one entry per marker meaning, drawn as in the plot. It comes from a layer of its
  // own whose points lie outside the x domain (clipped away): fill, shape, dash and size by entry.
  const byMarker = (range: readonly unknown[]) => ({ field: 'marker', type: 'nominal', title: null, scale: { domain: markers, range } });
  const markerLegend = {
    data: { values: markers.map((marker) => ({ marker, n: nLo - 10, accuracy: 1 })) },
    mark: { type: 'point', clip: true, opacity: 1, size: 60, stroke: '#444444', strokeWidth: 1.5 },
    encoding: {
      x,
      y,
      fill: { ...byMarker(['#444444', 'white', 'white']), legend: { ...legend, symbolStrokeColor: '#444444', symbolSize: 60 } },
      // a vertical dashed line, as the rule it explains (a custom symbol path; the unit box is the marker's size)
      shape: byMarker(['circle', 'circle', 'M0,-2.4L0,2.4']),
      strokeDash: byMarker([[1, 0], [1, 0], [5, 4]]),
    },
  };

  const critical = traces
    .filter((t) => t.criticalN !== undefined)
    .map((t) => ({ series: label(t.d), n: t.criticalN!, text: `n* ${t.capped ? '≥' : '='} ${t.criticalN}` }));
  // n* labels above the plot, left-aligned at their rule; rows assigned so no two touch (laid out with the
  // same text widths the Node renderer measures, and a plot width estimated on the small side)
  const plotWidth = estimatePlotWidth(width, ticks, [...domain, ...markers]);
  const pxPerN = plotWidth / (nHi - nLo + 1);
  const rowEnds: number[] = [];
  const placed = [...critical]
    .sort((a, b) => a.n - b.n)
    .map((c) => {
      const at = (c.n - (nLo - 0.5)) * pxPerN;
      const wide = textWidth(c.text, LABEL_FONT_SIZE) + 6;
      // left of its rule when it would run past the plot's right edge
      const align = at + 3 + wide > plotWidth ? 'right' : 'left';
      const [left, right] = align === 'left' ? [at, at + 3 + wide] : [at - 3 - wide, at];
      let row = rowEnds.findIndex((end) => end <= left);
      if (row < 0) row = rowEnds.push(right) - 1;
      else rowEnds[row] = right;
      return { ...c, row, align };
    });
  const notes = [
    ...(input.notes ?? []),
    input.accuracyDefinition ??
      `accuracy: the official script's, Σ|top-${k} ∩ relevant| / Σ|relevant| over the queries, best over training steps and restarts`,
    ...traces.filter((t) => t.criticalN === undefined).map((t) => `${label(t.d)}: no n solved`),
    ...traces.filter((t) => t.capped && t.criticalN !== undefined).map((t) => `${label(t.d)}: n* ≥ ${t.criticalN}: the search stopped at its max n`),
  ];
  const frame = chartFrame(input.title ?? `Best top-${k} accuracy against n`, notes, width);
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...frame,
    height,
    config: CHART_CONFIG,
    layer: [
      { mark: { type: 'rule', color: '#999999', strokeDash: [2, 2] }, data: { values: [{ accuracy: 1 }] }, encoding: { y: { field: 'accuracy', type: 'quantitative' } } },
      {
        data: { values: critical },
        mark: { type: 'rule', strokeDash: [5, 4], strokeWidth: 1.5 },
        encoding: { x, color },
      },
      ...placed.map(({ row, align, ...c }) => ({
        data: { values: [c] },
        mark: { type: 'text', align, baseline: 'bottom', dx: align === 'left' ? 3 : -3, dy: -7 - LABEL_ROW_HEIGHT * row, fontSize: LABEL_FONT_SIZE },
        encoding: { x, y: { value: 0 }, text: { field: 'text' }, color },
      })),
      {
        data: { values: rows },
        layer: [
          { mark: { type: 'line', strokeWidth: 2, point: false }, encoding: { x, y, color, detail: { field: 'series' } } },
          // solved n filled, unsolved n hollow
          ...[true, false].map((solved) => ({
            transform: [{ filter: solved ? 'datum.solved' : '!datum.solved' }],
            mark: { type: 'point', size: 45, strokeWidth: 1.5, opacity: 1, filled: solved, ...(solved ? {} : { fill: 'white' }) },
            encoding: { x, y, color, tooltip: [{ field: 'series', title: 'd' }, { field: 'n' }, { field: 'accuracy', format: '.4f' }, { field: 'solved' }] },
          })),
        ],
      },
      markerLegend,
    ],
  } as unknown as VegaLiteSpec;
}

/** The plot's width: the chart's less its padding, the y axis (labels, title) and the legend beside it; on the small side. */
function estimatePlotWidth(width: number, ticks: { values: number[]; format: string }, legendLabels: readonly string[]): number {
  const decimals = Number(/\.(\d+)%/.exec(ticks.format)?.[1] ?? 0);
  const tickLabel = Math.max(...ticks.values.map((v) => textWidth(`${(v * 100).toFixed(decimals)}%`, CHART_CONFIG.axis.labelFontSize)), 0);
  const yAxis = tickLabel + 5 + 2 + CHART_CONFIG.axis.titleFontSize + 8;
  const legend = 18 + 24 + 5 + Math.max(...legendLabels.map((l) => textWidth(l, CHART_CONFIG.legend.labelFontSize)), 0);
  return Math.max(50, width - 2 * CHART_CONFIG.padding - yAxis - legend - 12);
}
