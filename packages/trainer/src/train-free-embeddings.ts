import {
  AbortedError,
  InvalidArgumentError,
  ShapeMismatchError,
  assertInteger,
  assertNonNegative,
  assertOneOf,
  assertPositive,
  createRng,
  type DenseMatrix,
  type Seed,
} from '@limit/core';
import { allCombinationQrels, binomial, qrelMatrixFromRows, sampleCombinations, type QrelMatrix } from '@limit/combinatorics';
import { createStepEngine, type BackendName, type EngineOptions } from './backends.js';
import type { EngineQrels, StepEngine } from './engine.js';
import { initialEmbeddings } from './initial-embeddings.js';
import { sampleList } from './internal/sample-list.js';

/** Early stopping, as in the official script: patience counts steps (loss) or evaluations (accuracy). */
export interface EarlyStoppingOptions {
  /** `'loss'`: checked every step; `'accuracy'`: checked at every accuracy evaluation. Default `'loss'`. */
  readonly monitor?: 'loss' | 'accuracy';
  /** Checks without an improvement larger than `minDelta` before stopping. Default 1000. */
  readonly patience?: number;
  /** Smallest change that counts as an improvement. Default 1e-5. */
  readonly minDelta?: number;
  /**
   * Put back the embeddings of the best monitored value before the final evaluation. Default false. It copies
   * the embeddings at every improvement (under the loss monitor: nearly every step early on), so it is slow.
   */
  readonly restoreBest?: boolean;
}

/** One progress report, sent at every accuracy evaluation (every `logInterval` steps). */
export interface TrainingProgress {
  /** 0-based index of the step just taken. */
  readonly step: number;
  readonly maxIterations: number;
  /** Loss of that step (evaluated before its update). */
  readonly loss: number;
  /** Top-k accuracy after that step. */
  readonly accuracy: number;
  readonly stepsPerSecond: number;
  readonly elapsedSeconds: number;
  /** Steps since the monitored value last improved. */
  readonly patienceCounter: number;
  readonly engine: string;
}

/** Options of {@link trainFreeEmbeddings}; defaults are the paper's. */
export interface TrainFreeEmbeddingsOptions {
  /** Number of documents. */
  readonly n: number;
  /** Embedding dimension. */
  readonly d: number;
  /** Relevant documents per query for the default qrels (all C(n, k) k-subsets). Default 2. */
  readonly k?: number;
  /** Any qrel pattern (CSR, `numDocs` = n) instead of all k-subsets; `k` then only labels the run. */
  readonly qrels?: EngineQrels;
  /** Keep a seeded random subset of this many k-subsets (the official script's `q`). */
  readonly qLimit?: number;
  /** Seed of the initial embeddings (and of the `qLimit` subset). Default 42. */
  readonly seed?: Seed;
  /** Adam learning rate. Default 0.01. */
  readonly learningRate?: number;
  /** Softmax temperature: logits = Q·Dᵀ / temperature. Default 0.1. */
  readonly temperature?: number;
  /** Adam β₁, β₂, ε. Default 0.9, 0.999, 1e-8 (optax' defaults). */
  readonly adam?: { readonly beta1?: number; readonly beta2?: number; readonly epsilon?: number };
  /** Maximum optimisation steps. Default 100,000. */
  readonly maxIterations?: number;
  /** Accuracy is evaluated every `logInterval` steps (and at the last). Default 50. */
  readonly logInterval?: number;
  /** Early stopping settings, or `false` to run to 100 % or `maxIterations`. */
  readonly earlyStopping?: EarlyStoppingOptions | false;
  /** `'gaussian'` (default): N(0, 1) rows, L2-normalised, from `seed`; or explicit starting embeddings. */
  readonly init?: 'gaussian' | { readonly queries: DenseMatrix; readonly documents: DenseMatrix };
  /** Backend name or `'auto'` (default): the fastest available. */
  readonly backend?: BackendName | 'auto';
  /** onnxruntime options for the `onnx` backend. */
  readonly engineOptions?: EngineOptions;
  /** Queries per block (default: about 2M logits per block). */
  readonly blockSize?: number;
  /** Return the final embeddings. Default false. */
  readonly returnEmbeddings?: boolean;
  readonly onProgress?: (progress: TrainingProgress) => void;
  readonly signal?: AbortSignal;
}

/** The metrics the official script records, under its names, plus a few more. */
export interface FreeEmbeddingMetrics {
  /** Top-k accuracy of the final (or restored) embeddings. */
  final_accuracy: number;
  /** Last logged loss (NaN when nothing was logged). */
  final_loss: number;
  /** Best loss seen by the loss monitor (null when monitoring accuracy and it never improved). */
  best_loss_monitored: number | null;
  /** Best accuracy seen by the accuracy monitor (null when monitoring loss, as in the official script). */
  best_accuracy_monitored: number | null;
  /** Logged losses, thinned to at most 100 points. */
  losses: number[];
  /** Logged accuracies, thinned to at most 100 points. */
  accuracies: number[];
  max_accuracy_observed: number;
  last_logged_accuracy: number | null;
  actual_q_generated: number;
  optimization_duration_seconds: number;
  /** Steps taken. */
  iterations: number;
  /** Why training stopped. */
  stop_reason: 'solved' | 'early_stopping' | 'max_iterations';
  /** True when some evaluation reached 100 % top-k accuracy. */
  solved: boolean;
  steps_per_second: number;
  /** Engine that ran, e.g. `tfjs-wasm`, `onnx-cpu`. */
  engine: string;
}

/** What {@link trainFreeEmbeddings} returns. */
export interface TrainFreeEmbeddingsResult {
  readonly metrics: FreeEmbeddingMetrics;
  /** The qrels that were trained on. */
  readonly qrels: EngineQrels;
  /** Final embeddings (Q [q, d], D [n, d]) when `returnEmbeddings` is set. */
  readonly embeddings?: { readonly queries: DenseMatrix; readonly documents: DenseMatrix };
}

/** Aim for about this many logits per query block. */
const TARGET_BLOCK_ENTRIES = 1 << 21;

/**
 * Optimises free query and document embeddings for the paper's objective (the "best case" experiment of
 * LIMIT, arXiv 2508.21038 §5): every query and document vector is a free parameter, the loss is the
 * full-batch multi-positive InfoNCE over all documents
 *
 *   loss = −(1/P) · Σ_{(i, j) relevant} log softmax_j(Q·Dᵀ / T)[i, j],   P = number of relevant pairs,
 *
 * minimised by Adam with both Q and D rows re-normalised to unit length after every update. Accuracy is
 * the share of queries whose top-k documents are exactly their relevant set, evaluated every
 * `logInterval` steps; training stops at 100 %, at `maxIterations`, or by early stopping.
 *
 * The initial embeddings are drawn on the CPU ({@link initialEmbeddings}) so every backend starts alike.
 *
 * @param options - see {@link TrainFreeEmbeddingsOptions}; `n`, `d` required.
 * @returns metrics (official names), the qrels and, on request, the embeddings.
 * @throws InvalidArgumentError for bad options (naming the option) and when the loss becomes non-finite
 *   (parameter `learningRate`), ShapeMismatchError for `init`
 *   matrices of the wrong shape, BackendUnavailableError for an unusable backend, AbortedError when
 *   `signal` aborts.
 * @example
 * ```ts
 * const { metrics } = await trainFreeEmbeddings({ n: 9, d: 4, k: 2, seed: 42 });
 * metrics.final_accuracy; // 1: all 36 pairs of 9 documents are exact top-2 sets in 4 dimensions
 * metrics.iterations;     // about 2,000 steps
 * ```
 */
export async function trainFreeEmbeddings(options: TrainFreeEmbeddingsOptions): Promise<TrainFreeEmbeddingsResult> {
  const settings = resolveOptions(options);
  const { n, d, qrels, maxIterations, logInterval, earlyStopping, signal } = settings;
  throwIfAborted(signal);

  const start = options.init === undefined || options.init === 'gaussian'
    ? initialEmbeddings({ numQueries: qrels.numQueries, numDocs: n, d }, settings.seed)
    : checkInit(options.init, qrels.numQueries, n, d);

  const engine = await createStepEngine(
    options.backend ?? 'auto',
    {
      queries: start.queries,
      documents: start.documents,
      qrels,
      learningRate: settings.learningRate,
      temperature: settings.temperature,
      adam: settings.adam,
      blockSize: settings.blockSize,
    },
    options.engineOptions,
  );

  const losses: number[] = [];
  const accuracies: number[] = [];
  const monitorLoss = earlyStopping.monitor === 'loss';
  let bestValue = monitorLoss ? Infinity : -Infinity;
  let bestLoss: number | null = null;
  let bestAccuracy: number | null = null;
  let bestEmbeddings: { queries: DenseMatrix; documents: DenseMatrix } | undefined;
  let patienceCounter = 0;
  let maxAccuracy = 0;
  let lastAccuracy: number | null = null;
  let stopReason: FreeEmbeddingMetrics['stop_reason'] = 'max_iterations';
  let iterations = 0;
  const began = now();
  let lastYield = began;

  try {
    for (let i = 0; i < maxIterations; i++) {
      throwIfAborted(signal);
      const loss = await engine.step();
      iterations = i + 1;
      if (!Number.isFinite(loss)) {
        throw new InvalidArgumentError({
          parameter: 'learningRate',
          value: settings.learningRate,
          message: `the loss became ${loss} at step ${i}; lower the learning rate or raise the temperature`,
        });
      }

      if (monitorLoss && earlyStopping.enabled) {
        if (loss < bestValue - earlyStopping.minDelta) {
          bestValue = loss;
          bestLoss = loss;
          patienceCounter = 0;
          if (earlyStopping.restoreBest) bestEmbeddings = await engine.getEmbeddings();
        } else {
          patienceCounter += 1;
        }
        if (patienceCounter >= earlyStopping.patience) {
          stopReason = 'early_stopping';
          break;
        }
      }

      if (i % logInterval === 0 || i === maxIterations - 1) {
        const accuracy = await engine.accuracy();
        losses.push(loss);
        accuracies.push(accuracy);
        if (accuracy > maxAccuracy) maxAccuracy = accuracy;
        lastAccuracy = accuracy;
        const elapsed = now() - began;
        options.onProgress?.({
          step: i,
          maxIterations,
          loss,
          accuracy,
          stepsPerSecond: elapsed > 0 ? iterations / elapsed : 0,
          elapsedSeconds: elapsed,
          patienceCounter,
          engine: engine.name,
        });
        if (!monitorLoss && earlyStopping.enabled) {
          if (accuracy > bestValue + earlyStopping.minDelta) {
            bestValue = accuracy;
            bestLoss = loss;
            bestAccuracy = accuracy;
            patienceCounter = 0;
            if (earlyStopping.restoreBest) bestEmbeddings = await engine.getEmbeddings();
          } else {
            patienceCounter += 1;
          }
          if (patienceCounter >= earlyStopping.patience) {
            stopReason = 'early_stopping';
            break;
          }
        }
        if (accuracy >= 1) {
          stopReason = 'solved';
          break;
        }
        // Let timers and signal handlers (Ctrl-C) run now and then; engines may never yield on their own.
        if (now() - lastYield > 0.05) {
          await yieldToEventLoop();
          lastYield = now();
        }
      }
    }
    throwIfAborted(signal);

    if (earlyStopping.restoreBest && bestEmbeddings !== undefined) {
      await engine.setEmbeddings(bestEmbeddings.queries, bestEmbeddings.documents);
    }
    const finalAccuracy = await engine.accuracy();
    const duration = now() - began;
    const metrics: FreeEmbeddingMetrics = {
      final_accuracy: finalAccuracy,
      final_loss: losses.length > 0 ? losses[losses.length - 1]! : Number.NaN,
      best_loss_monitored: bestLoss,
      best_accuracy_monitored: bestAccuracy,
      losses: sampleList(losses, 100),
      accuracies: sampleList(accuracies, 100),
      max_accuracy_observed: maxAccuracy,
      last_logged_accuracy: lastAccuracy,
      actual_q_generated: qrels.numQueries,
      optimization_duration_seconds: duration,
      iterations,
      stop_reason: stopReason,
      solved: maxAccuracy >= 1 || finalAccuracy >= 1,
      steps_per_second: duration > 0 ? iterations / duration : 0,
      engine: engine.name,
    };
    const result: TrainFreeEmbeddingsResult = { metrics, qrels };
    if (options.returnEmbeddings) return { ...result, embeddings: await engine.getEmbeddings() };
    return result;
  } finally {
    await engine.dispose();
  }
}

interface ResolvedOptions {
  n: number;
  d: number;
  qrels: EngineQrels;
  seed: Seed;
  learningRate: number;
  temperature: number;
  adam: { beta1: number; beta2: number; epsilon: number };
  maxIterations: number;
  logInterval: number;
  blockSize: number;
  earlyStopping: { enabled: boolean; monitor: 'loss' | 'accuracy'; patience: number; minDelta: number; restoreBest: boolean };
  signal: AbortSignal | undefined;
}

function resolveOptions(options: TrainFreeEmbeddingsOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError({ parameter: 'options', value: options, message: 'options must be an object' });
  }
  const n = assertInteger('n', options.n, { min: 2 });
  const d = assertInteger('d', options.d, { min: 1 });
  const k = assertInteger('k', options.k ?? 2, { min: 1, max: n - 1 });
  const seed = options.seed ?? 42;
  createRng(seed); // validates the seed early, naming the parameter
  const learningRate = assertPositive('learningRate', options.learningRate ?? 0.01);
  const temperature = assertPositive('temperature', options.temperature ?? 0.1);
  const beta1 = assertNonNegative('adam.beta1', options.adam?.beta1 ?? 0.9);
  const beta2 = assertNonNegative('adam.beta2', options.adam?.beta2 ?? 0.999);
  const epsilon = assertPositive('adam.epsilon', options.adam?.epsilon ?? 1e-8);
  if (beta1 >= 1) throw new InvalidArgumentError({ parameter: 'adam.beta1', value: beta1, message: `adam.beta1 (${beta1}) must be < 1` });
  if (beta2 >= 1) throw new InvalidArgumentError({ parameter: 'adam.beta2', value: beta2, message: `adam.beta2 (${beta2}) must be < 1` });
  const maxIterations = assertInteger('maxIterations', options.maxIterations ?? 100_000, { min: 1 });
  const logInterval = assertInteger('logInterval', options.logInterval ?? 50, { min: 1 });

  const es = options.earlyStopping;
  if (es !== undefined && es !== false && (es === null || typeof es !== 'object')) {
    throw new InvalidArgumentError({ parameter: 'earlyStopping', value: es, message: 'earlyStopping must be an object or false' });
  }
  const esObject = es === false || es === undefined ? {} : es;
  const earlyStopping = {
    enabled: es !== false,
    monitor: assertOneOf('earlyStopping.monitor', esObject.monitor ?? 'loss', ['loss', 'accuracy'] as const),
    patience: assertInteger('earlyStopping.patience', esObject.patience ?? 1000, { min: 1 }),
    minDelta: assertNonNegative('earlyStopping.minDelta', esObject.minDelta ?? 1e-5),
    restoreBest: Boolean(esObject.restoreBest ?? false),
  };

  let qrels: EngineQrels;
  if (options.qrels !== undefined) {
    if (options.qLimit !== undefined) {
      throw new InvalidArgumentError({ parameter: 'qLimit', value: options.qLimit, message: 'qLimit applies to the default qrels; subset your own qrels instead' });
    }
    qrels = checkQrels(options.qrels, n);
  } else if (options.qLimit !== undefined && BigInt(assertInteger('qLimit', options.qLimit, { min: 1 })) < binomial(n, k)) {
    // As the official script: a seeded random subset of the k-subsets.
    const root = createRng(seed);
    root.split(); // query stream (see initialEmbeddings)
    root.split(); // document stream
    const qrelRng = root.split();
    qrels = qrelMatrixFromRows(sampleCombinations(n, k, options.qLimit, qrelRng), n);
  } else {
    qrels = allCombinationQrels(n, k) as QrelMatrix;
  }

  const blockSize =
    options.blockSize !== undefined
      ? assertInteger('blockSize', options.blockSize, { min: 1 })
      : Math.max(1, Math.floor(TARGET_BLOCK_ENTRIES / n));
  return {
    n,
    d,
    qrels,
    seed,
    learningRate,
    temperature,
    adam: { beta1, beta2, epsilon },
    maxIterations,
    logInterval,
    blockSize,
    earlyStopping,
    signal: options.signal,
  };
}

function checkQrels(qrels: EngineQrels, n: number): EngineQrels {
  if (qrels === null || typeof qrels !== 'object' || !(qrels.offsets instanceof Int32Array) || !(qrels.docs instanceof Int32Array)) {
    throw new InvalidArgumentError({ parameter: 'qrels', value: qrels, message: 'qrels must be a CSR QrelMatrix { numQueries, numDocs, offsets, docs }' });
  }
  if (qrels.numDocs !== n) {
    throw new InvalidArgumentError({ parameter: 'qrels.numDocs', value: qrels.numDocs, message: `qrels.numDocs (${qrels.numDocs}) must equal n (${n})` });
  }
  const q = assertInteger('qrels.numQueries', qrels.numQueries, { min: 1 });
  if (qrels.offsets.length !== q + 1 || qrels.offsets[0] !== 0 || qrels.offsets[q] !== qrels.docs.length) {
    throw new InvalidArgumentError({ parameter: 'qrels.offsets', value: qrels.offsets, message: 'offsets must have numQueries + 1 entries, start at 0 and end at docs.length' });
  }
  const seen = new Int32Array(n).fill(-1);
  for (let i = 0; i < q; i++) {
    const from = qrels.offsets[i]!;
    const to = qrels.offsets[i + 1]!;
    if (to - from < 1 || to - from >= n) {
      throw new InvalidArgumentError({
        parameter: 'qrels',
        value: to - from,
        message: `query ${i} has ${to - from} relevant documents; every query needs between 1 and n − 1 (${n - 1})`,
      });
    }
    for (let p = from; p < to; p++) {
      const doc = qrels.docs[p]!;
      if (!(doc >= 0 && doc < n) || seen[doc] === i) {
        throw new InvalidArgumentError({ parameter: 'qrels.docs', value: doc, message: `query ${i} lists document ${doc} twice or outside [0, ${n})` });
      }
      seen[doc] = i;
    }
  }
  return qrels;
}

function checkInit(init: { queries: DenseMatrix; documents: DenseMatrix }, q: number, n: number, d: number) {
  for (const [name, m, rows] of [['init.queries', init.queries, q], ['init.documents', init.documents, n]] as const) {
    if (m === null || typeof m !== 'object' || !(m.data instanceof Float32Array)) {
      throw new InvalidArgumentError({ parameter: name, value: m, message: `${name} must be a float32 DenseMatrix` });
    }
    if (m.rows !== rows || m.cols !== d || m.data.length !== rows * d) {
      throw new ShapeMismatchError({ parameter: name, expected: [rows, d], actual: [m.rows, m.cols] });
    }
  }
  return init;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError('training was aborted');
}

function now(): number {
  return performance.now() / 1000;
}

function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (fn: () => void) => unknown };
  return new Promise((resolve) => (g.setImmediate ? g.setImmediate(resolve) : setTimeout(resolve, 0)));
}
