import { CombinatorialOverflowError, InvalidArgumentError } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { binomial, binomialNumber } from './binomial.js';

/** Pascal's triangle by additions only: an independent reference. */
function pascal(rows: number): bigint[][] {
  const t: bigint[][] = [[1n]];
  for (let n = 1; n <= rows; n++) {
    const prev = t[n - 1]!;
    const row: bigint[] = [1n];
    for (let k = 1; k < n; k++) row.push(prev[k - 1]! + prev[k]!);
    row.push(1n);
    t.push(row);
  }
  return t;
}

describe('binomial', () => {
  it('matches Pascal’s triangle for n ≤ 60', () => {
    const t = pascal(60);
    for (let n = 0; n <= 60; n++) {
      for (let k = 0; k <= n; k++) expect(binomial(n, k)).toBe(t[n]![k]!);
    }
  });

  it('matches values computed with Python math.comb', () => {
    expect(binomial(46, 2)).toBe(1035n);
    expect(binomial(1_000_000, 3)).toBe(166666166667000000n);
    expect(binomial(100, 50)).toBe(100891344545564193334812497256n);
    expect(binomial(50n, 25n)).toBe(126410606437752n);
  });

  it('follows the conventions C(n, 0) = 1 and C(n, k) = 0 for k > n', () => {
    expect(binomial(0, 0)).toBe(1n);
    expect(binomial(7, 0)).toBe(1n);
    expect(binomial(3, 5)).toBe(0n);
  });

  it.each([
    ['n', -1, 2],
    ['n', 2.5, 1],
    ['n', Number.NaN, 1],
    ['n', Number.POSITIVE_INFINITY, 1],
    ['k', 5, -1n],
    ['k', 5, 0.5],
    ['k', 5, Number.NaN],
  ] as const)('rejects a bad %s (%s, %s)', (parameter, n, k) => {
    try {
      binomial(n, k);
      expect.unreachable();
    } catch (e) {
      expect(InvalidArgumentError.isInstance(e)).toBe(true);
      expect((e as InvalidArgumentError).parameter).toBe(parameter);
    }
  });
});

describe('binomialNumber', () => {
  it('returns exact numbers up to 2^53 − 1', () => {
    expect(binomialNumber(46, 2)).toBe(1035);
    expect(binomialNumber(50, 25)).toBe(126410606437752);
    expect(binomialNumber(1000n, 3n)).toBe(166167000);
  });

  it('throws CombinatorialOverflowError past 2^53, carrying the exact value', () => {
    // C(57, 28) ≈ 1.6e16 > 2^53 ≈ 9.007e15, while C(56, 28) ≈ 7.6e15 fits.
    expect(binomialNumber(56, 28)).toBe(7648690600760440);
    try {
      binomialNumber(57, 28);
      expect.unreachable();
    } catch (e) {
      expect(CombinatorialOverflowError.isInstance(e)).toBe(true);
      expect((e as CombinatorialOverflowError).exact).toBe(binomial(57, 28));
    }
    expect(() => binomialNumber(1_000_000, 3)).toThrow(CombinatorialOverflowError);
  });
});
