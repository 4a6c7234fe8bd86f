import { CHART_CONFIG, SERIES_COLORS, VEGA_LITE_SCHEMA, type VegaLiteSpec } from './chart-style.js';

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
  /** d3-format for y labels, e.g. `.0%`. */
  readonly yFormat?: string;
  /** Integer x values (steps, n): integer ticks only. */
  readonly integerX?: boolean;
  readonly notes?: readonly string[];
  readonly width?: number;
  readonly height?: number;
}

/**
 * A plain line chart (e.g. loss and accuracy against the training step), one line per series, with a
 * legend showing each line style.
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
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: input.title, ...(input.notes && input.notes.length > 0 ? { subtitle: [...input.notes] } : {}) },
    width: input.width ?? 480,
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
        scale: { ...(input.logY ? { type: 'log' } : { zero: false }), ...(input.yDomain ? { domain: [...input.yDomain] } : {}) },
        ...(input.yFormat ? { axis: { format: input.yFormat } } : {}),
      },
      color: { field: 'series', type: 'nominal', title: null, scale: { domain, range: colors }, legend: domain.length > 1 ? { symbolType: 'stroke' } : null },
      strokeDash: { field: 'series', type: 'nominal', title: null, scale: { domain, range: dashes }, legend: domain.length > 1 ? { symbolType: 'stroke' } : null },
    },
  } as unknown as VegaLiteSpec;
}
