import { CHART_CONFIG, PALETTE, VEGA_LITE_SCHEMA, expressionString, integerTicks, type VegaLiteSpec } from './chart-style.js';

/** One measured critical n, with its spread over restarts when several seeds ran. */
export interface MeasuredCriticalN {
  readonly d: number;
  /** The critical n (n counts as solved when any restart solved it). */
  readonly criticalN: number;
  /** Range of the per-seed critical n over the restarts (each seed's largest solved n). */
  readonly spread?: { readonly low: number; readonly high: number; readonly restarts: number };
}

/** A fitted curve n(d), sampled, with an optional interval (e.g. 95 %) per sample. */
export interface CriticalNFitCurve {
  /** Whose fit: ours is drawn solid in our colour, the paper's dashed in the paper's colour. */
  readonly source: 'ours' | 'paper';
  /** Legend text, e.g. `our cubic fit` or `paper's cubic fit`. */
  readonly label: string;
  readonly points: readonly { readonly d: number; readonly n: number; readonly lower?: number; readonly upper?: number }[];
  /** What the band is, e.g. `95% prediction interval`; shown in the legend when the points carry one. */
  readonly intervalLabel?: string;
}

/** Input of {@link criticalNChartSpec}. */
export interface CriticalNChartInput {
  readonly k: number;
  readonly measured: readonly MeasuredCriticalN[];
  /** The paper's measured critical n (k = 2), drawn as open squares. */
  readonly paper?: readonly { readonly d: number; readonly criticalN: number }[];
  readonly fits?: readonly CriticalNFitCurve[];
  /** Why a fit (or anything else) is not drawn, e.g. `our cubic fit not drawn: needs ≥ 4 dimensions, have 3`; shown as the subtitle. */
  readonly notes?: readonly string[];
  /** Plot size in pixels (default 560 × 340). */
  readonly width?: number;
  readonly height?: number;
}

interface LegendEntry {
  label: string;
  color: string;
  shape: string;
  filled: boolean;
  dash: number[];
}

/**
 * Critical n against d as a Vega-Lite spec: our points (filled circles, with a bar for the range over
 * restarts), the paper's points (open squares, shifted a few pixels so coincident values stay visible),
 * fitted curves (ours solid, the paper's dashed) with their intervals as bands, integer ticks for d, and a
 * legend that shows each marker and line style. Notes (e.g. why a fit is missing) become the subtitle.
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
  const oursLabel = restarts > 1 ? `ours (bar: range over ${restarts} seeds)` : 'ours';
  if (input.measured.length > 0) entries.push({ label: oursLabel, color: PALETTE.ours, shape: 'circle', filled: true, dash: [1, 0] });
  if (paper.length > 0) entries.push({ label: 'paper (Weller et al.)', color: PALETTE.paper, shape: 'square', filled: false, dash: [1, 0] });
  for (const fit of fits) {
    const banded = fit.points.some((p) => p.lower !== undefined && p.upper !== undefined);
    const label = banded && fit.intervalLabel ? `${fit.label} (band: ${fit.intervalLabel})` : fit.label;
    entries.push({ label, color: fit.source === 'ours' ? PALETTE.ours : PALETTE.paper, shape: 'stroke', filled: false, dash: fit.source === 'ours' ? [1, 0] : [4, 2] });
  }
  const labelOf = (fit: CriticalNFitCurve) => entries[entries.length - fits.length + fits.indexOf(fit)]!.label;
  const colorScale = { domain: entries.map((e) => e.label), range: entries.map((e) => e.color) };
  const pick = (values: readonly (string | number | number[] | boolean)[]) =>
    `[${values.map((v) => (typeof v === 'string' ? expressionString(v) : JSON.stringify(v))).join(',')}][indexof(${JSON.stringify(entries.map((e) => e.label))}, datum.value)]`;

  const x = {
    field: 'd',
    type: 'quantitative',
    title: 'd (embedding dimension)',
    scale: { domain: [dLo - 0.5, dHi + 0.5], nice: false, zero: false },
    axis: { values: integerTicks(dLo, dHi), format: 'd', grid: false },
  };
  const y = { field: 'n', type: 'quantitative', title: 'critical n (documents)', scale: { zero: false, nice: true, padding: 12 } };
  // One legend for every layer: each entry draws its own marker or line style (vega legend encoding by entry).
  const color = {
    field: 'series',
    type: 'nominal',
    scale: colorScale,
    legend: {
      title: null,
      orient: 'bottom',
      direction: 'vertical',
      symbolStrokeWidth: 2,
      // wide enough for a line entry to show its dash pattern
      symbolSize: 260,
      encode: {
        symbols: {
          update: {
            shape: { signal: pick(entries.map((e) => e.shape)) },
            strokeDash: { signal: pick(entries.map((e) => e.dash)) },
            fillOpacity: { signal: `${pick(entries.map((e) => e.filled))} ? 1 : 0` },
            opacity: { value: 1 },
          },
        },
      },
    },
  };

  const layers: Record<string, unknown>[] = [];
  for (const fit of fits) {
    const series = labelOf(fit);
    const band = fit.points.filter((p) => p.lower !== undefined && p.upper !== undefined);
    if (band.length > 1) {
      layers.push({
        data: { values: band.map((p) => ({ d: p.d, lower: p.lower, upper: p.upper, series })) },
        mark: { type: 'area', opacity: 0.18, color: fit.source === 'ours' ? PALETTE.oursLight : PALETTE.paperLight },
        encoding: { x, y: { ...y, field: 'lower' }, y2: { field: 'upper' } },
      });
    }
    layers.push({
      data: { values: fit.points.map((p) => ({ d: p.d, n: p.n, series })) },
      mark: { type: 'line', strokeWidth: 2, strokeDash: fit.source === 'ours' ? [1, 0] : [6, 3], clip: true },
      encoding: { x, y, color },
    });
  }
  const spread = input.measured.filter((p) => p.spread !== undefined && p.spread.high > p.spread.low);
  if (spread.length > 0) {
    layers.push({
      data: { values: spread.map((p) => ({ d: p.d, low: p.spread!.low, high: p.spread!.high, series: oursLabel })) },
      mark: { type: 'rule', strokeWidth: 1.5, xOffset: -5 },
      encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' }, color },
    });
  }
  if (paper.length > 0) {
    layers.push({
      data: { values: paper.map((p) => ({ d: p.d, n: p.criticalN, series: 'paper (Weller et al.)' })) },
      mark: { type: 'point', shape: 'square', filled: false, size: 110, strokeWidth: 2, opacity: 1, xOffset: 5 },
      encoding: { x, y, color, tooltip: [{ field: 'd' }, { field: 'n', title: 'paper critical n' }] },
    });
  }
  if (input.measured.length > 0) {
    layers.push({
      data: {
        values: input.measured.map((p) => ({ d: p.d, n: p.criticalN, series: oursLabel, ...(p.spread ? { low: p.spread.low, high: p.spread.high } : {}) })),
      },
      mark: { type: 'point', shape: 'circle', filled: true, size: 70, opacity: 1, xOffset: input.paper && input.paper.length > 0 ? -5 : 0 },
      encoding: { x, y, color, tooltip: [{ field: 'd' }, { field: 'n', title: 'our critical n' }] },
    });
  }
  const notes = input.notes ?? [];
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `Critical n against d (k = ${k})`, ...(notes.length > 0 ? { subtitle: [...notes] } : {}) },
    width: input.width ?? 560,
    height: input.height ?? 340,
    config: CHART_CONFIG,
    layer: layers,
  } as unknown as VegaLiteSpec;
}
