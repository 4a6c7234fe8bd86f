import { InvalidArgumentError } from '@limit/core';
import { binomialUnchecked } from './binomial.js';
import { assertKAtMostN, toCount, toSize } from './internal/arguments.js';

/**
 * The k-subset of {0, …, n − 1} with a given lexicographic rank: the inverse of
 * {@link rankCombination}, so `unrankCombination(i, n, k)` is the i-th (0-based) element of
 * `combinations(n, k)` — random access without enumeration.
 *
 * Let m = C(n, k) − 1 − rank. Position i (0 ≤ i < k) takes the largest a with C(a, k − i) ≤ m
 * (found by binary search), sets c_i = n − 1 − a and subtracts C(a, k − i) from m. Cost:
 * O(k · log n) binomials, so n = 10^6 is as cheap as n = 50.
 *
 * @param rank an integer in [0, C(n, k)) (number or bigint).
 * @param n number of items, an integer ≥ 0.
 * @param k subset size, an integer with 0 ≤ k ≤ n.
 * @returns a sorted array of k distinct integers in [0, n).
 * @throws InvalidArgumentError (parameter `n`, `k` or `rank`) for bad integers, k > n, or
 *   rank ≥ C(n, k).
 * @example
 * unrankCombination(0, 46, 2);     // [0, 1]
 * unrankCombination(999, 46, 2);   // [37, 38]  (the last pair of LIMIT-small)
 * unrankCombination(123456789n, 1_000_000, 3); // three doc indices, instantly
 */
export function unrankCombination(rank: bigint | number, n: number, k: number): number[] {
  toSize('n', n);
  toSize('k', k);
  assertKAtMostN(k, n);
  const r = toCount('rank', rank);
  const total = binomialUnchecked(BigInt(n), BigInt(k));
  if (r >= total) {
    throw new InvalidArgumentError({
      parameter: 'rank',
      value: rank,
      message: `rank (${String(rank)}) must be < C(${n}, ${k}) = ${total}`,
    });
  }
  return unrankUnchecked(total - 1n - r, n, k);
}

/**
 * Unranks from the complement's combinadic value `m` (= C(n, k) − 1 − rank). Internal: no checks.
 */
export function unrankUnchecked(m: bigint, n: number, k: number): number[] {
  const out = new Array<number>(k);
  let upper = n; // a < upper at every step (a strictly decreases)
  for (let i = 0; i < k; i++) {
    const j = BigInt(k - i);
    // Largest a in [0, upper) with C(a, j) ≤ m; C(a, j) is non-decreasing in a.
    let lo = 0;
    let hi = upper - 1;
    while (lo < hi) {
      const mid = lo + Math.ceil((hi - lo) / 2);
      if (binomialUnchecked(BigInt(mid), j) <= m) lo = mid;
      else hi = mid - 1;
    }
    m -= binomialUnchecked(BigInt(lo), j);
    out[i] = n - 1 - lo;
    upper = lo;
  }
  return out;
}
