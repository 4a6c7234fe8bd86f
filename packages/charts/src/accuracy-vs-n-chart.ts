import { CHART_CONFIG, SERIES_COLORS, VEGA_LITE_SCHEMA, integerTicks, type VegaLiteSpec } from './chart-style.js';

/** One dimension's search trace for {@link accuracyVsNChartSpec}. */
export interface AccuracyTrace {
  readonly d: number;
  /** Every n evaluated, with the best accuracy any restart reached (0…1). */
  readonly trials: readonly { readonly n: number; readonly accuracy: number; readonly solved?: boolean }[];
  /** The critical n found for this d (marked by a vertical rule), when there is one. */
  readonly criticalN?: number;
}

/** Input of {@link accuracyVsNChartSpec}. */
export interface AccuracyVsNChartInput {
  readonly k: number;
  readonly traces: readonly AccuracyTrace[];
  /** Axis title for y (default: best top-k accuracy over steps and restarts). */
  readonly yTitle?: string;
  readonly title?: string;
  readonly notes?: readonly string[];
  readonly width?: number;
  readonly height?: number;
}

/**
 * Best top-k accuracy against n, one line per d, with the critical n of each d marked by a dashed rule
 * labelled `n* = …`, solved n as filled and unsolved n as open markers, and the 100 % level drawn.
 *
 * @param input - one trace per d (see {@link AccuracyVsNChartInput}).
 * @returns a Vega-Lite spec.
 * @example
 * ```ts
 * accuracyVsNChartSpec({ k: 2, traces: [{ d: 4, criticalN: 10, trials: [{ n: 10, accuracy: 1 }, { n: 11, accuracy: 0.98 }] }] });
 * ```
 */
export function accuracyVsNChartSpec(input: AccuracyVsNChartInput): VegaLiteSpec {
  const label = (d: number) => `d = ${d}`;
  const traces = [...input.traces].sort((a, b) => a.d - b.d);
  const domain = traces.map((t) => label(t.d));
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain, range: traces.map((_, i) => SERIES_COLORS[i % SERIES_COLORS.length]) },
    legend: { orient: 'right', symbolType: 'stroke', symbolStrokeWidth: 2 },
  };
  const rows = traces.flatMap((t) =>
    t.trials.map((p) => ({ series: label(t.d), d: t.d, n: p.n, accuracy: p.accuracy, solved: p.solved ?? p.accuracy >= 1 })),
  );
  const ns = rows.map((r) => r.n);
  const nLo = ns.length > 0 ? Math.min(...ns) : 0;
  const nHi = ns.length > 0 ? Math.max(...ns) : 1;
  const x = {
    field: 'n',
    type: 'quantitative',
    title: 'n (documents)',
    scale: { domain: [nLo - 0.5, nHi + 0.5], nice: false, zero: false },
    axis: { values: integerTicks(nLo, nHi, 14), format: 'd' },
  };
  const height = input.height ?? 320;
  const accuracies = rows.map((r) => r.accuracy);
  // one format for the axis: whole percent when the range spans ≥ 5 points, else tenths (no repeated labels)
  const lowest = accuracies.length > 0 ? Math.min(...accuracies) : 0;
  const span = accuracies.length > 0 ? Math.max(...accuracies) - lowest : 1;
  const yFormat = span >= 0.05 ? '.0%' : span >= 0.005 ? '.1%' : '.2%';
  const y = {
    field: 'accuracy',
    type: 'quantitative',
    title: input.yTitle ?? `best top-${input.k} accuracy`,
    axis: { format: yFormat },
    // 100 % is the top: nothing above it means anything
    scale: { zero: false, nice: false, domain: [Math.max(0, lowest - 0.04 * Math.max(span, 0.01)), 1] },
  };
  const critical = traces.filter((t) => t.criticalN !== undefined).map((t) => ({ series: label(t.d), n: t.criticalN!, text: `n* = ${t.criticalN}` }));
  const missing = traces.filter((t) => t.criticalN === undefined).map((t) => `${label(t.d)}: no n solved`);
  const notes = [...(input.notes ?? []), ...(input.yTitle === undefined ? ['accuracy: the best over training steps and restarts'] : []), ...missing, ...(critical.length > 0 ? ['dashed rules: critical n (largest solved n) per d'] : [])];
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: input.title ?? `Best top-${input.k} accuracy against n`, ...(notes.length > 0 ? { subtitle: notes } : {}) },
    width: input.width ?? 560,
    height,
    config: CHART_CONFIG,
    layer: [
      { mark: { type: 'rule', color: '#999999', strokeDash: [2, 2] }, data: { values: [{ accuracy: 1 }] }, encoding: { y: { field: 'accuracy', type: 'quantitative' } } },
      { data: { values: critical }, mark: { type: 'rule', strokeDash: [5, 4], strokeWidth: 1.5 }, encoding: { x, color } },
      // one label per rule, stacked from the top so labels of neighbouring critical n do not overlap
      ...critical.map((c, i) => ({
        data: { values: [c] },
        mark: { type: 'text', align: 'left', dx: 4, dy: -4 - 15 * i, baseline: 'bottom', fontSize: 11 },
        encoding: { x, y: { value: height }, text: { field: 'text' }, color },
      })),
      {
        data: { values: rows },
        layer: [
          { mark: { type: 'line', strokeWidth: 2, point: false }, encoding: { x, y, color, detail: { field: 'series' } } },
          // solved n filled, unsolved n open
          ...[true, false].map((solved) => ({
            transform: [{ filter: solved ? 'datum.solved' : '!datum.solved' }],
            mark: { type: 'point', size: 45, strokeWidth: 1.5, opacity: 1, filled: solved, ...(solved ? {} : { fill: 'white' }) },
            encoding: { x, y, color, tooltip: [{ field: 'series', title: 'd' }, { field: 'n' }, { field: 'accuracy', format: '.4f' }, { field: 'solved' }] },
          })),
        ],
      },
    ],
  } as unknown as VegaLiteSpec;
}
