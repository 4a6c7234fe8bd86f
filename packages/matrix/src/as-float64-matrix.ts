import { InvalidArgumentError, ShapeMismatchError } from '@limit/core';
import type { DenseMatrix, MatrixData } from '@limit/core';

/** Any matrix input the package accepts: a {@link DenseMatrix} (float32 or float64) or nested rows. */
export type MatrixInput = DenseMatrix<MatrixData> | readonly (readonly number[])[];

/**
 * Validates a matrix input and returns a float64 row-major copy (numerics here run in float64).
 * Internal helper: not part of the public surface.
 *
 * @throws InvalidArgumentError for an empty, ragged or non-finite matrix (naming `parameter`).
 * @throws ShapeMismatchError when a DenseMatrix's data length is not rows × cols.
 */
export function asFloat64Matrix(matrix: MatrixInput, parameter = 'matrix'): DenseMatrix<Float64Array> {
  if (Array.isArray(matrix)) {
    const rowsArray = matrix as readonly (readonly number[])[];
    const rows = rowsArray.length;
    const first = rowsArray[0];
    const cols = first === undefined ? 0 : Array.isArray(first) ? first.length : -1;
    if (cols < 0) throw new InvalidArgumentError({ parameter, value: first, message: `${parameter}[0] is not an array of numbers` });
    if (rows === 0 || cols === 0) {
      throw new InvalidArgumentError({ parameter, value: matrix, message: `${parameter} is empty (${rows} × ${cols})` });
    }
    const data = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      const row = rowsArray[i];
      if (!Array.isArray(row) || row.length !== cols) {
        throw new InvalidArgumentError({
          parameter,
          value: Array.isArray(row) ? row.length : row,
          message: `${parameter} is ragged: row ${i} has ${Array.isArray(row) ? row.length : 'no'} entries but row 0 has ${cols}`,
        });
      }
      for (let j = 0; j < cols; j++) {
        const v = row[j] as unknown;
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          throw new InvalidArgumentError({ parameter, value: v, message: `${parameter}[${i}][${j}] (${String(v)}) is not a finite number` });
        }
        data[i * cols + j] = v;
      }
    }
    return { rows, cols, data };
  }
  if (typeof matrix !== 'object' || matrix === null || !('data' in matrix)) {
    throw new InvalidArgumentError({ parameter, value: matrix, message: `${parameter} must be a DenseMatrix or an array of rows` });
  }
  const { rows, cols, data } = matrix as DenseMatrix<MatrixData>;
  if (!(data instanceof Float32Array || data instanceof Float64Array)) {
    throw new InvalidArgumentError({ parameter: `${parameter}.data`, value: data, message: 'data must be a Float32Array or Float64Array' });
  }
  if (!Number.isSafeInteger(rows) || !Number.isSafeInteger(cols) || rows < 0 || cols < 0) {
    throw new InvalidArgumentError({ parameter, value: [rows, cols], message: `${parameter} has an invalid shape ${rows} × ${cols}` });
  }
  if (rows === 0 || cols === 0) {
    throw new InvalidArgumentError({ parameter, value: matrix, message: `${parameter} is empty (${rows} × ${cols})` });
  }
  if (data.length !== rows * cols) {
    throw new ShapeMismatchError({ parameter: `${parameter}.data`, expected: [rows * cols], actual: [data.length], message: `a ${rows} × ${cols} matrix needs ${rows * cols} elements` });
  }
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < out.length; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v)) {
      const r = Math.floor(i / cols);
      throw new InvalidArgumentError({ parameter, value: v, message: `${parameter}[${r}][${i - r * cols}] (${v}) is not a finite number` });
    }
    out[i] = v;
  }
  return { rows, cols, data: out };
}
