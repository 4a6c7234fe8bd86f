import { assertCutoff } from './assert-cutoff.js';
import { assertDistinctRanking } from './assert-distinct-ranking.js';

/**
 * Success at cutoff k for one query (also called hit rate or top-k accuracy; trec_eval's
 * `success_k`): 1 when at least one relevant document is in the top k, else 0.
 *
 * @param ranked - Document ids, best first.
 * @param judgements - `docId → relevance` for this query.
 * @param k - Cutoff, a positive integer.
 * @param relevanceLevel - Minimum relevance that counts as relevant (default 1).
 * @throws InvalidArgumentError when k is not a positive integer, or (parameter `ranked`) when a
 *   document id appears more than once among the first k.
 * @example
 * successAtK(['d3', 'd1'], { d1: 1 }, 1); // 0
 * successAtK(['d3', 'd1'], { d1: 1 }, 2); // 1
 */
export function successAtK(
  ranked: readonly string[],
  judgements: Readonly<Record<string, number>> | undefined,
  k: number,
  relevanceLevel = 1,
): number {
  assertCutoff(k);
  assertDistinctRanking(ranked, k);
  if (judgements === undefined) return 0;
  const n = Math.min(k, ranked.length);
  for (let i = 0; i < n; i++) if ((judgements[ranked[i]!] ?? -1) >= relevanceLevel) return 1;
  return 0;
}
