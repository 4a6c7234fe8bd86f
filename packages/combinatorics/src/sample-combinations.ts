import { InvalidArgumentError, type Rng } from '@limit/core';
import { binomialUnchecked } from './binomial.js';
import { combinations } from './combinations.js';
import { MAX_SAFE, assertKAtMostN, toSize } from './internal/arguments.js';
import { unrankUnchecked } from './unrank-combination.js';

/**
 * Draws q distinct k-subsets of {0, …, n − 1} uniformly at random (every q-set of k-subsets is
 * equally likely) without materialising all C(n, k) of them.
 *
 * Method: Floyd's algorithm picks q distinct ranks in [0, C(n, k)) with exactly q random draws
 * (bigint ranks, so C(n, k) may exceed 2^53), then each rank is unranked in O(k log n). When q is
 * at least a quarter of C(n, k) — which forces C(n, k) to be small — the chosen ranks are instead
 * picked off one lazy lexicographic enumeration, O(C(n, k) · k). Either way the run time is bounded
 * and never depends on rejection luck; n = 1,000,000, k = 3, q = 1000 takes about a millisecond.
 *
 * @param n number of items, an integer ≥ 0.
 * @param k subset size, an integer with 0 ≤ k ≤ n.
 * @param q number of subsets to draw, an integer with 0 ≤ q ≤ C(n, k).
 * @param rng the random source (from `createRng(seed)`); it is advanced.
 * @returns q sorted k-arrays, distinct, listed in lexicographic (rank) order.
 * @throws InvalidArgumentError (parameter `n`, `k`, `q` or `rng`) for bad integers, k > n,
 *   q > C(n, k), or a missing rng.
 * @example
 * const rng = createRng(7);
 * sampleCombinations(1_000_000, 3, 1000, rng); // 1000 distinct sorted triples, instantly
 * sampleCombinations(5, 2, 10, rng);           // all 10 pairs (in lexicographic order)
 */
export function sampleCombinations(n: number, k: number, q: number, rng: Rng): number[][] {
  toSize('n', n);
  toSize('k', k);
  assertKAtMostN(k, n);
  toSize('q', q);
  if (rng === null || typeof rng !== 'object' || typeof (rng as Rng).nextUint32 !== 'function') {
    throw new InvalidArgumentError({ parameter: 'rng', value: rng, message: 'rng must be an Rng from createRng(seed)' });
  }
  const total = binomialUnchecked(BigInt(n), BigInt(k));
  const bq = BigInt(q);
  if (bq > total) {
    throw new InvalidArgumentError({
      parameter: 'q',
      value: q,
      message: `q (${q}) must be ≤ C(${n}, ${k}) = ${total}: there are not that many distinct ${k}-subsets`,
    });
  }
  if (q === 0) return [];

  // Floyd: for j = total − q … total − 1, draw t in [0, j]; take t unless already taken, else j.
  const chosen = new Set<bigint>();
  for (let j = total - bq; j < total; j++) {
    const t = randomBelow(rng, j + 1n);
    chosen.add(chosen.has(t) ? j : t);
  }

  if (total <= 4n * bq) {
    // Dense request: total is at most 4q, so one enumeration is cheap and avoids q unrankings.
    const mark = new Uint8Array(Number(total));
    for (const r of chosen) mark[Number(r)] = 1;
    const out: number[][] = [];
    let rank = 0;
    for (const c of combinations(n, k)) {
      if (mark[rank++] === 1) out.push(c);
    }
    return out;
  }
  const ranks = [...chosen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return ranks.map((r) => unrankUnchecked(total - 1n - r, n, k));
}

/** Uniform bigint in [0, bound), bound ≥ 1, without modulo bias. */
function randomBelow(rng: Rng, bound: bigint): bigint {
  if (bound <= MAX_SAFE) return BigInt(rng.integer(Number(bound)));
  const bits = bound.toString(2).length;
  const words = Math.ceil(bits / 32);
  const excess = BigInt(words * 32 - bits);
  for (;;) {
    let x = 0n;
    for (let w = 0; w < words; w++) x = (x << 32n) | BigInt(rng.nextUint32());
    x >>= excess; // keep exactly `bits` bits, then reject (acceptance probability > 1/2)
    if (x < bound) return x;
  }
}
