import { assertCutoff, countRelevant } from './assert-cutoff.js';
import { assertDistinctRanking } from './assert-distinct-ranking.js';

/**
 * Average precision at cutoff k for one query, as trec_eval's `map_cut_k` (MTEB's `map_at_k`):
 *
 *   AP@k = (1 / |relevant|) · Σ_{r ≤ k, d_r relevant} P@r
 *
 * The denominator is the total number of relevant documents (not min(k, |relevant|)), as in
 * trec_eval. A query without relevant documents scores 0. Averaged over queries this is MAP@k.
 *
 * @param ranked - Document ids, best first.
 * @param judgements - `docId → relevance` for this query.
 * @param k - Cutoff, a positive integer.
 * @param relevanceLevel - Minimum relevance that counts as relevant (default 1).
 * @throws InvalidArgumentError when k is not a positive integer, or (parameter `ranked`) when a
 *   document id appears more than once among the first k.
 * @example
 * mapAtK(['d1', 'd3', 'd2'], { d1: 1, d2: 1 }, 3); // (1/1 + 2/3) / 2 ≈ 0.8333
 */
export function mapAtK(
  ranked: readonly string[],
  judgements: Readonly<Record<string, number>> | undefined,
  k: number,
  relevanceLevel = 1,
): number {
  assertCutoff(k);
  assertDistinctRanking(ranked, k);
  const numRel = countRelevant(judgements, relevanceLevel);
  if (numRel === 0 || judgements === undefined) return 0;
  let hits = 0;
  let sum = 0;
  const n = Math.min(k, ranked.length);
  for (let i = 0; i < n; i++) {
    if ((judgements[ranked[i]!] ?? -1) >= relevanceLevel) {
      hits++;
      sum += hits / (i + 1);
    }
  }
  return sum / numRel;
}
