import { CombinatorialOverflowError, InvalidArgumentError } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { allCombinationQrels } from './all-combination-qrels.js';
import { binomialNumber } from './binomial.js';
import { combinations } from './combinations.js';

describe('allCombinationQrels', () => {
  it('lists every k-subset in itertools order', () => {
    for (const [n, k] of [
      [4, 2],
      [10, 3],
      [7, 7],
      [6, 1],
    ] as const) {
      const q = allCombinationQrels(n, k);
      expect(q.numQueries).toBe(binomialNumber(n, k));
      expect(q.numDocs).toBe(n);
      let i = 0;
      for (const c of combinations(n, k)) {
        expect([...q.docs.subarray(q.offsets[i]!, q.offsets[i + 1]!)]).toEqual(c);
        i++;
      }
    }
  });

  it('limit takes the first subsets and is capped at C(n, k)', () => {
    const q = allCombinationQrels(46, 2, { limit: 1000 });
    expect(q.numQueries).toBe(1000);
    expect([...q.docs.subarray(1998, 2000)]).toEqual([37, 38]);
    expect(allCombinationQrels(5, 2, { limit: 100 }).numQueries).toBe(10);
    expect(allCombinationQrels(5, 2, { limit: 0 }).numQueries).toBe(0);
  });

  it('throws CombinatorialOverflowError rather than allocating past Int32 indexing', () => {
    expect(() => allCombinationQrels(100_000, 3)).toThrow(CombinatorialOverflowError);
  });

  it.each([
    ['k', 5, 0],
    ['k', 5, 6],
    ['n', 0, 0],
    ['n', 3.5, 1],
  ] as const)('rejects a bad %s (n %s, k %s)', (parameter, n, k) => {
    try {
      allCombinationQrels(n, k);
      expect.unreachable();
    } catch (e) {
      expect(InvalidArgumentError.isInstance(e)).toBe(true);
      expect((e as InvalidArgumentError).parameter).toBe(parameter);
    }
  });

  it('rejects a bad limit', () => {
    expect(() => allCombinationQrels(5, 2, { limit: -1 })).toThrow(/parameter limit/);
  });
});
