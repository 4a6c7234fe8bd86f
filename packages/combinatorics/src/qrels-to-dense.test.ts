import { describe, expect, it } from 'vitest';
import { allCombinationQrels } from './all-combination-qrels.js';
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
});
