import { describe, expect, it } from 'vitest';
import { ShapeMismatchError, createDenseMatrix } from '@limit/core';
import { topKFailures } from './top-k-failures.js';

// 3 documents on a line, 2 queries with one relevant document each (hand-computed scores)
const documents = createDenseMatrix(3, 1, Float32Array.from([1, 2, -1]));
const qrels = { numQueries: 2, numDocs: 3, offsets: Int32Array.from([0, 1, 2]), docs: Int32Array.from([0, 2]) };

describe('topKFailures', () => {
  it('lists the queries whose top-k is wrong, with the intruding documents and the margin', () => {
    // q0 = +1: scores 1, 2, -1 → relevant doc 0 (1) loses to doc 1 (2): margin -1
    // q1 = -1: scores -1, -2, 1 → relevant doc 2 (1) wins: margin 2, not listed
    const queries = createDenseMatrix(2, 1, Float32Array.from([1, -1]));
    expect(topKFailures({ queries, documents, qrels })).toEqual([
      { query: 0, relevant: [{ doc: 0, score: 1 }], intruders: [{ doc: 1, score: 2 }], margin: -1 },
    ]);
  });

  it('counts a tie as a failure and returns nothing when every top-k is right', () => {
    const tie = createDenseMatrix(3, 1, Float32Array.from([1, 1, -1]));
    expect(topKFailures({ queries: createDenseMatrix(2, 1, Float32Array.from([1, -1])), documents: tie, qrels })[0]!.margin).toBe(0);
    const good = createDenseMatrix(3, 1, Float32Array.from([3, 2, -1]));
    expect(topKFailures({ queries: createDenseMatrix(2, 1, Float32Array.from([1, -1])), documents: good, qrels })).toEqual([]);
  });

  it('rejects mismatched shapes', () => {
    expect(() => topKFailures({ queries: createDenseMatrix(3, 1, new Float32Array(3)), documents, qrels })).toThrow(ShapeMismatchError);
  });
});
