import { describe, expect, it } from 'vitest';
import { createRng, InvalidArgumentError, ShapeMismatchError } from '@limit/core';
import { svd, SingularValueDecomposition } from './svd.js';
import { caseMatrix, loadSvdCases, orthonormalityError, reconstructionError } from '../test/helpers.js';

const cases = loadSvdCases();

/**
 * LAPACK's own guarantee is normwise: |σ̂_i − σ_i| ≲ ε·σ₁. So small singular values of an
 * ill-conditioned matrix cannot be compared to 1e-10 relative (LAPACK itself is off by 1e-6 on the
 * condition-1e12 case, see the fixture script's output). We require 1e-10 relative plus 1e-14·σ₁,
 * i.e. 1e-10 relative for every σ_i ≥ 1e-4·σ₁.
 */
function expectClose(actual: Float64Array, expected: readonly number[], label: string): void {
  expect(actual.length, label).toBe(expected.length);
  const s1 = expected[0]!;
  for (let i = 0; i < expected.length; i++) {
    const tol = 1e-10 * expected[i]! + 1e-14 * s1;
    expect(Math.abs(actual[i]! - expected[i]!), `${label} σ_${i + 1}`).toBeLessThanOrEqual(tol);
  }
}

describe('svd against LAPACK (numpy.linalg.svd) fixtures', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s: singular values, orthonormal U and V, reconstruction', (_name, c) => {
    const a = caseMatrix(c);
    const d = svd(a);
    expectClose(d.S, c.lapack, c.name);
    const p = Math.min(c.rows, c.cols);
    expect([d.U.rows, d.U.cols, d.V.rows, d.V.cols]).toEqual([c.rows, p, c.cols, p]);
    expect(orthonormalityError(d.U)).toBeLessThan(1e-12);
    expect(orthonormalityError(d.V)).toBeLessThan(1e-12);
    expect(reconstructionError(a, d.U, d.S, d.V)).toBeLessThan(1e-13);
    for (let i = 1; i < d.S.length; i++) expect(d.S[i]!).toBeLessThanOrEqual(d.S[i - 1]!);
  });

  it('well-conditioned cases agree with LAPACK to 1e-12 relative on every singular value', () => {
    for (const c of cases.filter((x) => x.name.startsWith('random') || x.name.startsWith('uniform'))) {
      const s = svd(caseMatrix(c)).S;
      for (let i = 0; i < s.length; i++) expect(Math.abs(s[i]! - c.lapack[i]!) / c.lapack[i]!, c.name).toBeLessThan(1e-12);
    }
  });

  it('ill-conditioned cases (condition 1e8–1e12, Hilbert) agree with 60-digit mpmath values as well as LAPACK does', () => {
    for (const c of cases.filter((x) => x.exact)) {
      const exact = c.exact!.map(Number);
      const s = svd(caseMatrix(c)).S;
      expectClose(s, exact, `${c.name} vs exact`);
      const condition = exact[0]! / exact[exact.length - 1]!;
      expect(condition).toBeGreaterThan(1e7);
    }
  });

  it('graded matrices get every singular value to high relative accuracy (one-sided Jacobi property)', () => {
    const c = cases.find((x) => x.name.startsWith('graded'))!;
    const exact = c.exact!.map(Number);
    const s = svd(caseMatrix(c)).S;
    expect(exact[exact.length - 1]! / exact[0]!).toBeLessThan(1e-9);
    for (let i = 0; i < s.length; i++) expect(Math.abs(s[i]! - exact[i]!) / exact[i]!).toBeLessThan(1e-12);
  });

  it('rank-deficient matrices: rank is exact and the null singular values are at rounding level', () => {
    for (const [name, r] of [['rank5-tall-30x20', 5], ['rank3-wide-12x40', 3], ['rank1-square-15', 1]] as const) {
      const c = cases.find((x) => x.name === name)!;
      const d = svd(caseMatrix(c));
      expect(d.rank, name).toBe(r);
      expect(d.S[r]! / d.S[0]!).toBeLessThan(1e-14);
      expect(d.condition).toBeGreaterThan(1e13);
    }
  });

  it('returns exactly min(rows, cols) values for wide input (the ml-matrix default-path bug returns one extra)', () => {
    const c = cases.find((x) => x.name === 'random-wide-20x45')!;
    expect(svd(caseMatrix(c)).S.length).toBe(20);
  });
});

describe('svd by hand and by identity', () => {
  it('2 × 2 example: σ = √45, √5 (AᵀA has eigenvalues 45 and 5)', () => {
    const d = new SingularValueDecomposition([[3, 0], [4, 5]]);
    expect(d.S[0]).toBeCloseTo(Math.sqrt(45), 14);
    expect(d.S[1]).toBeCloseTo(Math.sqrt(5), 14);
    expect(d.condition).toBeCloseTo(3, 13);
    expect(d.norm2).toBeCloseTo(Math.sqrt(45), 14);
    expect(d.rank).toBe(2);
  });

  it('diagonal matrix: singular values are |d_i| sorted', () => {
    const d = svd([[0, 0, 0], [0, -7, 0], [0, 0, 2], [0, 0, 0]]);
    expect(Array.from(d.S)).toEqual([7, 2, 0]);
    expect(d.rank).toBe(2);
    expect(d.condition).toBe(Infinity);
  });

  it('zero matrix: σ = 0, rank 0, U and V still orthonormal', () => {
    const d = svd({ rows: 4, cols: 3, data: new Float64Array(12) });
    expect(Array.from(d.S)).toEqual([0, 0, 0]);
    expect(d.rank).toBe(0);
    expect(orthonormalityError(d.U)).toBeLessThan(1e-15);
    expect(orthonormalityError(d.V)).toBeLessThan(1e-15);
  });

  it('thin: false gives square orthogonal U and V for tall and wide input', () => {
    const rng = createRng(7);
    for (const [m, n] of [[9, 4], [4, 9]] as const) {
      const a = { rows: m, cols: n, data: rng.fillNormal(new Float64Array(m * n)) };
      const d = svd(a, { thin: false });
      expect([d.U.rows, d.U.cols, d.V.rows, d.V.cols]).toEqual([m, m, n, n]);
      expect(orthonormalityError(d.U)).toBeLessThan(1e-13);
      expect(orthonormalityError(d.V)).toBeLessThan(1e-13);
      expect(reconstructionError(a, d.U, d.S, d.V)).toBeLessThan(1e-14);
      const thin = svd(a);
      for (let i = 0; i < d.S.length; i++) expect(d.S[i]).toBeCloseTo(thin.S[i]!, 13);
    }
  });

  it('thin: false on rank-deficient fixtures keeps U and V orthogonal and reconstructs A', () => {
    for (const name of ['rank3-wide-12x40', 'rank5-tall-30x20', 'rank1-square-15']) {
      const c = cases.find((x) => x.name === name)!;
      const a = caseMatrix(c);
      const d = svd(a, { thin: false });
      expect([d.U.rows, d.U.cols, d.V.rows, d.V.cols]).toEqual([c.rows, c.rows, c.cols, c.cols]);
      expect(orthonormalityError(d.U), name).toBeLessThan(1e-13);
      expect(orthonormalityError(d.V), name).toBeLessThan(1e-13);
      expect(reconstructionError(a, d.U, d.S, d.V)).toBeLessThan(1e-14);
    }
  });

  it('Frobenius identity Σσ² = Σa² and invariance under transpose, on a random 37 × 23 matrix', () => {
    const rng = createRng(11);
    const m = 37;
    const n = 23;
    const data = rng.fillNormal(new Float64Array(m * n));
    const t = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = data[i * n + j]!;
    const s = svd({ rows: m, cols: n, data }).S;
    const st = svd({ rows: n, cols: m, data: t }).S;
    let sumA = 0;
    for (const v of data) sumA += v * v;
    let sumS = 0;
    for (const v of s) sumS += v * v;
    expect(Math.abs(sumS - sumA) / sumA).toBeLessThan(1e-13);
    for (let i = 0; i < n; i++) expect(Math.abs(s[i]! - st[i]!) / s[i]!).toBeLessThan(1e-13);
  });

  it('accepts Float32Array input (decomposed in float64)', () => {
    const d = svd({ rows: 2, cols: 2, data: new Float32Array([3, 0, 4, 5]) });
    expect(d.S[0]).toBeCloseTo(Math.sqrt(45), 13);
  });
});

describe('svd bad input', () => {
  const expectInvalid = (f: () => unknown, parameter: string) => {
    try {
      f();
    } catch (e) {
      expect(InvalidArgumentError.isInstance(e)).toBe(true);
      expect((e as InvalidArgumentError).parameter).toBe(parameter);
      return;
    }
    throw new Error('expected an InvalidArgumentError');
  };
  it('rejects empty, ragged and non-finite matrices', () => {
    expectInvalid(() => svd([]), 'matrix');
    expectInvalid(() => svd([[]]), 'matrix');
    expectInvalid(() => svd([[1, 2], [3]]), 'matrix');
    expectInvalid(() => svd([[1, Number.NaN]]), 'matrix');
    expectInvalid(() => svd({ rows: 1, cols: 2, data: new Float64Array([1, Infinity]) }), 'matrix');
    expectInvalid(() => svd({ rows: 0, cols: 3, data: new Float64Array(0) }), 'matrix');
  });
  it('rejects a DenseMatrix whose data does not match its shape', () => {
    expect(() => svd({ rows: 2, cols: 2, data: new Float64Array(3) })).toThrow(ShapeMismatchError);
  });
});

describe('svd edge shapes and scales', () => {
  it('1 × 1, 1 × n and n × 1', () => {
    expect(Array.from(svd([[-4]]).S)).toEqual([4]);
    const row = svd([[3, 4]]);
    expect(row.S[0]).toBeCloseTo(5, 14);
    expect(Math.abs(row.V.data[0]!)).toBeCloseTo(0.6, 14);
    const col = svd([[3], [4]]);
    expect(col.S[0]).toBeCloseTo(5, 14);
    expect([col.U.rows, col.U.cols, col.V.rows, col.V.cols]).toEqual([2, 1, 1, 1]);
  });

  it('entries near 1e±300 neither overflow nor underflow (σ scales exactly)', () => {
    const base = [[3, 0], [4, 5]];
    for (const scale of [1e300, 1e-300, 1e-306]) {
      const d = svd(base.map((r) => r.map((v) => v * scale)));
      expect(d.S[0]! / scale).toBeCloseTo(Math.sqrt(45), 12);
      expect(d.S[1]! / scale).toBeCloseTo(Math.sqrt(5), 12);
      expect(orthonormalityError(d.U)).toBeLessThan(1e-14);
    }
    // subnormal input (σ itself is subnormal, so only a few bits survive): converges, no NaN
    const tiny = svd(base.map((r) => r.map((v) => v * 2 ** -1070)));
    expect(tiny.S[0]! / 2 ** -1070).toBeCloseTo(Math.sqrt(45), 0);
    expect(orthonormalityError(tiny.V)).toBeLessThan(1e-14);
  });
});
