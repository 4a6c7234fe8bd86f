import { assertCutoff, countRelevant } from './assert-cutoff.js';
import { assertDistinctRanking } from './assert-distinct-ranking.js';

/**
 * Recall at cutoff k for one query, as trec_eval's `recall_k` (what MTEB reports as `recall_at_k`):
 *
 *   recall@k = |relevant ∩ top-k| / |relevant|
 *
 * A query without relevant documents scores 0 (trec_eval leaves the value at 0 and still counts the
 * query in the mean). Retrieving fewer than k documents is allowed: the missing ranks count as
 * non-relevant.
 *
 * @param ranked - Document ids, best first (see {@link rankDocuments}).
 * @param judgements - `docId → relevance` for this query (undefined = no judgements).
 * @param k - Cutoff, a positive integer.
 * @param relevanceLevel - Minimum relevance that counts as relevant (default 1).
 * @throws InvalidArgumentError when k is not a positive integer, or (parameter `ranked`) when a
 *   document id appears more than once among the first k.
 * @example
 * recallAtK(['d3', 'd1', 'd2'], { d1: 1, d2: 1 }, 2); // 0.5
 */
export function recallAtK(
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
  const n = Math.min(k, ranked.length);
  for (let i = 0; i < n; i++) if ((judgements[ranked[i]!] ?? -1) >= relevanceLevel) hits++;
  return hits / numRel;
}
