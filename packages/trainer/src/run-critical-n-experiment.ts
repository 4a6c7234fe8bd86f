import { join } from 'node:path';
import { InvalidArgumentError, assertInteger, assertKnownOptions } from '@limit/core';
import { saveCertificate } from './certificate-file.js';
import { criticalNSearch, type CriticalNSearchResult } from './critical-n-search.js';
import { createEmbeddingCertificate } from './embedding-certificate.js';
import type { Precision } from './engine.js';
import type { EngineProvider, EngineRuntimes } from './engines/provider.js';
import { resolveEngine, type EngineDevice } from './engines/registry.js';
import { experimentParameters } from './experiment-parameters.js';
import type { RecordedMetrics } from './official-schema.js';
import { PAPER_TRAINING } from './paper-training.js';
import { ResultsFile } from './results-file.js';
import { trainFreeEmbeddings, type TrainFreeEmbeddingsOptions, type TrainingProgress } from './train-free-embeddings.js';
import { binomial } from '@limit/combinatorics';

/** One run of the search: the n, the seed, and where its numbers came from. */
export interface CriticalNRun {
  readonly solved: boolean;
  readonly n: number;
  readonly seed: number;
  /** True when the row was read from the results file (no training). */
  readonly cached: boolean;
  /** Best official accuracy (relevant documents inside each query's top-k) the run reached. */
  readonly maxAccuracy: number;
  /** Best exact-set accuracy the run reached (undefined for rows of the official script, which lack it). */
  readonly maxExactTopK: number | undefined;
  readonly iterations: number | null;
  readonly seconds: number;
  /** Engine and precision the run used (undefined for cached rows that do not record them). */
  readonly engine: string | undefined;
  readonly precision: Precision | undefined;
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
  /**
   * Engine id, provider object or `'auto'` (default). Resolved once for the whole search (for `'auto'`:
   * at the size of `initialN`), so every run of this d uses the same engine and precision.
   */
  readonly engine?: string | EngineProvider;
  /** Restrict `'auto'` to one device's engines. */
  readonly device?: EngineDevice;
  /** Precision of every run: `'float32'` (default, as JAX) or `'float64'`. */
  readonly precision?: Precision;
  readonly runtimes?: EngineRuntimes;
  readonly engineOptions?: TrainFreeEmbeddingsOptions['engineOptions'];
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

const OPTION_KEYS = [
  'd', 'k', 'initialN', 'resultsFile', 'seed', 'restarts', 'engine', 'device', 'precision', 'runtimes', 'engineOptions', 'training',
  'certificatesDir', 'maxN', 'onRunStart', 'onProgress', 'onRun', 'signal',
];

/**
 * The critical-n search for one (d, k), backed by a results file: every trained n is appended to the file
 * atomically right away, n already in the file are reused without training (so an interrupted search
 * resumes where it stopped, losing at most the run in progress), and solved runs optionally leave a
 * verifiable certificate. A run counts as solved when its exact-set accuracy reached 100 % (for rows of the
 * official script, which lack it: when its best recorded accuracy reached 100 %, as its search reads it).
 * The engine and precision are chosen once, so every run of the search uses the same ones.
 *
 * @param options - see {@link CriticalNExperimentOptions}.
 * @returns the search result (`criticalN` = binary-search n, `largestSolvedN` beside it) with one
 *   {@link CriticalNRun} per (n, restart).
 * @throws DataFormatError when the results file exists but is not a results file for this d (it is left
 *   untouched); AbortedError when `signal` aborts; InvalidArgumentError for bad options;
 *   BackendUnavailableError when the engine cannot be used.
 * @example
 * ```ts
 * const { criticalN, largestSolvedN } = await runCriticalNExperiment({ d: 4, initialN: 10, resultsFile: 'results/d4-k2.json' });
 * ```
 */
export async function runCriticalNExperiment(options: CriticalNExperimentOptions): Promise<CriticalNSearchResult<CriticalNRun>> {
  assertKnownOptions('options', options, OPTION_KEYS);
  const d = assertInteger('d', options.d, { min: 1 });
  const k = assertInteger('k', options.k ?? PAPER_TRAINING.k, { min: 1 });
  const seed = assertInteger('seed', options.seed ?? PAPER_TRAINING.seed);
  const initialN = assertInteger('initialN', options.initialN, { min: k + 1 });
  if (typeof options.resultsFile !== 'string' || options.resultsFile === '') {
    throw new InvalidArgumentError({ parameter: 'resultsFile', value: options.resultsFile, message: 'resultsFile must be a path' });
  }
  const results = await ResultsFile.open(options.resultsFile, { d });
  const precision = options.precision ?? PAPER_TRAINING.precision;
  // One engine for the whole search: resolved here, once, at the size the search starts from.
  const resolved = await resolveEngine(options.engine ?? 'auto', {
    precision,
    work: Number(binomial(initialN, k)) * initialN * d,
    ...(options.device !== undefined ? { device: options.device } : {}),
    ...(options.runtimes !== undefined ? { runtimes: options.runtimes } : {}),
    ...options.engineOptions,
  });
  const { runtimes: _runtimes, ...engineOptions } = resolved.options;

  const evaluate = async (n: number, restart: number): Promise<CriticalNRun> => {
    const runSeed = seed + restart;
    const trainOptions: TrainFreeEmbeddingsOptions = { ...options.training, n, d, k, seed: runSeed, precision };
    const cached = results.find(experimentParameters(trainOptions, resolved.provider.id, precision));
    if (cached !== undefined) {
      const m = cached.metrics;
      const maxAccuracy = bestAccuracy(m);
      const run: CriticalNRun = {
        solved: m.solved ?? maxAccuracy >= 1,
        n,
        seed: runSeed,
        cached: true,
        maxAccuracy,
        maxExactTopK: m.maxExactTopKObserved,
        iterations: m.iterations ?? null,
        seconds: 0,
        engine: m.engine ?? cached.parameters.engine,
        precision: m.precision ?? cached.parameters.precision,
      };
      options.onRun?.(run);
      return run;
    }
    options.onRunStart?.({ n, seed: runSeed });
    const wantCertificate = options.certificatesDir !== undefined;
    const result = await trainFreeEmbeddings({
      ...trainOptions,
      engine: resolved.provider,
      engineOptions,
      ...(options.runtimes !== undefined ? { runtimes: options.runtimes } : {}),
      returnEmbeddings: wantCertificate,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: (progress: TrainingProgress) => options.onProgress!({ n, seed: runSeed, progress }) } : {}),
    });
    const { metrics } = result;
    const recorded = experimentParameters(trainOptions, metrics.engine, metrics.precision);
    let certificate: string | undefined;
    if (wantCertificate && metrics.solved && result.embeddings) {
      certificate = join(options.certificatesDir!, `d${d}-k${k}-n${n}-seed${runSeed}.cert.json`);
      await saveCertificate(
        certificate,
        createEmbeddingCertificate({ ...result.embeddings, qrels: result.qrels, qrelsSpec: { kind: 'all-combinations', n, k }, parameters: { ...recorded } }),
      );
    }
    await results.append({ parameters: recorded, metrics, data: certificate ? { certificate } : {} });
    const run: CriticalNRun = {
      solved: metrics.solved,
      n,
      seed: runSeed,
      cached: false,
      maxAccuracy: metrics.maxAccuracyObserved,
      maxExactTopK: metrics.maxExactTopKObserved,
      iterations: metrics.iterations,
      seconds: metrics.optimizationDurationSeconds,
      engine: metrics.engine,
      precision: metrics.precision,
      ...(certificate ? { certificate } : {}),
    };
    options.onRun?.(run);
    return run;
  };

  return criticalNSearch({
    initialN,
    evaluate,
    minN: k + 1,
    ...(options.maxN !== undefined ? { maxN: options.maxN } : {}),
    restarts: options.restarts ?? 1,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

/** The official search's reading of a row: the best of the accuracy signals it recorded. */
function bestAccuracy(metrics: RecordedMetrics): number {
  const values = [metrics.maxAccuracyObserved, metrics.bestAccuracyMonitored, metrics.lastLoggedAccuracy, metrics.finalAccuracy].filter(
    (v): v is number => typeof v === 'number',
  );
  return values.length > 0 ? Math.max(...values) : -1;
}
