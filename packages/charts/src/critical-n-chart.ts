import { CHART_CONFIG, PALETTE, VEGA_LITE_SCHEMA, chartFrame, expressionString, integerTicks, type VegaLiteSpec } from './chart-style.js';

/** One measured critical n, with its spread over restarts when several seeds ran. */
export interface MeasuredCriticalN {
  readonly d: number;
  /** The critical n (n counts as solved when any restart solved it). */
  readonly criticalN: number;
  /** Range of the per-seed critical n over the restarts (each seed's largest solved n). */
  readonly spread?: { readonly low: number; readonly high: number; readonly restarts: number };
}

/** How a fitted curve is stroked. */
export type FitLineStyle = 'solid' | 'dashed' | 'dotted' | 'dash-dot';

/** A fitted curve n(d), sampled, with an optional interval (e.g. a 95 % bootstrap band) per sample. */
export interface CriticalNFitCurve {
  /** Whose fit: ours is drawn in our colour, the paper's in the paper's colour. */
  readonly source: 'ours' | 'paper';
  /**
   * Legend text, e.g. `our power law n = 0.78·d^1.77`; a `\n` starts a second legend line (e.g.
   * `paper's cubic\n(fitted on d = 4..45)`).
   */
  readonly label: string;
  readonly points: readonly { readonly d: number; readonly n: number; readonly lower?: number; readonly upper?: number }[];
  /** What the band is, e.g. `95% bootstrap`; added to the legend entry when the points carry a band. */
  readonly intervalLabel?: string;
  /** Stroke (default: ours solid, the paper's dashed). Give fits of the same source different styles. */
  readonly style?: FitLineStyle;
}

/** Input of {@link criticalNChartSpec}. */
export interface CriticalNChartInput {
  readonly k: number;
  readonly measured: readonly MeasuredCriticalN[];
  /** The paper's measured critical n (k = 2), drawn as open squares. */
  readonly paper?: readonly { readonly d: number; readonly criticalN: number }[];
  readonly fits?: readonly CriticalNFitCurve[];
  /** Notes under the title, e.g. which fits are not drawn and why; each is wrapped to the chart's width. */
  readonly notes?: readonly string[];
  /** Width of the whole chart — plot, axes, legend — in pixels (default `CHART_WIDTH`, 680). */
  readonly width?: number;
  /** Height of the plot in pixels (default 320). */
  readonly height?: number;
}

const DASHES: Record<FitLineStyle, number[]> = { solid: [1, 0], dashed: [7, 4], dotted: [2, 3], 'dash-dot': [8, 3, 2, 3] };

interface LegendEntry {
  label: string;
  color: string;
  shape: string;
  filled: boolean;
  dash: number[];
}

// The legend's symbols share one size, long enough for a line to show its dash pattern (300 px², a 17 px
// box); markers are drawn as paths inside that box at the size they have in the plot (a unit box spans ±1).
const LEGEND_SYMBOL_SIZE = 300;
const unitsOf = (plotSize: number) => Math.sqrt(plotSize) / Math.sqrt(LEGEND_SYMBOL_SIZE);
const circlePath = (size: number) => {
  // vega's circle of area s has radius √(s/π) px; one unit of the box is √300 / 2 px
  const r = Number(((2 * Math.sqrt(size / Math.PI)) / Math.sqrt(LEGEND_SYMBOL_SIZE)).toFixed(4));
  return `M${-r},0A${r},${r},0,1,1,${r},0A${r},${r},0,1,1,${-r},0Z`;
};
const squarePath = (size: number) => {
  const h = Number(unitsOf(size).toFixed(4));
  return `M${-h},${-h}H${h}V${h}H${-h}Z`;
};
const OURS_SIZE = 70;
const PAPER_SIZE = 110;

/**
 * Critical n against d as a Vega-Lite spec of a fixed width: our points (filled circles, with a bar for the
 * range over restarts), the paper's points (open squares, shifted a few pixels so coincident values stay
 * visible), fitted curves (each with its own stroke) with their intervals as bands, integer ticks for d and
 * n, and a legend beside the plot that shows each marker and line style. Notes (e.g. which fits are not
 * drawn, and why) are wrapped under the title.
 *
 * @param input - measured points, paper points, fits (see {@link CriticalNChartInput}).
 * @returns a Vega-Lite spec (plain JSON), to render with vega-embed or `renderChart` from `@limit/charts/node`.
 * @example
 * ```ts
 * const spec = criticalNChartSpec({ k: 2, measured: [{ d: 4, criticalN: 10 }], paper: [{ d: 4, criticalN: 10 }] });
 * ```
 */
export function criticalNChartSpec(input: CriticalNChartInput): VegaLiteSpec {
  const { k } = input;
  const paper = input.paper ?? [];
  const fits = input.fits ?? [];
  const ds = [...input.measured.map((p) => p.d), ...paper.map((p) => p.d), ...fits.flatMap((f) => f.points.map((p) => p.d))];
  const dLo = ds.length > 0 ? Math.min(...ds) : 1;
  const dHi = ds.length > 0 ? Math.max(...ds) : 2;
  const restarts = Math.max(1, ...input.measured.map((p) => p.spread?.restarts ?? 1));

  const entries: LegendEntry[] = [];
  const oursLabel = restarts > 1 ? `ours (bar: range over\n${restarts} seeds)` : 'ours (measured)';
  const paperLabel = 'paper (Weller et al.,\nmeasured)';
  if (input.measured.length > 0) entries.push({ label: oursLabel, color: PALETTE.ours, shape: circlePath(OURS_SIZE), filled: true, dash: [1, 0] });
  if (paper.length > 0) entries.push({ label: paperLabel, color: PALETTE.paper, shape: squarePath(PAPER_SIZE), filled: false, dash: [1, 0] });
  const fitLabels = fits.map((fit) => {
    const banded = fit.points.some((p) => p.lower !== undefined && p.upper !== undefined);
    const label = banded && fit.intervalLabel ? `${fit.label}\n(band: ${fit.intervalLabel})` : fit.label;
    entries.push({ label, color: colorOf(fit), shape: 'stroke', filled: false, dash: DASHES[styleOf(fit)] });
    return label;
  });
  const colorScale = { domain: entries.map((e) => e.label), range: entries.map((e) => e.color) };
  const pick = (values: readonly (string | number | number[] | boolean)[]) =>
    `[${values.map((v) => (typeof v === 'string' ? expressionString(v) : JSON.stringify(v))).join(',')}][indexof([${entries.map((e) => expressionString(e.label)).join(',')}], datum.value)]`;

  const x = {
    field: 'd',
    type: 'quantitative',
    title: 'd (embedding dimension)',
    scale: { domain: [dLo - 0.5, dHi + 0.5], nice: false, zero: false },
    axis: { values: integerTicks(dLo, dHi), format: 'd', grid: false },
  };
  // whole documents only: integer ticks, so no label repeats after rounding
  const y = { field: 'n', type: 'quantitative', title: 'critical n (documents)', scale: { zero: false, nice: true, padding: 12 }, axis: { format: 'd', tickMinStep: 1 } };
  // One legend for every layer, beside the plot: each entry draws its own marker or line style.
  const color = {
    field: 'series',
    type: 'nominal',
    scale: colorScale,
    legend: {
      title: null,
      orient: 'right',
      direction: 'vertical',
      symbolStrokeWidth: 2,
      symbolSize: LEGEND_SYMBOL_SIZE,
      rowPadding: 6,
      encode: {
        symbols: {
          update: {
            shape: { signal: pick(entries.map((e) => e.shape)) },
            strokeDash: { signal: pick(entries.map((e) => e.dash)) },
            fillOpacity: { signal: `${pick(entries.map((e) => e.filled))} ? 1 : 0` },
            opacity: { value: 1 },
          },
        },
        // a `\n` in a label starts a second line
        labels: { update: { text: { signal: "split(datum.label, '\\n')" } } },
      },
    },
  };

  const layers: Record<string, unknown>[] = [];
  fits.forEach((fit, i) => {
    const series = fitLabels[i]!;
    const band = fit.points.filter((p) => p.lower !== undefined && p.upper !== undefined);
    if (band.length > 1) {
      layers.push({
        data: { values: band.map((p) => ({ d: p.d, lower: p.lower, upper: p.upper, series })) },
        mark: { type: 'area', opacity: 0.16, color: colorOf(fit), clip: true },
        encoding: { x, y: { ...y, field: 'lower' }, y2: { field: 'upper' } },
      });
    }
  });
  fits.forEach((fit, i) => {
    layers.push({
      data: { values: fit.points.map((p) => ({ d: p.d, n: p.n, series: fitLabels[i] })) },
      mark: { type: 'line', strokeWidth: 2, strokeDash: DASHES[styleOf(fit)], clip: true },
      encoding: { x, y, color },
    });
  });
  const spread = input.measured.filter((p) => p.spread !== undefined && p.spread.high > p.spread.low);
  if (spread.length > 0) {
    layers.push({
      data: { values: spread.map((p) => ({ d: p.d, low: p.spread!.low, high: p.spread!.high, series: oursLabel })) },
      mark: { type: 'rule', strokeWidth: 1.5, xOffset: paper.length > 0 ? -5 : 0 },
      encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' }, color },
    });
  }
  if (paper.length > 0) {
    layers.push({
      data: { values: paper.map((p) => ({ d: p.d, n: p.criticalN, series: paperLabel })) },
      mark: { type: 'point', shape: 'square', filled: false, size: PAPER_SIZE, strokeWidth: 2, opacity: 1, xOffset: 5 },
      encoding: { x, y, color, tooltip: [{ field: 'd' }, { field: 'n', title: 'paper critical n' }] },
    });
  }
  if (input.measured.length > 0) {
    layers.push({
      data: {
        values: input.measured.map((p) => ({ d: p.d, n: p.criticalN, series: oursLabel, ...(p.spread ? { low: p.spread.low, high: p.spread.high } : {}) })),
      },
      mark: { type: 'point', shape: 'circle', filled: true, size: OURS_SIZE, opacity: 1, xOffset: paper.length > 0 ? -5 : 0 },
      encoding: { x, y, color, tooltip: [{ field: 'd' }, { field: 'n', title: 'our critical n' }] },
    });
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...chartFrame(`Critical n against d (k = ${k})`, input.notes ?? [], input.width),
    height: input.height ?? 320,
    config: CHART_CONFIG,
    layer: layers,
  } as unknown as VegaLiteSpec;
}

function colorOf(fit: CriticalNFitCurve): string {
  return fit.source === 'ours' ? PALETTE.ours : PALETTE.paper;
}

function styleOf(fit: CriticalNFitCurve): FitLineStyle {
  return fit.style ?? (fit.source === 'ours' ? 'solid' : 'dashed');
}
