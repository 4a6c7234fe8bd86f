import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@limit/core';
import { fitCriticalN } from './fit.js';
import { PAPER_CRITICAL_N, PAPER_CUBIC_FIT, paperCriticalNFit } from './paper.js';

describe('fitCriticalN', () => {
  it('recovers the paper cubic from points on it (identity), r² = 1', () => {
    const points = [4, 6, 8, 10, 12, 16, 20].map((d) => ({ d, criticalN: paperCriticalNFit(d) }));
    const fit = fitCriticalN(points);
    PAPER_CUBIC_FIT.coefficients.forEach((c, i) => expect(fit.coefficients[i]).toBeCloseTo(c, 6));
    expect(fit.r2).toBeCloseTo(1, 10);
    expect(fit.residualDegreesOfFreedom).toBe(3);
    for (const row of fit.extrapolation) expect(row.fitted / row.paper).toBeCloseTo(1, 5);
  });

  it('matches numpy.polyfit on the published table d = 4..8 → 10, 14, 19, 24, 28', () => {
    // python3: np.polyfit([4,5,6,7,8], [10,14,19,24,28], 3)[::-1] = [24, -12.8333, 3, -0.166667]
    const points = Object.entries(PAPER_CRITICAL_N).map(([d, n]) => ({ d: Number(d), criticalN: n })).filter((p) => p.d <= 8);
    const fit = fitCriticalN(points);
    expect(fit.coefficients[0]).toBeCloseTo(24, 6);
    expect(fit.coefficients[1]).toBeCloseTo(-12.833333, 5);
    expect(fit.coefficients[2]).toBeCloseTo(3, 6);
    expect(fit.coefficients[3]).toBeCloseTo(-0.1666667, 6);
    // A cubic through five small-d points extrapolates wildly: this is why the paper fits more d.
    expect(fit.predict(512)).toBeLessThan(0);
  });

  it("recovers the paper's published cubic from its whole Table 6 (d = 4..45), as numpy.polyfit does", () => {
    // python3: np.polyfit(d, n, 3)[::-1] over Table 6 = [-10.5321717, 4.03093555, 0.0520465228, 0.00367558535], r² = 0.998576
    const points = Object.entries(PAPER_CRITICAL_N).map(([d, n]) => ({ d: Number(d), criticalN: n }));
    expect(points.map((p) => p.d)).toEqual(Array.from({ length: 42 }, (_, i) => i + 4));
    const fit = fitCriticalN(points);
    [-10.5321717, 4.03093555, 0.0520465228, 0.00367558535].forEach((c, i) => expect(fit.coefficients[i]).toBeCloseTo(c, 6));
    expect(fit.r2).toBeCloseTo(0.9985755, 6);
    // rounded as the paper prints it: −10.5322 + 4.0309d + 0.0520d² + 0.0037d³
    expect(fit.coefficients.map((c, i) => Number(c.toFixed(i < 2 ? 4 : 4)))).toEqual([-10.5322, 4.0309, 0.052, 0.0037]);
  });

  it('evaluates the paper fit as published (≈ 500k at d = 512, ≈ 4M at d = 1024)', () => {
    expect(Math.round(paperCriticalNFit(512))).toBe(512290);
    expect(Math.round(paperCriticalNFit(1024))).toBe(4031488);
  });

  it('needs degree + 1 distinct d', () => {
    expect(() => fitCriticalN([{ d: 4, criticalN: 10 }, { d: 5, criticalN: 14 }, { d: 5, criticalN: 15 }, { d: 6, criticalN: 19 }])).toThrow(
      expect.objectContaining({ name: 'InvalidArgumentError', parameter: 'points' }) as unknown as Error,
    );
    try {
      fitCriticalN([{ d: 4, criticalN: Number.NaN }, { d: 5, criticalN: 1 }, { d: 6, criticalN: 1 }, { d: 7, criticalN: 1 }]);
      expect.unreachable();
    } catch (error) {
      expect(InvalidArgumentError.isInstance(error) && error.parameter).toBe('points[0]');
    }
  });
});
