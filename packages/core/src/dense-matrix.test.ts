import { describe, expect, it } from 'vitest';
import { createDenseMatrix, denseMatrixFromRows, matrixGet, matrixRow } from './dense-matrix.js';
import { InvalidArgumentError, ShapeMismatchError } from './errors.js';

describe('DenseMatrix', () => {
  it('is row-major', () => {
    const m = createDenseMatrix(2, 3, new Float32Array([1, 2, 3, 4, 5, 6]));
    expect(matrixGet(m, 1, 0)).toBe(4);
    expect(Array.from(matrixRow(m, 1))).toEqual([4, 5, 6]);
    expect(createDenseMatrix(3, 2).data).toHaveLength(6);
  });

  it('rejects a wrong element count, ragged rows and non-finite values', () => {
    expect(() => createDenseMatrix(2, 3, new Float32Array(5))).toThrow(ShapeMismatchError);
    expect(() => createDenseMatrix(-1, 3)).toThrow(InvalidArgumentError);
    expect(() => denseMatrixFromRows([[1, 2], [3]])).toThrow(/ragged/);
    expect(() => denseMatrixFromRows([[1, Number.NaN]])).toThrow(InvalidArgumentError);
    const m = denseMatrixFromRows([[1, 2], [3, 4]], 'float64');
    expect(m.data).toBeInstanceOf(Float64Array);
    expect(matrixGet(m, 1, 1)).toBe(4);
  });
});
