import { assertPositive } from '@limit/core';
import { logBinomial } from './log-binomial.js';

/** Arguments of {@link marginDimensionBound}. */
export interface MarginDimensionBoundArgs {
  /** Number of documents (number or bigint; any size). */
  n: number | bigint;
  /** Relevant documents per query (every k-subset is a query), 0 ≤ k ≤ n. */
  k: number | bigint;
  /** Margin γ > 0 by which every relevant score must beat every irrelevant one (unit vectors). */
  margin: number;
}

/**
 * The paper's margin bound (Theorem 1, ICLR version): if every k-subset of n documents is realised
 * as an exact top-k with margin γ by unit-norm embeddings in ℝ^d, then C(n, k) ≤ (1 + 1/γ)^d, so
 *
 *   d ≥ ⌈ ln C(n, k) / ln(1 + 1/γ) ⌉.
 *
 * Rounding convention: the smallest integer d with (1 + 1/γ)^d ≥ C(n, k), i.e. the ceiling (a ratio
 * within 1e-12 relative of an integer counts as that integer). The ceiling is the only convention
 * that reproduces the paper's table at γ = 0.1: e.g. n = 10³, k = 2 gives ratio 5.47 → 6 (rounding
 * would give 5), n = 10⁹ gives 16.996 → 17 (flooring would give 16). C(n, k) is an exact bigint, so
 * huge n is fine.
 *
 * @param args `{ n, k, margin }`.
 * @returns the minimum dimension d (0 when C(n, k) = 1).
 * @throws InvalidArgumentError for margin ≤ 0 or non-finite (parameter `margin`), n or k not a
 *   non-negative integer, or k > n.
 * @example
 * marginDimensionBound({ n: 100, k: 2, margin: 0.1 });         // 4
 * marginDimensionBound({ n: 10n ** 9n, k: 2, margin: 0.1 });   // 17
 * marginDimensionBound({ n: 1_000_000, k: 10, margin: 0.1 });  // 52
 */
export function marginDimensionBound({ n, k, margin }: MarginDimensionBoundArgs): number {
  assertPositive('margin', margin);
  const ratio = logBinomial(n, k) / Math.log1p(1 / margin);
  const nearest = Math.round(ratio);
  if (Math.abs(ratio - nearest) <= 1e-12 * Math.max(1, ratio)) return nearest;
  return Math.ceil(ratio);
}
