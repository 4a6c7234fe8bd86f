import { assertInteger, InvalidArgumentError } from '@limit/core';
import type { DenseMatrix } from '@limit/core';
import type { MatrixInput } from './as-float64-matrix.js';
import { asFloat64Matrix } from './as-float64-matrix.js';
import { svd } from './svd.js';

/** Result of {@link lowRankApproximation}. */
export interface LowRankApproximation {
  /** The best rank-r approximation A_r = U_r · diag(σ₁..σ_r) · V_rᵀ, rows × cols, float64. */
  matrix: DenseMatrix<Float64Array>;
  /**
   * ‖A − A_r‖_F measured directly on the reconstruction. By Eckart–Young–Mirsky it equals
   * sqrt(Σ_{i>r} σ_i²), which {@link LowRankApproximation.predictedError} reports for comparison.
   */
  error: number;
  /** sqrt(Σ_{i>r} σ_i²), the Eckart–Young optimum. */
  predictedError: number;
  /** Relative error ‖A − A_r‖_F / ‖A‖_F (0 for a zero matrix). */
  relativeError: number;
  /** The rank-r factors: U_r (rows × r), the r singular values, V_r (cols × r). */
  factors: { U: DenseMatrix<Float64Array>; S: Float64Array; V: DenseMatrix<Float64Array> };
  /** All singular values of A (descending). */
  singularValues: Float64Array;
  /** Numbers stored by the factored form, (rows + cols + 1) · r, against rows · cols for A. */
  storage: { factored: number; dense: number };
}

/**
 * The best rank-r approximation of A in Frobenius and spectral norm (Eckart–Young–Mirsky),
 * A_r = Σ_{i ≤ r} σ_i u_i v_iᵀ, with its error ‖A − A_r‖_F = sqrt(Σ_{i>r} σ_i²).
 *
 * @param matrix rows × cols, a DenseMatrix (float32 or float64) or nested rows.
 * @param r target rank, an integer 0 ≤ r ≤ min(rows, cols).
 * @throws InvalidArgumentError when r is not an integer in [0, min(rows, cols)] (parameter `r`), or
 *   for an empty, ragged or non-finite matrix (parameter `matrix`).
 * @example
 * const { matrix, error } = lowRankApproximation([[3, 0], [4, 5]], 1);
 * error; // √5 ≈ 2.236 (the discarded σ₂)
 */
export function lowRankApproximation(matrix: MatrixInput, r: number): LowRankApproximation {
  const a = asFloat64Matrix(matrix);
  const p = Math.min(a.rows, a.cols);
  assertInteger('r', r, { min: 0 });
  if (r > p) {
    throw new InvalidArgumentError({ parameter: 'r', value: r, message: `r (${r}) must be ≤ min(rows, cols) = ${p} for a ${a.rows} × ${a.cols} matrix` });
  }
  const d = svd(a);
  const { rows, cols } = a;
  const out = new Float64Array(rows * cols);
  const U = d.U.data;
  const V = d.V.data;
  for (let i = 0; i < rows; i++) {
    for (let k = 0; k < r; k++) {
      const f = U[i * p + k]! * d.S[k]!;
      if (f === 0) continue;
      const o = i * cols;
      for (let j = 0; j < cols; j++) out[o + j] = out[o + j]! + f * V[j * p + k]!;
    }
  }
  let err2 = 0;
  let norm2 = 0;
  for (let i = 0; i < out.length; i++) {
    const diff = a.data[i]! - out[i]!;
    err2 += diff * diff;
    norm2 += a.data[i]! * a.data[i]!;
  }
  let tail = 0;
  for (let k = p - 1; k >= r; k--) tail += d.S[k]! * d.S[k]!;
  const Ur = new Float64Array(rows * r);
  const Vr = new Float64Array(cols * r);
  for (let i = 0; i < rows; i++) for (let k = 0; k < r; k++) Ur[i * r + k] = U[i * p + k]!;
  for (let j = 0; j < cols; j++) for (let k = 0; k < r; k++) Vr[j * r + k] = V[j * p + k]!;
  const error = Math.sqrt(err2);
  return {
    matrix: { rows, cols, data: out },
    error,
    predictedError: Math.sqrt(tail),
    relativeError: norm2 === 0 ? 0 : error / Math.sqrt(norm2),
    factors: { U: { rows, cols: r, data: Ur }, S: d.S.slice(0, r), V: { rows: cols, cols: r, data: Vr } },
    singularValues: d.S,
    storage: { factored: (rows + cols + 1) * r, dense: rows * cols },
  };
}
