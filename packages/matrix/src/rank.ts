import { assertNonNegative } from '@limit/core';
import type { MatrixInput } from './as-float64-matrix.js';
import { asFloat64Matrix } from './as-float64-matrix.js';
import { jacobiSvd } from './jacobi-svd.js';

const EPS = 2.220446049250313e-16;

/**
 * Numerical rank: the number of singular values strictly greater than `tol`.
 *
 * Default tolerance (NumPy's `matrix_rank` convention): tol = σ₁ · max(rows, cols) · ε, ε = 2⁻⁵².
 *
 * @param matrix rows × cols, a DenseMatrix (float32 or float64) or nested rows.
 * @param tol absolute threshold on singular values (≥ 0); default as above.
 * @throws InvalidArgumentError for an empty, ragged or non-finite matrix, or a negative / non-finite `tol`.
 * @example
 * rank([[1, 2], [2, 4]]);        // 1
 * rank([[1, 0], [0, 1e-9]], 1e-6); // 1
 */
export function rank(matrix: MatrixInput, tol?: number): number {
  if (tol !== undefined) assertNonNegative('tol', tol);
  const a = asFloat64Matrix(matrix);
  const s = jacobiSvd(a.rows, a.cols, a.data, false, false).s;
  const threshold = tol ?? (s[0] ?? 0) * Math.max(a.rows, a.cols) * EPS;
  let r = 0;
  for (const v of s) if (v > threshold) r++;
  return r;
}
