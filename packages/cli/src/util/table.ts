/**
 * Plain-text and markdown tables with one number format per column: a column of integers prints them as
 * integers; any other numeric column prints every value with the same count of decimals, chosen so that
 * its smallest non-zero magnitude keeps `digits` significant digits (default 4) — 122.732, 78.9591 and
 * 1.7619 print as `122.732`, `78.959`, `1.762`; 8.5041 and 0.04018 as `8.50410`, `0.04018` — so no value
 * is ever rounded to fewer significant digits (never 8.50 → `9`, 0.040 → `0`). A column reaching below
 * 10⁻³ or to 10⁶ and above uses exponents throughout (`1.000e-5`).
 */
export interface TableOptions {
  /** Significant digits per column (by index); default 4. */
  readonly digits?: readonly (number | undefined)[];
  /** Columns (by index) whose positive values get a `+` sign (differences). */
  readonly signed?: readonly (boolean | undefined)[];
}

type Cell = string | number;

/** Formats a number with `digits` significant digits (plain decimals in [1e-3, 1e6), else `1.23e-5`). */
export function formatSignificant(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return x.toExponential(digits - 1);
  return x.toPrecision(digits).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

/** The formatter of one numeric column: shared decimals, or exponents when the column spans many decades. */
function columnFormatter(values: readonly number[], digits: number): (x: number) => string {
  const finite = values.filter(Number.isFinite);
  if (finite.every((v) => Number.isInteger(v))) return (x) => String(x);
  const magnitudes = finite.filter((v) => v !== 0).map(Math.abs);
  const max = Math.max(...magnitudes);
  const min = Math.min(...magnitudes);
  if (max >= 1e6 || min < 1e-3) return (x) => (Number.isFinite(x) ? x.toExponential(digits - 1) : String(x));
  // enough decimals for the smallest magnitude to keep its significant digits (toPrecision finds its
  // leading digit exactly, as Math.log10 may not at powers of ten)
  const exponent = Number(min.toExponential(digits - 1).split('e')[1]);
  const decimals = Math.max(0, digits - 1 - exponent);
  return (x) => (Number.isFinite(x) ? x.toFixed(decimals) : String(x));
}

function formatColumns(header: readonly string[], rows: readonly (readonly Cell[])[], options: TableOptions): string[][] {
  const formatters = header.map((_, j) => {
    const numbers = rows.map((r) => r[j]).filter((c): c is number => typeof c === 'number');
    if (numbers.length === 0) return undefined;
    const format = columnFormatter(numbers, options.digits?.[j] ?? 4);
    return options.signed?.[j] ? (x: number) => `${x > 0 ? '+' : ''}${format(x)}` : format;
  });
  return rows.map((r) => r.map((c, j) => (typeof c === 'number' ? formatters[j]!(c) : c)));
}

/** Columns holding only numbers (and `—` for a missing one): right-aligned. */
function numericColumns(header: readonly string[], rows: readonly (readonly Cell[])[]): boolean[] {
  return header.map((_, j) => rows.length > 0 && rows.every((r) => typeof r[j] === 'number' || r[j] === '—'));
}

/** Formats rows as an aligned plain-text table (first row is the header). Numeric columns right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly Cell[])[], options: TableOptions = {}): string {
  const cells = [header.map(String), ...formatColumns(header, rows, options)];
  const numeric = numericColumns(header, rows);
  const widths = header.map((_, j) => Math.max(...cells.map((r) => (r[j] ?? '').length)));
  const line = (r: readonly string[]) =>
    r.map((c, j) => (numeric[j] ? c.padStart(widths[j]!) : c.padEnd(widths[j]!))).join('  ').trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** Formats rows as a GitHub markdown table (same number formats as {@link formatTable}; numeric columns right-aligned). */
export function formatMarkdownTable(header: readonly string[], rows: readonly (readonly Cell[])[], options: TableOptions = {}): string {
  const numeric = numericColumns(header, rows);
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, j) => (numeric[j] ? '---:' : '---')).join(' | ')} |`,
    ...formatColumns(header, rows, options).map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}
