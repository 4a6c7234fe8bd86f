/**
 * The critical-n values the LIMIT paper reports for k = 2 (arXiv 2508.21038, free-embedding experiment):
 * the largest number of documents n for which every one of the C(n, 2) pairs could be made an exact top-2
 * by gradient descent, per embedding dimension d.
 *
 * @example
 * ```ts
 * PAPER_CRITICAL_N[6]; // 19
 * ```
 */
export const PAPER_CRITICAL_N: Readonly<Record<number, number>> = Object.freeze({ 4: 10, 5: 14, 6: 19, 7: 24, 8: 28 });

/**
 * The paper's cubic fit of critical-n against d (r² = 0.999), ascending powers:
 * n(d) = −10.5322 + 4.0309·d + 0.0520·d² + 0.0037·d³.
 *
 * @example
 * ```ts
 * paperCriticalNFit(512); // ≈ 5.1e5
 * ```
 */
export const PAPER_CUBIC_FIT: Readonly<{ coefficients: readonly number[]; r2: number }> = Object.freeze({
  coefficients: Object.freeze([-10.5322, 4.0309, 0.052, 0.0037]),
  r2: 0.999,
});

/**
 * Evaluates the paper's cubic fit {@link PAPER_CUBIC_FIT} at dimension `d`:
 * n(d) = −10.5322 + 4.0309·d + 0.0520·d² + 0.0037·d³.
 *
 * @param d - embedding dimension.
 * @returns the fitted critical n (not rounded).
 * @example
 * ```ts
 * Math.round(paperCriticalNFit(1024)); // 4,031,488 (≈ 4M, as the paper says)
 * ```
 */
export function paperCriticalNFit(d: number): number {
  const [c0, c1, c2, c3] = PAPER_CUBIC_FIT.coefficients as [number, number, number, number];
  return c0 + d * (c1 + d * (c2 + d * c3));
}
