import { ShapeMismatchError, assertInteger, type DenseMatrix } from '@limit/core';
import type { EngineQrels } from '../engines/contract.js';
import { forEachQueryMargin } from '../engines/contract.js';

/** One query whose top-k (k = its number of relevant documents) is not exactly its relevant set. */
export interface TopKFailure {
  /** Query index (row of the qrels). */
  readonly query: number;
  /** Its relevant documents with their scores ⟨qᵢ, dⱼ⟩ (float64). */
  readonly relevant: readonly { readonly doc: number; readonly score: number }[];
  /** Non-relevant documents scoring at least the lowest relevant score, highest first. */
  readonly intruders: readonly { readonly doc: number; readonly score: number }[];
  /** min relevant score − max non-relevant score (≤ 0 here; ties count as failures). */
  readonly margin: number;
}

/**
 * Where embeddings fail a qrel pattern: every query whose top-k is wrong, with the scores that make it
 * wrong. Scores are ⟨qᵢ, dⱼ⟩ in float64, as the certificate verifier computes them; a query fails when
 * its margin min_{j∈Rᵢ} sᵢⱼ − max_{j∉Rᵢ} sᵢⱼ is ≤ 0.
 *
 * @param input.queries - Q [q, d].
 * @param input.documents - D [n, d].
 * @param input.qrels - the qrels (CSR) the embeddings should realise.
 * @param options.maxIntruders - at most this many intruders listed per query (default 5).
 * @returns the failing queries, worst margin first.
 * @throws ShapeMismatchError when the shapes disagree; InvalidArgumentError for a bad maxIntruders.
 * @example
 * ```ts
 * const { metrics, embeddings, qrels } = await trainFreeEmbeddings({ n: 22, d: 6, returnEmbeddings: true });
 * const failures = topKFailures({ ...embeddings!, qrels }); // e.g. [{ query: 17, margin: -0.03, … }]
 * ```
 */
export function topKFailures(
  input: { queries: DenseMatrix; documents: DenseMatrix; qrels: EngineQrels },
  options: { maxIntruders?: number } = {},
): TopKFailure[] {
  const { queries, documents, qrels } = input;
  const maxIntruders = assertInteger('options.maxIntruders', options.maxIntruders ?? 5, { min: 0 });
  if (documents.cols !== queries.cols) throw new ShapeMismatchError({ parameter: 'documents', expected: [-1, queries.cols], actual: [documents.rows, documents.cols] });
  if (queries.rows !== qrels.numQueries) throw new ShapeMismatchError({ parameter: 'queries', expected: [qrels.numQueries, queries.cols], actual: [queries.rows, queries.cols] });
  if (documents.rows !== qrels.numDocs) throw new ShapeMismatchError({ parameter: 'documents', expected: [qrels.numDocs, queries.cols], actual: [documents.rows, documents.cols] });
  const n = documents.rows;
  const failures: TopKFailure[] = [];
  forEachQueryMargin(queries, documents, qrels, ({ query, scores, relevant, minRelevant, margin }) => {
    if (margin > 0) return;
    const rel: { doc: number; score: number }[] = [];
    const intruders: { doc: number; score: number }[] = [];
    for (let j = 0; j < n; j++) {
      if (relevant[j]) rel.push({ doc: j, score: scores[j]! });
      else if (scores[j]! >= minRelevant) intruders.push({ doc: j, score: scores[j]! });
    }
    intruders.sort((x, y) => y.score - x.score);
    failures.push({ query, relevant: rel, intruders: intruders.slice(0, maxIntruders), margin });
  });
  return failures.sort((a, b) => a.margin - b.margin || a.query - b.query);
}
