// The one place where the critical-n experiment meets the training API (trainFreeEmbeddings, the results-row
// schema): executors, stores and summaries only see CriticalNJob, ResultRow and CriticalNRunOutcome.
import type { BackendName, EngineOptions } from './backends.js';
import type { CriticalNJob } from './critical-n-job.js';
import { createEmbeddingCertificate, type EmbeddingCertificate } from './embedding-certificate.js';
import { experimentParameters, type ExperimentParameters } from './experiment-parameters.js';
import type { ResultRow } from './results-file.js'; // type only: erased, the main entry stays browser-safe
import { trainFreeEmbeddings, type TrainFreeEmbeddingsOptions, type TrainingProgress } from './train-free-embeddings.js';

/** What an executor returns for one job: the results row (official schema) and, when asked, a certificate. */
export interface TrainedCriticalNRun {
  readonly row: ResultRow;
  readonly certificate?: EmbeddingCertificate;
  /** True when the executor fetched a result trained earlier (e.g. a finished BullMQ job) instead of training. */
  readonly fetched?: boolean;
}

/** A run's outcome as the experiment reads it (camelCase, from a results row). */
export interface CriticalNRunOutcome {
  readonly solved: boolean;
  /** Best top-k accuracy observed (the official search's reading), −1 when the row has none. */
  readonly maxAccuracy: number;
  readonly iterations: number | null;
  readonly seconds: number;
}

/** Options of {@link trainCriticalNRun}. */
export interface TrainCriticalNRunOptions {
  readonly engineOptions?: EngineOptions;
  readonly onProgress?: (progress: TrainingProgress) => void;
  readonly signal?: AbortSignal;
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
  backend: job.backend as BackendName | 'auto',
});

/**
 * The results-row parameters of a job (official keys), used to look the job up in a results file.
 *
 * @param job - the job.
 * @returns its `parameters` object.
 * @example
 * ```ts
 * criticalNJobParameters(job).learning_rate; // 0.01
 * ```
 */
export function criticalNJobParameters(job: CriticalNJob): ExperimentParameters {
  return experimentParameters(trainOptionsOf(job), job.backend);
}

/**
 * Trains one job in this thread and returns its results row (and a certificate when the job asks for one
 * and the run solved). This is what every executor runs, wherever it runs.
 *
 * @param job - the job.
 * @param options - engine options, progress callback, abort signal.
 * @returns the row `{ parameters, metrics, data }` to record.
 * @throws AbortedError when `signal` aborts; whatever training throws (bad parameters, out of memory).
 * @example
 * ```ts
 * const { row } = await trainCriticalNRun(job);
 * ```
 */
export async function trainCriticalNRun(job: CriticalNJob, options: TrainCriticalNRunOptions = {}): Promise<TrainedCriticalNRun> {
  const result = await trainFreeEmbeddings({
    ...trainOptionsOf(job),
    returnEmbeddings: job.certificate,
    ...(options.engineOptions ? { engineOptions: options.engineOptions } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const { metrics } = result;
  const parameters = { ...criticalNJobParameters(job), device: metrics.engine, backend: metrics.engine };
  const certificate =
    job.certificate && metrics.solved && result.embeddings
      ? createEmbeddingCertificate({ ...result.embeddings, qrels: result.qrels, qrelsSpec: { kind: 'all-combinations', n: job.n, k: job.k }, parameters })
      : undefined;
  return { row: { parameters, metrics: { ...metrics }, data: {} }, ...(certificate ? { certificate } : {}) };
}

/**
 * Reads a results row as the official search does: solved when the best of the accuracy signals it recorded
 * reached 100 %.
 *
 * @param row - a results row (ours or the official script's).
 * @returns the outcome.
 * @example
 * ```ts
 * criticalNRunOutcome({ parameters: {}, metrics: { max_accuracy_observed: 1 }, data: {} }).solved; // true
 * ```
 */
export function criticalNRunOutcome(row: ResultRow): CriticalNRunOutcome {
  const m = row.metrics;
  const values = ['max_accuracy_observed', 'best_accuracy_monitored', 'last_logged_accuracy', 'final_accuracy']
    .map((key) => m[key])
    .filter((v): v is number => typeof v === 'number');
  const maxAccuracy = values.length > 0 ? Math.max(...values) : -1;
  return {
    solved: maxAccuracy >= 1,
    maxAccuracy,
    iterations: typeof m.iterations === 'number' ? m.iterations : null,
    seconds: typeof m.optimization_duration_seconds === 'number' ? m.optimization_duration_seconds : 0,
  };
}
