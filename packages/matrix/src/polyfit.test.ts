import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ShapeMismatchError, createRng } from '@limit/core';
import { polyfit } from './polyfit.js';

interface PolyCase { name: string; x: number[]; y: number[]; degree: number; coefficients: number[]; r2: number }
const cases = (
  JSON.parse(readFileSync(fileURLToPath(new URL('../test/fixtures/polyfit-reference.json', import.meta.url)), 'utf8')) as { cases: PolyCase[] }
).cases;

describe('polyfit', () => {
  it("fits the paper's critical-n points (d 4..8 → 10, 14, 19, 24, 28) with a cubic, r² ≈ 1", () => {
    const fit = polyfit([4, 5, 6, 7, 8], [10, 14, 19, 24, 28], 3);
    expect(fit.r2).toBeGreaterThan(0.999);
    // third differences are constant (−1, −1), so the points lie exactly on 24 − 77/6 d + 3d² − d³/6
    const exact = [24, -77 / 6, 3, -1 / 6];
    fit.coefficients.forEach((c, j) => expect(c).toBeCloseTo(exact[j]!, 9));
    expect(fit.predict(6)).toBeCloseTo(19, 10);
  });

  it('recovers exact polynomials (degree 0..5) from noise-free samples', () => {
    const rng = createRng(3);
    for (let degree = 0; degree <= 5; degree++) {
      const truth = Array.from({ length: degree + 1 }, () => Math.round(rng.normal() * 100) / 10);
      const xs = Array.from({ length: 3 * degree + 4 }, (_, i) => -2 + (i * 5) / (3 * degree + 3));
      const ys = xs.map((x) => truth.reduceRight((acc, c) => acc * x + c, 0));
      const fit = polyfit(xs, ys, degree);
      fit.coefficients.forEach((c, j) => expect(Math.abs(c - truth[j]!)).toBeLessThan(1e-10 * (1 + Math.abs(truth[j]!))));
      expect(fit.r2 === 1 || Math.abs(fit.r2 - 1) < 1e-12).toBe(true);
    }
  });

  it.each(cases.map((c) => [c.name, c] as const))('matches numpy.polyfit: %s', (_n, c) => {
    const fit = polyfit(c.x, c.y, c.degree);
    fit.coefficients.forEach((v, j) => expect(Math.abs(v - c.coefficients[j]!)).toBeLessThan(1e-8 * (1 + Math.abs(c.coefficients[j]!))));
    expect(fit.r2).toBeCloseTo(c.r2, 10);
  });

  it('constant data gives r² = 1 with an exact fit', () => {
    const fit = polyfit([1, 2, 3], [5, 5, 5], 1);
    expect(fit.r2).toBe(1);
    expect(fit.predict(10)).toBeCloseTo(5, 12);
  });

  it('rejects mismatched lengths, non-finite values, too few (distinct) points', () => {
    expect(() => polyfit([1, 2], [1], 1)).toThrow(ShapeMismatchError);
    const param = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(InvalidArgumentError.isInstance(e)).toBe(true);
        return (e as InvalidArgumentError).parameter;
      }
      return 'no error';
    };
    expect(param(() => polyfit([1, Number.NaN], [1, 2], 1))).toBe('x');
    expect(param(() => polyfit([1, 2], [1, Infinity], 1))).toBe('y');
    expect(param(() => polyfit([1, 2], [1, 2], 2))).toBe('x');
    expect(param(() => polyfit([1, 1, 1, 2], [1, 2, 3, 4], 2))).toBe('x');
    expect(param(() => polyfit([1, 2], [1, 2], -1))).toBe('degree');
  });
});
