import { InvalidArgumentError, createRng } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { binomial } from './binomial.js';
import { combinations } from './combinations.js';
import { rankCombination } from './rank-combination.js';
import { unrankCombination } from './unrank-combination.js';

describe('rankCombination', () => {
  it('gives the i-th itertools combination rank i (all k for n ≤ 10)', () => {
    for (let n = 0; n <= 10; n++) {
      for (let k = 0; k <= n; k++) {
        let i = 0n;
        for (const c of combinations(n, k)) expect(rankCombination(c, n)).toBe(i++);
      }
    }
  });

  it('is the inverse of unrankCombination on random large subsets', () => {
    const rng = createRng(11);
    for (let t = 0; t < 200; t++) {
      const n = 1 + rng.integer(2000);
      const k = rng.integer(Math.min(n, 12) + 1);
      const set = new Set<number>();
      while (set.size < k) set.add(rng.integer(n));
      const c = [...set].sort((a, b) => a - b);
      const r = rankCombination(c, n);
      expect(r >= 0n && r < binomial(n, k)).toBe(true);
      expect(unrankCombination(r, n, k)).toEqual(c);
    }
  });

  it('hand-checked values', () => {
    expect(rankCombination([0, 1], 46)).toBe(0n);
    expect(rankCombination([1, 2], 46)).toBe(45n); // after the 45 pairs (0, x)
    expect(rankCombination([44, 45], 46)).toBe(1034n);
    expect(rankCombination([], 5)).toBe(0n);
  });

  it.each([
    [[1, 1], 4, 'combo'],
    [[2, 1], 4, 'combo'],
    [[0, 4], 4, 'combo'],
    [[-1, 2], 4, 'combo'],
    [[0, 1.5], 4, 'combo'],
    [[0, 1, 2], 2, 'combo'],
    [[0, 1], Number.NaN, 'n'],
  ] as const)('rejects %j with n = %s naming %s', (combo, n, parameter) => {
    try {
      rankCombination(combo as unknown as number[], n);
      expect.unreachable();
    } catch (e) {
      expect(InvalidArgumentError.isInstance(e)).toBe(true);
      expect((e as InvalidArgumentError).parameter).toBe(parameter);
    }
  });
});
