import { CHART_CONFIG, SERIES_COLORS, VEGA_LITE_SCHEMA, chartFrame, percentTicks, type VegaLiteSpec } from './chart-style.js';
import { logAxisTicks } from './singular-values-chart.js';

/** One series of {@link lineChartSpec}. */
export interface LineSeries {
  readonly label: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
  /** Line colour (default: the next of {@link SERIES_COLORS}). */
  readonly color?: string;
  /** Dash pattern, e.g. `[6, 4]` (default solid). */
  readonly dash?: readonly number[];
}

/** Input of {@link lineChartSpec}. */
export interface LineChartInput {
  readonly title: string;
  readonly xTitle: string;
  readonly yTitle: string;
  readonly series: readonly LineSeries[];
  /** Log-scale y (values ≤ 0 are dropped). */
  readonly logY?: boolean;
  /** Fixed y domain. */
  readonly yDomain?: readonly [number, number];
  /**
   * y values are fractions shown in percent: ticks at a 1-2-5 step with just enough decimals that no two
   * labels read the same (see `percentTicks`).
   */
  readonly yPercent?: boolean;
  /** Integer x values (steps, n): integer ticks only. */
  readonly integerX?: boolean;
  readonly notes?: readonly string[];
  /** Width of the whole chart — plot, axes, legend — in pixels (default `CHART_WIDTH`, 680). */
  readonly width?: number;
  /** Height of the plot in pixels (default 240). */
  readonly height?: number;
}

/**
 * A plain line chart (e.g. loss and accuracy against the training step) of a fixed width, one line per
 * series, with a legend beside the plot showing each line style (none for a single series). Ticks never
 * repeat: a log axis is labelled 10⁻², 10⁻¹, 10⁰ …, a percent axis with just enough decimals.
 *
 * @param input - series and axis titles.
 * @returns a Vega-Lite spec.
 * @example
 * ```ts
 * lineChartSpec({ title: 'Loss', xTitle: 'step', yTitle: 'loss', series: [{ label: 'loss', points: [{ x: 0, y: 2 }, { x: 50, y: 1 }] }] });
 * ```
 */
export function lineChartSpec(input: LineChartInput): VegaLiteSpec {
  const rows = input.series.flatMap((s) => s.points.filter((p) => Number.isFinite(p.y) && (!input.logY || p.y > 0)).map((p) => ({ series: s.label, x: p.x, y: p.y })));
  const domain = input.series.map((s) => s.label);
  const colors = input.series.map((s, i) => s.color ?? SERIES_COLORS[i % SERIES_COLORS.length]!);
  const dashes = input.series.map((s) => [...(s.dash ?? [1, 0])]);
  const ys = rows.map((r) => r.y);
  const [yLo, yHi] = input.yDomain ?? (ys.length > 0 ? [Math.min(...ys), Math.max(...ys)] : [0, 1]);
  let axis: Record<string, unknown> = {};
  let scale: Record<string, unknown> = { zero: false, ...(input.yDomain ? { domain: [...input.yDomain] } : {}) };
  if (input.yPercent) {
    const ticks = percentTicks(yLo, yHi);
    axis = { values: ticks.values, format: ticks.format };
  } else if (input.logY) {
    // labelled 10⁻¹, 2·10⁻¹ …, one label per tick (a log axis otherwise writes 2, 3, 5 … in one format)
    const lo = input.yDomain ? yLo : yLo / 10 ** 0.05;
    const hi = input.yDomain ? yHi : yHi * 10 ** 0.05;
    const ticks = ys.length > 0 && lo > 0 ? logAxisTicks(lo, hi) : { values: [], labels: [] };
    scale = { type: 'log', nice: false, ...(ys.length > 0 && lo > 0 ? { domain: [lo, hi] } : {}) };
    axis = { values: ticks.values, labelExpr: ticks.values.map((v, j) => `abs(datum.value - ${v}) <= ${v * 1e-9} ? '${ticks.labels[j]}' : `).join('') + "''" };
  }
  const legend = domain.length > 1 ? { symbolType: 'stroke', orient: 'right' } : null;
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...chartFrame(input.title, input.notes ?? [], input.width),
    height: input.height ?? 240,
    config: CHART_CONFIG,
    data: { values: rows },
    mark: { type: 'line', strokeWidth: 2 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: input.xTitle, ...(input.integerX ? { axis: { format: 'd', tickMinStep: 1 } } : {}) },
      y: {
        field: 'y',
        type: 'quantitative',
        title: input.yTitle,
        scale,
        axis,
      },
      color: { field: 'series', type: 'nominal', title: null, scale: { domain, range: colors }, legend },
      strokeDash: { field: 'series', type: 'nominal', title: null, scale: { domain, range: dashes }, legend },
    },
  } as unknown as VegaLiteSpec;
}
