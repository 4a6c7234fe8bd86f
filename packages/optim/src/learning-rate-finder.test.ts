import { InvalidArgumentError } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { findLearningRate } from './learning-rate-finder.js';
import { sgd } from './sgd.js';

describe('findLearningRate', () => {
  it('tries learning rates evenly spaced in log space, both ends exact', async () => {
    const found = await findLearningRate({ minLearningRate: 1e-3, maxLearningRate: 1, steps: 4, step: () => 1 });
    expect(found.learningRates).toHaveLength(4);
    [1e-3, 1e-2, 1e-1, 1].forEach((lr, i) => expect(found.learningRates[i]! / lr).toBeCloseTo(1, 12));
    expect(found.learningRates[0]).toBe(1e-3);
    expect(found.learningRates[3]).toBe(1);
    expect(found.stop).toBe('completed');
  });

  it('smooths with a bias-corrected moving average (hand-computed, β = 0.5)', async () => {
    const losses = [4, 2, 1];
    const found = await findLearningRate({ steps: 3, smoothing: 0.5, divergenceFactor: 100, step: (_, i) => losses[i]! });
    // 0.5·4 / 0.5 = 4; (1 + 1) / 0.75; (1 + 0.5) / 0.875
    expect(found.smoothedLosses[0]).toBeCloseTo(4, 14);
    expect(found.smoothedLosses[1]).toBeCloseTo(2 / 0.75, 14);
    expect(found.smoothedLosses[2]).toBeCloseTo(1.5 / 0.875, 14);
    expect(found.losses).toEqual(losses);
    expect(found.minimum.learningRate).toBe(found.learningRates[2]);
    expect(found.suggestedLearningRate).toBeCloseTo(found.learningRates[2]! / 10, 15);
  });

  it('finds gradient descent\'s stability limit γ = 2 / a_max on a quadratic', async () => {
    // f(x) = ½ Σ aᵢxᵢ² + 1: gradient descent diverges exactly when γ > 2 / max aᵢ = 0.02
    const a = [1, 10, 100];
    const x = new Float64Array([1, 1, 1]);
    const optimizer = sgd([x], { learningRate: 1e-4 });
    const found = await findLearningRate({
      minLearningRate: 1e-4,
      maxLearningRate: 1,
      steps: 200,
      step: (lr) => {
        optimizer.learningRate = lr;
        const loss = 1 + 0.5 * a.reduce((s, ai, i) => s + ai * x[i]! ** 2, 0);
        optimizer.step([Float64Array.from(x, (xi, i) => a[i]! * xi)]);
        return loss;
      },
    });
    const limit = 2 / 100;
    expect(found.stop).toBe('diverged');
    const last = found.learningRates.at(-1)!;
    expect(last).toBeGreaterThan(limit); // it cannot diverge below the limit…
    // …and what diverged is the a = 100 coordinate, grown back from ~0 (each step above the limit
    // multiplies it by |1 − 100γ| > 1), while the stable ones stayed converged
    expect(Math.abs(x[2]!)).toBeGreaterThan(1);
    expect(Math.abs(x[2]!)).toBeGreaterThan(10 * (Math.abs(x[0]!) + Math.abs(x[1]!)));
    expect(last).toBeLessThan(10 * limit);
    // the smoothed minimum lags behind a flat floor, so the minimum itself may sit past the limit; the
    // suggestion (minimum ÷ 10) and the steepest descent stay below it
    expect(found.suggestedLearningRate).toBeLessThan(limit);
    expect(found.steepest).not.toBeNull();
    expect(found.steepest!.slopePerDecade).toBeLessThan(0);
    expect(found.steepest!.learningRate).toBeLessThan(found.minimum.learningRate);
  });

  it('stops at a non-finite loss and leaves that step out', async () => {
    const found = await findLearningRate({ steps: 10, step: (_, i) => (i < 5 ? 1 / (i + 1) : Number.POSITIVE_INFINITY) });
    expect(found.stop).toBe('non-finite');
    expect(found.losses).toHaveLength(5);
  });

  it('refuses a first loss that is not finite, and bad options (named)', async () => {
    await expect(findLearningRate({ step: () => Number.NaN })).rejects.toThrow(InvalidArgumentError);
    const parameterOf = async (options: object) => {
      try {
        await findLearningRate(options as never);
      } catch (error) {
        return InvalidArgumentError.isInstance(error) ? error.parameter : 'other';
      }
      return 'none';
    };
    expect(await parameterOf({})).toBe('step');
    expect(await parameterOf({ step: () => 1, minLearningRate: 1, maxLearningRate: 0.1 })).toBe('maxLearningRate');
    expect(await parameterOf({ step: () => 1, steps: 2 })).toBe('steps');
    expect(await parameterOf({ step: () => 1, smoothing: 1 })).toBe('smoothing');
    expect(await parameterOf({ step: () => 1, divergenceFactor: 1 })).toBe('divergenceFactor');
    expect(await parameterOf({ step: () => 1, lr: 1 })).toBe('options.lr');
  });

  it('passes errors thrown by step through', async () => {
    await expect(findLearningRate({ step: () => { throw new RangeError('boom'); } })).rejects.toThrow(RangeError);
  });
});
