import { assertCutoff } from './assert-cutoff.js';
import { assertDistinctRanking } from './assert-distinct-ranking.js';

/**
 * Judgement rate at cutoff k for one query, as ir_measures' `Judged@k`: the share of the top
 * documents that have a judgement (any relevance, 0 included), over the top min(k, retrieved).
 *
 *   Judged@k = |judged ∩ top-k| / min(k, |ranked|)      (0 for an empty ranking)
 *
 * @param ranked - Document ids, best first.
 * @param judgements - `docId → relevance` for this query.
 * @param k - Cutoff, a positive integer.
 * @throws InvalidArgumentError when k is not a positive integer.
 * @example
 * judgedAtK(['a', 'x', 'b'], { a: 1, b: 0 }, 10); // 2 of 3
 */
export function judgedAtK(ranked: readonly string[], judgements: Readonly<Record<string, number>> | undefined, k: number): number {
  assertCutoff(k);
  assertDistinctRanking(ranked, k);
  const n = Math.min(k, ranked.length);
  if (n === 0 || judgements === undefined) return 0;
  let judged = 0;
  for (let i = 0; i < n; i++) if (Object.hasOwn(judgements, ranked[i]!)) judged++;
  return judged / n;
}
