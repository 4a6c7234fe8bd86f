import { InvalidArgumentError } from '@limit/core';
import { binomialUnchecked } from './binomial.js';
import { toSize } from './internal/arguments.js';

/**
 * Lexicographic rank of a k-subset of {0, …, n − 1}: its 0-based position in
 * `combinations(n, k)` (= `itertools.combinations(range(n), k)`), computed without enumerating.
 *
 * Uses the combinatorial number system on the complement: with k = combo.length,
 *   rank(c) = C(n, k) − 1 − Σ_{i=0}^{k−1} C(n − 1 − c_i, k − i).
 * Cost: k bigint binomials of size ≤ k.
 *
 * @param combo a strictly increasing array of k integers in [0, n).
 * @param n number of items, an integer ≥ 0.
 * @returns the rank, in [0, C(n, k)), as a bigint (ranks overflow numbers quickly).
 * @throws InvalidArgumentError (parameter `n`) for a bad n; (parameter `combo`) when an element is
 *   not an integer, is out of [0, n), or the array is not strictly increasing.
 * @example
 * rankCombination([0, 1], 46);   // 0n
 * rankCombination([1, 2], 46);   // 45n  (after the 45 pairs that start with 0)
 * unrankCombination(rankCombination([3, 7, 9], 20), 20, 3); // [3, 7, 9]
 */
export function rankCombination(combo: readonly number[], n: number): bigint {
  toSize('n', n);
  if (!Array.isArray(combo)) {
    throw new InvalidArgumentError({ parameter: 'combo', value: combo, message: 'combo must be an array of integers' });
  }
  const k = combo.length;
  if (k > n) {
    throw new InvalidArgumentError({ parameter: 'combo', value: combo, message: `combo has ${k} elements but n is ${n}` });
  }
  let prev = -1;
  for (let i = 0; i < k; i++) {
    const c = combo[i];
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c >= n) {
      throw new InvalidArgumentError({
        parameter: 'combo',
        value: combo,
        message: `combo[${i}] (${String(c)}) must be an integer in [0, ${n})`,
      });
    }
    if (c <= prev) {
      throw new InvalidArgumentError({
        parameter: 'combo',
        value: combo,
        message: `combo must be strictly increasing, but combo[${i}] (${c}) ≤ combo[${i - 1}] (${prev})`,
      });
    }
    prev = c;
  }
  const bn = BigInt(n);
  const bk = BigInt(k);
  let sum = 0n;
  for (let i = 0; i < k; i++) sum += binomialUnchecked(bn - 1n - BigInt(combo[i]!), bk - BigInt(i));
  return binomialUnchecked(bn, bk) - 1n - sum;
}
