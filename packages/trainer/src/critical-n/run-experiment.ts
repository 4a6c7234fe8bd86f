import { AbortedError, BackendUnavailableError, InvalidArgumentError, assertInteger, assertKnownOptions } from '@limit/core';
import type { Precision } from '../engines/contract.js';
import type { EngineProvider, EngineRuntimes } from '../engines/provider.js';
import { isShippedEngine, listEngineProviders, type EngineDevice } from '../engines/registry.js';
import { currentEnvironment, importOptional } from '../engines/environment.js';
import { PAPER_TRAINING } from '../training/paper-training.js';
import {
  criticalNJobId,
  initialCriticalN,
  resolveTrainingSettings,
  restartSeed,
  type CriticalNJob,
  type CriticalNTrainingSettings,
} from './job.js';
import type { CriticalNExecutor, CriticalNRunStore } from '../executors/executor.js';
import { createInProcessExecutor } from '../executors/in-process.js';
import { createMemoryRunStore } from '../executors/memory-run-store.js';
import { runCriticalNSearches, type CriticalNSearchResult, type CriticalNTrial } from './parallel-search.js';
import type { TrainingProgress } from '../training/train-free-embeddings.js';
import { resolveCriticalNEngines } from './resolve-engines.js';
import { criticalNRunOutcome, type CriticalNRunOutcome } from './train-run.js';

/** One run of the experiment: which job, where its numbers came from, and what it reached. */
export interface CriticalNRun extends CriticalNRunOutcome {
  readonly d: number;
  readonly k: number;
  readonly n: number;
  readonly restart: number;
  readonly seed: number;
  /** {@link criticalNJobId} of the job. */
  readonly jobId: string;
  /** `trained` now, `cached` (read from the store, no training), or `failed` (counted as not solved). */
  readonly source: 'trained' | 'cached' | 'failed';
  /** The failure's message, when `source` is `failed`. */
  readonly error?: string;
  /** The failure's class (`ConvergenceError`, …), as thrown where the run trained, when `source` is `failed`. */
  readonly errorClass?: string;
  /** Evaluated ahead of need (the sequential protocol may not use it). */
  readonly speculative: boolean;
}

/** Options of {@link runCriticalNExperiment}. */
export interface CriticalNExperimentOptions {
  /** Dimensions to search (distinct integers ≥ 1). */
  readonly dimensions: readonly number[];
  /** Relevant documents per query. Default 2. */
  readonly k?: number;
  /** Base seed; restart r trains with {@link restartSeed}(seed, r) = seed + r. Default 42. */
  readonly seed?: number;
  /** Runs per n; n counts as solved if any solves it. Default 1. */
  readonly restarts?: number;
  /** Stop an n's restarts at its first success. Default false (success rates stay honest). */
  readonly stopAtFirstSuccess?: boolean;
  /** Largest n any search may try. Default unbounded. */
  readonly maxN?: number;
  /** Starting n per d; default {@link initialCriticalN}(d, k). */
  readonly initialN?: (d: number, k: number) => number;
  /** Training settings (the paper's defaults when left out). */
  readonly training?: CriticalNTrainingSettings;
  /**
   * Engine id, provider object or `'auto'` (default). Resolved once per d (for `'auto'`: at the size of its
   * starting n), so every run of a d uses the same engine and precision. A provider object trains in-process
   * only (remote workers look engines up by id).
   */
  readonly engine?: string | EngineProvider;
  /** Restrict `'auto'` to one device's engines. */
  readonly device?: EngineDevice;
  /** Precision of every run: `'float32'` (default, as JAX) or `'float64'`. */
  readonly precision?: Precision;
  /** Runtime modules passed as values (browsers: onnxruntime-web, tfjs), for resolving and in-process training. */
  readonly runtimes?: EngineRuntimes;
  /** Keep the embeddings of solved runs as certificates (handed to the store). Default false. */
  readonly certificates?: boolean;
  /**
   * Where runs train. Not closed by the experiment. Default: in Node, worker threads of this process, one run per
   * core (`createThreadExecutor()` of `@limit/trainer/node`, closed when the experiment ends) for the engines this
   * package ships; {@link createInProcessExecutor} in browsers, with `runtimes`, for an engine of your own (a
   * provider object or a registered id: it lives in this thread), and where `@limit/trainer/node` cannot be
   * imported (an app bundled into one file).
   */
  readonly executor?: CriticalNExecutor;
  /** Where finished runs are kept and looked up. Default an in-memory store. */
  readonly store?: CriticalNRunStore;
  /** Runs in flight at once. Default the executor's `slots`. */
  readonly slots?: number;
  readonly onRunStart?: (job: CriticalNJob & { readonly speculative: boolean }) => void;
  readonly onRun?: (run: CriticalNRun) => void;
  /** Called when an n joins a d's trace, in the sequential protocol's order (for live plots). */
  readonly onTrial?: (d: number, trial: CriticalNTrial<CriticalNRun>) => void;
  /** Called once per d, when its search has its answer (for progress lines). */
  readonly onDimensionDone?: (d: number) => void;
  readonly onProgress?: (job: CriticalNJob, progress: TrainingProgress) => void;
  readonly signal?: AbortSignal;
}

/** The search of one d. */
export interface CriticalNDimensionResult extends CriticalNSearchResult<CriticalNRun> {
  readonly d: number;
  readonly initialN: number;
  /** The engine every run of this d used (resolved once) and their precision. */
  readonly engine: string;
  readonly precision: Precision;
}

/** What {@link runCriticalNExperiment} returns. */
export interface CriticalNExperimentResult {
  readonly k: number;
  readonly seed: number;
  readonly restarts: number;
  readonly executor: string;
  /** One search per d, ascending d. */
  readonly dimensions: readonly CriticalNDimensionResult[];
  /** Runs trained now (speculative ones included). */
  readonly trainedRuns: number;
  /** Runs the executor fetched, trained earlier (finished BullMQ jobs). */
  readonly fetchedRuns: number;
  /** Runs read from the store. */
  readonly cachedRuns: number;
  /** Runs evaluated ahead that the sequential protocol did not use. */
  readonly unusedRuns: number;
  /** Runs that failed (recorded, counted as not solved, retried next time). */
  readonly failedRuns: readonly CriticalNRun[];
  /** Training seconds summed over the runs trained now. */
  readonly trainingSeconds: number;
}

const OPTION_KEYS = [
  'dimensions',
  'k',
  'seed',
  'restarts',
  'stopAtFirstSuccess',
  'maxN',
  'initialN',
  'training',
  'engine',
  'device',
  'precision',
  'runtimes',
  'certificates',
  'executor',
  'store',
  'slots',
  'onRunStart',
  'onRun',
  'onTrial',
  'onDimensionDone',
  'onProgress',
  'signal',
] as const;

/**
 * The paper's critical-n experiment for a set of dimensions: per d, the gallop → binary search → sweep over
 * n, every n trained by `executor` (in Node by default on worker threads, one run per core; in this thread in
 * browsers; worker processes or a BullMQ queue for more),
 * finished runs kept in `store` (a locked results folder in `@limit/trainer/node`) so a repeated experiment
 * trains nothing twice. All d and restarts are searched at once on the executor's slots, evaluating ahead the
 * points each sequential search may need next; the answers and traces equal a one-slot run's with the same
 * seeds ({@link runCriticalNSearches}). The gallop starts at {@link initialCriticalN}(d, k); restart r uses
 * seed + r. Before any run, every engine is resolved here and checked where runs train (`executor.prepare`).
 * A run that fails by itself (a `ConvergenceError`, a worker that died) is recorded (`failedRuns`), counted as
 * not solved, and the sweep goes on; an engine that cannot run there (`BackendUnavailableError`) or a setting
 * refused there (`InvalidArgumentError`) stops the experiment with that error.
 *
 * @param options - see {@link CriticalNExperimentOptions}.
 * @returns per-d searches and run counts.
 * @throws InvalidArgumentError for bad options (named); BackendUnavailableError when an engine cannot be
 *   used, here or where runs train; AbortedError when `signal` aborts.
 * @example
 * ```ts
 * const result = await runCriticalNExperiment({ dimensions: [4, 5, 6], seed: 42 });
 * result.dimensions.map((r) => r.criticalN); // binary-search n per d, e.g. [10, 14, 19]; r.largestSolvedN beside it
 * ```
 */
export async function runCriticalNExperiment(options: CriticalNExperimentOptions): Promise<CriticalNExperimentResult> {
  assertKnownOptions('options', options, OPTION_KEYS);
  if (!Array.isArray(options.dimensions) || options.dimensions.length === 0) {
    throw new InvalidArgumentError({ parameter: 'dimensions', value: options.dimensions, message: 'dimensions must be a non-empty array of integers ≥ 1' });
  }
  const dims = [...new Set(options.dimensions.map((d, i) => assertInteger(`dimensions[${i}]`, d, { min: 1 })))].sort((a, b) => a - b);
  const k = assertInteger('k', options.k ?? PAPER_TRAINING.k, { min: 1 });
  const seed = assertInteger('seed', options.seed ?? PAPER_TRAINING.seed);
  const restarts = assertInteger('restarts', options.restarts ?? 1, { min: 1 });
  const training = resolveTrainingSettings(options.training);
  const precision = options.precision ?? PAPER_TRAINING.precision;
  const requested = options.engine ?? 'auto';
  const owned = options.executor === undefined ? await defaultExecutor(requested, options.runtimes) : undefined;
  const executor = options.executor ?? owned!;
  try {
    return await experiment(options, { dims, k, seed, restarts, training, precision, requested, executor });
  } finally {
    await owned?.close();
  }
}

/** Node: worker threads for shipped engines (found by id in any thread); else this thread. */
async function defaultExecutor(requested: string | EngineProvider, runtimes: EngineRuntimes | undefined): Promise<CriticalNExecutor> {
  const inThisThread = () =>
    createInProcessExecutor({
      ...(runtimes ? { runtimes } : {}),
      ...(typeof requested === 'object' ? { provider: requested } : {}),
    });
  if (currentEnvironment() !== 'node' || runtimes !== undefined || typeof requested !== 'string' || (requested !== 'auto' && !isShippedEngine(requested))) {
    return inThisThread();
  }
  // A variable specifier through importOptional: browser bundles never see node:worker_threads. Where this
  // package's own ./node entry cannot be imported (an app bundled into one file), runs train in this thread:
  // the same runs and answers, one at a time.
  const node = (await importOptional('@limit/trainer/node').catch(() => undefined)) as { createThreadExecutor?: () => CriticalNExecutor } | undefined;
  return typeof node?.createThreadExecutor === 'function' ? node.createThreadExecutor() : inThisThread();
}

interface ExperimentSettings {
  readonly dims: readonly number[];
  readonly k: number;
  readonly seed: number;
  readonly restarts: number;
  readonly training: CriticalNJob['training'];
  readonly precision: Precision;
  readonly requested: string | EngineProvider;
  readonly executor: CriticalNExecutor;
}

async function experiment(options: CriticalNExperimentOptions, settings: ExperimentSettings): Promise<CriticalNExperimentResult> {
  const { dims, k, seed, restarts, training, precision, requested, executor } = settings;
  if (typeof requested === 'object' && requested !== null && executor.inProcess !== true) {
    const registered = listEngineProviders().find((p) => p.id === requested.id);
    if (registered !== requested) {
      throw new InvalidArgumentError({
        parameter: 'engine',
        value: requested.id,
        message: `the ${executor.name} executor's workers find engines by id, and engine ${JSON.stringify(requested.id)} is not registered: call registerEngineProvider(provider) in a module and give that module to the workers (engineModules, or --engine-module in the CLI)`,
      });
    }
  }
  const store = options.store ?? createMemoryRunStore();
  const slots = assertInteger('slots', options.slots ?? executor.slots, { min: 1 });
  const startOf = options.initialN ?? initialCriticalN;

  let trainedRuns = 0;
  let fetchedRuns = 0;
  let cachedRuns = 0;
  let trainingSeconds = 0;
  const failedRuns: CriticalNRun[] = [];
  const initial = new Map(dims.map((d) => [d, assertInteger(`initialN(${d})`, startOf(d, k), { min: k + 1 })]));
  // One engine per d, resolved at the size its search starts from (every run of the d then uses it), and every
  // engine checked where runs train before any run: a missing engine fails now, with nothing written.
  const { byDimension: engines } = await resolveCriticalNEngines({
    dimensions: dims,
    k,
    engine: requested,
    precision,
    initialN: (d) => initial.get(d)!,
    executor,
    ...(options.device !== undefined ? { device: options.device } : {}),
    ...(options.runtimes !== undefined ? { runtimes: options.runtimes } : {}),
  });

  const { results, unusedEvaluations } = await runCriticalNSearches<number, CriticalNRun>({
    searches: dims.map((d) => ({
      id: d,
      initialN: initial.get(d)!,
      minN: k + 1,
      restarts,
      ...(options.stopAtFirstSuccess ? { stopAtFirstSuccess: true } : {}),
      ...(options.maxN !== undefined ? { maxN: options.maxN } : {}),
    })),
    slots,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onTrial ? { onTrial: options.onTrial } : {}),
    ...(options.onDimensionDone ? { onSearchDone: options.onDimensionDone } : {}),
    evaluate: async ({ id: d, n, restart, speculative }, signal) => {
      const job: CriticalNJob = {
        d,
        k,
        n,
        seed: restartSeed(seed, restart),
        training,
        engine: engines.get(d)!,
        ...(options.device !== undefined ? { device: options.device } : {}),
        precision,
        certificate: options.certificates === true,
      };
      const base = { d, k, n, restart, seed: job.seed, jobId: criticalNJobId(job), speculative };
      const cached = store.find(job);
      if (cached !== undefined) {
        cachedRuns += 1;
        const run: CriticalNRun = { ...base, ...criticalNRunOutcome(cached), source: 'cached' };
        options.onRun?.(run);
        return run;
      }
      options.onRunStart?.({ ...job, speculative });
      let run: CriticalNRun;
      try {
        const trained = await executor.run(job, { signal, ...(options.onProgress ? { onProgress: (p: TrainingProgress) => options.onProgress!(job, p) } : {}) });
        const { fetched, ...finished } = trained;
        await store.record(job, finished);
        if (fetched) fetchedRuns += 1;
        else trainedRuns += 1;
        run = { ...base, ...criticalNRunOutcome(trained.row), source: 'trained' };
        if (!fetched) trainingSeconds += run.seconds;
      } catch (error) {
        // An engine that cannot run, or a setting refused where runs train, is the experiment's error, not a run's
        // outcome: every run would fail the same way (never "not solved" down the whole gallop).
        if (AbortedError.isInstance(error) || signal.aborted || BackendUnavailableError.isInstance(error) || InvalidArgumentError.isInstance(error)) throw error;
        await store.recordFailure?.(job, error);
        run = {
          ...base,
          solved: false,
          maxAccuracy: -1,
          maxExactTopK: undefined,
          iterations: null,
          seconds: 0,
          engine: job.engine,
          precision: job.precision,
          source: 'failed',
          error: error instanceof Error ? error.message : String(error),
          errorClass: error instanceof Error ? error.name : typeof error,
        };
        failedRuns.push(run);
      }
      options.onRun?.(run);
      return run;
    },
  });

  return {
    k,
    seed,
    restarts,
    executor: executor.name,
    dimensions: dims.map((d) => ({ d, initialN: initial.get(d)!, engine: engines.get(d)!, precision, ...results.get(d)! })),
    trainedRuns,
    fetchedRuns,
    cachedRuns,
    unusedRuns: unusedEvaluations,
    failedRuns,
    trainingSeconds,
  };
}
