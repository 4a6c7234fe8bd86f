import type { TopLevelSpec } from 'vega-lite';

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

/** Escapes a string for a single-quoted Vega expression literal. */
export function expressionString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
