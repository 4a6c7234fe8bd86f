import { InvalidArgumentError } from '@limit/core';
import type { MatrixInput } from './as-float64-matrix.js';
import { asFloat64Matrix } from './as-float64-matrix.js';
import { singularValues } from './singular-values.js';

/** Result of {@link forsterBound}. */
export interface ForsterBound {
  /** Queries q (rows of A). */
  queries: number;
  /** Documents n (columns of A). */
  documents: number;
  /** ‖2A − 1‖₂, the largest singular value of the ±1 sign matrix. */
  spectralNorm: number;
  /** Forster's real-valued bound sqrt(q · n) / ‖2A − 1‖₂ ≤ rank±(2A − 1). */
  value: number;
  /** The integer lower bound on the sign rank: rank±(2A − 1) ≥ ⌈value⌉. */
  signRankLowerBound: number;
  /**
   * Lower bound on the dimension any embedding needs to realise A exactly (as row-wise order
   * preserving scores): rank_rop(A) ≥ rank±(2A − 1) − 1 ≥ ⌈value⌉ − 1 (from the paper).
   */
  dimensionLowerBound: number;
}

/**
 * Forster's lower bound on the sign rank of a binary qrel matrix A (queries × documents):
 *
 *   rank±(2A − 1) ≥ sqrt(q · n) / ‖2A − 1‖₂   (Forster 2002),
 *
 * and, through the paper's rank_rop(A) ≥ rank±(2A − 1) − 1, a lower bound on the embedding dimension.
 * The spectral norm is computed exactly (dense float64 SVD), so keep q · n to a few million; for the
 * all-k-subsets matrix of any size use {@link subsetSignMatrixSpectrum}.
 *
 * Note the bound is strong for "flat" spectra (Hadamard-like matrices, where it is √n) and weak when
 * one direction dominates — as for all k-subsets, whose all-ones direction makes it ≈ 1.
 *
 * @param A q × n binary matrix (entries 0 or 1), a DenseMatrix or nested rows.
 * @throws InvalidArgumentError for an empty, ragged or non-finite matrix, or an entry other than 0/1
 *   (parameter `A`).
 * @example
 * // a 4 × 4 Sylvester–Hadamard pattern: ‖H‖₂ = 2, so the bound is sqrt(16)/2 = 2
 * forsterBound([[1, 1, 1, 1], [1, 0, 1, 0], [1, 1, 0, 0], [1, 0, 0, 1]]).value; // 2
 */
export function forsterBound(A: MatrixInput): ForsterBound {
  const a = asFloat64Matrix(A, 'A');
  const m = a.data;
  for (let i = 0; i < m.length; i++) {
    const v = m[i]!;
    if (v !== 0 && v !== 1) {
      const r = Math.floor(i / a.cols);
      throw new InvalidArgumentError({ parameter: 'A', value: v, message: `A[${r}][${i - r * a.cols}] (${v}) must be 0 or 1 (a binary qrel matrix)` });
    }
    m[i] = 2 * v - 1;
  }
  const norm = singularValues(a)[0]!;
  const value = Math.sqrt(a.rows * a.cols) / norm;
  const signRank = Math.max(1, Math.ceil(value * (1 - 1e-12)));
  return {
    queries: a.rows,
    documents: a.cols,
    spectralNorm: norm,
    value,
    signRankLowerBound: signRank,
    dimensionLowerBound: signRank - 1,
  };
}
