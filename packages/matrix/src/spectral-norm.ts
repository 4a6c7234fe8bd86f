import type { MatrixInput } from './as-float64-matrix.js';
import { singularValues } from './singular-values.js';

/**
 * Spectral norm ‖A‖₂ = σ₁, the largest singular value, computed exactly (dense SVD, values only).
 * For very large matrices use `topSingularValues` from `@limit/matrix/tfjs`.
 *
 * @param matrix rows × cols, a DenseMatrix (float32 or float64) or nested rows.
 * @throws InvalidArgumentError for an empty, ragged or non-finite matrix.
 * @example
 * spectralNorm([[3, 0], [4, 5]]); // √45 ≈ 6.7082
 */
export function spectralNorm(matrix: MatrixInput): number {
  return singularValues(matrix)[0]!;
}
