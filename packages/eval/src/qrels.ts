/**
 * Relevance judgements in the shape pytrec_eval and BEIR use: `qrels[queryId][docId] = relevance`.
 * Relevance is a non-negative integer; a document counts as relevant when its relevance is at least
 * the evaluation's `relevanceLevel` (1 by default, as in trec_eval). Judged-but-irrelevant
 * documents (relevance 0) may be listed; they never count as relevant.
 *
 * @example
 * const qrels: Qrels = { q1: { d1: 1, d2: 0 }, q2: { d3: 2 } };
 */
export type Qrels = Readonly<Record<string, Readonly<Record<string, number>>>>;

/**
 * A retrieval run in the shape pytrec_eval and BEIR use: `run[queryId][docId] = score`, higher is
 * better. Only the scores matter: documents are ranked by score, ties broken as trec_eval does
 * (see {@link rankDocuments}).
 *
 * @example
 * const run: Run = { q1: { d1: 12.5, d7: 3.1 } };
 */
export type Run = Readonly<Record<string, Readonly<Record<string, number>>>>;
