import { asFloat64Matrix } from './as-float64-matrix.js';
import type { MatrixInput } from './as-float64-matrix.js';
import { jacobiSvd } from './jacobi-svd.js';

/**
 * Singular values only (σ₁ ≥ … ≥ σ_p ≥ 0, p = min(rows, cols)), skipping the singular vectors —
 * about a third faster than {@link svd}.
 *
 * @param matrix rows × cols, a DenseMatrix (float32 or float64) or nested rows.
 * @returns Float64Array of length min(rows, cols), descending.
 * @throws InvalidArgumentError for an empty, ragged or non-finite matrix (parameter `matrix`).
 * @example
 * singularValues([[3, 0], [4, 5]]); // Float64Array [√45, √5]
 */
export function singularValues(matrix: MatrixInput): Float64Array {
  const a = asFloat64Matrix(matrix);
  return jacobiSvd(a.rows, a.cols, a.data, false, false).s;
}
