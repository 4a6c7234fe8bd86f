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

describe('matrixGet / matrixRow bounds', () => {
  const m = createDenseMatrix(2, 3, new Float32Array([1, 2, 3, 4, 5, 6]));
  function parameterOf(fn: () => unknown): string | undefined {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidArgumentError);
      return (e as InvalidArgumentError).parameter;
    }
    return undefined;
  }

  it('reads every in-range element and row', () => {
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) expect(matrixGet(m, i, j)).toBe(i * 3 + j + 1);
      expect(Array.from(matrixRow(m, i))).toEqual([1, 2, 3].map((v) => v + 3 * i));
    }
  });

  it('throws InvalidArgumentError naming i or j when out of range', () => {
    expect(parameterOf(() => matrixGet(m, 2, 0))).toBe('i');
    expect(parameterOf(() => matrixGet(m, -1, 0))).toBe('i');
    expect(parameterOf(() => matrixGet(m, 0.5, 0))).toBe('i');
    // (0, 3) would alias (1, 0) without the column check.
    expect(parameterOf(() => matrixGet(m, 0, 3))).toBe('j');
    expect(parameterOf(() => matrixGet(m, 0, -1))).toBe('j');
    expect(parameterOf(() => matrixGet(m, 0, Number.NaN))).toBe('j');
    expect(parameterOf(() => matrixRow(m, 9))).toBe('i');
    expect(parameterOf(() => matrixRow(m, 2))).toBe('i');
    expect(parameterOf(() => matrixRow(m, -1))).toBe('i');
    expect(parameterOf(() => matrixRow(createDenseMatrix(0, 3), 0))).toBe('i');
  });
});
