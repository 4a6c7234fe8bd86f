import { InvalidArgumentError } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { binomial } from './binomial.js';
import { combinations } from './combinations.js';
import { rankCombination } from './rank-combination.js';
import { unrankCombination } from './unrank-combination.js';

describe('unrankCombination', () => {
  it('ranks 0 … C(n, k) − 1 enumerate combinations(n, k) in order', () => {
    for (const [n, k] of [
      [46, 2],
      [12, 5],
      [9, 9],
      [8, 0],
      [15, 1],
    ] as const) {
      let r = 0;
      for (const c of combinations(n, k)) expect(unrankCombination(r++, n, k)).toEqual(c);
      expect(BigInt(r)).toBe(binomial(n, k));
    }
  });

  it('unrank(rank(c)) = c and rank(unrank(r)) = r at bigint scale', () => {
    const n = 1_000_000;
    const k = 3;
    const total = binomial(n, k);
    for (const r of [0n, 1n, 123456789n, total / 2n, total - 2n, total - 1n]) {
      const c = unrankCombination(r, n, k);
      expect(c.length).toBe(3);
      expect(rankCombination(c, n)).toBe(r);
    }
    expect(unrankCombination(total - 1n, n, k)).toEqual([999_997, 999_998, 999_999]);
    // C(200, 100) ≈ 9e58: far past 2^53.
    const big = binomial(200, 100) - 12345n;
    expect(rankCombination(unrankCombination(big, 200, 100), 200)).toBe(big);
  });

  it('hand-checked: the last pair of LIMIT-small is rank 999 = (37, 38)', () => {
    expect(unrankCombination(999, 46, 2)).toEqual([37, 38]);
    expect(unrankCombination(45n, 46, 2)).toEqual([1, 2]);
  });

  it.each([
    ['rank', -1, 5, 2],
    ['rank', 10, 5, 2],
    ['rank', 0.5, 5, 2],
    ['rank', Number.NaN, 5, 2],
    ['k', 0, 5, 6],
    ['n', 0, -5, 2],
  ] as const)('rejects a bad %s (rank %s, n %s, k %s)', (parameter, rank, n, k) => {
    try {
      unrankCombination(rank, n, k);
      expect.unreachable();
    } catch (e) {
      expect(InvalidArgumentError.isInstance(e)).toBe(true);
      expect((e as InvalidArgumentError).parameter).toBe(parameter);
    }
  });
});
