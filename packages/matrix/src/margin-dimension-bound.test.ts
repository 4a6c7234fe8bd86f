import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@limit/core';
import { marginDimensionBound } from './margin-dimension-bound.js';
import { binomial } from '@limit/combinatorics';
import { LOG_BINOMIAL_EXACT_LIMIT, logBigInt, logBinomial } from './log-binomial.js';

describe('marginDimensionBound (Theorem 1)', () => {
  it('reproduces the paper table at γ = 0.1 (LIMIT-FACTS.md)', () => {
    const table: [number | bigint, number, number][] = [
      [100, 2, 4],
      [1_000, 2, 6],
      [10_000, 2, 8],
      [1_000_000, 2, 12],
      [10n ** 9n, 2, 17],
      [1_000, 10, 23],
      [1_000_000, 10, 52],
      [10_000, 100, 233],
    ];
    for (const [n, k, d] of table) expect(marginDimensionBound({ n, k, margin: 0.1 }), `n=${n} k=${k}`).toBe(d);
  });

  it('is the smallest d with (1 + 1/γ)^d ≥ C(n, k), checked by hand', () => {
    // C(100, 2) = 4950; 11^3 = 1331 < 4950 ≤ 11^4 = 14641
    expect(marginDimensionBound({ n: 100, k: 2, margin: 0.1 })).toBe(4);
    // C(10, 5) = 252 = 252: with 1 + 1/γ = 252 exactly, d = 1 (not 2)
    expect(marginDimensionBound({ n: 10, k: 5, margin: 1 / 251 })).toBe(1);
    // C(4, 2) = 6 ≤ 2^3 = 8 and > 2^2: margin 1 → 3
    expect(marginDimensionBound({ n: 4, k: 2, margin: 1 })).toBe(3);
    expect(marginDimensionBound({ n: 5, k: 5, margin: 0.1 })).toBe(0);
  });

  it('needs fewer dimensions at a smaller margin γ (log(1 + 1/γ) grows)', () => {
    const a = marginDimensionBound({ n: 1000, k: 2, margin: 0.1 });
    const b = marginDimensionBound({ n: 1000, k: 2, margin: 0.01 });
    // C(1000, 2) = 499,500: ln 499500 / ln 11 = 5.47 → 6; ln 499500 / ln 101 = 2.84 → 3
    expect(a).toBe(6);
    expect(b).toBe(3);
    expect(marginDimensionBound({ n: 1000, k: 2, margin: 10 })).toBeGreaterThan(a);
  });

  it('rejects γ ≤ 0, non-finite γ and k > n, naming the parameter', () => {
    for (const [args, parameter] of [
      [{ n: 10, k: 2, margin: 0 }, 'margin'],
      [{ n: 10, k: 2, margin: -0.1 }, 'margin'],
      [{ n: 10, k: 2, margin: Number.NaN }, 'margin'],
      [{ n: 10, k: 11, margin: 0.1 }, 'k'],
      [{ n: -1, k: 1, margin: 0.1 }, 'n'],
      [{ n: 1.5, k: 1, margin: 0.1 }, 'n'],
    ] as const) {
      try {
        marginDimensionBound(args);
        throw new Error('no throw');
      } catch (e) {
        expect(InvalidArgumentError.isInstance(e)).toBe(true);
        expect((e as InvalidArgumentError).parameter).toBe(parameter);
      }
    }
  });
});

describe('logBinomial / logBigInt', () => {
  it('match exact small values and huge powers', () => {
    expect(logBinomial(100, 2)).toBeCloseTo(Math.log(4950), 13);
    expect(logBinomial(52, 5)).toBeCloseTo(Math.log(2598960), 13);
    expect(logBigInt(10n ** 400n) / (400 * Math.LN10)).toBeCloseTo(1, 14);
    expect(logBigInt(2n ** 5000n + 1n) / (5000 * Math.LN2)).toBeCloseTo(1, 14);
    expect(logBinomial(7, 0)).toBe(0);
  });

  it('C(10⁹, 2) = 499999999500000000: ln ≈ 40.7534…', () => {
    expect(logBinomial(10n ** 9n, 2)).toBeCloseTo(Math.log(4.999999995e17), 12);
  });

  it("Stirling's series (above the exact limit) equals ln of the exact bigint C(n, k)", () => {
    // independent truth: the exact binomial from @limit/combinatorics, logged with logBigInt
    for (const [n, k] of [[2002, 1001], [3000, 1500], [5000, 1200], [10_000, 4999], [100_000, 1001], [2001, 1000]] as const) {
      const exact = logBigInt(binomial(n, k));
      expect(Math.abs(logBinomial(n, k) - exact) / exact, `n=${n} k=${k}`).toBeLessThan(1e-13);
      expect(logBinomial(n, n - k)).toBe(logBinomial(n, k)); // symmetric
    }
    expect(LOG_BINOMIAL_EXACT_LIMIT).toBe(1000);
    // huge: ln C(10⁶, 5·10⁵) ≈ 10⁶ ln 2 − ½ ln(π·5·10⁵) (central binomial asymptotics)
    const huge = logBinomial(1_000_000, 500_000);
    expect(huge).toBeCloseTo(1e6 * Math.LN2 - 0.5 * Math.log(Math.PI * 5e5), 6);
    expect(Number.isFinite(logBinomial(10n ** 15n, 10n ** 14n))).toBe(true);
  });
});
