import { assertCutoff } from './assert-cutoff.js';
import { assertDistinctRanking } from './assert-distinct-ranking.js';

/**
 * Reciprocal rank at cutoff k for one query (MTEB's `mrr_at_k`; trec_eval's `recip_rank` restricted
 * to the top k): 1 / rank of the first relevant document within the top k, or 0 when none is there.
 * Averaged over queries this is MRR@k.
 *
 * @param ranked - Document ids, best first.
 * @param judgements - `docId → relevance` for this query.
 * @param k - Cutoff, a positive integer.
 * @param relevanceLevel - Minimum relevance that counts as relevant (default 1).
 * @throws InvalidArgumentError when k is not a positive integer, or (parameter `ranked`) when a
 *   document id appears more than once among the first k.
 * @example
 * mrrAtK(['d3', 'd1'], { d1: 1 }, 10); // 0.5
 */
export function mrrAtK(
  ranked: readonly string[],
  judgements: Readonly<Record<string, number>> | undefined,
  k: number,
  relevanceLevel = 1,
): number {
  assertCutoff(k);
  assertDistinctRanking(ranked, k);
  if (judgements === undefined) return 0;
  const n = Math.min(k, ranked.length);
  for (let i = 0; i < n; i++) if ((judgements[ranked[i]!] ?? -1) >= relevanceLevel) return 1 / (i + 1);
  return 0;
}
