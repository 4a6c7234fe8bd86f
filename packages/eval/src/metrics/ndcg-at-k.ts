import { assertCutoff } from './assert-cutoff.js';
import { assertDistinctRanking } from './assert-distinct-ranking.js';

/**
 * Normalised discounted cumulative gain at cutoff k for one query, as trec_eval's `ndcg_cut_k`
 * (MTEB's `ndcg_at_k`): the gain of a document is its relevance value (linear gain, not 2^rel − 1),
 * the discount of rank r (1-based) is log2(r + 1):
 *
 *   DCG@k  = Σ_{r ≤ k} rel(d_r) / log2(r + 1)
 *   nDCG@k = DCG@k / IDCG@k
 *
 * where IDCG@k is the DCG of all judged documents sorted by relevance, cut at k. Every positive
 * relevance contributes gain, whatever `relevanceLevel` is (as in trec_eval); a query with no
 * positive judgement scores 0.
 *
 * @param ranked - Document ids, best first.
 * @param judgements - `docId → relevance` for this query.
 * @param k - Cutoff, a positive integer.
 * @throws InvalidArgumentError when k is not a positive integer, or (parameter `ranked`) when a
 *   document id appears more than once among the first k.
 * @example
 * ndcgAtK(['d2', 'd1'], { d1: 1, d2: 0 }, 2); // (1/log2 3) / 1 ≈ 0.6309
 */
export function ndcgAtK(ranked: readonly string[], judgements: Readonly<Record<string, number>> | undefined, k: number): number {
  assertCutoff(k);
  assertDistinctRanking(ranked, k);
  if (judgements === undefined) return 0;
  let dcg = 0;
  const n = Math.min(k, ranked.length);
  for (let i = 0; i < n; i++) {
    const gain = judgements[ranked[i]!] ?? 0;
    if (gain > 0) dcg += gain / Math.log2(i + 2);
  }
  const ideal = Object.values(judgements)
    .filter((rel) => rel > 0)
    .sort((a, b) => b - a);
  let idcg = 0;
  const m = Math.min(k, ideal.length);
  for (let i = 0; i < m; i++) idcg += ideal[i]! / Math.log2(i + 2);
  return idcg > 0 ? dcg / idcg : 0;
}
