// The one place where the critical-n experiment meets the training API (trainFreeEmbeddings, the results-row
// schema): executors, stores and summaries only see CriticalNJob, ResultRow and CriticalNRunOutcome.
import type { CriticalNJob } from './job.js';
import { createEmbeddingCertificate, type EmbeddingCertificate } from '../certificates/embedding-certificate.js';
import type { EngineProvider, EngineRuntimes } from '../engines/provider.js';
import { experimentParameters, type ExperimentParameters } from '../results/experiment-parameters.js';
import type { ResultRow } from '../results/official-schema.js';
import { trainFreeEmbeddings, type TrainFreeEmbeddingsOptions, type TrainingProgress } from '../training/train-free-embeddings.js';

/** What an executor returns for one job: the job it trained, the results row and, when asked, a certificate. */
export interface TrainedCriticalNRun {
  /**
   * The job this run trained, as received: coordinators compare it with the job they asked for
   * (`assertRunMatchesJob`) and refuse a result without it or for another job.
   */
  readonly job?: CriticalNJob;
  /** The row, camelCase in memory (the official snake_case schema only in results files). */
  readonly row: ResultRow;
  readonly certificate?: EmbeddingCertificate;
  /** True when the executor fetched a result trained earlier (e.g. a finished BullMQ job) instead of training. */
  readonly fetched?: boolean;
}

/** A run's outcome as the experiment reads it (from a results row). */
export interface CriticalNRunOutcome {
  /** Exact-set accuracy reached 100 % (rows of the official script, which lack it: best accuracy reached 100 %). */
  readonly solved: boolean;
  /** Best official accuracy (relevant documents inside each query's top-k) observed, −1 when the row has none. */
  readonly maxAccuracy: number;
  /** Best exact-set accuracy observed (undefined for official-script rows). */
  readonly maxExactTopK: number | undefined;
  readonly iterations: number | null;
  readonly seconds: number;
  /** Smallest query margin of the final embeddings (`forEachQueryMargin`), undefined for rows that lack it. */
  readonly minMargin: number | undefined;
  /** Engine and precision recorded (undefined for rows that lack them). */
  readonly engine: string | undefined;
  readonly precision: string | undefined;
}

/** Options of {@link trainCriticalNRun}. */
export interface TrainCriticalNRunOptions {
  /** Engine options (threads, execution providers). */
  readonly engineOptions?: TrainFreeEmbeddingsOptions['engineOptions'];
  /** Runtime modules passed as values (onnxruntime-web, tfjs in browsers). */
  readonly runtimes?: EngineRuntimes;
  /** Use this provider object instead of looking `job.engine` up in the registry (a custom engine in-process). */
  readonly provider?: EngineProvider;
  readonly onProgress?: (progress: TrainingProgress) => void;
  readonly signal?: AbortSignal;
}

/**
 * The `trainFreeEmbeddings` options a job trains with (engine by id; no callbacks).
 *
 * @param job - the job.
 * @returns its training options.
 * @example
 * ```ts
 * const { embeddings } = await trainFreeEmbeddings({ ...criticalNTrainOptions(job), returnEmbeddings: true });
 * ```
 */
export function criticalNTrainOptions(job: CriticalNJob): TrainFreeEmbeddingsOptions {
  return trainOptionsOf(job);
}

const trainOptionsOf = (job: CriticalNJob): TrainFreeEmbeddingsOptions => ({
  n: job.n,
  d: job.d,
  k: job.k,
  seed: job.seed,
  learningRate: job.training.learningRate,
  temperature: job.training.temperature,
  maxIterations: job.training.maxIterations,
  logInterval: job.training.logInterval,
  earlyStopping: job.training.earlyStopping === false ? false : { ...job.training.earlyStopping },
  precision: job.precision,
  engine: job.engine,
  // beyond the paper's setting only, so a paper job's options (and its results row) are as they were
  ...(job.objective !== undefined && job.objective.name !== 'infoNce' ? { objective: job.objective } : {}),
  ...(job.queryMode === 'centroid' ? { queryMode: 'centroid' as const } : {}),
  ...(job.passRule !== undefined && job.passRule.rule === 'margin' ? { passRule: 'margin' as const, passMargin: job.passRule.margin } : {}),
});

/**
 * The results-row parameters of a job, used to look the job up in a results file.
 *
 * @param job - the job.
 * @returns its `parameters` object (camelCase).
 * @example
 * ```ts
 * criticalNJobParameters(job).learningRate; // 0.01
 * ```
 */
export function criticalNJobParameters(job: CriticalNJob): ExperimentParameters {
  return experimentParameters(trainOptionsOf(job), job.engine, job.precision);
}

/**
 * Trains one job in this thread and returns its results row (and a certificate when the job asks for one
 * and the run solved). This is what every executor runs, wherever it runs.
 *
 * @param job - the job.
 * @param options - engine options, runtimes, progress callback, abort signal.
 * @returns the row `{ parameters, metrics, data }` to record.
 * @throws AbortedError when `signal` aborts; BackendUnavailableError when the engine cannot be used here;
 *   whatever training throws (bad parameters, out of memory).
 * @example
 * ```ts
 * const { row } = await trainCriticalNRun(job);
 * ```
 */
export async function trainCriticalNRun(job: CriticalNJob, options: TrainCriticalNRunOptions = {}): Promise<TrainedCriticalNRun> {
  const result = await trainFreeEmbeddings({
    ...trainOptionsOf(job),
    ...(options.provider ? { engine: options.provider } : {}),
    ...(job.device !== undefined ? { device: job.device } : {}),
    returnEmbeddings: job.certificate,
    ...(options.engineOptions ? { engineOptions: options.engineOptions } : {}),
    ...(options.runtimes ? { runtimes: options.runtimes } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const { metrics } = result;
  const parameters = experimentParameters(trainOptionsOf(job), metrics.engine, metrics.precision);
  const certificate =
    job.certificate && metrics.solved && result.embeddings
      ? createEmbeddingCertificate({ ...result.embeddings, qrels: result.qrels, qrelsSpec: { kind: 'all-combinations', n: job.n, k: job.k }, parameters: { ...parameters } })
      : undefined;
  return { job, row: { parameters, metrics, data: {} }, ...(certificate ? { certificate } : {}) };
}

/**
 * Reads a results row as the search does: solved when its exact-set accuracy reached 100 % (for rows of the
 * official script, which lack it: when its best recorded accuracy reached 100 %, as its search reads it).
 *
 * @param row - a results row (ours or the official script's, camelCase in memory).
 * @returns the outcome.
 * @example
 * ```ts
 * criticalNRunOutcome({ parameters, metrics: { maxAccuracyObserved: 1 }, data: {} }).solved; // true
 * ```
 */
export function criticalNRunOutcome(row: ResultRow): CriticalNRunOutcome {
  const m = row.metrics;
  const values = [m.maxAccuracyObserved, m.bestAccuracyMonitored, m.lastLoggedAccuracy, m.finalAccuracy].filter((v): v is number => typeof v === 'number');
  const maxAccuracy = values.length > 0 ? Math.max(...values) : -1;
  return {
    solved: m.solved ?? maxAccuracy >= 1,
    maxAccuracy,
    maxExactTopK: m.maxExactTopKObserved,
    iterations: m.iterations ?? null,
    seconds: m.optimizationDurationSeconds ?? 0,
    minMargin: typeof m.minMargin === 'number' ? m.minMargin : undefined,
    engine: m.engine ?? row.parameters.engine,
    precision: m.precision ?? row.parameters.precision,
  };
}
