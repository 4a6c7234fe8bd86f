import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@limit/core';
import { allCombinationQrels } from './all-combination-qrels.js';
import { degreeHistogram, documentDegrees } from './document-degrees.js';
import type { QrelMatrix } from './qrel-matrix.js';
import { qrelMatrixFromRows } from './qrel-matrix-from-rows.js';

describe('documentDegrees / degreeHistogram', () => {
  it('every document of all C(n, 2) pairs has degree n − 1', () => {
    expect([...documentDegrees(allCombinationQrels(5, 2))]).toEqual([4, 4, 4, 4, 4]);
  });

  it('counts by hand on a small matrix, zero-degree docs included', () => {
    const q = qrelMatrixFromRows([[0, 1], [1, 2], [1]], 4);
    expect([...documentDegrees(q)]).toEqual([1, 3, 1, 0]);
    expect(degreeHistogram(q)).toEqual([
      [3, 1],
      [1, 2],
      [0, 1],
    ]);
  });

  it('rejects document indices outside [0, numDocs) instead of dropping them', () => {
    const bad: QrelMatrix[] = [
      { numQueries: 2, numDocs: 3, offsets: Int32Array.of(0, 2, 3), docs: Int32Array.of(0, 1, 3) },
      { numQueries: 1, numDocs: 3, offsets: Int32Array.of(0, 2), docs: Int32Array.of(-1, 2) },
    ];
    for (const q of bad) {
      for (const fn of [() => documentDegrees(q), () => degreeHistogram(q)]) {
        let caught: unknown;
        try {
          fn();
        } catch (e) {
          caught = e;
        }
        expect(caught).toBeInstanceOf(InvalidArgumentError);
        expect((caught as InvalidArgumentError).parameter).toBe('qrels.docs');
      }
    }
  });
});
