import type { DenseMatrix } from '@limit/core';
import type { EngineAccuracy, EngineQrels } from './step-engine.js';

/**
 * Scores one query's row: how many of its relevant documents are inside its top-k (k = number of
 * relevant documents, ties broken by the lower document index, as a stable sort would) and whether
 * its top-k is exactly the relevant set with a strict gap. O(k·n); allocation-free.
 *
 * @param scores - the query's scores against all n documents (length ≥ n).
 * @param n - number of documents.
 * @param docs - relevant document ids (CSR `docs`); the query's are `docs[from .. to)`, sorted.
 * @returns `hits` = |topk ∩ rel| and `exact` = 1 when topk = rel with min(rel) > max(others), else 0.
 * Used by the js engine and {@link topKAccuracy}; exported for custom engines.
 */
export function rowTopKAccuracy(scores: ArrayLike<number>, n: number, docs: Int32Array, from: number, to: number): { hits: number; exact: 0 | 1 } {
  const k = to - from;
  let hits = 0;
  let minRelevant = Infinity;
  for (let p = from; p < to; p++) {
    const j = docs[p]!;
    const s = scores[j]!;
    if (s < minRelevant) minRelevant = s;
    // rank of j = documents that precede it: higher score, or equal score and lower index
    let ahead = 0;
    for (let l = 0; l < n && ahead < k; l++) {
      const t = scores[l]!;
      if (t > s || (t === s && l < j)) ahead++;
    }
    if (ahead < k) hits++;
  }
  // exact: every non-relevant score strictly below the lowest relevant one (docs sorted: walk them together)
  let exact: 0 | 1 = 1;
  let p = from;
  for (let l = 0; l < n; l++) {
    if (p < to && docs[p] === l) {
      p++;
      continue;
    }
    if (scores[l]! >= minRelevant) {
      exact = 0;
      break;
    }
  }
  return { hits, exact };
}

/**
 * Both top-k accuracies of embeddings, in float64 on the CPU — the reference for custom engines:
 * `relevantInTopK` = Σᵢ |topkᵢ ∩ Rᵢ| / Σᵢ |Rᵢ| (the official script's accuracy) and `exactTopK` =
 * share of queries whose top-k is exactly Rᵢ (see {@link EngineAccuracy}).
 *
 * @param queries - Q [q, d].
 * @param documents - D [n, d].
 * @param qrels - CSR qrels, q × n, ids sorted per query.
 * @returns the two accuracies.
 * @example
 * ```ts
 * const { relevantInTopK, exactTopK } = topKAccuracy(queries, documents, qrels);
 * ```
 */
export function topKAccuracy(queries: DenseMatrix, documents: DenseMatrix, qrels: EngineQrels): EngineAccuracy {
  const { rows: q, cols: d } = queries;
  const n = documents.rows;
  const Q = queries.data;
  const D = documents.data;
  const scores = new Float64Array(n);
  let hits = 0;
  let exact = 0;
  let relevant = 0;
  for (let i = 0; i < q; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += Q[i * d + c]! * D[j * d + c]!;
      scores[j] = s;
    }
    const from = qrels.offsets[i]!;
    const to = qrels.offsets[i + 1]!;
    const row = rowTopKAccuracy(scores, n, qrels.docs, from, to);
    hits += row.hits;
    exact += row.exact;
    relevant += to - from;
  }
  return { relevantInTopK: relevant > 0 ? hits / relevant : 0, exactTopK: q > 0 ? exact / q : 0 };
}
