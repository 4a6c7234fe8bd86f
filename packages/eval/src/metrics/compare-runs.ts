import { InvalidArgumentError, assertInteger, assertKnownOptions, assertOneOf, createRng, type Seed } from '@limit/core';
import type { Qrels, Run } from '../qrels.js';
import { evaluateRun, type EvaluateRunCommonOptions } from './evaluate-run.js';
import { parseMeasure, type MeasureName } from './measures.js';
import { studentTTwoSidedP } from './student-t.js';

/** The paired significance tests {@link compareRuns} offers. */
export type PairedTest = 'randomization' | 't-test';

/** Options of {@link compareRuns}. */
export interface CompareRunsOptions<M extends MeasureName = MeasureName> extends EvaluateRunCommonOptions {
  /** The measure compared, by its ranx / ir_measures name (e.g. `'nDCG@10'`, `'R@100'`, `'AP'`). */
  measure: M;
  /**
   * `'randomization'` (default): Fisher's two-sided paired randomization (permutation) test, flipping the
   * sign of each query's difference at random. `'t-test'`: the two-sided paired Student's t-test.
   */
  test?: PairedTest;
  /** Random sign-flip rounds of the randomization test (default 10,000). */
  trials?: number;
  /** Seed of the randomization test (default 0); the same seed gives the same p-value. */
  seed?: Seed;
}

/** Result of {@link compareRuns}. */
export interface RunComparison<M extends string = string> {
  readonly measure: M;
  readonly test: PairedTest;
  /** Mean of the measure over the compared queries for run A and for run B. */
  readonly meanA: number;
  readonly meanB: number;
  /** `meanB − meanA` (positive: B is better). */
  readonly meanDifference: number;
  /** Two-sided p-value of "A and B are equally good" (1 when every difference is 0). */
  readonly pValue: number;
  /** `queryId → (B − A)` for every compared query. */
  readonly perQueryDifference: Readonly<Record<string, number>>;
  /** Number of compared (paired) queries. */
  readonly numQueries: number;
  /** Sign-flip rounds used (randomization test only). */
  readonly trials?: number;
  /** t statistic and degrees of freedom (t-test only). */
  readonly t?: number;
  readonly degreesOfFreedom?: number;
}

const COMPARE_OPTIONS = ['measure', 'test', 'trials', 'seed', 'relevanceLevel', 'queries', 'queriesWithoutRelevant'] as const;

/**
 * Compares two runs on the same qrels with a paired significance test, as ranx's `compare` does: the
 * per-query differences of one measure, their mean, and a two-sided p-value.
 *
 * **Queries.** Pairs need the same queries on both sides, so the default is `queries: 'qrels'`: every
 * query of the qrels, a query a run did not answer scoring 0 (ranx does the same). With `queries: 'run'`
 * only queries answered by both runs are compared.
 *
 * **Randomization test.** With differences `d_i = B_i − A_i` (m queries) and observed `D = |mean(d)|`,
 * each round flips the sign of every `d_i` with probability 1/2; `p = (1 + #{rounds with |mean| ≥ D}) /
 * (1 + trials)` (Smucker, Allan & Carterette, CIKM 2007). Exact enumeration of all 2^m sign patterns
 * gives the p-value this estimates.
 *
 * **t-test.** `t = mean(d) / (s_d / √m)` with the sample standard deviation `s_d`, `m − 1` degrees of
 * freedom, `p = P(|T_{m−1}| ≥ |t|)` (scipy's `ttest_rel`). Needs m ≥ 2.
 *
 * @param qrels - `queryId → docId → relevance`.
 * @param runA - the baseline run, `queryId → docId → score`.
 * @param runB - the run compared against it.
 * @param options - measure, test, trials, seed and the query selection (see {@link CompareRunsOptions}).
 * @returns mean difference (B − A), p-value and per-query differences.
 * @throws InvalidArgumentError for an unknown measure, test or option, trials < 1, fewer than 2 paired
 *   queries for the t-test, no paired query at all, or invalid qrels/runs (see {@link evaluateRun}).
 * @example
 * const { meanDifference, pValue } = compareRuns(qrels, bm25Run, denseRun, { measure: 'nDCG@10', seed: 1 });
 */
export function compareRuns<const M extends MeasureName>(qrels: Qrels, runA: Run, runB: Run, options: CompareRunsOptions<M>): RunComparison<M> {
  assertKnownOptions('options', options, COMPARE_OPTIONS);
  if (options === undefined || options.measure === undefined) {
    throw new InvalidArgumentError({ parameter: 'options.measure', value: undefined, message: 'options.measure is required, e.g. "ndcg@10"' });
  }
  const measure = parseMeasure(options.measure, 'options.measure').name as M;
  const test = assertOneOf('options.test', options.test ?? 'randomization', ['randomization', 't-test'] as const);
  const trials = assertInteger('options.trials', options.trials ?? 10_000, { min: 1 });
  const common: EvaluateRunCommonOptions = { queries: options.queries ?? 'qrels' };
  if (options.relevanceLevel !== undefined) common.relevanceLevel = options.relevanceLevel;
  if (options.queriesWithoutRelevant !== undefined) common.queriesWithoutRelevant = options.queriesWithoutRelevant;
  const a = evaluateRun(qrels, runA, { ...common, measures: [measure] }).perQuery;
  const b = evaluateRun(qrels, runB, { ...common, measures: [measure] }).perQuery;
  const ids = Object.keys(a).filter((q) => Object.hasOwn(b, q));
  if (ids.length === 0) throw new InvalidArgumentError({ parameter: 'runB', value: undefined, message: 'the two runs have no evaluated query in common' });
  const diffs = new Float64Array(ids.length);
  const perQueryDifference: Record<string, number> = {};
  let sumA = 0;
  let sumB = 0;
  ids.forEach((q, i) => {
    const va = a[q]![measure];
    const vb = b[q]![measure];
    sumA += va;
    sumB += vb;
    diffs[i] = vb - va;
    perQueryDifference[q] = vb - va;
  });
  const m = ids.length;
  const base = { measure, test, meanA: sumA / m, meanB: sumB / m, meanDifference: (sumB - sumA) / m, perQueryDifference, numQueries: m };
  if (test === 't-test') {
    if (m < 2) throw new InvalidArgumentError({ parameter: 'options.test', value: test, message: `the paired t-test needs at least 2 queries (got ${m})` });
    const { t, pValue } = pairedTTest(diffs);
    return { ...base, pValue, t, degreesOfFreedom: m - 1 };
  }
  return { ...base, pValue: randomizationTest(diffs, trials, options.seed ?? 0), trials };
}

/** Two-sided paired t-test on differences `d`. @internal */
export function pairedTTest(d: Float64Array): { t: number; pValue: number } {
  const m = d.length;
  let mean = 0;
  for (const x of d) mean += x;
  mean /= m;
  let ss = 0;
  for (const x of d) ss += (x - mean) ** 2;
  const sd = Math.sqrt(ss / (m - 1));
  if (sd === 0) return mean === 0 ? { t: 0, pValue: 1 } : { t: mean > 0 ? Infinity : -Infinity, pValue: 0 };
  const t = mean / (sd / Math.sqrt(m));
  return { t, pValue: Math.min(1, studentTTwoSidedP(t, m - 1)) };
}

/** Two-sided paired randomization test with `trials` random sign flips. @internal */
export function randomizationTest(d: Float64Array, trials: number, seed: Seed): number {
  const m = d.length;
  let observed = 0;
  for (const x of d) observed += x;
  observed = Math.abs(observed);
  // sums equal up to rounding count as "at least as extreme" (a run against itself gives p = 1)
  const tolerance = 1e-9 * Math.max(1, observed);
  const rng = createRng(seed);
  let extreme = 0;
  for (let t = 0; t < trials; t++) {
    let sum = 0;
    for (let i = 0; i < m; i++) sum += rng.uniform() < 0.5 ? d[i]! : -d[i]!;
    if (Math.abs(sum) >= observed - tolerance) extreme++;
  }
  return (extreme + 1) / (trials + 1);
}
