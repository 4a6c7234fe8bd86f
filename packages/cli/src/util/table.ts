/**
 * Plain-text and markdown tables with one number format per column: integers as integers, other
 * numbers with the same count of decimals down the column, chosen so the largest magnitude shows
 * `digits` significant digits (default 4): 122.732, 78.9591 and 1.7619 in one column print as
 * `122.7`, `79.0`, `1.8`; a column reaching below 10⁻³ or above 10⁶ uses exponents throughout.
 */
export interface TableOptions {
  /** Significant digits per column (by index); default 4. */
  readonly digits?: readonly (number | undefined)[];
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
  const max = Math.max(...finite.map(Math.abs));
  const minNonZero = Math.min(...finite.filter((v) => v !== 0).map(Math.abs));
  if (max >= 1e6 || minNonZero < 1e-3) return (x) => (Number.isFinite(x) ? x.toExponential(digits - 1) : String(x));
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(max)));
  return (x) => (Number.isFinite(x) ? x.toFixed(decimals) : String(x));
}

function formatColumns(header: readonly string[], rows: readonly (readonly Cell[])[], options: TableOptions): string[][] {
  const formatters = header.map((_, j) => {
    const numbers = rows.map((r) => r[j]).filter((c): c is number => typeof c === 'number');
    return numbers.length > 0 ? columnFormatter(numbers, options.digits?.[j] ?? 4) : undefined;
  });
  return rows.map((r) => r.map((c, j) => (typeof c === 'number' ? formatters[j]!(c) : c)));
}

/** Formats rows as an aligned plain-text table (first row is the header). Numeric columns right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly Cell[])[], options: TableOptions = {}): string {
  const cells = [header.map(String), ...formatColumns(header, rows, options)];
  const numeric = header.map((_, j) => rows.every((r) => typeof r[j] === 'number' || r[j] === '—'));
  const widths = header.map((_, j) => Math.max(...cells.map((r) => (r[j] ?? '').length)));
  const line = (r: readonly string[]) =>
    r.map((c, j) => (numeric[j] ? c.padStart(widths[j]!) : c.padEnd(widths[j]!))).join('  ').trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** Formats rows as a GitHub markdown table (same number formats as {@link formatTable}). */
export function formatMarkdownTable(header: readonly string[], rows: readonly (readonly Cell[])[], options: TableOptions = {}): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...formatColumns(header, rows, options).map((r) => `| ${r.join(' | ')} |`)].join('\n');
}
