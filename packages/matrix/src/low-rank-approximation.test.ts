import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@limit/core';
import { lowRankApproximation } from './low-rank-approximation.js';
import { rank } from './rank.js';
import { caseMatrix, loadSvdCases } from '../test/helpers.js';

const cases = loadSvdCases();

describe('lowRankApproximation', () => {
  it('Eckart–Young: ‖A − A_r‖_F, measured on the reconstruction, equals sqrt(Σ_{i>r} σ_i²) from LAPACK', () => {
    for (const c of cases.filter((x) => !x.exact)) {
      const a = caseMatrix(c);
      const p = Math.min(c.rows, c.cols);
      for (const r of [0, 1, Math.floor(p / 2), p - 1, p]) {
        const approx = lowRankApproximation(a, r);
        let tail = 0;
        for (let i = r; i < p; i++) tail += c.lapack[i]! ** 2;
        const expected = Math.sqrt(tail);
        expect(Math.abs(approx.error - expected), `${c.name} r=${r}`).toBeLessThanOrEqual(1e-10 * expected + 1e-12 * c.lapack[0]!);
        expect(approx.predictedError).toBeCloseTo(expected, 10);
      }
    }
  });

  it('the approximation has rank r and beats a random rank-r competitor', () => {
    const c = cases.find((x) => x.name === 'random-tall-60x25')!;
    const a = caseMatrix(c);
    const approx = lowRankApproximation(a, 4);
    expect(rank(approx.matrix)).toBe(4);
    // truncating A's own columns to 4 nonzero columns is a rank-4 competitor
    let competitor = 0;
    for (let i = 0; i < a.rows; i++) for (let j = 4; j < a.cols; j++) competitor += a.data[i * a.cols + j]! ** 2;
    expect(approx.error).toBeLessThan(Math.sqrt(competitor));
  });

  it('reports factors and storage (M + N + 1)·r against M·N', () => {
    const approx = lowRankApproximation([[3, 0], [4, 5], [0, 0]], 1);
    expect(approx.factors.U.rows).toBe(3);
    expect(approx.factors.V.rows).toBe(2);
    expect(approx.factors.S[0]).toBeCloseTo(Math.sqrt(45), 13);
    expect(approx.storage).toEqual({ factored: 6, dense: 6 });
    expect(approx.error).toBeCloseTo(Math.sqrt(5), 13);
    expect(approx.relativeError).toBeCloseTo(Math.sqrt(5 / 50), 13);
  });

  it('rejects r > min(rows, cols) and non-integer r, naming r', () => {
    for (const r of [3, -1, 1.5]) {
      try {
        lowRankApproximation([[1, 2, 3], [4, 5, 6]], r);
        throw new Error('no throw');
      } catch (e) {
        expect(InvalidArgumentError.isInstance(e)).toBe(true);
        expect((e as InvalidArgumentError).parameter).toBe('r');
      }
    }
  });
});
