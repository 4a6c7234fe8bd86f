import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, createDenseMatrix } from '@limit/core';
import { forEachQueryMargin, queryMarginSummary } from './query-margins.js';

const qrels = (rows: number[][], numDocs: number) => {
  const offsets = [0];
  for (const r of rows) offsets.push(offsets[offsets.length - 1]! + r.length);
  return { numQueries: rows.length, numDocs, offsets: Int32Array.from(offsets), docs: Int32Array.from(rows.flat()) };
};
const matrix = (rows: number[][]) => createDenseMatrix(rows.length, rows[0]!.length, Float64Array.from(rows.flat()));

describe('forEachQueryMargin: the full gap of the unit query', () => {
  it('divides the query scale out (hand-computed): a query of length 2 has the margin of its unit vector', () => {
    // d = 2, documents e1, e2, −e1; query (2, 0) → unit (1, 0): scores 1, 0, −1
    const margins: number[] = [];
    forEachQueryMargin(matrix([[2, 0], [0, 0.5]]), matrix([[1, 0], [0, 1], [-1, 0]]), qrels([[0], [1]], 3), ({ margin }) => margins.push(margin));
    expect(margins).toEqual([1 - 0, 1 - 0]); // query 0: 1 − max(0, −1); query 1: 1 − max(0, 0)
  });

  it('two antipodal documents in d = 1 have the largest possible full gap, 2', () => {
    const m: number[] = [];
    forEachQueryMargin(matrix([[3], [-0.1]]), matrix([[1], [-1]]), qrels([[0], [1]], 2), ({ margin }) => m.push(margin));
    expect(m).toEqual([2, 2]);
  });

  it('a zero query (the centroid of two antipodal documents) realises nothing: margin 0', () => {
    const { minMargin, realised } = queryMarginSummary(matrix([[0, 0]]), matrix([[1, 0], [-1, 0], [0, 1]]), qrels([[0, 1]], 3));
    expect(minMargin).toBe(0);
    expect(realised).toBe(0);
  });

  it('float32 rounds the vectors and every partial sum: a gap of 2⁻³⁰ survives in float64 and vanishes in float32', () => {
    const Q = matrix([[1, 0]]);
    const D = matrix([[1, 0], [1 + 2 ** -30, 0]]);
    const q = qrels([[1]], 2);
    expect(queryMarginSummary(Q, D, q).minMargin).toBe(2 ** -30);
    expect(queryMarginSummary(Q, D, q, { precision: 'float32' }).minMargin).toBe(0);
  });

  it('summarises: realised count, minimum margin and the query that has it', () => {
    // e1, e2 documents; query 0 → {0} with gap 1; query 1 = (1, 1)/√2 → {1}: tie, margin 0
    const s = queryMarginSummary(matrix([[1, 0], [1, 1]]), matrix([[1, 0], [0, 1]]), qrels([[0], [1]], 2));
    expect(s).toEqual({ realised: 1, numQueries: 2, minMargin: 0, worstQuery: 1 });
  });

  it('refuses an unknown precision, naming the option', () => {
    const error = (() => {
      try {
        forEachQueryMargin(matrix([[1]]), matrix([[1], [0]]), qrels([[0]], 2), () => {}, { precision: 'float16' as never });
      } catch (e) {
        return e;
      }
    })();
    expect(InvalidArgumentError.isInstance(error) && error.parameter).toBe('options.precision');
  });
});
