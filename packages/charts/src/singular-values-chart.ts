import { CHART_CONFIG, PALETTE, VEGA_LITE_SCHEMA, chartFrame, integerTicks, powerOfTenLabel, type VegaLiteSpec } from './chart-style.js';

/** Input of {@link singularValuesChartSpec}. */
export interface SingularValuesChartInput {
  /** Singular values σ₁ ≥ σ₂ ≥ … (zeros and negatives are left out: a log axis cannot show them). */
  readonly values: readonly number[];
  /** The first `signalRank` values are drawn as the signal (filled), the rest as noise (open). */
  readonly signalRank?: number;
  readonly title?: string;
  readonly notes?: readonly string[];
  /** Width of the whole chart — plot, axes, legend — in pixels (default `CHART_WIDTH`, 680). */
  readonly width?: number;
  /** Height of the plot in pixels (default 300). */
  readonly height?: number;
}

/**
 * Tick values on a log axis and their labels: powers of ten (10², 10⁻¹) when the range holds two; else the
 * 1-2-5 mantissas (5·10⁰, 10¹, 2·10¹) when they give three ticks; else every integer mantissa (6·10⁰ …
 * 9·10⁰, 10¹, 2·10¹) when that gives at most eight. Every label is different.
 *
 * @param lo - lower end of the axis (> 0).
 * @param hi - upper end.
 * @returns tick values and their labels.
 * @example
 * ```ts
 * logAxisTicks(0.5, 150); // { values: [1, 10, 100], labels: ['10⁰', '10¹', '10²'] }
 * ```
 */
export function logAxisTicks(lo: number, hi: number): { values: number[]; labels: string[] } {
  const a = Math.floor(Math.log10(lo));
  const b = Math.ceil(Math.log10(hi));
  const powers: number[] = [];
  for (let m = a; m <= b; m++) if (10 ** m >= lo * (1 - 1e-12) && 10 ** m <= hi * (1 + 1e-12)) powers.push(m);
  if (powers.length >= 2) return { values: powers.map((m) => Number((10 ** m).toPrecision(12))), labels: powers.map(powerOfTenLabel) };
  const mantissas = (factors: readonly number[]) => {
    const values: number[] = [];
    const labels: string[] = [];
    for (let m = a; m <= b; m++) {
      for (const f of factors) {
        const v = Number((f * 10 ** m).toPrecision(12));
        if (v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12)) {
          values.push(v);
          labels.push(f === 1 ? powerOfTenLabel(m) : `${f}·${powerOfTenLabel(m)}`);
        }
      }
    }
    return { values, labels };
  };
  const coarse = mantissas([1, 2, 5]);
  // fewer than three 1-2-5 ticks (e.g. 2.7…5.9 gets one, 5.5…23 two): every integer mantissa, unless too many
  if (coarse.values.length >= 3) return coarse;
  const fine = mantissas([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  return fine.values.length <= 8 || coarse.values.length < 2 ? fine : coarse;
}

/**
 * Singular values σᵢ against i on a log axis labelled 10⁰, 10¹, 10², …, with the signal part (the first
 * `signalRank` values) filled and the rest open, at a fixed width with the legend beside the plot.
 *
 * @param input - the spectrum (see {@link SingularValuesChartInput}).
 * @returns a Vega-Lite spec.
 * @example
 * ```ts
 * singularValuesChartSpec({ values: [120, 80, 0.9, 0.8], signalRank: 2 });
 * ```
 */
export function singularValuesChartSpec(input: SingularValuesChartInput): VegaLiteSpec {
  const r = input.signalRank;
  const rows = input.values
    .map((v, i) => ({ i: i + 1, sigma: v, part: r === undefined ? 'σᵢ' : i < r ? `σ₁…σ${subscript(r)} (signal)` : 'rest (noise)' }))
    .filter((row) => row.sigma > 0 && Number.isFinite(row.sigma));
  const dropped = input.values.length - rows.length;
  const sigmas = rows.map((row) => row.sigma);
  const lo = sigmas.length > 0 ? Math.min(...sigmas) : 0.1;
  const hi = sigmas.length > 0 ? Math.max(...sigmas) : 10;
  // pad by a tenth of a decade each side so no marker sits on the frame
  const domain = [lo / 10 ** 0.1, hi * 10 ** 0.1];
  const ticks = logAxisTicks(domain[0]!, domain[1]!);
  const labelExpr = ticks.values.map((v, j) => `abs(datum.value - ${v}) <= ${v * 1e-9} ? '${ticks.labels[j]}' : `).join('') + "''";
  const parts = [...new Set(rows.map((row) => row.part))];
  const notes = [...(input.notes ?? []), ...(dropped > 0 ? [`${dropped} zero singular value${dropped === 1 ? '' : 's'} not shown (log axis)`] : [])];
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...chartFrame(input.title ?? 'Singular values', notes, input.width),
    height: input.height ?? 300,
    config: CHART_CONFIG,
    data: { values: rows },
    layer: [
      { mark: { type: 'line', color: '#bbbbbb', strokeWidth: 1 }, encoding: { x: xEncoding(rows.length), y: yEncoding(domain, ticks.values, labelExpr) } },
      // signal filled, the rest open, and the legend draws them so: shape, stroke and fill by part
      {
        mark: { type: 'point', size: 40, strokeWidth: 1.5, opacity: 1 },
        encoding: {
          x: xEncoding(rows.length),
          y: yEncoding(domain, ticks.values, labelExpr),
          // a legend only when there is something to tell apart (signal and noise)
          shape: { ...byPart(parts, ['circle', 'diamond']), legend: parts.length > 1 ? { orient: 'right' } : null },
          color: { ...byPart(parts, [PALETTE.ours, PALETTE.paper]), ...(parts.length > 1 ? {} : { legend: null }) },
          fill: { ...byPart(parts, [PALETTE.ours, 'white']), ...(parts.length > 1 ? {} : { legend: null }) },
          tooltip: [{ field: 'i', title: 'i' }, { field: 'sigma', title: 'σᵢ', format: '.4g' }],
        },
      },
    ],
  } as unknown as VegaLiteSpec;
}

function byPart(parts: readonly string[], range: readonly [string, string]) {
  return { field: 'part', type: 'nominal', title: null, scale: { domain: parts, range: parts.map((_, m) => range[m === 0 ? 0 : 1]) } };
}

function xEncoding(count: number) {
  return {
    field: 'i',
    type: 'quantitative',
    title: 'index i',
    scale: { domain: [0.5, Math.max(1, count) + 0.5], nice: false, zero: false },
    axis: { values: integerTicks(1, Math.max(1, count), 12), format: 'd' },
  };
}

function yEncoding(domain: number[], values: number[], labelExpr: string) {
  return { field: 'sigma', type: 'quantitative', title: 'σᵢ (log scale)', scale: { type: 'log', domain, nice: false }, axis: { values, labelExpr } };
}

const SUBSCRIPT = ['₀', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];
function subscript(value: number): string {
  return String(value).split('').map((c) => SUBSCRIPT[Number(c)] ?? c).join('');
}
