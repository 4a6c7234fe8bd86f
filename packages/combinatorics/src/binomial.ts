import { CombinatorialOverflowError } from '@limit/core';
import { MAX_SAFE, toCount } from './internal/arguments.js';

/**
 * Exact binomial coefficient C(n, k) = n! / (k! (n − k)!) as a bigint.
 *
 * Follows the mathematical convention (and Python's `math.comb`): C(n, 0) = 1 and C(n, k) = 0
 * when k > n. Computed with the multiplicative formula over min(k, n − k) factors, each
 * intermediate being an exact binomial, so the cost is O(min(k, n − k)) bigint operations.
 *
 * @param n set size, a non-negative integer (number or bigint).
 * @param k subset size, a non-negative integer (number or bigint).
 * @returns C(n, k) exactly.
 * @throws InvalidArgumentError (parameter `n` or `k`) for negative, fractional, NaN or infinite
 *   values, or values that are neither numbers nor bigints.
 * @example
 * binomial(46, 2);          // 1035n
 * binomial(50_000, 3);      // 20832083350000n — fine as a bigint
 * binomial(3, 5);           // 0n
 */
export function binomial(n: number | bigint, k: number | bigint): bigint {
  const nn = toCount('n', n);
  const kk = toCount('k', k);
  return binomialUnchecked(nn, kk);
}

/** {@link binomial} without argument checks, for hot loops inside this package. */
export function binomialUnchecked(n: bigint, k: bigint): bigint {
  if (k > n) return 0n;
  const j = k < n - k ? k : n - k;
  let result = 1n;
  // After step i, result = C(n − j + i, i): every intermediate is an integer, so division is exact.
  for (let i = 1n; i <= j; i++) result = (result * (n - j + i)) / i;
  return result;
}

/**
 * C(n, k) as a JavaScript number, for sizes that are known to be moderate.
 *
 * @param n set size, a non-negative integer (number or bigint).
 * @param k subset size, a non-negative integer (number or bigint).
 * @returns C(n, k) as an exact number.
 * @throws CombinatorialOverflowError when C(n, k) > 2^53 − 1 (it would not be exact); the error's
 *   `exact` field holds the bigint value.
 * @throws InvalidArgumentError (parameter `n` or `k`) as {@link binomial}.
 * @example
 * binomialNumber(46, 2);    // 1035
 * binomialNumber(100, 50);  // throws CombinatorialOverflowError (≈ 1.01e29)
 */
export function binomialNumber(n: number | bigint, k: number | bigint): number {
  const exact = binomial(n, k);
  if (exact > MAX_SAFE) {
    throw new CombinatorialOverflowError({
      message: `C(${String(n)}, ${String(k)}) = ${exact} exceeds Number.MAX_SAFE_INTEGER (2^53 − 1); use binomial() for a bigint`,
      exact,
    });
  }
  return Number(exact);
}
