import { parseDocumentText } from './limit-text.js';
import type { LimitDataset } from './types.js';

/** Summary statistics of a dataset (generated or read from disk). */
export interface DatasetStats {
  readonly numDocs: number;
  readonly numQueries: number;
  readonly numQrels: number;
  /** `[relevant queries, documents]` pairs, highest first; documents no qrel names count as degree 0. */
  readonly degreeHistogram: ReadonlyArray<readonly [number, number]>;
  /** `[relevant documents, queries]` pairs, highest first. */
  readonly relevantPerQuery: ReadonlyArray<readonly [number, number]>;
  /**
   * `[attributes, documents]` pairs for documents whose text has the LIMIT form "X likes A, …, and Z.";
   * documents in another form are counted in `unparsedDocs`.
   */
  readonly attributesPerDoc: ReadonlyArray<readonly [number, number]>;
  readonly unparsedDocs: number;
}

/**
 * Counts documents, queries and qrels and histograms the relevance structure of a dataset: how
 * many queries each document is relevant to (LIMIT-small: 37 × 45, 2 × 38, 7 × 37), how many
 * documents each query has, and how many attributes each document lists.
 *
 * Qrels with score ≤ 0 (explicitly non-relevant) are counted in `numQrels` but not in the degree
 * histograms.
 *
 * @param dataset corpus, queries and qrels.
 * @returns the {@link DatasetStats}.
 * @example
 * const s = datasetStats(generateLimitDataset({ size: 'small' }));
 * s.degreeHistogram; // [[45, 37], [38, 2], [37, 7]]
 */
export function datasetStats(dataset: LimitDataset): DatasetStats {
  const docDegree = new Map<string, number>();
  for (const d of dataset.corpus) docDegree.set(d._id, 0);
  const queryCount = new Map<string, number>();
  for (const q of dataset.queries) queryCount.set(q._id, 0);
  for (const r of dataset.qrels) {
    if (!(r.score > 0)) continue;
    docDegree.set(r.docId, (docDegree.get(r.docId) ?? 0) + 1);
    queryCount.set(r.queryId, (queryCount.get(r.queryId) ?? 0) + 1);
  }
  const attrCounts: number[] = [];
  let unparsedDocs = 0;
  for (const d of dataset.corpus) {
    try {
      attrCounts.push(parseDocumentText(d.text).attributes.length);
    } catch {
      unparsedDocs++;
    }
  }
  return {
    numDocs: dataset.corpus.length,
    numQueries: dataset.queries.length,
    numQrels: dataset.qrels.length,
    degreeHistogram: histogram(docDegree.values()),
    relevantPerQuery: histogram(queryCount.values()),
    attributesPerDoc: histogram(attrCounts),
    unparsedDocs,
  };
}

function histogram(values: Iterable<number>): Array<readonly [number, number]> {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[0] - a[0]);
}
