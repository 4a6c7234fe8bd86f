import { countRelevant } from './assert-cutoff.js';

/**
 * R-precision for one query, as trec_eval's `Rprec` (ir_measures' `Rprec`): precision after R
 * documents, where R is the number of relevant documents; a ranking shorter than R counts its
 * missing ranks as non-relevant.
 *
 *   Rprec = |relevant ∩ top-R| / R
 *
 * A query without relevant documents (or with no retrieved document) scores 0.
 *
 * @param ranked - Document ids, best first.
 * @param judgements - `docId → relevance` for this query.
 * @param relevanceLevel - Minimum relevance that counts as relevant (default 1).
 * @example
 * rPrecision(['d3', 'd1', 'd2'], { d1: 1, d2: 1 }); // R = 2, top-2 holds d1: 0.5
 */
export function rPrecision(ranked: readonly string[], judgements: Readonly<Record<string, number>> | undefined, relevanceLevel = 1): number {
  const numRel = countRelevant(judgements, relevanceLevel);
  if (numRel === 0 || judgements === undefined) return 0;
  const n = Math.min(numRel, ranked.length);
  let hits = 0;
  for (let i = 0; i < n; i++) if ((judgements[ranked[i]!] ?? -1) >= relevanceLevel) hits++;
  return hits / numRel;
}
