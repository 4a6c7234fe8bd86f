import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@limit/core';
import { momentCurveEmbedding } from './moment-curve-embedding.js';
import type { MomentCurveVerification } from './moment-curve-embedding.js';

const verified = new Map<number, MomentCurveVerification>();
/** verify() for k = 2, computed once per n (n = 600 checks 179,700 pairs). */
const verifyPairs = (n: number) => {
  if (!verified.has(n)) verified.set(n, momentCurveEmbedding(n, 2).verify());
  return verified.get(n)!;
};

describe('momentCurveEmbedding', () => {
  it('documents are unit vectors in ℝ^{2k}', () => {
    const e = momentCurveEmbedding(37, 3);
    expect(e.dimension).toBe(6);
    for (let j = 0; j < 37; j++) {
      let s = 0;
      for (let m = 0; m < 6; m++) s += e.documents.data[j * 6 + m]! ** 2;
      expect(s).toBeCloseTo(1, 14);
    }
  });

  it('the query expands Π(1 − cos(t − t_i)): q·d(t) is an affine function of p(t) with negative slope', () => {
    const e = momentCurveEmbedding(50, 3);
    const subset = [4, 17, 33];
    const q = e.queryFor(subset);
    const k = 3;
    const d = (t: number) => Array.from({ length: 2 * k }, (_, i) => (i % 2 === 0 ? Math.cos((i / 2 + 1) * t) : Math.sin(((i - 1) / 2 + 1) * t)) / Math.sqrt(k));
    const p = (t: number) => subset.reduce((acc, i) => acc * (1 - Math.cos(t - e.angles[i]!)), 1);
    const score = (t: number) => d(t).reduce((s, v, i) => s + v * q[i]!, 0);
    // score(t) = α − β p(t) with β > 0: fit α, β from two points, check at many others
    const [t1, t2] = [0.3, 2.1];
    const beta = (score(t1) - score(t2)) / (p(t2) - p(t1));
    const alpha = score(t1) + beta * p(t1);
    expect(beta).toBeGreaterThan(0);
    for (let t = 0; t < 2 * Math.PI; t += 0.137) expect(score(t)).toBeCloseTo(alpha - beta * p(t), 12);
    let qn = 0;
    for (const v of q) qn += v * v;
    expect(qn).toBeCloseTo(1, 14);
  });

  it('queryFor(S) ranks exactly S on top (independent brute-force sort)', () => {
    const e = momentCurveEmbedding(60, 2);
    for (const S of [[0, 1], [0, 59], [10, 40], [22, 24]]) {
      const q = e.queryFor(S);
      const scores = Array.from({ length: 60 }, (_, j) => q.reduce((s, v, m) => s + v * e.documents.data[j * 4 + m]!, 0));
      const top = scores.map((s, j) => [s, j] as const).sort((a, b) => b[0] - a[0]).slice(0, 2).map(([, j]) => j).sort((a, b) => a - b);
      expect(top).toEqual([...S].sort((a, b) => a - b));
      expect(e.marginOf(S)).toBeGreaterThan(0);
    }
  });

  it.each([10, 100, 600])('every pair of %i documents is an exact top-2 in float64 (positive margin)', (n) => {
    const v = verifyPairs(n);
    expect(v.exhaustive).toBe(true);
    expect(v.subsetsChecked).toBe((n * (n - 1)) / 2);
    expect(v.float64.accuracy).toBe(1);
    expect(v.float64.minMargin).toBeGreaterThan(0);
  });

  it('the margin shrinks as n grows, and float32 fails where the margin drops below float32 resolution', () => {
    const small = verifyPairs(100);
    const large = verifyPairs(600);
    expect(large.float64.minMargin).toBeLessThan(small.float64.minMargin / 100);
    expect(small.float32.accuracy).toBe(1);
    expect(large.float64.minMargin).toBeLessThan(2 ** -24); // below float32's unit roundoff at scores ~1
    expect(large.float32.accuracy).toBeLessThan(1);
    expect(large.float32.minMargin).toBeLessThanOrEqual(0);
  });

  it('k = 3 and sampling when C(n, k) exceeds maxSubsets', () => {
    const e = momentCurveEmbedding(40, 3);
    const all = e.verify();
    expect(all.exhaustive).toBe(true);
    expect(all.float64.accuracy).toBe(1);
    const sample = e.verify({ maxSubsets: 500, seed: 1 });
    expect(sample.exhaustive).toBe(false);
    expect(sample.subsetsChecked).toBe(500);
    expect(sample.float64.minMargin).toBeGreaterThanOrEqual(all.float64.minMargin);
  });

  it('rejects bad n, k and subsets', () => {
    expect(() => momentCurveEmbedding(2, 2)).toThrow(InvalidArgumentError);
    expect(() => momentCurveEmbedding(10, 0)).toThrow(InvalidArgumentError);
    const e = momentCurveEmbedding(10, 2);
    for (const s of [[1], [1, 1], [1, 10], [0.5, 2]]) {
      try {
        e.queryFor(s);
        throw new Error('no throw');
      } catch (err) {
        expect(InvalidArgumentError.isInstance(err)).toBe(true);
        expect((err as InvalidArgumentError).parameter).toBe('subset');
      }
    }
  });
});
