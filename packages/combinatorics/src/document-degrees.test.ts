import { describe, expect, it } from 'vitest';
import { allCombinationQrels } from './all-combination-qrels.js';
import { degreeHistogram, documentDegrees } from './document-degrees.js';
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
});
