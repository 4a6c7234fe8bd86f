import { assertCutoff } from './assert-cutoff.js';
import { assertDistinctRanking } from './assert-distinct-ranking.js';

/**
 * Precision at cutoff k for one query, as trec_eval's `P_k` (MTEB's `precision_at_k`):
 *
 *   P@k = |relevant ∩ top-k| / k
 *
 * The denominator is always k, even when fewer than k documents were retrieved (trec_eval assumes
 * non-relevant documents fill the rest).
 *
 * @param ranked - Document ids, best first.
 * @param judgements - `docId → relevance` for this query.
 * @param k - Cutoff, a positive integer.
 * @param relevanceLevel - Minimum relevance that counts as relevant (default 1).
 * @throws InvalidArgumentError when k is not a positive integer, or (parameter `ranked`) when a
 *   document id appears more than once among the first k.
 * @example
 * precisionAtK(['d3', 'd1'], { d1: 1, d2: 1 }, 5); // 0.2
 */
export function precisionAtK(
  ranked: readonly string[],
  judgements: Readonly<Record<string, number>> | undefined,
  k: number,
  relevanceLevel = 1,
): number {
  assertCutoff(k);
  assertDistinctRanking(ranked, k);
  if (judgements === undefined) return 0;
  let hits = 0;
  const n = Math.min(k, ranked.length);
  for (let i = 0; i < n; i++) if ((judgements[ranked[i]!] ?? -1) >= relevanceLevel) hits++;
  return hits / k;
}
