import type { Command } from 'commander';
import { InvalidArgumentError } from '@limit/core';
import { DIMENSION_BOUNDS_MAX_CONSTRUCTION_N, DIMENSION_BOUNDS_MAX_DENSE_ENTRIES, dimensionBounds, type DimensionBounds } from '@limit/matrix';
import { formatSignificant, formatTable } from '../util/table.js';
import { parseInteger, parseReal } from '../util/options.js';

interface BoundsOptions {
  n: string;
  k: string;
  margin: string;
  json?: boolean;
  maxSubsets: string;
}


/** Parses "1000", "1e9", "10^9", "1_000_000" into an exact non-negative bigint. */
export function parseCount(parameter: string, text: string): bigint {
  const t = text.trim().replace(/_/g, '');
  let m: RegExpMatchArray | null;
  if (/^\d+$/.test(t)) return BigInt(t);
  if ((m = t.match(/^(\d+)\^(\d+)$/))) return BigInt(m[1]!) ** BigInt(m[2]!);
  if ((m = t.match(/^(\d+)[eE](\d+)$/))) return BigInt(m[1]!) * 10n ** BigInt(m[2]!);
  throw new InvalidArgumentError({ parameter, value: text, message: `${parameter} (${text}) must be a non-negative integer such as 1000, 1e9 or 10^9` });
}

/** `limit bounds --n N --k K [--margin G] [--json]`: Theorem 1, Forster and the moment-curve construction side by side. */
export function registerBounds(program: Command): void {
  program
    .command('bounds')
    .description('dimension bounds for "all k-subsets of n documents": Theorem 1 (margin), Forster (sign rank) and the moment-curve construction, side by side')
    .requiredOption('--n <n>', 'number of documents (e.g. 100, 1e6, 10^9)')
    .requiredOption('--k <k>', 'relevant documents per query')
    .option('--margin <gamma>', 'margin γ for Theorem 1', '0.1')
    .option('--max-subsets <m>', 'verify the construction on all subsets up to this many, else on a random sample of this size', '200000')
    .option('--json', 'print the results as JSON instead of a table')
    .action((options: BoundsOptions) => {
      const result = computeBounds(options);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      process.stdout.write(renderBounds(result));
    });
}

function computeBounds(options: BoundsOptions): DimensionBounds {
  const n = parseCount('--n', options.n);
  const k = parseInteger('--k', options.k, { min: 1 });
  const margin = parseReal('--margin', options.margin, { min: 0, exclusiveMin: true });
  if (BigInt(k) > n) throw new InvalidArgumentError({ parameter: '--k', value: options.k, message: `--k (${options.k}) must be ≤ --n (${options.n})` });
  const maxSubsets = parseInteger('--max-subsets', options.maxSubsets, { min: 1 });
  return dimensionBounds({ n, k, margin, maxSubsets });
}

/** A share in percent with 4 significant digits, never rounded up to 100 % when it is not all. */
function pct(x: number): string {
  if (x === 1) return '100%';
  for (let digits = 4; ; digits++) {
    const text = formatSignificant(x * 100, digits);
    if (Number(text) < 100 || digits >= 15) return `${text}%`;
  }
}

function renderBounds(r: DimensionBounds): string {
  const rows: (string | number)[][] = [];
  rows.push(['Theorem 1 (margin bound)', `d ≥ ${r.theorem1.dimension}`, `lower bound at margin γ = ${r.margin}: ln C / ln(1 + 1/γ) = ${formatSignificant(r.theorem1.ratio, 4)}`]);
  if (r.forster.closedForm) {
    const f = r.forster.closedForm;
    const norm = Number.isFinite(f.spectralNorm) ? f.spectralNorm.toPrecision(8) : `≈ 10^${f.log10SpectralNorm.toFixed(2)}`;
    rows.push(['Forster (sign rank, closed form)', `d ≥ ${f.dimensionLowerBound}`, `rank± ≥ sqrt(q·n)/‖2A−1‖₂ = ${formatSignificant(f.value, 4)}, ‖2A−1‖₂ = ${norm}`]);
  }
  if (r.forster.matrix) {
    const f = r.forster.matrix;
    rows.push(['Forster (built matrix, dense SVD)', `d ≥ ${f.dimensionLowerBound}`, `rank± ≥ ${formatSignificant(f.value, 4)}, ‖2A−1‖₂ = ${f.spectralNorm.toPrecision(8)}`]);
  } else {
    rows.push(['Forster (built matrix)', '—', `skipped: q·n above ${DIMENSION_BOUNDS_MAX_DENSE_ENTRIES.toLocaleString('en-US')} entries`]);
  }
  if (r.momentCurve) {
    const c = r.momentCurve;
    rows.push([
      'Moment-curve construction',
      `d = ${c.dimension} suffices`,
      `${c.exhaustive ? 'all' : 'sampled'} ${c.subsetsChecked} subsets: float64 ${pct(c.float64.accuracy)} exact (min margin ${c.float64.minMargin.toExponential(3)}), float32 ${pct(c.float32.accuracy)} exact`,
    ]);
    if (c.theorem1AtConstructionMargin !== null) {
      rows.push(['Theorem 1 at that margin', `d ≥ ${c.theorem1AtConstructionMargin}`, `at γ = half the full gap; consistent: ≤ ${c.dimension}`]);
    }
  } else {
    rows.push(['Moment-curve construction', `d = ${2 * r.k} suffices`, `exact for every k-subset in exact arithmetic; not verified here (n above ${DIMENSION_BOUNDS_MAX_CONSTRUCTION_N})`]);
  }
  const header = `All ${r.k}-subsets of n = ${r.n} documents as queries: C(n, k) ${r.subsets.startsWith('10^') ? '≈' : '='} ${r.subsets} relevant sets\n\n`;
  return `${header}${formatTable(['bound / construction', 'dimension', 'details'], rows)}\n`;
}
