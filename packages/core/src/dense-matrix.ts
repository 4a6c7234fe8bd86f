import { InvalidArgumentError, ShapeMismatchError } from './errors.js';
import { assertInteger } from './validate.js';

/** Element storage a {@link DenseMatrix} may use: float32 at package boundaries, float64 inside numerics. */
export type MatrixData = Float32Array | Float64Array;

/**
 * A dense row-major matrix: element (i, j) is `data[i * cols + j]`.
 *
 * This plain object is how matrices cross package boundaries (embeddings, qrel matrices, SVD
 * factors); tensors stay inside the tensor APIs.
 */
export interface DenseMatrix<T extends MatrixData = Float32Array> {
  readonly rows: number;
  readonly cols: number;
  readonly data: T;
}

/**
 * Creates a {@link DenseMatrix}, checking that `data` has exactly `rows × cols` elements.
 * Without `data`, allocates a zero Float32Array.
 *
 * @throws InvalidArgumentError when rows or cols is not a non-negative integer.
 * @throws ShapeMismatchError when `data.length !== rows * cols`.
 * @example
 * const m = createDenseMatrix(2, 3, new Float32Array([1, 2, 3, 4, 5, 6]));
 * matrixGet(m, 1, 2); // 6
 */
export function createDenseMatrix(rows: number, cols: number): DenseMatrix<Float32Array>;
export function createDenseMatrix<T extends MatrixData>(rows: number, cols: number, data: T): DenseMatrix<T>;
export function createDenseMatrix(rows: number, cols: number, data?: MatrixData): DenseMatrix<MatrixData> {
  assertInteger('rows', rows, { min: 0 });
  assertInteger('cols', cols, { min: 0 });
  const storage = data ?? new Float32Array(rows * cols);
  if (!(storage instanceof Float32Array || storage instanceof Float64Array)) {
    throw new InvalidArgumentError({ parameter: 'data', value: storage, message: 'data must be a Float32Array or Float64Array' });
  }
  if (storage.length !== rows * cols) {
    throw new ShapeMismatchError({
      parameter: 'data',
      expected: [rows * cols],
      actual: [storage.length],
      message: `a ${rows} × ${cols} matrix needs ${rows * cols} elements`,
    });
  }
  return { rows, cols, data: storage };
}

/**
 * Builds a {@link DenseMatrix} from nested arrays (rows of equal length).
 * @throws InvalidArgumentError for ragged rows or non-finite values.
 */
export function denseMatrixFromRows(rowsArray: readonly (readonly number[])[], type: 'float32' | 'float64' = 'float32'): DenseMatrix<MatrixData> {
  const rows = rowsArray.length;
  const cols = rows > 0 ? rowsArray[0]!.length : 0;
  const data = type === 'float64' ? new Float64Array(rows * cols) : new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = rowsArray[i]!;
    if (row.length !== cols) {
      throw new InvalidArgumentError({
        parameter: `rows[${i}]`,
        value: row.length,
        message: `row ${i} has ${row.length} entries but row 0 has ${cols} (ragged matrix)`,
      });
    }
    for (let j = 0; j < cols; j++) {
      const v = row[j]!;
      if (!Number.isFinite(v)) {
        throw new InvalidArgumentError({ parameter: `rows[${i}][${j}]`, value: v, message: `entry (${i}, ${j}) is not finite` });
      }
      data[i * cols + j] = v;
    }
  }
  return { rows, cols, data };
}

function assertIndex(parameter: 'i' | 'j', value: number, size: number, what: 'rows' | 'cols'): void {
  if (!Number.isInteger(value) || value < 0 || value >= size) {
    throw new InvalidArgumentError({
      parameter,
      value,
      message: `${parameter} (${String(value)}) must be an integer in [0, ${what} = ${size})`,
    });
  }
}

/**
 * Element (i, j) of a {@link DenseMatrix}, `m.data[i * m.cols + j]`, with bounds checks. Hot loops
 * should index `m.data` directly instead.
 *
 * @param m a rows × cols matrix.
 * @param i row index, an integer in [0, rows).
 * @param j column index, an integer in [0, cols).
 * @returns the element value.
 * @throws InvalidArgumentError naming `i` or `j` when it is not an integer in range.
 * @example
 * matrixGet(createDenseMatrix(2, 3, new Float32Array([1, 2, 3, 4, 5, 6])), 1, 2); // 6
 */
export function matrixGet(m: DenseMatrix<MatrixData>, i: number, j: number): number {
  assertIndex('i', i, m.rows, 'rows');
  assertIndex('j', j, m.cols, 'cols');
  return m.data[i * m.cols + j]!;
}

/**
 * Row i of a {@link DenseMatrix} as a view (no copy): `m.data[i * cols .. (i + 1) * cols)`.
 *
 * @param m a rows × cols matrix.
 * @param i row index, an integer in [0, rows).
 * @returns a typed-array view of length cols sharing `m.data`'s buffer.
 * @throws InvalidArgumentError naming `i` when it is not an integer in range.
 * @example
 * matrixRow(createDenseMatrix(2, 3, new Float32Array([1, 2, 3, 4, 5, 6])), 1); // Float32Array [4, 5, 6]
 */
export function matrixRow<T extends MatrixData>(m: DenseMatrix<T>, i: number): T {
  assertIndex('i', i, m.rows, 'rows');
  return m.data.subarray(i * m.cols, (i + 1) * m.cols) as T;
}
