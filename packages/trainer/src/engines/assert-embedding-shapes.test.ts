import { ShapeMismatchError, createDenseMatrix } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { assertEmbeddingShapes } from './assert-embedding-shapes.js';

describe('assertEmbeddingShapes', () => {
  const shape = { q: 3, n: 4, d: 2 };
  it('accepts matrices of the engine shape', () => {
    expect(() => assertEmbeddingShapes(createDenseMatrix(3, 2), createDenseMatrix(4, 2), shape)).not.toThrow();
  });

  it('rejects wrong rows, columns or data length, naming queries or documents', () => {
    const cases = [
      [createDenseMatrix(2, 2), createDenseMatrix(4, 2), 'queries'],
      [createDenseMatrix(3, 3), createDenseMatrix(4, 2), 'queries'],
      [{ rows: 3, cols: 2, data: new Float32Array(5) }, createDenseMatrix(4, 2), 'queries'],
      [createDenseMatrix(3, 2), createDenseMatrix(5, 2), 'documents'],
      [createDenseMatrix(3, 2), createDenseMatrix(4, 1), 'documents'],
    ] as const;
    for (const [queries, documents, parameter] of cases) {
      const error = (() => {
        try {
          assertEmbeddingShapes(queries, documents, shape);
          return undefined;
        } catch (e) {
          return e;
        }
      })();
      expect(ShapeMismatchError.isInstance(error)).toBe(true);
      expect((error as ShapeMismatchError).parameter).toBe(parameter);
    }
  });
});
