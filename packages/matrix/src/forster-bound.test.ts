import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@limit/core';
import { forsterBound } from './forster-bound.js';
import { subsetSignMatrix } from './subset-sign-matrix.js';
import { binomial } from '@limit/combinatorics';
import { logBigInt } from './log-binomial.js';
import { subsetSignMatrixSpectrum } from './subset-sign-matrix-spectrum.js';
import { singularValues } from './singular-values.js';

/** Sylvester–Hadamard matrix of order 2^p as a 0/1 pattern. */
function hadamardPattern(p: number): number[][] {
  let h = [[1]];
  for (let i = 0; i < p; i++) h = [...h.map((r) => [...r, ...r]), ...h.map((r) => [...r, ...r.map((v) => -v)])];
  return h.map((r) => r.map((v) => (v + 1) / 2));
}

describe('forsterBound', () => {
  it('Hadamard matrices: ‖H‖₂ = √N, so the bound is exactly √N', () => {
    for (const p of [2, 4, 6]) {
      const N = 2 ** p;
      const f = forsterBound(hadamardPattern(p));
      expect(f.spectralNorm).toBeCloseTo(Math.sqrt(N), 12);
      expect(f.value).toBeCloseTo(Math.sqrt(N), 12);
      expect(f.signRankLowerBound).toBe(Math.sqrt(N));
      expect(f.dimensionLowerBound).toBe(Math.sqrt(N) - 1);
    }
  });

  it('all pairs of n documents: matches the closed-form spectrum, and is weak (≈ 1)', () => {
    const values: number[] = [];
    for (const n of [10, 46]) {
      const m = subsetSignMatrix(n, 2);
      const A = { rows: m.rows, cols: m.cols, data: Float64Array.from(m.data, (v) => (v + 1) / 2) };
      const f = forsterBound(A);
      const closed = subsetSignMatrixSpectrum(n, 2);
      expect(f.spectralNorm).toBeCloseTo(closed.spectralNorm, 9);
      expect(f.value).toBeCloseTo(closed.forsterBound, 12);
      expect(f.value).toBeGreaterThan(1);
      expect(f.value).toBeLessThan(2);
      values.push(f.value);
    }
    // n = 10: q = 45, b = 13, λ₁ = 45 + 9·13 = 162, bound = sqrt(450 / 162) = 5/3 (by hand)
    expect(values[0]).toBeCloseTo(5 / 3, 12);
    expect(values[1]!).toBeLessThan(values[0]!);
  });

  it('rejects non-binary entries, naming A', () => {
    try {
      forsterBound([[0, 2]]);
      throw new Error('no throw');
    } catch (e) {
      expect(InvalidArgumentError.isInstance(e)).toBe(true);
      expect((e as InvalidArgumentError).parameter).toBe('A');
    }
  });
});

describe('subsetSignMatrix and its closed-form spectrum', () => {
  it('rows are the k-subsets in lexicographic order', () => {
    const m = subsetSignMatrix(4, 2);
    const rows = Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * 4, i * 4 + 4)));
    expect(rows).toEqual([
      [1, 1, -1, -1],
      [1, -1, 1, -1],
      [1, -1, -1, 1],
      [-1, 1, 1, -1],
      [-1, 1, -1, 1],
      [-1, -1, 1, 1],
    ]);
  });

  it('closed-form singular values equal the dense SVD for several (n, k)', () => {
    for (const [n, k] of [[6, 2], [8, 3], [9, 4], [12, 6], [20, 2]] as const) {
      const s = singularValues(subsetSignMatrix(n, k, 'float64'));
      const c = subsetSignMatrixSpectrum(n, k);
      const expected = [c.sigmaOnes, ...Array.from({ length: n - 1 }, () => c.sigmaRest)].sort((a, b) => b - a);
      for (let i = 0; i < n; i++) expect(Math.abs(s[i]! - expected[i]!), `n=${n} k=${k} i=${i}`).toBeLessThan(1e-10 * expected[0]!);
      expect(c.queries).toBe(BigInt(s.length === n ? Number(c.queries) : -1));
    }
  });

  it('equals the exact bigint formula (b from three binomials), and answers for n = 10⁶, k = 5·10⁵', () => {
    for (const [n, k] of [[50, 7], [300, 150], [1201, 600], [64, 1]] as const) {
      const N = BigInt(n);
      const K = BigInt(k);
      const c = (a: bigint, b: bigint) => (b < 0n || b > a ? 0n : binomial(a, b));
      const q = c(N, K);
      const b = c(N - 2n, K - 2n) + c(N - 2n, K) - 2n * c(N - 2n, K - 1n);
      const ones = q + (N - 1n) * b;
      const rest = q - b;
      const max = ones > rest ? ones : rest;
      const forster = Math.sqrt(Number((q * N << 60n) / max) / 2 ** 60);
      const s = subsetSignMatrixSpectrum(n, k);
      expect(s.forsterBound).toBeCloseTo(forster, 12);
      if (ones === 0n) expect(s.sigmaOnes).toBe(0);
      else expect(s.sigmaOnes / Math.exp(0.5 * logBigInt(ones))).toBeCloseTo(1, 12);
      expect(s.sigmaRest / Math.exp(0.5 * logBigInt(rest))).toBeCloseTo(1, 12);
    }
    const huge = subsetSignMatrixSpectrum(1_000_000, 500_000);
    // k = n/2: λones = 0, so ‖M‖ = σrest and forster² = n²(n − 1)/(4k(n − k)) = n − 1
    expect(huge.sigmaOnes).toBe(0);
    expect(huge.forsterBound).toBeCloseTo(Math.sqrt(999_999), 6);
  });

  it('works for huge n with bigint arithmetic (n = 10⁹, k = 2)', () => {
    const c = subsetSignMatrixSpectrum(10n ** 9n, 2);
    expect(c.queries).toBe(499_999_999_500_000_000n);
    expect(c.forsterBound).toBeGreaterThan(1);
    expect(c.forsterBound).toBeLessThan(1.01);
  });
});
