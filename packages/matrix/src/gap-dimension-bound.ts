import { assertPositive } from '@limit/core';
import { marginDimensionBound } from './margin-dimension-bound.js';

/** Arguments of {@link gapDimensionBound}. */
export interface GapDimensionBoundArgs {
  /** Number of documents (number or bigint; any size). */
  n: number | bigint;
  /** Relevant documents per query (every k-subset is a query), 0 ≤ k ≤ n. */
  k: number | bigint;
  /**
   * The full gap G > 0 that every query achieves: lowest relevant score − highest irrelevant score, with unit
   * vectors (the margin of `@limit/step-engine`'s `forEachQueryMargin`, what certificates and `limit verify`
   * report).
   */
  gap: number;
}

/**
 * Theorem 1 of the LIMIT paper (ICLR version) applied to a measured **full gap** G: every k-subset of n
 * documents realised by unit vectors in ℝ^d with full gap G needs
 *
 *   C(n, k) ≤ (1 + 2/G)^d,   so   d ≥ ⌈ ln C(n, k) / ln(1 + 2/G) ⌉,
 *
 * which is {@link marginDimensionBound} at γ = G/2. Why half: for two sets S ≠ T pick i ∈ S∖T, j ∈ T∖S;
 * then ⟨q_S − q_T, d_i − d_j⟩ ≥ 2G and ‖d_i − d_j‖ ≤ 2, so ‖q_S − q_T‖ ≥ G; the C(n, k) unit queries are
 * then a G-packing of the sphere, and balls of radius G/2 around them fit in the ball of radius 1 + G/2,
 * giving (1 + 2/G)^d. The paper's (1 + 1/γ)^d is this with γ = G/2 (a margin on each side of a threshold),
 * and cannot hold with γ = G: two antipodal documents in d = 1 have G = 2 and C(2, 1) = 2 > 1 + 1/2.
 *
 * @param args `{ n, k, gap }`.
 * @returns the smallest d the theorem allows (0 when C(n, k) = 1).
 * @throws InvalidArgumentError for gap ≤ 0 or non-finite (parameter `gap`), n or k not a non-negative
 *   integer, or k > n.
 * @example
 * gapDimensionBound({ n: 100, k: 2, gap: 0.2 });  // 4 (= marginDimensionBound at γ = 0.1)
 * gapDimensionBound({ n: 2, k: 1, gap: 2 });      // 1: d = 1 suffices, as two antipodal points show
 */
export function gapDimensionBound({ n, k, gap }: GapDimensionBoundArgs): number {
  assertPositive('gap', gap);
  return marginDimensionBound({ n, k, margin: gap / 2 });
}
