import type { Tensor2D } from '@tensorflow/tfjs-core';

/**
 * A matrix given only through its products, so that structured matrices (e.g. the 179,700 × 600
 * sign matrix of all pairs of 600 documents) never have to be materialised.
 *
 * Both methods take and return tensors on the active tfjs backend; they must not dispose their
 * input, and the caller disposes their output.
 */
export interface LinearOperator {
  /** Rows of the represented matrix A. */
  readonly rows: number;
  /** Columns of A. */
  readonly cols: number;
  /** A · X for X of shape [cols, l]; returns [rows, l]. */
  matMul(x: Tensor2D): Tensor2D;
  /** Aᵀ · Y for Y of shape [rows, l]; returns [cols, l]. */
  transposeMatMul(y: Tensor2D): Tensor2D;
}

/**
 * True when `x` looks like a {@link LinearOperator} (has `rows`, `cols`, `matMul`, `transposeMatMul`).
 *
 * @param x any value.
 * @example
 * isLinearOperator(subsetSignOperator(10, 2)); // true
 * isLinearOperator([[1, 2]]);                  // false
 */
export function isLinearOperator(x: unknown): x is LinearOperator {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as LinearOperator).matMul === 'function' &&
    typeof (x as LinearOperator).transposeMatMul === 'function' &&
    Number.isSafeInteger((x as LinearOperator).rows) &&
    Number.isSafeInteger((x as LinearOperator).cols)
  );
}
