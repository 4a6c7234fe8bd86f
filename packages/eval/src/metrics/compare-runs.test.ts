import { InvalidArgumentError } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { compareRuns, pairedTTest, randomizationTest } from './compare-runs.js';
import { studentTTwoSidedP } from './student-t.js';

/** One relevant document per query; `ranks[i]` is where the run puts it among 10 documents. */
function runWithRanks(ranks: readonly number[]): Record<string, Record<string, number>> {
  const run: Record<string, Record<string, number>> = {};
  ranks.forEach((rank, i) => {
    const scores: Record<string, number> = {};
    for (let r = 1; r <= 10; r++) scores[r === rank ? 'rel' : `d${r}`] = 100 - r;
    run[`q${i}`] = scores;
  });
  return run;
}
const qrelsFor = (m: number) => Object.fromEntries(Array.from({ length: m }, (_, i) => [`q${i}`, { rel: 1 }]));

/** Exact two-sided randomization p-value: all 2^m sign patterns (the truth the Monte Carlo estimates). */
function exactRandomizationP(d: readonly number[]): number {
  const observed = Math.abs(d.reduce((s, x) => s + x, 0));
  let extreme = 0;
  const patterns = 2 ** d.length;
  for (let mask = 0; mask < patterns; mask++) {
    let sum = 0;
    for (let i = 0; i < d.length; i++) sum += (mask >> i) & 1 ? -d[i]! : d[i]!;
    if (Math.abs(sum) >= observed - 1e-12) extreme++;
  }
  return extreme / patterns;
}

describe('compareRuns', () => {
  it('a clearly better run: p < 0.05 with both tests; a run against itself: p > 0.9', () => {
    const m = 30;
    const worse = runWithRanks(Array.from({ length: m }, (_, i) => 3 + (i % 5)));
    const better = runWithRanks(Array.from({ length: m }, (_, i) => (i % 7 === 0 ? 2 : 1)));
    const qrels = qrelsFor(m);
    for (const test of ['randomization', 't-test'] as const) {
      const c = compareRuns(qrels, worse, better, { measure: 'RR@10', test, seed: 3 });
      expect(c.meanDifference).toBeGreaterThan(0.5);
      expect(c.pValue, test).toBeLessThan(0.05);
      const self = compareRuns(qrels, worse, worse, { measure: 'nDCG@10', test });
      expect(self.pValue, test).toBeGreaterThan(0.9);
      expect(self.meanDifference).toBe(0);
    }
  });

  it('per-query differences are B − A of the measure, keyed by query id', () => {
    const a = runWithRanks([1, 2, 4]);
    const b = runWithRanks([2, 2, 1]);
    const c = compareRuns(qrelsFor(3), a, b, { measure: 'mrr@10', test: 't-test' });
    expect(c.perQueryDifference).toEqual({ q0: 0.5 - 1, q1: 0, q2: 1 - 0.25 });
    expect(c.meanA).toBeCloseTo((1 + 0.5 + 0.25) / 3, 12);
    expect(c.meanB).toBeCloseTo((0.5 + 0.5 + 1) / 3, 12);
    expect(c.numQueries).toBe(3);
  });

  it('randomization p matches exact enumeration of all 2^m sign flips (small fixtures)', () => {
    const cases = [
      [0.3, -0.1, 0.25, 0.4, 0.05, -0.2, 0.6, 0.15, 0.1], // exact p = 42/512 (numpy, itertools.product)
      [1, 0.5, -0.25, 0.75, 0, 0.5],
      [0.2, -0.2, 0.1, -0.1, 0.05],
    ];
    expect(exactRandomizationP(cases[0]!)).toBe(42 / 512);
    for (const d of cases) {
      const exact = exactRandomizationP(d);
      const trials = 40_000;
      const estimate = randomizationTest(Float64Array.from(d), trials, 7);
      // 4 standard errors of a binomial proportion (plus the +1 correction)
      expect(Math.abs(estimate - exact)).toBeLessThan(4 * Math.sqrt((exact * (1 - exact)) / trials) + 2 / trials);
    }
    // same seed, same p; different seed, (almost surely) a different estimate
    const d = Float64Array.from(cases[1]!);
    expect(randomizationTest(d, 1000, 'a')).toBe(randomizationTest(d, 1000, 'a'));
  });

  it('t-test: statistic and p-value equal scipy.stats.ttest_rel', () => {
    // python: from scipy import stats; stats.ttest_rel([0.3,-0.1,0.25,0.4,0.05,-0.2,0.6,0.15,0.1], [0]*9)
    //   → statistic 2.0864661232218005, pvalue 0.07040387496863813
    const r = pairedTTest(Float64Array.from([0.3, -0.1, 0.25, 0.4, 0.05, -0.2, 0.6, 0.15, 0.1]));
    expect(r.t).toBeCloseTo(2.0864661232218005, 12);
    expect(r.pValue).toBeCloseTo(0.07040387496863813, 10);
    // end to end: RR of ranks A = [1,2,3,1,4,2], B = [1,1,1,2,1,1]
    // python: stats.ttest_rel([1,1,1,.5,1,1], [1,.5,1/3,1,.25,.5]) → 1.6353649759766669, 0.1628999443249361
    const c = compareRuns(qrelsFor(6), runWithRanks([1, 2, 3, 1, 4, 2]), runWithRanks([1, 1, 1, 2, 1, 1]), { measure: 'RR', test: 't-test' });
    expect(c.t).toBeCloseTo(1.6353649759766669, 12);
    expect(c.pValue).toBeCloseTo(0.1628999443249361, 10);
    expect(c.degreesOfFreedom).toBe(5);
  });

  it('Student t tail against closed forms (df 1, 2) and scipy (df 30, 100)', () => {
    for (const t of [0.1, 1, 2.5, 10]) {
      expect(studentTTwoSidedP(t, 1)).toBeCloseTo(1 - (2 / Math.PI) * Math.atan(t), 12); // Cauchy
      expect(studentTTwoSidedP(t, 2)).toBeCloseTo(1 - t / Math.sqrt(2 + t * t), 12);
    }
    // python: 2 * stats.t.sf(1.3, 30), 2 * stats.t.sf(4.2, 100)
    expect(studentTTwoSidedP(1.3, 30)).toBeCloseTo(0.20350095853811687, 10);
    expect(studentTTwoSidedP(4.2, 100) / 5.802735483958658e-5).toBeCloseTo(1, 8);
  });

  it('queries default to the qrels (an unanswered query scores 0 on that side)', () => {
    const a = runWithRanks([1, 1]);
    const b = { q0: a.q0! }; // q1 missing from B
    const c = compareRuns(qrelsFor(2), a, b, { measure: 'R@10', test: 't-test' });
    expect(c.perQueryDifference).toEqual({ q0: 0, q1: -1 });
    expect(compareRuns(qrelsFor(2), a, b, { measure: 'R@10', queries: 'run' }).numQueries).toBe(1);
  });

  it('typed errors for bad options', () => {
    const run = runWithRanks([1, 2]);
    const q = qrelsFor(2);
    const param = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return InvalidArgumentError.isInstance(e) ? e.parameter : `not an InvalidArgumentError: ${String(e)}`;
      }
      return 'no error';
    };
    expect(param(() => compareRuns(q, run, run, { measure: 'ndcg@x' as never }))).toBe('options.measure');
    expect(param(() => compareRuns(q, run, run, { measure: 'ndcg@10', test: 'wilcoxon' as never }))).toBe('options.test');
    expect(param(() => compareRuns(q, run, run, { measure: 'ndcg@10', trials: 0 }))).toBe('options.trials');
    expect(param(() => compareRuns(q, run, run, { measure: 'ndcg@10', seeds: 1 } as never))).toBe('options.seeds');
    expect(param(() => compareRuns(qrelsFor(1), run, run, { measure: 'ndcg@10', test: 't-test' }))).toBe('options.test');
  });
});
