import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@limit/core';
import { rank } from './rank.js';
import { spectralNorm } from './spectral-norm.js';
import { frobeniusNorm } from './frobenius-norm.js';
import { singularValues } from './singular-values.js';
import { caseMatrix, loadSvdCases } from '../test/helpers.js';

describe('rank, spectralNorm, frobeniusNorm, singularValues', () => {
  it('rank by hand and with an explicit tolerance', () => {
    expect(rank([[1, 2], [2, 4]])).toBe(1);
    expect(rank([[1, 0], [0, 1e-9]])).toBe(2);
    expect(rank([[1, 0], [0, 1e-9]], 1e-6)).toBe(1);
    expect(rank([[0, 0], [0, 0]])).toBe(0);
    expect(() => rank([[1]], -1)).toThrow(InvalidArgumentError);
  });

  it('agree with the LAPACK fixtures: ‖A‖₂ = σ₁, ‖A‖_F = sqrt(Σσ²)', () => {
    for (const c of loadSvdCases()) {
      const a = caseMatrix(c);
      expect(Math.abs(spectralNorm(a) - c.lapack[0]!) / c.lapack[0]!).toBeLessThan(1e-13);
      const f = Math.sqrt(c.lapack.reduce((s, v) => s + v * v, 0));
      expect(Math.abs(frobeniusNorm(a) - f) / f).toBeLessThan(1e-13);
      const s = singularValues(a);
      expect(s.length).toBe(Math.min(c.rows, c.cols));
    }
  });

  it('rank matches the construction of the rank-deficient fixtures', () => {
    const cases = loadSvdCases();
    expect(rank(caseMatrix(cases.find((c) => c.name === 'rank5-tall-30x20')!))).toBe(5);
    expect(rank(caseMatrix(cases.find((c) => c.name === 'rank3-wide-12x40')!))).toBe(3);
  });

  it('frobeniusNorm neither overflows nor underflows', () => {
    expect(frobeniusNorm([[3e200, 4e200]])).toBeCloseTo(5e200, -188);
    expect(frobeniusNorm([[3e-200, 4e-200]]) / 5e-200).toBeCloseTo(1, 14);
    expect(frobeniusNorm([[0, 0]])).toBe(0);
  });
});
