import { InvalidArgumentError, assertInteger, assertPositive } from '@limit/core';
import { forsterBound } from './forster-bound.js';
import { gapDimensionBound } from './gap-dimension-bound.js';
import { logBinomial } from './log-binomial.js';
import { marginDimensionBound } from './margin-dimension-bound.js';
import { momentCurveEmbedding } from './moment-curve-embedding.js';
import { subsetSignMatrix } from './subset-sign-matrix.js';
import { subsetSignMatrixSpectrum } from './subset-sign-matrix-spectrum.js';

/** Largest q · n for which {@link dimensionBounds} builds the sign matrix and takes its spectral norm densely. */
export const DIMENSION_BOUNDS_MAX_DENSE_ENTRIES = 2_000_000;
/** Largest n for which {@link dimensionBounds} builds and checks the moment-curve construction. */
export const DIMENSION_BOUNDS_MAX_CONSTRUCTION_N = 5_000;

/** Arguments of {@link dimensionBounds}. */
export interface DimensionBoundsArgs {
  /** Number of documents (any size: a bigint for 10⁹ and beyond). */
  readonly n: number | bigint;
  /** Relevant documents per query: every k-subset is a query. */
  readonly k: number;
  /** Theorem 1's margin γ (half the full gap; default 0.1, the paper's table). */
  readonly margin?: number;
  /** Check the construction on every subset up to this many, else on a seeded sample of this size (default 200,000). */
  readonly maxSubsets?: number;
}

/** What {@link dimensionBounds} computed. */
export interface DimensionBounds {
  /** n as a decimal string (it may be a bigint). */
  readonly n: string;
  readonly k: number;
  /** Theorem 1's γ. */
  readonly margin: number;
  /** C(n, k) in decimal when below 10¹⁵, else `10^x.xx`. */
  readonly subsets: string;
  readonly log10Subsets: number;
  /** Theorem 1 at γ: d ≥ ⌈ln C(n, k) / ln(1 + 1/γ)⌉. */
  readonly theorem1: { readonly dimension: number; readonly ratio: number; readonly formula: string };
  readonly forster: {
    /** The closed form for all k-subsets (any n), or null when k = n. */
    readonly closedForm: {
      readonly spectralNorm: number;
      readonly log10SpectralNorm: number;
      readonly value: number;
      readonly signRankLowerBound: number;
      readonly dimensionLowerBound: number;
    } | null;
    /** From the built matrix by dense SVD, or null when q·n is above {@link DIMENSION_BOUNDS_MAX_DENSE_ENTRIES}. */
    readonly matrix: { readonly spectralNorm: number; readonly value: number; readonly signRankLowerBound: number; readonly dimensionLowerBound: number } | null;
  };
  /** The moment-curve construction checked, or null when n is above {@link DIMENSION_BOUNDS_MAX_CONSTRUCTION_N} (or k = n). */
  readonly momentCurve: {
    readonly dimension: number;
    readonly subsetsChecked: number;
    readonly exhaustive: boolean;
    readonly float64: { readonly accuracy: number; readonly minMargin: number };
    readonly float32: { readonly accuracy: number; readonly minMargin: number };
    /** Theorem 1 at the construction's float64 full gap (γ = gap/2, see `gapDimensionBound`); null when the gap is ≤ 0. */
    readonly theorem1AtConstructionMargin: number | null;
  } | null;
}

/**
 * Every dimension bound for "all k-subsets of n documents as queries", side by side — what `limit bounds`
 * prints: Theorem 1's margin bound (ICLR version) at γ, Forster's sign-rank bound (closed form for any n, and
 * from the built matrix when it is small), and the moment-curve construction in d = 2k checked in float64
 * and float32 with Theorem 1 at the full gap it achieves (which must not exceed 2k: a consistency check).
 *
 * @param args - see {@link DimensionBoundsArgs}.
 * @returns the bounds; plain data (JSON-ready).
 * @throws InvalidArgumentError naming `n`, `k`, `margin` or `maxSubsets`.
 * @example
 * ```ts
 * const b = dimensionBounds({ n: 100, k: 2, margin: 0.1 });
 * b.theorem1.dimension;           // 4
 * b.momentCurve!.float64.accuracy; // 1: all 4,950 pairs exact in d = 4
 * ```
 */
export function dimensionBounds(args: DimensionBoundsArgs): DimensionBounds {
  const nBig = typeof args.n === 'bigint' ? args.n : BigInt(assertInteger('n', args.n, { min: 1 }));
  if (nBig < 1n) throw new InvalidArgumentError({ parameter: 'n', value: args.n, message: `n (${nBig}) must be ≥ 1` });
  const k = assertInteger('k', args.k, { min: 1 });
  const kBig = BigInt(k);
  if (kBig > nBig) throw new InvalidArgumentError({ parameter: 'k', value: k, message: `k (${k}) must be ≤ n (${nBig})` });
  const margin = assertPositive('margin', args.margin ?? 0.1);
  const maxSubsets = assertInteger('maxSubsets', args.maxSubsets ?? 200_000, { min: 1 });
  const lnSubsets = logBinomial(nBig, kBig);
  const theorem1 = {
    dimension: marginDimensionBound({ n: nBig, k: kBig, margin }),
    ratio: lnSubsets / Math.log1p(1 / margin),
    formula: 'd ≥ ceil(ln C(n,k) / ln(1 + 1/γ))',
  };

  let closedForm: DimensionBounds['forster']['closedForm'] = null;
  if (kBig < nBig) {
    const s = subsetSignMatrixSpectrum(nBig, kBig);
    const signRank = Math.max(1, Math.ceil(s.forsterBound * (1 - 1e-12)));
    closedForm = { spectralNorm: s.spectralNorm, log10SpectralNorm: s.logSpectralNorm / Math.LN10, value: s.forsterBound, signRankLowerBound: signRank, dimensionLowerBound: signRank - 1 };
  }
  let matrix: DimensionBounds['forster']['matrix'] = null;
  // C(n, k) · n as a float for the size check (exactness not needed here)
  if (Math.exp(lnSubsets) * Number(nBig) <= DIMENSION_BOUNDS_MAX_DENSE_ENTRIES) {
    const m = subsetSignMatrix(Number(nBig), k, 'float64');
    const A = { rows: m.rows, cols: m.cols, data: Float64Array.from(m.data, (v) => (v + 1) / 2) };
    const f = forsterBound(A);
    matrix = { spectralNorm: f.spectralNorm, value: f.value, signRankLowerBound: f.signRankLowerBound, dimensionLowerBound: f.dimensionLowerBound };
  }

  let momentCurve: DimensionBounds['momentCurve'] = null;
  if (kBig < nBig && nBig <= BigInt(DIMENSION_BOUNDS_MAX_CONSTRUCTION_N)) {
    const n = Number(nBig);
    // keep the check to ~5·10⁸ multiply-adds: all subsets when that allows, else a sample
    const budget = Math.max(1000, Math.floor(5e8 / (n * 2 * k)));
    const v = momentCurveEmbedding(n, k).verify({ maxSubsets: Math.min(maxSubsets, budget) });
    const gap = v.float64.minMargin;
    momentCurve = {
      dimension: 2 * k,
      subsetsChecked: v.subsetsChecked,
      exhaustive: v.exhaustive,
      float64: { accuracy: v.float64.accuracy, minMargin: gap },
      float32: { accuracy: v.float32.accuracy, minMargin: v.float32.minMargin },
      theorem1AtConstructionMargin: gap > 0 ? gapDimensionBound({ n: nBig, k: kBig, gap }) : null,
    };
  }
  return {
    n: nBig.toString(),
    k,
    margin,
    subsets: lnSubsets < Math.log(1e15) ? String(Math.round(Math.exp(lnSubsets))) : `10^${(lnSubsets / Math.LN10).toFixed(2)}`,
    log10Subsets: lnSubsets / Math.LN10,
    theorem1,
    forster: { closedForm, matrix },
    momentCurve,
  };
}
