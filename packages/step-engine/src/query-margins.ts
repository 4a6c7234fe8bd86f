import type { DenseMatrix } from '@limit/core';
import type { EngineQrels } from './step-engine.js';

/** What {@link forEachQueryMargin} hands the visitor for one query (buffers are reused: copy what you keep). */
export interface QueryMarginRow {
  readonly query: number;
  /** ⟨qᵢ, dⱼ⟩ for every document j, float64. */
  readonly scores: Float64Array;
  /** 1 where document j is relevant to this query. */
  readonly relevant: Uint8Array;
  /** Lowest relevant score. */
  readonly minRelevant: number;
  /** min relevant score − max non-relevant score (> 0: the top-k is exactly the relevant set). */
  readonly margin: number;
}

/**
 * Scores every query against every document in float64 and reports each query's margin
 * min_{j∈Rᵢ} ⟨qᵢ, dⱼ⟩ − max_{l∉Rᵢ} ⟨qᵢ, dₗ⟩ (> 0: the top-k is exactly the relevant set) — the one scan behind
 * certificates (`verifyEmbeddings`) and `topKFailures`. Shapes are the caller's to check.
 *
 * @param queries - Q [q, d].
 * @param documents - D [n, d].
 * @param qrels - CSR qrels, q × n.
 * @param visit - called once per query, in order, with reused buffers.
 * @example
 * ```ts
 * let worst = Infinity;
 * forEachQueryMargin(queries, documents, qrels, ({ margin }) => (worst = Math.min(worst, margin)));
 * ```
 */
export function forEachQueryMargin(
  queries: DenseMatrix,
  documents: DenseMatrix,
  qrels: EngineQrels,
  visit: (row: QueryMarginRow) => void,
): void {
  const d = queries.cols;
  const n = documents.rows;
  const scores = new Float64Array(n);
  const relevant = new Uint8Array(n);
  for (let i = 0; i < qrels.numQueries; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += queries.data[i * d + c]! * documents.data[j * d + c]!;
      scores[j] = s;
    }
    const from = qrels.offsets[i]!;
    const to = qrels.offsets[i + 1]!;
    for (let p = from; p < to; p++) relevant[qrels.docs[p]!] = 1;
    let minRelevant = Infinity;
    let maxOther = -Infinity;
    for (let j = 0; j < n; j++) {
      if (relevant[j]) minRelevant = Math.min(minRelevant, scores[j]!);
      else maxOther = Math.max(maxOther, scores[j]!);
    }
    visit({ query: i, scores, relevant, minRelevant, margin: minRelevant - maxOther });
    for (let p = from; p < to; p++) relevant[qrels.docs[p]!] = 0;
  }
}
