import { describe, expect, it } from 'vitest';
import { allCombinationQrels } from './all-combination-qrels.js';
import { InvalidArgumentError } from '@limit/core';
import type { QrelMatrix } from './qrel-matrix.js';
import { qrelPattern } from './qrel-pattern.js';
import { qrelsToDense } from './qrels-to-dense.js';

describe('qrelsToDense', () => {
  it('expands C(3, 2) to the hand-written 0/1 matrix', () => {
    const m = qrelsToDense(allCombinationQrels(3, 2));
    expect(m.rows).toBe(3);
    expect(m.cols).toBe(3);
    expect([...m.data]).toEqual([1, 1, 0, 1, 0, 1, 0, 1, 1]);
    expect(m.data).toBeInstanceOf(Float32Array);
  });

  it('row sums are k and the total is numQueries · k (LIMIT-small)', () => {
    const q = qrelPattern({ pattern: 'dense', numDocs: 46, numQueries: 1000, k: 2 });
    const m = qrelsToDense(q);
    let total = 0;
    for (let i = 0; i < m.rows; i++) {
      let s = 0;
      for (let j = 0; j < m.cols; j++) s += m.data[i * m.cols + j]!;
      expect(s).toBe(2);
      total += s;
    }
    expect(total).toBe(2000);
    expect(m.data[999 * 46 + 37]).toBe(1);
    expect(m.data[999 * 46 + 38]).toBe(1);
  });

  it('refuses matrices past 2^31 entries', () => {
    const q = qrelPattern({ pattern: 'dense', numDocs: 3_000_000, numQueries: 1000, k: 2 });
    expect(() => qrelsToDense(q)).toThrow(/parameter qrels/);
  });

  it('rejects a document index outside [0, numDocs) instead of writing it into another row', () => {
    // Hand-built CSR (bypassing createQrelMatrix): query 0 names doc 3 of 3, which would land at
    // (1, 0); query 1 names doc −1, which would land at (0, 2).
    const tooLarge: QrelMatrix = { numQueries: 2, numDocs: 3, offsets: Int32Array.of(0, 1, 2), docs: Int32Array.of(3, 1) };
    const negative: QrelMatrix = { numQueries: 2, numDocs: 3, offsets: Int32Array.of(0, 1, 2), docs: Int32Array.of(0, -1) };
    for (const q of [tooLarge, negative]) {
      let caught: unknown;
      try {
        qrelsToDense(q);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(InvalidArgumentError);
      expect((caught as InvalidArgumentError).parameter).toBe('qrels.docs');
    }
  });
});
