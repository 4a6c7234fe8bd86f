import { CombinatorialOverflowError, InvalidArgumentError } from '@limit/core';
import { binomialUnchecked } from './binomial.js';
import { assertKAtMostN, toSize } from './internal/arguments.js';
import type { QrelMatrix } from './qrel-matrix.js';

/**
 * The qrel matrix whose queries are the k-subsets of n documents in lexicographic order — the
 * free-embedding experiment's "all C(n, k) subsets" target (query i's relevant set is the i-th
 * element of `combinations(n, k)`). With `limit`, only the first `limit` subsets are taken.
 *
 * Filled straight into Int32Arrays (no per-subset arrays), so C(40, 2) = 780 or C(30, 3) = 4060
 * queries cost microseconds.
 *
 * @param n number of documents (matrix width), an integer ≥ 1.
 * @param k relevant documents per query, an integer with 1 ≤ k ≤ n.
 * @param options.limit at most this many queries (an integer ≥ 0); default all C(n, k). A limit
 *   above C(n, k) is capped at C(n, k).
 * @returns a {@link QrelMatrix} with numQueries = min(limit, C(n, k)) and numDocs = n.
 * @throws InvalidArgumentError (parameter `n`, `k` or `limit`) for bad integers, k = 0 or k > n.
 * @throws CombinatorialOverflowError when the matrix would hold more than 2^31 − 1 entries.
 * @example
 * const q = allCombinationQrels(4, 2); // 6 queries: {0,1} {0,2} {0,3} {1,2} {1,3} {2,3}
 * const limitSmall = allCombinationQrels(46, 2, { limit: 1000 }); // LIMIT-small's qrels
 */
export function allCombinationQrels(n: number, k: number, options: { limit?: number } = {}): QrelMatrix {
  toSize('n', n, 1);
  toSize('k', k);
  if (k === 0) {
    throw new InvalidArgumentError({ parameter: 'k', value: k, message: 'k (0) must be ≥ 1: every query needs a relevant document' });
  }
  assertKAtMostN(k, n);
  const total = binomialUnchecked(BigInt(n), BigInt(k));
  let count = total;
  if (options.limit !== undefined) {
    const limit = BigInt(toSize('limit', options.limit));
    if (limit < count) count = limit;
  }
  if (count * BigInt(k) > 0x7fffffffn) {
    throw new CombinatorialOverflowError({
      message: `${count} queries × ${k} relevant documents exceed the 2^31 − 1 entries an Int32 CSR matrix can index; pass a smaller limit`,
      exact: count * BigInt(k),
    });
  }
  const numQueries = Number(count);
  const offsets = new Int32Array(numQueries + 1);
  const docs = new Int32Array(numQueries * k);
  const c = new Int32Array(k);
  for (let i = 0; i < k; i++) c[i] = i;
  for (let q = 0; q < numQueries; q++) {
    docs.set(c, q * k);
    offsets[q + 1] = (q + 1) * k;
    // Advance to the lexicographic successor (same step as itertools.combinations).
    let i = k - 1;
    while (i >= 0 && c[i] === n - k + i) i--;
    if (i < 0) break;
    c[i]! += 1;
    for (let j = i + 1; j < k; j++) c[j] = c[j - 1]! + 1;
  }
  return { numQueries, numDocs: n, offsets, docs };
}
