import type { MatrixInput } from './as-float64-matrix.js';
import { asFloat64Matrix } from './as-float64-matrix.js';

/**
 * Frobenius norm ‖A‖_F = sqrt(Σ_ij a_ij²) = sqrt(Σ_i σ_i²), accumulated with scaling so that it
 * neither overflows nor underflows (the LAPACK `dnrm2` recurrence).
 *
 * @param matrix rows × cols, a DenseMatrix (float32 or float64) or nested rows.
 * @throws InvalidArgumentError for an empty, ragged or non-finite matrix.
 * @example
 * frobeniusNorm([[3, 0], [4, 0]]); // 5
 */
export function frobeniusNorm(matrix: MatrixInput): number {
  const { data } = asFloat64Matrix(matrix);
  let scale = 0;
  let ssq = 1;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v === 0) continue;
    const a = Math.abs(v);
    if (scale < a) {
      ssq = 1 + ssq * (scale / a) * (scale / a);
      scale = a;
    } else {
      ssq += (a / scale) * (a / scale);
    }
  }
  return scale * Math.sqrt(ssq);
}
