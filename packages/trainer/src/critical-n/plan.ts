import { InvalidArgumentError, assertInteger, assertKnownOptions } from '@limit/core';
import { polyfit } from '@limit/matrix';
import { initialCriticalN } from './job.js';
import { replayCriticalNProtocol, resolveCriticalNProtocol } from './protocol.js';
import { PAPER_CRITICAL_N, paperCriticalNFit } from './paper.js';

/** One measured step time: seconds per full-batch step at (n, d, k). */
export interface StepTimeSample {
  readonly n: number;
  readonly d: number;
  readonly k: number;
  readonly secondsPerStep: number;
}

/** seconds per step = overhead + perUnit · C(n, k) · n · d (the logits and their gradient dominate). */
export interface StepCostModel {
  readonly overheadSeconds: number;
  readonly secondsPerUnit: number;
  /** Seconds per step predicted at (n, d, k). */
  secondsPerStep(n: number, d: number, k: number): number;
}

const choose = (n: number, k: number) => {
  let c = 1;
  for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
  return c;
};
const work = (n: number, d: number, k: number) => choose(n, k) * n * d;

/**
 * Calibrates the step-cost model seconds/step = overhead + perUnit · C(n, k)·n·d by least squares on measured
 * step times (two or more sizes; a single sample gives the slope through the origin).
 *
 * @param samples - measured step times (e.g. 20 steps at three sizes).
 * @returns the model.
 * @throws InvalidArgumentError when there is no sample or a time is not positive.
 * @example
 * ```ts
 * const model = calibrateStepCost([{ n: 40, d: 8, k: 2, secondsPerStep: 0.004 }, { n: 120, d: 20, k: 2, secondsPerStep: 0.21 }]);
 * ```
 */
export function calibrateStepCost(samples: readonly StepTimeSample[]): StepCostModel {
  if (!Array.isArray(samples) || samples.length === 0) throw new InvalidArgumentError({ parameter: 'samples', value: samples, message: 'at least one step-time sample is needed' });
  samples.forEach((s, i) => {
    if (!(s?.secondsPerStep > 0) || !(s.n > s.k) || !(s.d > 0)) throw new InvalidArgumentError({ parameter: `samples[${i}]`, value: s, message: `samples[${i}] needs n > k, d > 0 and secondsPerStep > 0` });
  });
  const units = samples.map((s) => work(s.n, s.d, s.k));
  let overheadSeconds = 0;
  let secondsPerUnit: number;
  if (new Set(units).size >= 2) {
    const fit = polyfit(units, samples.map((s) => s.secondsPerStep), 1);
    overheadSeconds = Math.max(0, fit.coefficients[0]!);
    secondsPerUnit = fit.coefficients[1]!;
  } else {
    secondsPerUnit = samples[0]!.secondsPerStep / units[0]!;
  }
  if (!(secondsPerUnit > 0)) secondsPerUnit = Math.max(...samples.map((s, i) => s.secondsPerStep / units[i]!));
  return { overheadSeconds, secondsPerUnit, secondsPerStep: (n, d, k) => overheadSeconds + secondsPerUnit * work(n, d, k) };
}

/** Options of {@link planCriticalNExperiment}. */
export interface CriticalNPlanOptions {
  readonly dimensions: readonly number[];
  /** Default 2. */
  readonly k?: number;
  /** Default 1. */
  readonly restarts?: number;
  /** Worker counts to plan for. Default [1]. */
  readonly workers?: readonly number[];
  /** The step-cost model ({@link calibrateStepCost}). */
  readonly stepCost: StepCostModel;
  /** Steps one run takes on average (measured from earlier runs, or an assumption the report states). */
  readonly stepsPerRun: number;
  /** Expected critical n per d; default the paper's value, else its cubic fit. */
  readonly expectedCriticalN?: (d: number, k: number) => number;
}

/** The plan of one d. */
export interface CriticalNPlanRow {
  readonly d: number;
  readonly expectedCriticalN: number;
  /** Runs the search makes if outcomes are monotone at the expected critical n. */
  readonly runs: number;
  /** The n those runs train. */
  readonly ns: readonly number[];
  /** Training hours of this d on one worker. */
  readonly cpuHours: number;
  /** Hours of the longest single run (no number of workers makes this d faster). */
  readonly longestRunHours: number;
}

/** What {@link planCriticalNExperiment} returns. */
export interface CriticalNPlan {
  readonly rows: readonly CriticalNPlanRow[];
  readonly totalRuns: number;
  readonly totalCpuHours: number;
  /** Per worker count: wall hours ≈ max(total / W, longest d's longest run). */
  readonly wallHours: readonly { readonly workers: number; readonly hours: number }[];
  readonly stepsPerRun: number;
}

/**
 * A capacity plan for a critical-n experiment, before any training: per d, the runs the search makes when
 * outcomes are monotone at the expected critical n (the protocol replayed on that threshold), and their hours
 * from a measured step-cost model and a steps-per-run figure; then wall hours on W workers as
 * max(total CPU hours / W, the longest single run). It is an estimate: noisy outcomes add runs, speculative
 * runs on many workers add some work, and steps per run vary with n.
 *
 * @param options - see {@link CriticalNPlanOptions}.
 * @returns rows per d and totals.
 * @throws InvalidArgumentError for bad options.
 * @example
 * ```ts
 * const plan = planCriticalNExperiment({ dimensions: [4, 5, 6], workers: [1, 8], stepCost, stepsPerRun: 3000 });
 * plan.wallHours; // [{ workers: 1, hours }, { workers: 8, hours }]
 * ```
 */
export function planCriticalNExperiment(options: CriticalNPlanOptions): CriticalNPlan {
  assertKnownOptions('options', options, ['dimensions', 'k', 'restarts', 'workers', 'stepCost', 'stepsPerRun', 'expectedCriticalN']);
  const k = assertInteger('k', options.k ?? 2, { min: 1 });
  const restarts = assertInteger('restarts', options.restarts ?? 1, { min: 1 });
  const workers = (options.workers ?? [1]).map((w, i) => assertInteger(`workers[${i}]`, w, { min: 1 }));
  if (!(options.stepsPerRun > 0)) throw new InvalidArgumentError({ parameter: 'stepsPerRun', value: options.stepsPerRun, message: 'stepsPerRun must be positive' });
  if (typeof options.stepCost?.secondsPerStep !== 'function') throw new InvalidArgumentError({ parameter: 'stepCost', value: options.stepCost, message: 'stepCost must come from calibrateStepCost' });
  const expected = options.expectedCriticalN ?? ((d: number, kk: number) => (kk === 2 && PAPER_CRITICAL_N[d] !== undefined ? PAPER_CRITICAL_N[d]! : Math.max(kk + 1, Math.round(paperCriticalNFit(d)))));
  const rows = [...new Set(options.dimensions)].sort((a, b) => a - b).map((d): CriticalNPlanRow => {
    assertInteger('dimensions', d, { min: 1 });
    const threshold = expected(d, k);
    const protocol = resolveCriticalNProtocol({ initialN: initialCriticalN(d, k), minN: k + 1, restarts });
    // Monotone outcomes at the threshold: the run that would be trained next is answered, until the end.
    const step = replayCriticalNProtocol(protocol, (n) => n <= threshold);
    if (!step.done) throw new Error('capacity plan: the protocol did not finish on complete outcomes (a bug)');
    const ns = step.outcome.visited.map((v) => v.n).sort((a, b) => a - b);
    const runSeconds = ns.map((n) => options.stepsPerRun * options.stepCost.secondsPerStep(n, d, k));
    return {
      d,
      expectedCriticalN: threshold,
      runs: ns.length * restarts,
      ns,
      cpuHours: (restarts * runSeconds.reduce((a, b) => a + b, 0)) / 3600,
      longestRunHours: Math.max(...runSeconds) / 3600,
    };
  });
  const totalCpuHours = rows.reduce((s, r) => s + r.cpuHours, 0);
  const longest = Math.max(...rows.map((r) => r.longestRunHours));
  return {
    rows,
    totalRuns: rows.reduce((s, r) => s + r.runs, 0),
    totalCpuHours,
    wallHours: workers.map((w) => ({ workers: w, hours: Math.max(totalCpuHours / w, longest) })),
    stepsPerRun: options.stepsPerRun,
  };
}
