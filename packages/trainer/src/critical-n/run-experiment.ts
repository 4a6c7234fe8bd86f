import { AbortedError, BackendUnavailableError, ConvergenceError, EngineStateError, InvalidArgumentError, ResultMismatchError, assertInteger, assertKnownOptions } from '@limit/core';
import type { Objective, ObjectiveSpec, Precision, QueryMode } from '../engines/contract.js';
import type { PassRule, PassRuleName } from '../training/pass-rule.js';
import type { CriticalNStatistic } from './protocol.js';
import type { EngineProvider, EngineRuntimes } from '../engines/provider.js';
import { isShippedEngine, listEngineProviders, type EngineDevice } from '../engines/registry.js';
import { currentEnvironment, importOptional } from '../engines/environment.js';
import { PAPER_TRAINING } from '../training/paper-training.js';
import {
  criticalNJobId,
  criticalNJobSetting,
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
import { criticalNJobParameters, criticalNRunOutcome, type CriticalNRunOutcome, type TrainedCriticalNRun } from './train-run.js';
import { assertRunMatchesJob } from './job-identity.js';
import { assertTrainingFits } from '../training/assert-training-fits.js';

/** One run of the experiment: which job, where its numbers came from, and what it reached. */
export interface CriticalNRun extends CriticalNRunOutcome {
  readonly d: number;
  readonly k: number;
  readonly n: number;
  readonly restart: number;
  readonly seed: number;
  /** {@link criticalNJobId} of the job. */
  readonly jobId: string;
  /**
   * `trained` now, `cached` (read from the store, no training), or `failed`: training failed (a
   * `ConvergenceError`, counted as not solved), or — `incomplete` — the run could not be completed.
   */
  readonly source: 'trained' | 'cached' | 'failed';
  /** The failure's message, when `source` is `failed`. */
  readonly error?: string;
  /** The failure's class (`ConvergenceError`, …), as thrown where the run trained, when `source` is `failed`. */
  readonly errorClass?: string;
  /**
   * True when the run failed on every attempt for a reason other than its training (a worker that died, a disk
   * or queue error, a result for another job): it is neither solved nor unsolved, and its d's search stops there.
   */
  readonly incomplete?: boolean;
  /** Attempts made (more than 1 when earlier ones failed and were retried). */
  readonly attempts?: number;
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
  /** Runs per n (seeds seed, seed + 1, …). Default 1. */
  readonly restarts?: number;
  /** Which n counts as solved from its restarts: `'single'` (default, restart 0, the paper's one seed), `'any'`, `'majority'`. */
  readonly statistic?: CriticalNStatistic;
  /** With statistic `'any'`: stop an n's restarts at its first success. Default false (success rates stay honest). */
  readonly stopAtFirstSuccess?: boolean;
  /** Largest n any search may try. Default unbounded. */
  readonly maxN?: number;
  /** Starting n per d; default {@link initialCriticalN}(d, k). */
  readonly initialN?: (d: number, k: number) => number;
  /** Training settings (the paper's defaults when left out). */
  readonly training?: CriticalNTrainingSettings;
  /** The objective of every run (default: the paper's InfoNCE at `training.temperature`); see `trainFreeEmbeddings`. */
  readonly objective?: ObjectiveSpec;
  /** `'free'` (default, the paper's) or `'centroid'` queries. */
  readonly queryMode?: QueryMode;
  /** `'official'` (default, the paper's) or `'margin'` (every query's margin ≥ `passMargin`). */
  readonly passRule?: PassRuleName;
  /** γ > 0 of the margin pass rule. */
  readonly passMargin?: number;
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
  /**
   * Keep the embeddings of solved runs as certificates (handed to the store). Default false. A solved run found
   * in the store without a certificate is trained again to write one (`certificateRetrains`).
   */
  readonly certificates?: boolean;
  /**
   * Extra attempts for a run that fails for a reason other than its training (its worker died, a disk, queue
   * or connection error, a result for another job). Such a failure never counts as "not solved"; when the
   * attempts run out, the run's d stops there, marked `incomplete`. Default 2. A `ConvergenceError` (the
   * training itself diverged) is an outcome: counted as not solved, not retried. An engine that cannot run
   * where runs train (`BackendUnavailableError`) or a setting refused there (`InvalidArgumentError`) is never
   * retried: it stops the experiment.
   */
  readonly retries?: number;
  /** Wait before retry r (doubling each time). Default 500 ms. */
  readonly retryDelayMs?: number;
  /** Called after each failed attempt of a run. */
  readonly onRunFailure?: (failure: { readonly job: CriticalNJob; readonly error: unknown; readonly attempt: number; readonly willRetry: boolean }) => void;
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
  /** How an n's restarts decide whether it is solved. */
  readonly statistic: CriticalNStatistic;
  /** The objective every run trained (complete), the query mode and the pass rule. */
  readonly objective: Objective;
  readonly queryMode: QueryMode;
  readonly passRule: PassRule;
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
  /**
   * Runs whose last attempt failed (recorded in the store's failures, tried again next time): training failures
   * (counted as not solved) and runs that could not be completed (`incomplete`: their d is incomplete).
   */
  readonly failedRuns: readonly CriticalNRun[];
  /** Failed attempts that were retried (a run that succeeded on its second attempt counts 1). */
  readonly retriedAttempts: number;
  /** Solved runs found in the store without a certificate and trained again to write one. */
  readonly certificateRetrains: number;
  /** Training seconds summed over the runs trained now. */
  readonly trainingSeconds: number;
}

const OPTION_KEYS = [
  'dimensions',
  'k',
  'seed',
  'restarts',
  'statistic',
  'stopAtFirstSuccess',
  'maxN',
  'initialN',
  'training',
  'objective',
  'queryMode',
  'passRule',
  'passMargin',
  'engine',
  'device',
  'precision',
  'runtimes',
  'certificates',
  'retries',
  'retryDelayMs',
  'onRunFailure',
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
 *
 * Every result is checked against its job before it is recorded ({@link assertRunMatchesJob}). Only a training
 * outcome decides solved or not solved: a run whose training diverges (`ConvergenceError`) counts as not solved;
 * a run that fails otherwise (its worker died, a disk or queue fault, a result for another job) is retried up to
 * `retries` times and, if it still fails, its d stops there marked `incomplete` while the other d go on. Failed
 * attempts are recorded in the store (`recordFailure`) until the run is recorded. An engine that cannot run
 * where runs train (`BackendUnavailableError`) or a setting refused there (`InvalidArgumentError`) stops the
 * experiment with that error: every run would fail the same way.
 *
 * @param options - see {@link CriticalNExperimentOptions}.
 * @returns per-d searches and run counts.
 * @throws InvalidArgumentError for bad options (named) and for a d whose starting run cannot fit in memory
 *   (`dimensions[i]`, before anything is trained); BackendUnavailableError when an engine cannot be used, here
 *   or where runs train; AbortedError when `signal` aborts; EngineStateError when the store stops accepting
 *   writes (its lock lost).
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
  // The paper's setting leaves these out of every job (so its ids and results rows are as they were).
  const { fields: beyondPaper, objective, queryMode, passRule } = criticalNJobSetting(
    {
      ...(options.objective !== undefined ? { objective: options.objective } : {}),
      ...(options.queryMode !== undefined ? { queryMode: options.queryMode } : {}),
      ...(options.passRule !== undefined ? { passRule: options.passRule } : {}),
      ...(options.passMargin !== undefined ? { passMargin: options.passMargin } : {}),
    },
    training.temperature,
  );
  const precision = options.precision ?? PAPER_TRAINING.precision;
  const requested = options.engine ?? 'auto';
  const owned = options.executor === undefined ? await defaultExecutor(requested, options.runtimes) : undefined;
  const executor = options.executor ?? owned!;
  try {
    return await experiment(options, { dims, k, seed, restarts, training, precision, requested, executor, beyondPaper, objective, queryMode, passRule });
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
  readonly beyondPaper: ReturnType<typeof criticalNJobSetting>['fields'];
  readonly objective: Objective;
  readonly queryMode: QueryMode;
  readonly passRule: PassRule;
}

async function experiment(options: CriticalNExperimentOptions, settings: ExperimentSettings): Promise<CriticalNExperimentResult> {
  const { dims, k, seed, restarts, training, precision, requested, executor, beyondPaper, objective, queryMode, passRule } = settings;
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
  const retries = assertInteger('retries', options.retries ?? 2, { min: 0 });
  const retryDelayMs = assertInteger('retryDelayMs', options.retryDelayMs ?? 500, { min: 0 });
  const startOf = options.initialN ?? initialCriticalN;

  let trainedRuns = 0;
  let fetchedRuns = 0;
  let cachedRuns = 0;
  let trainingSeconds = 0;
  let retriedAttempts = 0;
  let certificateRetrains = 0;
  const failedRuns: CriticalNRun[] = [];
  const initial = new Map(dims.map((d) => [d, assertInteger(`initialN(${d})`, startOf(d, k), { min: k + 1 })]));
  // A d whose first run cannot fit in memory is refused now, typed, before any engine or run is started.
  dims.forEach((d) => {
    const at = options.dimensions.indexOf(d);
    assertTrainingFits({ n: initial.get(d)!, d, k, bytesPerFloat: precision === 'float64' ? 8 : 4 }, { d: `dimensions[${at}]`, n: `dimensions[${at}]` });
  });
  // One engine per d, resolved at the size its search starts from (every run of the d then uses it), and every
  // engine checked where runs train before any run: a missing engine fails now, with nothing written.
  const { byDimension: engines } = await resolveCriticalNEngines({
    dimensions: dims,
    k,
    engine: requested,
    precision,
    objective: objective.name,
    queryMode,
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
      ...(options.statistic !== undefined ? { statistic: options.statistic } : {}),
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
        ...beyondPaper,
      };
      const jobId = criticalNJobId(job);
      const base = { d, k, n, restart, seed: job.seed, jobId, speculative };
      const cached = store.find(job);
      if (cached !== undefined) {
        const outcome = criticalNRunOutcome(cached);
        if (!(job.certificate && outcome.solved && typeof cached.data.certificate !== 'string')) {
          cachedRuns += 1;
          await store.resolveFailure?.(job);
          const run: CriticalNRun = { ...base, ...outcome, source: 'cached' };
          options.onRun?.(run);
          return run;
        }
        certificateRetrains += 1; // solved earlier without a certificate: train it again to write one
      }
      options.onRunStart?.({ ...job, speculative });
      let trained: TrainedCriticalNRun | undefined;
      for (let attempt = 1; ; attempt++) {
        try {
          if (trained === undefined) {
            const result = await executor.run(job, { signal, ...(options.onProgress ? { onProgress: (p: TrainingProgress) => options.onProgress!(job, p) } : {}) });
            assertRunMatchesJob(job, result, jobId, criticalNJobParameters(job));
            trained = result;
          }
          const { fetched, ...finished } = trained;
          await store.record(job, finished);
          if (fetched) fetchedRuns += 1;
          else trainedRuns += 1;
          const run: CriticalNRun = { ...base, ...criticalNRunOutcome(trained.row), source: 'trained', ...(attempt > 1 ? { attempts: attempt } : {}) };
          if (!fetched) trainingSeconds += run.seconds;
          options.onRun?.(run);
          return run;
        } catch (error) {
          if (AbortedError.isInstance(error) || signal.aborted) throw error;
          // An engine that cannot run, or a setting refused where runs train, is the experiment's error, not a run's
          // outcome: every run would fail the same way (never "not solved" down the whole gallop).
          if (BackendUnavailableError.isInstance(error) || InvalidArgumentError.isInstance(error)) throw error;
          // the store refuses writes (its lock was taken, it was closed): nothing more may be written
          if (EngineStateError.isInstance(error) && (error.state === 'lock-lost' || error.state === 'closed')) throw error;
          if (ResultMismatchError.isInstance(error)) trained = undefined;
          const outcome = ConvergenceError.isInstance(error); // the training itself diverged: an outcome
          const willRetry = !outcome && attempt <= retries;
          await recordFailure(job, error, attempt);
          options.onRunFailure?.({ job, error, attempt, willRetry });
          if (willRetry) {
            retriedAttempts += 1;
            await sleep(retryDelayMs * 2 ** (attempt - 1), signal);
            continue;
          }
          const run: CriticalNRun = {
            ...base,
            solved: false,
            minMargin: undefined,
            maxAccuracy: -1,
            maxExactTopK: undefined,
            iterations: null,
            seconds: 0,
            engine: job.engine,
            precision: job.precision,
            source: 'failed',
            error: error instanceof Error ? error.message : String(error),
            errorClass: error instanceof Error ? error.name : typeof error,
            attempts: attempt,
            ...(outcome ? {} : { incomplete: true }),
          };
          failedRuns.push(run);
          options.onRun?.(run);
          return run;
        }
      }
    },
  });

  /** Records a failed attempt; a store that cannot write it (a full disk) does not hide the failure itself. */
  async function recordFailure(job: CriticalNJob, error: unknown, attempt: number): Promise<void> {
    try {
      await store.recordFailure?.(job, error, attempt);
    } catch (recordError) {
      if (EngineStateError.isInstance(recordError)) throw recordError;
    }
  }

  return {
    k,
    seed,
    restarts,
    statistic: options.statistic ?? 'single',
    objective,
    queryMode,
    passRule,
    executor: executor.name,
    dimensions: dims.map((d) => ({ d, initialN: initial.get(d)!, engine: engines.get(d)!, precision, ...results.get(d)! })),
    trainedRuns,
    fetchedRuns,
    cachedRuns,
    unusedRuns: unusedEvaluations,
    failedRuns,
    retriedAttempts,
    certificateRetrains,
    trainingSeconds,
  };
}

/** Waits `ms`, or rejects with an AbortedError as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new AbortedError({ message: 'the run is no longer needed' }));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError({ message: 'the run is no longer needed' }));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
