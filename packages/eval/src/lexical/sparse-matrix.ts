import { ShapeMismatchError, InvalidArgumentError } from '@limit/core';

/**
 * A sparse matrix in compressed sparse row (CSR) form: row i's non-zeros are at positions
 * `indptr[i] … indptr[i+1]` of `indices` (column, ascending) and `values`.
 */
export interface SparseMatrix {
  readonly rows: number;
  readonly cols: number;
  /** `[rows + 1]` row offsets; `indptr[0] = 0`, `indptr[rows] = nnz`. */
  readonly indptr: Int32Array;
  /** `[nnz]` column of each non-zero, ascending within a row. */
  readonly indices: Int32Array;
  /** `[nnz]` value of each non-zero. */
  readonly values: Float32Array;
}

/**
 * Checks the CSR invariants of a {@link SparseMatrix} and returns it.
 *
 * @throws ShapeMismatchError when array lengths disagree.
 * @throws InvalidArgumentError when offsets decrease or a column is out of range or unsorted.
 * @example
 * assertSparseMatrix({ rows: 1, cols: 4, indptr: Int32Array.of(0, 2), indices: Int32Array.of(1, 3), values: Float32Array.of(0.6, 0.8) });
 */
export function assertSparseMatrix(m: SparseMatrix, parameter = 'matrix'): SparseMatrix {
  if (m.indptr.length !== m.rows + 1) throw new ShapeMismatchError({ parameter: `${parameter}.indptr`, expected: [m.rows + 1], actual: [m.indptr.length] });
  const nnz = m.indptr[m.rows] ?? 0;
  if (m.indices.length !== nnz || m.values.length !== nnz) {
    throw new ShapeMismatchError({ parameter: `${parameter}.indices`, expected: [nnz], actual: [m.indices.length] });
  }
  for (let i = 0; i < m.rows; i++) {
    const a = m.indptr[i]!;
    const b = m.indptr[i + 1]!;
    if (b < a) throw new InvalidArgumentError({ parameter: `${parameter}.indptr`, value: i, message: `row offsets decrease at row ${i}` });
    for (let p = a; p < b; p++) {
      const c = m.indices[p]!;
      if (c < 0 || c >= m.cols || (p > a && c <= m.indices[p - 1]!)) {
        throw new InvalidArgumentError({ parameter: `${parameter}.indices`, value: c, message: `row ${i}: columns must be ascending in [0, ${m.cols})` });
      }
    }
  }
  return m;
}
