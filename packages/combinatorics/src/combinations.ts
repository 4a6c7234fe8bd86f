import { assertKAtMostN, toSize } from './internal/arguments.js';

/**
 * Lazily enumerates the k-subsets of {0, …, n − 1} in lexicographic order — exactly the sequence of
 * Python's `itertools.combinations(range(n), k)`. Nothing is materialised: each step costs O(k)
 * amortised, and each yielded array is a fresh, sorted copy the caller may keep or mutate.
 *
 * The i-th yielded subset (0-based) has rank i, so `unrankCombination(i, n, k)` gives the same
 * subset without enumerating.
 *
 * k = 0 yields a single empty subset (as itertools does: C(n, 0) = 1). Unlike itertools, k > n is
 * rejected instead of yielding nothing, because it is almost always a bug in the caller.
 *
 * @param n number of items, an integer ≥ 0.
 * @param k subset size, an integer with 0 ≤ k ≤ n.
 * @returns an iterator of C(n, k) sorted arrays of length k.
 * @throws InvalidArgumentError (parameter `n` or `k`) for negative, fractional or NaN values, or
 *   k > n.
 * @example
 * [...combinations(4, 2)];
 * // [[0,1], [0,2], [0,3], [1,2], [1,3], [2,3]]
 * // LIMIT-small's 1000 queries: the first 1000 pairs of 46 documents
 * let i = 0;
 * for (const pair of combinations(46, 2)) { if (i++ === 1000) break; use(pair); }
 */
export function combinations(n: number, k: number): IterableIterator<number[]> {
  toSize('n', n);
  toSize('k', k);
  assertKAtMostN(k, n);
  return combinationsUnchecked(n, k);
}

function* combinationsUnchecked(n: number, k: number): IterableIterator<number[]> {
  const c = new Array<number>(k);
  for (let i = 0; i < k; i++) c[i] = i;
  yield c.slice();
  for (;;) {
    // Rightmost position that can still be advanced: c[i] < n − k + i.
    let i = k - 1;
    while (i >= 0 && c[i] === n - k + i) i--;
    if (i < 0) return;
    c[i]! += 1;
    for (let j = i + 1; j < k; j++) c[j] = c[j - 1]! + 1;
    yield c.slice();
  }
}
