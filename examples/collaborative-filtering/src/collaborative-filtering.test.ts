import { createRng } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { formatReport, lossAndGradients, makeRatings, rmse, runCollaborativeFiltering, spectralGap, type Factorisation } from './collaborative-filtering.js';

const SMALL = {
  users: 60,
  items: 40,
  trueRank: 2,
  density: 0.5,
  noise: 0.2,
  heldOutShare: 0.2,
  seed: 3,
  ranks: [1, 2, 12],
  weightDecay: 1,
  learningRate: 0.05,
  steps: 200,
};

describe('collaborative filtering example', () => {
  it('its analytic gradients equal central finite differences of its loss', () => {
    const ratings = makeRatings({ ...SMALL, users: 6, items: 5 });
    const rng = createRng(1);
    const r = 3;
    const model: Factorisation = {
      rank: r,
      mean: 3,
      P: Float64Array.from({ length: 6 * r }, () => rng.normal()),
      Q: Float64Array.from({ length: 5 * r }, () => rng.normal()),
      userBias: Float64Array.from({ length: 6 }, () => rng.normal()),
      itemBias: Float64Array.from({ length: 5 }, () => rng.normal()),
    };
    const { gradients } = lossAndGradients(model, ratings.train);
    const arrays = [model.P, model.Q, model.userBias, model.itemBias];
    const h = 1e-6;
    arrays.forEach((array, a) => {
      for (let i = 0; i < array.length; i++) {
        const x = array[i]!;
        array[i] = x + h;
        const up = lossAndGradients(model, ratings.train).loss;
        array[i] = x - h;
        const down = lossAndGradients(model, ratings.train).loss;
        array[i] = x;
        expect(gradients[a]![i]).toBeCloseTo((up - down) / (2 * h), 6);
      }
    });
    // rmse is the square root of the same mean squared error
    expect(rmse(model, ratings.train) ** 2).toBeCloseTo(lossAndGradients(model, ratings.train).loss, 12);
  });

  it('at a small size: the true rank beats rank 1, overfitting shows at a large rank, decay reduces it', () => {
    const result = runCollaborativeFiltering(SMALL);
    const [rank1, rank2, rank12] = result.rows;
    expect(rank2!.heldOutRmse.noDecay).toBeLessThan(rank1!.heldOutRmse.noDecay);
    expect(rank2!.heldOutRmse.noDecay).toBeLessThan(result.biasesOnlyRmse);
    // no model beats the noise on held-out ratings by much (σ is the Bayes error up to sampling)
    for (const row of result.rows) expect(row.heldOutRmse.noDecay).toBeGreaterThan(0.8 * SMALL.noise);
    // a rank-12 model without decay fits the training noise
    expect(rank12!.trainRmse.noDecay).toBeLessThan(SMALL.noise);
    expect(rank12!.heldOutRmse.decay).toBeLessThan(rank12!.heldOutRmse.noDecay);
    const report = formatReport(result);
    expect(report).toContain(`| 12 | ${rank12!.trainRmse.noDecay.toFixed(3)} |`);
    expect(report).toContain(`largest gap after σ${spectralGap(result.spectrum).after} `);
  });

  it('spectralGap finds the largest ratio of consecutive singular values', () => {
    expect(spectralGap([10, 9, 8, 2, 1.9])).toEqual({ after: 3, ratio: 4 });
    expect(spectralGap([5, 1, 0.9])).toEqual({ after: 1, ratio: 5 });
  });

  it('is deterministic for a seed', () => {
    const a = runCollaborativeFiltering({ ...SMALL, ranks: [2], steps: 20 });
    const b = runCollaborativeFiltering({ ...SMALL, ranks: [2], steps: 20 });
    expect(a.rows).toEqual(b.rows);
  });

  it('names a bad option', () => {
    expect(() => runCollaborativeFiltering({ ...SMALL, density: 2 })).toThrow(/density/);
    expect(() => runCollaborativeFiltering({ ...SMALL, rank: 3 } as never)).toThrow(/options\.rank/);
  });
});
