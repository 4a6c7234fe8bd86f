import { assertQrelMatrix, type QrelMatrix } from './qrel-matrix.js';

/**
 * How many queries each document is relevant to (the column sums of the qrel matrix).
 *
 * LIMIT-small (dense, 1000 queries, k = 2, 46 docs): 37 documents have degree 45, 2 have 38 and
 * 7 have 37.
 *
 * @param qrels a CSR qrel matrix.
 * @returns an Int32Array of length numDocs.
 * @throws InvalidArgumentError (parameter `qrels.docs`, `qrels.offsets`, …) when `qrels` breaks a
 *   {@link QrelMatrix} invariant, e.g. a document index outside [0, numDocs).
 * @example
 * documentDegrees(allCombinationQrels(4, 2)); // Int32Array [3, 3, 3, 3]
 */
export function documentDegrees(qrels: QrelMatrix): Int32Array {
  assertQrelMatrix(qrels);
  const degrees = new Int32Array(qrels.numDocs);
  for (let p = 0; p < qrels.offsets[qrels.numQueries]!; p++) degrees[qrels.docs[p]!]! += 1;
  return degrees;
}

/**
 * Histogram of {@link documentDegrees}: a map from degree to the number of documents with it,
 * sorted by descending degree (degree 0 included when some document is relevant to nothing).
 *
 * @param qrels a CSR qrel matrix.
 * @returns `[degree, count]` pairs, highest degree first.
 * @throws InvalidArgumentError as {@link documentDegrees}.
 * @example
 * degreeHistogram(qrelPattern({ pattern: 'dense', numDocs: 46, numQueries: 1000, k: 2 }));
 * // [[45, 37], [38, 2], [37, 7]]
 */
export function degreeHistogram(qrels: QrelMatrix): Array<[degree: number, count: number]> {
  const counts = new Map<number, number>();
  for (const d of documentDegrees(qrels)) counts.set(d, (counts.get(d) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[0] - a[0]);
}
