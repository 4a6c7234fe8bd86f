import { countRelevant } from './assert-cutoff.js';

/**
 * Binary preference for one query, as trec_eval's `bpref` (Buckley & Voorhees, SIGIR 2004): for
 * each relevant document retrieved, the fraction of judged non-relevant documents ranked above it,
 * capped at R; unjudged documents are ignored.
 *
 *   bpref = (1/R) · Σ_{r relevant, retrieved} (1 − min(n_r, R) / min(N, R))
 *
 * where R is the number of relevant documents, N the number of judged non-relevant documents
 * (relevance below `relevanceLevel`, zero included) and n_r the judged non-relevant documents
 * ranked above r (a term is 1 when n_r = 0).
 *
 * @param ranked - Document ids, best first (the whole ranking: bpref has no cutoff).
 * @param judgements - `docId → relevance` for this query.
 * @param relevanceLevel - Minimum relevance that counts as relevant (default 1).
 * @example
 * bpref(['n1', 'r1', 'u', 'r2'], { r1: 1, r2: 1, n1: 0 }); // R = 2, N = 1: (1 − 1/1 + 1 − 1/1) / 2 = 0
 */
export function bpref(ranked: readonly string[], judgements: Readonly<Record<string, number>> | undefined, relevanceLevel = 1): number {
  const numRel = countRelevant(judgements, relevanceLevel);
  if (numRel === 0 || judgements === undefined) return 0;
  let numNonrel = 0;
  for (const rel of Object.values(judgements)) if (rel < relevanceLevel) numNonrel++;
  let nonrelAbove = 0;
  let sum = 0;
  for (const doc of ranked) {
    const rel = judgements[doc];
    if (rel === undefined) continue; // unjudged
    if (rel < relevanceLevel) nonrelAbove++;
    else sum += nonrelAbove > 0 ? 1 - Math.min(nonrelAbove, numRel) / Math.min(numNonrel, numRel) : 1;
  }
  return sum / numRel;
}
