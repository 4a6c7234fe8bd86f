import type { TopLevelSpec } from 'vega-lite';
import { wrapText } from './text-width.js';

/** A Vega-Lite specification (what every builder in this package returns; plain JSON). */
export type VegaLiteSpec = TopLevelSpec;

/** The Vega-Lite schema the specs are written against. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * Paired colours (a dark and a light shade per source): ours blue, the paper red. Points and fit of the
 * same source share a hue and differ by marker and line style; further series (e.g. one per d) use
 * {@link SERIES_COLORS}.
 */
export const PALETTE = {
  ours: '#1f5fa8',
  oursLight: '#9cc3ea',
  paper: '#c0392b',
  paperLight: '#f0a69c',
  neutral: '#555555',
} as const;

/** Colour-blind-safe categorical colours (Okabe–Ito, without yellow) for one series per d. */
export const SERIES_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#56B4E9', '#E69F00', '#000000'] as const;

/**
 * Default width of a whole chart in pixels — plot, axes, legend and title together (Vega-Lite
 * `autosize: fit-x`). The Node renderer draws PNGs at 2×, so a chart's PNG is 1,360 px wide.
 */
export const CHART_WIDTH = 680;

/** Shared look: one font stack, light grid, axis titles in plain weight. */
export const CHART_CONFIG = {
  font: 'DejaVu Sans, Helvetica, Arial, sans-serif',
  background: 'white',
  padding: 8,
  view: { stroke: '#999999' },
  title: { fontSize: 14, fontWeight: 'bold', anchor: 'start', subtitleFontSize: 11, subtitleColor: '#444444', offset: 8 },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#e6e6e6', tickColor: '#888888', domainColor: '#888888' },
  legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', symbolSize: 90, labelLimit: 320 },
} as const;

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/**
 * Writes 10^m with a real superscript exponent: `powerOfTenLabel(2)` → `10²`, `powerOfTenLabel(-3)` → `10⁻³`.
 *
 * @param exponent - an integer exponent.
 * @example
 * ```ts
 * powerOfTenLabel(2); // '10²'
 * ```
 */
export function powerOfTenLabel(exponent: number): string {
  return `10${String(exponent).split('').map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
}

/**
 * Integer axis values between lo and hi: every integer when there are at most `maxTicks`, else the first
 * one and the multiples of a 1-2-5 step (1, 10, 20, 30, …), so labels never fall between integers.
 */
export function integerTicks(lo: number, hi: number, maxTicks = 16): number[] {
  const from = Math.ceil(lo);
  const to = Math.floor(hi);
  if (!(to >= from)) return [];
  const count = to - from + 1;
  if (count <= maxTicks) return Array.from({ length: count }, (_, i) => from + i);
  const raw = count / maxTicks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks = [from];
  for (let v = Math.ceil((from + 1) / step) * step; v <= to; v += step) if (v - from >= step / 2) ticks.push(v);
  return ticks;
}

/**
 * The title block and sizing of a fixed-width chart: the title, each note wrapped to the chart's width
 * (a note starts on a new line; long notes break at spaces), and `autosize: fit-x` so the whole figure —
 * legend included — is exactly `width` pixels wide.
 *
 * @param title - the title (one line).
 * @param notes - subtitle notes, each wrapped separately.
 * @param width - total width in pixels (default {@link CHART_WIDTH}).
 * @returns `title`, `width` and `autosize` to spread into a top-level spec.
 * @example
 * ```ts
 * const frame = chartFrame('Critical n against d', ['our cubic fit not drawn: 1 residual degree of freedom']);
 * ```
 */
export function chartFrame(title: string, notes: readonly string[] = [], width: number = CHART_WIDTH): { title: Record<string, unknown>; width: number; autosize: Record<string, string> } {
  // the padding on both sides, and a small margin for fonts measured wider than DejaVu Sans
  const lineWidth = width - 2 * CHART_CONFIG.padding - 8;
  const subtitle = notes.flatMap((note) => wrapText(note, lineWidth, CHART_CONFIG.title.subtitleFontSize));
  return {
    title: { text: title, ...(subtitle.length > 0 ? { subtitle } : {}) },
    width,
    autosize: { type: 'fit-x', contains: 'padding' },
  };
}

/**
 * Axis ticks for a fraction shown in percent: multiples of a 1-2-5 step (in percentage points) inside
 * [lo, hi], at most `maxTicks` of them, and the d3-format that shows each with just enough decimals to
 * tell neighbours apart — so no two labels ever read the same (`99.98%`, `99.99%`, `100.00%`; `90%`, `95%`).
 *
 * @param lo - lower end of the axis (fraction, e.g. 0.9998).
 * @param hi - upper end (fraction, e.g. 1).
 * @param maxTicks - at most this many ticks (default 6).
 * @returns tick values (fractions) and a d3-format such as `.2%`.
 * @example
 * ```ts
 * percentTicks(0.9996, 1); // { values: [0.9996, 0.9997, 0.9998, 0.9999, 1], format: '.2%' }
 * ```
 */
export function percentTicks(lo: number, hi: number, maxTicks = 6): { values: number[]; format: string } {
  const span = Math.max(hi - lo, 1e-9);
  const raw = span / Math.max(1, maxTicks - 1);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw * (1 - 1e-9)) ?? 10 * magnitude;
  const values: number[] = [];
  for (let i = Math.ceil(lo / step - 1e-9); i * step <= hi + step * 1e-9; i++) values.push(Number((i * step).toPrecision(12)));
  const decimals = Math.max(0, Math.ceil(-Math.log10(step * 100) - 1e-9));
  return { values, format: `.${decimals}%` };
}

/** Escapes a string for a single-quoted Vega expression literal. */
export function expressionString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}
