// Number formats shared by the views: one function per kind of number, so a guide shows a measured value
// the same way wherever it appears.

/** 97.14 → "97.1": a percentage already in percent, one decimal. */
export function percent1(value) {
  return Number(value).toFixed(1);
}

/** 0.9714 → "97.1": a share (0…1) shown in percent, one decimal. */
export function share1(value) {
  return (100 * Number(value)).toFixed(1);
}

/** 1234567 → "1,234,567"; keeps up to `digits` decimals for non-integers. */
export function grouped(value, digits = 1) {
  const v = Number(value);
  return v.toLocaleString('en-US', { maximumFractionDigits: Number.isInteger(v) ? 0 : digits });
}

/** 1.95e6 → "1.95M", 23456 → "23.5k", 512 → "512": three significant digits with a suffix. */
export function compact(value) {
  const v = Number(value);
  const abs = Math.abs(v);
  const [div, suffix] = abs >= 1e9 ? [1e9, 'B'] : abs >= 1e6 ? [1e6, 'M'] : abs >= 1e3 ? [1e3, 'k'] : [1, ''];
  const scaled = v / div;
  return `${Number(scaled.toPrecision(3))}${suffix}`;
}

/** Seconds as "31 s", "1 min 37 s", "6 min 21 s". */
export function duration(seconds) {
  const s = Math.round(Number(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(s % 60).padStart(2, '0')} s`;
}

/** Formats a value for an inline citation: `format` is one of the names above, or absent (the value as is). */
export function formatValue(value, format) {
  if (format === undefined) return typeof value === 'number' ? String(value) : String(value);
  const f = { percent1, share1, grouped, compact, duration, fixed0: (v) => Number(v).toFixed(0), fixed1: (v) => Number(v).toFixed(1), fixed2: (v) => Number(v).toFixed(2) }[format];
  if (f === undefined) throw new Error(`unknown format ${JSON.stringify(format)}`);
  return f(value);
}
