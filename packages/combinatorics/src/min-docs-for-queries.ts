import { InvalidArgumentError } from '@limit/core';
import { binomialUnchecked } from './binomial.js';
import { toSize } from './internal/arguments.js';

/**
 * The smallest n with C(n, k) ≥ numQueries: how many documents the `dense` qrel pattern needs so
 * that numQueries queries can each have a distinct set of k relevant documents.
 *
 * LIMIT: minDocsForQueries(1000, 2) = 46, since C(45, 2) = 990 < 1000 ≤ C(46, 2) = 1035.
 *
 * @param numQueries an integer ≥ 0 (≤ 2^53 − 1).
 * @param k relevant documents per query, an integer ≥ 1.
 * @returns n (≥ k; numQueries = 0 gives k).
 * @throws InvalidArgumentError (parameter `numQueries` or `k`) for bad integers or k = 0.
 * @example
 * minDocsForQueries(1000, 2); // 46
 * minDocsForQueries(1000, 3); // 20  (C(19,3) = 969, C(20,3) = 1140)
 */
export function minDocsForQueries(numQueries: number, k: number): number {
  toSize('numQueries', numQueries);
  toSize('k', k);
  if (k === 0) {
    throw new InvalidArgumentError({ parameter: 'k', value: k, message: 'k (0) must be ≥ 1: every query needs a relevant document' });
  }
  // C(n, k) is non-decreasing in n: gallop to an upper bound, then binary-search (O(k log n)).
  const target = BigInt(numQueries);
  const bk = BigInt(k);
  let lo = k; // C(lo, k) may be < target
  let hi = k;
  while (binomialUnchecked(BigInt(hi), bk) < target) {
    lo = hi + 1;
    hi = hi * 2 + 1;
  }
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (binomialUnchecked(BigInt(mid), bk) >= target) hi = mid;
    else lo = mid + 1;
  }
  const n = lo;
  return n;
}
