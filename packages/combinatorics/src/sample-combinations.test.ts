import { InvalidArgumentError, createRng, type Rng } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { binomialNumber } from './binomial.js';
import { combinations } from './combinations.js';
import { rankCombination } from './rank-combination.js';
import { sampleCombinations } from './sample-combinations.js';

function checkValid(sets: number[][], n: number, k: number): void {
  const keys = new Set<string>();
  for (const s of sets) {
    expect(s.length).toBe(k);
    for (let i = 0; i < k; i++) {
      expect(Number.isInteger(s[i])).toBe(true);
      expect(s[i]!).toBeGreaterThanOrEqual(0);
      expect(s[i]!).toBeLessThan(n);
      if (i > 0) expect(s[i]!).toBeGreaterThan(s[i - 1]!);
    }
    keys.add(s.join(','));
  }
  expect(keys.size).toBe(sets.length);
}

describe('sampleCombinations', () => {
  it('n = 1,000,000, k = 3, q = 1000: distinct sorted triples in rank order', () => {
    const sets = sampleCombinations(1_000_000, 3, 1000, createRng(1));
    expect(sets.length).toBe(1000);
    checkValid(sets, 1_000_000, 3);
    for (let i = 1; i < sets.length; i++) {
      expect(rankCombination(sets[i]!, 1_000_000) > rankCombination(sets[i - 1]!, 1_000_000)).toBe(true);
    }
  });

  it('returns every subset when q = C(n, k) (the dense path terminates)', () => {
    const all = [...combinations(16, 8)];
    const sets = sampleCombinations(16, 8, all.length, createRng(2));
    expect(sets).toEqual(all);
  });

  it('q just below C(n, k) leaves out exactly the right number', () => {
    const total = binomialNumber(12, 4);
    const sets = sampleCombinations(12, 4, total - 3, createRng(3));
    expect(sets.length).toBe(total - 3);
    checkValid(sets, 12, 4);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = sampleCombinations(500, 4, 50, createRng(9));
    const b = sampleCombinations(500, 4, 50, createRng(9));
    const c = sampleCombinations(500, 4, 50, createRng(10));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('is uniform: each of the C(5, 2) = 10 pairs is drawn ≈ q/10 of the time (chi-square)', () => {
    const rng = createRng(4);
    const counts = new Map<string, number>();
    const trials = 4000;
    for (let t = 0; t < trials; t++) {
      for (const s of sampleCombinations(5, 2, 3, rng)) counts.set(s.join(','), (counts.get(s.join(',')) ?? 0) + 1);
    }
    expect(counts.size).toBe(10);
    const expected = (trials * 3) / 10;
    let chi2 = 0;
    for (const c of counts.values()) chi2 += (c - expected) ** 2 / expected;
    // 9 degrees of freedom: P(χ² > 27.9) ≈ 0.001.
    expect(chi2).toBeLessThan(27.9);
  });

  it('works when C(n, k) exceeds 2^53 (bigint ranks)', () => {
    const sets = sampleCombinations(10_000, 8, 100, createRng(5));
    expect(sets.length).toBe(100);
    checkValid(sets, 10_000, 8);
  });

  it('q = 0 gives no subsets; k = 0 gives the empty subset', () => {
    expect(sampleCombinations(10, 2, 0, createRng(0))).toEqual([]);
    expect(sampleCombinations(10, 0, 1, createRng(0))).toEqual([[]]);
  });

  it.each([
    ['q', 5, 2, 11],
    ['q', 5, 2, -1],
    ['k', 5, 6, 1],
    ['n', Number.NaN, 2, 1],
    ['q', 5, 2, 1.5],
  ] as const)('rejects a bad %s (n %s, k %s, q %s)', (parameter, n, k, q) => {
    try {
      sampleCombinations(n, k, q, createRng(0));
      expect.unreachable();
    } catch (e) {
      expect(InvalidArgumentError.isInstance(e)).toBe(true);
      expect((e as InvalidArgumentError).parameter).toBe(parameter);
    }
  });

  it('rejects a missing rng', () => {
    expect(() => sampleCombinations(5, 2, 1, undefined as unknown as Rng)).toThrow(/parameter rng/);
  });
});
