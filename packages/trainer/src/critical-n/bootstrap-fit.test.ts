import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, createRng } from '@limit/core';
import { bootstrapCriticalNFit, compareCriticalNFits } from './bootstrap-fit.js';
import { PAPER_CUBIC_FIT, paperCriticalNFit } from './paper.js';

describe('bootstrapCriticalNFit', () => {
  it('recovers a power law exactly (hand check: n = 2·d² through (1, 2), (2, 8), (4, 32))', () => {
    const fit = bootstrapCriticalNFit(
      [
        { d: 1, criticalN: 2 },
        { d: 2, criticalN: 8 },
        { d: 4, criticalN: 32 },
        { d: 8, criticalN: 128 },
      ],
      { model: 'power-law', extrapolateTo: [16] },
    );
    expect(fit.coefficients[0]).toBeCloseTo(2, 10);
    expect(fit.coefficients[1]).toBeCloseTo(2, 10);
    // no residuals: every resample is the same fit, so the interval is the point
    expect(fit.extrapolation[0]).toMatchObject({ d: 16, supported: true });
    expect(fit.extrapolation[0]!.n!).toBeCloseTo(512, 6);
    expect(fit.extrapolation[0]!.low!).toBeCloseTo(512, 6);
    expect(fit.extrapolation[0]!.high!).toBeCloseTo(512, 6);
  });

  it('recovers the paper cubic from its own curve over d = 4..20 and extrapolates as the paper does', () => {
    const points = Array.from({ length: 17 }, (_, i) => ({ d: 4 + i, criticalN: paperCriticalNFit(4 + i) }));
    const fit = bootstrapCriticalNFit(points, { model: 'cubic' });
    PAPER_CUBIC_FIT.coefficients.forEach((c, i) => expect(fit.coefficients[i]).toBeCloseTo(c, 6));
    const at512 = fit.extrapolation.find((e) => e.d === 512)!;
    expect(at512.supported).toBe(true);
    expect(at512.n! / paperCriticalNFit(512)).toBeCloseTo(1, 6);
  });

  it('refuses to extrapolate the paper table d = 4..8 with a cubic (1 residual d.o.f.) and never prints a negative n', () => {
    const fit = bootstrapCriticalNFit([4, 5, 6, 7, 8].map((d, i) => ({ d, criticalN: [10, 14, 19, 24, 28][i]! })), { model: 'cubic' });
    // numpy: this cubic predicts a negative n at 512; the fit must not report it
    expect(fit.predict(512)).toBeLessThan(0);
    for (const e of fit.extrapolation) {
      expect(e.n).toBeNull();
      expect(e.supported).toBe(false);
      expect(e.reason).toMatch(/residual degree/);
    }
  });

  it('says plainly when the interval reaches n ≤ 0 or is too wide', () => {
    // noisy, nearly flat data: the cubic's bootstrap predictions at 512 straddle 0
    const rng = createRng(3);
    const points = Array.from({ length: 8 }, (_, i) => ({ d: 4 + i, criticalN: 20 + (rng.uniform() - 0.5) * 10 }));
    const fit = bootstrapCriticalNFit(points, { model: 'cubic', extrapolateTo: [512] });
    expect(fit.extrapolation[0]!.n).toBeNull();
    expect(fit.extrapolation[0]!.reason).toMatch(/n ≤ 0|factor/);
  });

  it('resamples seeds per d when every d has ≥ 2 seeds; the interval covers the truth and is reproducible', () => {
    // truth n = 1.5·d^1.8; each seed's critical n is truth − noise (a seed can only fall short of the best)
    const rng = createRng(11);
    const observations = [];
    for (let d = 4; d <= 20; d++) for (let seed = 0; seed < 4; seed++) observations.push({ d, seed, criticalN: Math.round(1.5 * d ** 1.8 - rng.uniform() * 3) });
    const a = bootstrapCriticalNFit(observations, { model: 'power-law', seed: 5, extrapolateTo: [64] });
    const b = bootstrapCriticalNFit(observations, { model: 'power-law', seed: 5, extrapolateTo: [64] });
    const c = bootstrapCriticalNFit(observations, { model: 'power-law', seed: 6, extrapolateTo: [64] });
    expect(a.method).toBe('seeds');
    expect(a.extrapolation).toEqual(b.extrapolation);
    expect(c.extrapolation[0]!.low).not.toBe(a.extrapolation[0]!.low);
    const truth = 1.5 * 64 ** 1.8;
    expect(a.extrapolation[0]!.low! * 0.9).toBeLessThan(truth);
    expect(a.extrapolation[0]!.high! * 1.1).toBeGreaterThan(truth);
    expect(bootstrapCriticalNFit(observations.filter((o) => o.seed === 0), { model: 'power-law' }).method).toBe('residuals');
  });

  it('rejects too few d and bad values with typed errors', () => {
    expect(() => bootstrapCriticalNFit([{ d: 4, criticalN: 10 }], { model: 'power-law' })).toThrow(InvalidArgumentError);
    expect(() => bootstrapCriticalNFit([{ d: 4, criticalN: 0 }, { d: 5, criticalN: 3 }], { model: 'power-law' })).toThrow(/observations\[0\]/);
    expect(() => bootstrapCriticalNFit([], { resamples: 1 })).toThrow(/resamples/);
  });
});

describe('compareCriticalNFits', () => {
  it("fits the paper's values (Table 6) over the measured range and says that none exist beyond d = 45", () => {
    const inside = compareCriticalNFits([4, 5, 6, 7, 8, 9, 10].map((d) => ({ d, criticalN: Math.round(paperCriticalNFit(d)) })));
    expect(inside.paperValuesD).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(inside.notes.join(' ')).not.toMatch(/cover d = /);
    const observations = [40, 42, 44, 46, 48].map((d) => ({ d, criticalN: Math.round(paperCriticalNFit(d)) }));
    const comparison = compareCriticalNFits(observations);
    expect(comparison.measured.map((f) => f.model)).toEqual(['cubic', 'power-law']);
    expect(comparison.paperValuesD).toEqual([40, 41, 42, 43, 44, 45]);
    expect(comparison.paperValues.map((f) => f.model)).toEqual(['cubic', 'power-law']);
    expect(comparison.notes.join(' ')).toMatch(/d = 4…45 only/);
    expect(comparison.paperFit[0]).toEqual({ d: 512, n: paperCriticalNFit(512) });
    for (const fit of [...comparison.measured, ...comparison.paperValues]) for (const e of fit.extrapolation) expect(e.n === null || e.n > 0).toBe(true);
  });
});
