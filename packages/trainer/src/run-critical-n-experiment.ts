import { join } from 'node:path';
import { InvalidArgumentError, assertInteger } from '@limit/core';
import type { BackendName, EngineOptions } from './backends.js';
import { saveCertificate } from './certificate-file.js';
import { criticalNSearch, type CriticalNSearchResult } from './critical-n-search.js';
import { createEmbeddingCertificate } from './embedding-certificate.js';
import { experimentParameters } from './experiment-parameters.js';
import { ResultsFile } from './results-file.js';
import { trainFreeEmbeddings, type TrainFreeEmbeddingsOptions, type TrainingProgress } from './train-free-embeddings.js';

/** One run of the search: the n, the seed, and where its numbers came from. */
export interface CriticalNRun {
  readonly solved: boolean;
  readonly n: number;
  readonly seed: number;
  /** True when the row was read from the results file (no training). */
  readonly cached: boolean;
  readonly maxAccuracy: number;
  readonly iterations: number | null;
  readonly seconds: number;
  readonly certificate?: string;
}

/** Options of {@link runCriticalNExperiment}. */
export interface CriticalNExperimentOptions {
  readonly d: number;
  /** Default 2. */
  readonly k?: number;
  /** Start of the gallop. */
  readonly initialN: number;
  /** JSON results file (official schema); resumed when it exists. */
  readonly resultsFile: string;
  /** Base seed; restart r uses seed + r. Default 42. */
  readonly seed?: number;
  /** Runs per n (seeds seed … seed + restarts − 1). Default 1. */
  readonly restarts?: number;
  readonly backend?: BackendName | 'auto';
  readonly engineOptions?: EngineOptions;
  /** Training settings (paper defaults when left out). */
  readonly training?: Pick<TrainFreeEmbeddingsOptions, 'learningRate' | 'temperature' | 'maxIterations' | 'logInterval' | 'earlyStopping'>;
  /** Folder for certificates of solved runs (none when left out). */
  readonly certificatesDir?: string;
  readonly maxN?: number;
  readonly onRunStart?: (info: { n: number; seed: number }) => void;
  readonly onProgress?: (info: { n: number; seed: number; progress: TrainingProgress }) => void;
  readonly onRun?: (run: CriticalNRun) => void;
  readonly signal?: AbortSignal;
}

/**
 * The critical-n search for one (d, k), backed by a results file: every trained n is appended to the file
 * atomically right away, n already in the file are reused without training (so an interrupted search
 * resumes where it stopped, losing at most the run in progress), and solved runs optionally leave a
 * verifiable certificate. A run counts as solved when its best observed accuracy reached 100 % (as the
 * official script's search reads `max_accuracy_observed`).
 *
 * @param options - see {@link CriticalNExperimentOptions}.
 * @returns the search result with one {@link CriticalNRun} per (n, restart).
 * @throws DataFormatError when the results file exists but is not a results file (it is left untouched);
 *   AbortedError when `signal` aborts; InvalidArgumentError for bad options.
 * @example
 * ```ts
 * const { criticalN } = await runCriticalNExperiment({ d: 4, initialN: 10, resultsFile: 'results/d4-k2.json' });
 * ```
 */
export async function runCriticalNExperiment(options: CriticalNExperimentOptions): Promise<CriticalNSearchResult<CriticalNRun>> {
  const d = assertInteger('d', options.d, { min: 1 });
  const k = assertInteger('k', options.k ?? 2, { min: 1 });
  const seed = assertInteger('seed', options.seed ?? 42);
  if (typeof options.resultsFile !== 'string' || options.resultsFile === '') {
    throw new InvalidArgumentError({ parameter: 'resultsFile', value: options.resultsFile, message: 'resultsFile must be a path' });
  }
  const results = await ResultsFile.open(options.resultsFile);
  const backend = options.backend ?? 'auto';

  const evaluate = async (n: number, restart: number): Promise<CriticalNRun> => {
    const runSeed = seed + restart;
    const trainOptions: TrainFreeEmbeddingsOptions = { ...options.training, n, d, k, seed: runSeed, backend };
    const parameters = experimentParameters(trainOptions, backend);
    const cached = results.find(parameters);
    if (cached !== undefined) {
      const maxAccuracy = bestAccuracy(cached.metrics);
      const run: CriticalNRun = {
        solved: maxAccuracy >= 1,
        n,
        seed: runSeed,
        cached: true,
        maxAccuracy,
        iterations: typeof cached.metrics.iterations === 'number' ? cached.metrics.iterations : null,
        seconds: 0,
      };
      options.onRun?.(run);
      return run;
    }
    options.onRunStart?.({ n, seed: runSeed });
    const wantCertificate = options.certificatesDir !== undefined;
    const result = await trainFreeEmbeddings({
      ...trainOptions,
      returnEmbeddings: wantCertificate,
      ...(options.engineOptions ? { engineOptions: options.engineOptions } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: (progress: TrainingProgress) => options.onProgress!({ n, seed: runSeed, progress }) } : {}),
    });
    const { metrics } = result;
    const recorded = { ...parameters, device: metrics.engine, backend: metrics.engine };
    let certificate: string | undefined;
    if (wantCertificate && metrics.solved && result.embeddings) {
      certificate = join(options.certificatesDir!, `d${d}-k${k}-n${n}-seed${runSeed}.cert.json`);
      await saveCertificate(
        certificate,
        createEmbeddingCertificate({ ...result.embeddings, qrels: result.qrels, qrelsSpec: { kind: 'all-combinations', n, k }, parameters: recorded }),
      );
    }
    await results.append({ parameters: recorded, metrics: { ...metrics }, data: certificate ? { certificate } : {} });
    const run: CriticalNRun = {
      solved: metrics.solved,
      n,
      seed: runSeed,
      cached: false,
      maxAccuracy: metrics.max_accuracy_observed,
      iterations: metrics.iterations,
      seconds: metrics.optimization_duration_seconds,
      ...(certificate ? { certificate } : {}),
    };
    options.onRun?.(run);
    return run;
  };

  return criticalNSearch({
    initialN: options.initialN,
    evaluate,
    minN: k + 1,
    ...(options.maxN !== undefined ? { maxN: options.maxN } : {}),
    restarts: options.restarts ?? 1,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

/** The official search's reading of a row: the best of the accuracy signals it recorded. */
function bestAccuracy(metrics: Readonly<Record<string, unknown>>): number {
  const values = ['max_accuracy_observed', 'best_accuracy_monitored', 'last_logged_accuracy', 'final_accuracy']
    .map((key) => metrics[key])
    .filter((v): v is number => typeof v === 'number');
  return values.length > 0 ? Math.max(...values) : -1;
}
