import { InvalidArgumentError } from '@limit/core';
import type { Qrels } from '../qrels.js';

/** A retrieval dataset in the MTEB / BEIR shape (what `@limit/datasets` generates and reads). */
export interface RetrievalDataset {
  readonly corpus: readonly { readonly _id: string; readonly title?: string; readonly text: string }[];
  readonly queries: readonly { readonly _id: string; readonly text: string }[];
  readonly qrels: readonly { readonly queryId: string; readonly docId: string; readonly score: number }[];
}

/**
 * Checks a {@link RetrievalDataset} before evaluation and returns its qrels as `queryId → docId →
 * relevance`: ids must be unique, every qrel must name a known query and a known document with a
 * non-negative integer score, there must be at least one query and no query text may be empty.
 *
 * @throws InvalidArgumentError naming the offending entry, e.g. `qrels[17].docId` for an unknown
 *   document id, `queries[3].text` for an empty query, `queries` when there are none.
 * @example
 * const qrels = validateRetrievalDataset(await readDataset('data/limit-small'));
 */
export function validateRetrievalDataset(dataset: RetrievalDataset): Qrels {
  if (dataset.queries.length === 0) throw new InvalidArgumentError({ parameter: 'queries', value: 0, message: 'the dataset has no queries' });
  const queryIds = new Set<string>();
  dataset.queries.forEach((q, i) => {
    if (queryIds.has(q._id)) throw new InvalidArgumentError({ parameter: `queries[${i}]._id`, value: q._id, message: `duplicate query id ${JSON.stringify(q._id)}` });
    queryIds.add(q._id);
    if (typeof q.text !== 'string' || q.text.trim() === '') {
      throw new InvalidArgumentError({ parameter: `queries[${i}].text`, value: q.text, message: `query ${JSON.stringify(q._id)} is empty` });
    }
  });
  const docIds = new Set<string>();
  dataset.corpus.forEach((d, i) => {
    if (docIds.has(d._id)) throw new InvalidArgumentError({ parameter: `corpus[${i}]._id`, value: d._id, message: `duplicate document id ${JSON.stringify(d._id)}` });
    docIds.add(d._id);
  });
  const qrels: Record<string, Record<string, number>> = {};
  dataset.qrels.forEach((r, i) => {
    if (!queryIds.has(r.queryId)) throw new InvalidArgumentError({ parameter: `qrels[${i}].queryId`, value: r.queryId, message: `unknown query id ${JSON.stringify(r.queryId)}` });
    if (!docIds.has(r.docId)) throw new InvalidArgumentError({ parameter: `qrels[${i}].docId`, value: r.docId, message: `unknown document id ${JSON.stringify(r.docId)}` });
    if (!Number.isSafeInteger(r.score) || r.score < 0) {
      throw new InvalidArgumentError({ parameter: `qrels[${i}].score`, value: r.score, message: `score (${String(r.score)}) must be a non-negative integer` });
    }
    (qrels[r.queryId] ??= {})[r.docId] = r.score;
  });
  return qrels;
}

/**
 * The text a retriever sees for a document: `title + ' ' + text` when there is a title (as BEIR does).
 * @example
 * documentText({ title: 'Ann', text: 'likes tea.' }); // 'Ann likes tea.'
 */
export function documentText(doc: { readonly title?: string; readonly text: string }): string {
  return doc.title ? `${doc.title} ${doc.text}` : doc.text;
}
