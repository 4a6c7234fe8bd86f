import { InvalidArgumentError, createDenseMatrix, type DenseMatrix } from '@limit/core';
import { assertQrelMatrix, type QrelMatrix } from './qrel-matrix.js';

/**
 * Expands a {@link QrelMatrix} to a dense 0/1 matrix: entry (i, j) is 1 when document j is
 * relevant to query i, else 0 (the paper's binary qrel matrix A).
 *
 * @param qrels a CSR qrel matrix.
 * @returns a Float32 {@link DenseMatrix} of shape numQueries × numDocs.
 * @throws InvalidArgumentError (parameter `qrels`) when numQueries × numDocs exceeds 2^31 − 1
 *   entries (keep such matrices sparse).
 * @throws InvalidArgumentError (parameter `qrels.docs`, `qrels.offsets`, …) when `qrels` breaks a
 *   {@link QrelMatrix} invariant, e.g. a document index outside [0, numDocs) that would otherwise be
 *   written into another query's row.
 * @example
 * const a = qrelsToDense(allCombinationQrels(3, 2)); // rows [1,1,0], [1,0,1], [0,1,1]
 */
export function qrelsToDense(qrels: QrelMatrix): DenseMatrix {
  const { numQueries, numDocs, offsets, docs } = qrels;
  if (numQueries * numDocs > 0x7fffffff) {
    throw new InvalidArgumentError({
      parameter: 'qrels',
      value: [numQueries, numDocs],
      message: `a dense ${numQueries} × ${numDocs} matrix is too large (> 2^31 − 1 entries); keep it sparse`,
    });
  }
  assertQrelMatrix(qrels);
  const m = createDenseMatrix(numQueries, numDocs);
  for (let i = 0; i < numQueries; i++) {
    for (let p = offsets[i]!; p < offsets[i + 1]!; p++) m.data[i * numDocs + docs[p]!] = 1;
  }
  return m;
}
