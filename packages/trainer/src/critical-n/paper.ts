/**
 * Table 6 of the LIMIT paper (arXiv 2508.21038, free-embedding experiment, k = 2), whole: for each embedding
 * dimension d = 4 … 45 the critical n — the largest number of documents for which gradient descent (full-batch
 * InfoNCE with Adam on the unit sphere, one seed) made every one of the C(n, 2) pairs an exact top-2. The
 * paper's published cubic ({@link PAPER_CUBIC_FIT}) was fitted on these points.
 *
 * @example
 * ```ts
 * PAPER_CRITICAL_N[6]; // 19
 * PAPER_CRITICAL_N[45]; // 626
 * ```
 */
export const PAPER_CRITICAL_N: Readonly<Record<number, number>> = Object.freeze({
  4: 10, 5: 14, 6: 19, 7: 24, 8: 28, 9: 32, 10: 36, 11: 42, 12: 47, 13: 54, 14: 62, 15: 70, 16: 79, 17: 89, 18: 99, 19: 109,
  20: 120, 21: 132, 22: 144, 23: 157, 24: 170, 25: 184, 26: 198, 27: 213, 28: 229, 29: 245, 30: 261, 31: 278, 32: 296,
  33: 314, 34: 333, 35: 352, 36: 372, 37: 392, 38: 413, 39: 434, 40: 460, 41: 484, 42: 505, 43: 545, 44: 605, 45: 626,
});

/** The dimensions of {@link PAPER_CRITICAL_N} (Table 6), ascending: 4 … 45. */
export const PAPER_TABLE_6_DIMENSIONS: readonly number[] = Object.freeze(Object.keys(PAPER_CRITICAL_N).map(Number).sort((a, b) => a - b));

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
