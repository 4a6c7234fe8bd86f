import {
  AbortedError,
  ConvergenceError,
  InvalidArgumentError,
  ShapeMismatchError,
  assertInteger,
  assertKnownOptions,
  assertNonNegative,
  assertOneOf,
  assertPositive,
  createRng,
  type DenseMatrix,
  type Seed,
} from '@limit/core';
import { allCombinationQrels, binomial, qrelMatrixFromRows, sampleCombinations, type QrelMatrix } from '@limit/combinatorics';
import { logBinomial } from '@limit/matrix';
import { EarlyStopping, type EarlyStoppingOptions } from './early-stopping.js';
import type { EngineQrels, Objective, ObjectiveSpec, Precision, QueryMode, StepEngine } from '../engines/contract.js';
import { QUERY_MODES, queryMarginSummary, resolveObjective } from '../engines/contract.js';
import { resolvePassRule, type PassRule, type PassRuleName } from './pass-rule.js';
import type { EngineProvider, EngineRuntimes } from '../engines/provider.js';
import { resolveEngine, type EngineDevice, type ResolvedEngine } from '../engines/registry.js';
import { assertTrainingQrels } from '../engines/contract.js';
import { initialEmbeddings } from './initial-embeddings.js';
import { assertTrainingFits } from './assert-training-fits.js';
import { sampleList } from './internal/sample-list.js';
import { PAPER_TRAINING } from './paper-training.js';

export type { EarlyStoppingOptions } from './early-stopping.js';

/** One progress report, sent at every accuracy evaluation (every `logInterval` steps). */
export interface TrainingProgress {
  /** 0-based index of the step just taken. */
  readonly step: number;
  readonly maxIterations: number;
  /** Loss of that step (evaluated before its update). */
  readonly loss: number;
  /** The official accuracy after that step: share of relevant documents inside each query's top-k. */
  readonly accuracy: number;
  /** Share of queries whose top-k is exactly the relevant set. */
  readonly exactTopK: number;
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
  /**
   * The objective: `'infoNce'` (default, the paper's, at `temperature`), `'hinge'`, `'sigmoid'`, or one with
   * settings (`{ name: 'hinge', margin: 0.2 }`); defaults and sources in `OBJECTIVE_DEFAULTS`. Only engines
   * whose provider lists it in `objectives` can train it (`'auto'` picks one that does).
   */
  readonly objective?: ObjectiveSpec;
  /**
   * `'free'` (default, the paper's): queries are free parameters. `'centroid'`: a query is the mean of its
   * relevant documents' embeddings (Wang et al., arXiv 2601.20844); only providers listing it in `queryModes`.
   */
  readonly queryMode?: QueryMode;
  /**
   * When a run counts as solved: `'official'` (default, the paper's: every query's top k is its relevant set
   * at a log step) or `'margin'`: every query's margin (`forEachQueryMargin`, float64) is at least
   * `passMargin` at a log step — training goes on past 100 % until it is.
   */
  readonly passRule?: PassRuleName;
  /** γ > 0 for `passRule: 'margin'`. */
  readonly passMargin?: number;
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
  /**
   * Engine: a provider id (`js`, `onnx`, `tfjs-wasm`, …, see `listEngineProviders()`), your own
   * {@link EngineProvider} object, or `'auto'` (default): the fastest available for this size and precision.
   */
  readonly engine?: string | EngineProvider;
  /** Restrict `'auto'` to one device's engines (`cpu`, `wasm`, `webgl`, `webgpu`, `cuda`; see `DEVICE_ENGINES`). */
  readonly device?: EngineDevice;
  /** Float precision: `'float32'` (default, as JAX) or `'float64'` (js engine only). */
  readonly precision?: Precision;
  /** Runtime modules passed as values: `{ ort }` (onnxruntime-node/-web), `{ tfjs }` (tfjs-core). */
  readonly runtimes?: EngineRuntimes;
  /** Engine settings: `threads` (onnxruntime intra-op / kernel threads), `executionProviders` (onnx). */
  readonly engineOptions?: { readonly threads?: number; readonly executionProviders?: readonly string[] };
  /** Queries per block (default: about 2M logits per block). */
  readonly blockSize?: number;
  /** Return the final embeddings. Default false. */
  readonly returnEmbeddings?: boolean;
  readonly onProgress?: (progress: TrainingProgress) => void;
  readonly signal?: AbortSignal;
}

/**
 * What one training run measured, camelCase. Results files store them under the official script's
 * snake_case names (`finalAccuracy` → `final_accuracy`, …; see `ResultsFile`).
 */
export interface FreeEmbeddingMetrics {
  /** The official accuracy of the final (or restored) embeddings: Σ|topk ∩ rel| / Σ|rel|. */
  readonly finalAccuracy: number;
  /** Share of queries whose top-k is exactly the relevant set, final embeddings. */
  readonly finalExactTopK: number;
  /** Last logged loss (NaN when nothing was logged). */
  readonly finalLoss: number;
  /** Best loss seen by the loss monitor (null when monitoring accuracy and it never improved). */
  readonly bestLossMonitored: number | null;
  /** Best official accuracy seen by the accuracy monitor (null when monitoring loss, as in the official script). */
  readonly bestAccuracyMonitored: number | null;
  /** Logged losses, thinned to at most 100 points. */
  readonly losses: readonly number[];
  /** Logged official accuracies, thinned to at most 100 points. */
  readonly accuracies: readonly number[];
  /** Logged exact-set accuracies, thinned like `accuracies`. */
  readonly exactAccuracies: readonly number[];
  readonly maxAccuracyObserved: number;
  readonly maxExactTopKObserved: number;
  readonly lastLoggedAccuracy: number | null;
  /** Number of queries trained on (the official `actual_q_generated`). */
  readonly actualQGenerated: number;
  readonly optimizationDurationSeconds: number;
  /** Steps taken. */
  readonly iterations: number;
  /** Why training stopped. */
  readonly stopReason: 'solved' | 'early_stopping' | 'max_iterations';
  /** True when some evaluation reached 100 % exact top-k accuracy. */
  readonly solved: boolean;
  readonly stepsPerSecond: number;
  /** Engine that ran, e.g. `tfjs-wasm`, `onnx-cpu`. */
  readonly engine: string;
  /** Precision it ran in. */
  readonly precision: Precision;
  /**
   * The smallest query margin of the final (or restored) embeddings: lowest relevant − highest irrelevant
   * score of the unit query, float64 (`forEachQueryMargin`); > 0 exactly when every top-k is right.
   */
  readonly minMargin: number;
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

/** Every option key {@link trainFreeEmbeddings} accepts. */
const OPTION_KEYS = [
  'n', 'd', 'k', 'qrels', 'qLimit', 'seed', 'learningRate', 'temperature', 'objective', 'queryMode', 'passRule', 'passMargin', 'adam', 'maxIterations', 'logInterval',
  'earlyStopping', 'init', 'engine', 'device', 'precision', 'runtimes', 'engineOptions', 'blockSize', 'returnEmbeddings',
  'onProgress', 'signal',
];
const OPTION_HINTS = {
  backend: 'renamed to engine: an engine id such as js, onnx, tfjs-wasm, tfjs-cpu, or a provider object',
  num_iterations: 'did you mean maxIterations?',
  q: 'did you mean qLimit?',
};

/**
 * Optimises free query and document embeddings for the paper's objective (the "best case" experiment of
 * LIMIT, arXiv 2508.21038 §5): every query and document vector is a free parameter, the loss is the
 * full-batch multi-positive InfoNCE over all documents
 *
 *   loss = −(1/P) · Σ_{(i, j) relevant} log softmax_j(Q·Dᵀ / T)[i, j],   P = number of relevant pairs,
 *
 * minimised by Adam with both Q and D rows re-normalised to unit length after every update (or another
 * `objective` — hinge, sigmoid — and centroid queries with `queryMode`, on engines that implement them). Every
 * `logInterval` steps both accuracies are evaluated (see `EngineAccuracy`): the official one (relevant
 * documents inside each query's top-k), reported as `accuracy`/`finalAccuracy`, and the exact-set one;
 * training stops when the exact-set accuracy reaches 100 % (then the official one is 100 % too; with
 * `passRule: 'margin'`, when moreover every query's margin is at least `passMargin`), at
 * `maxIterations`, or by early stopping. Defaults are {@link PAPER_TRAINING}.
 *
 * The initial embeddings are drawn on the CPU ({@link initialEmbeddings}) so every engine starts alike.
 * The engine is resolved once (`engine`, `device`, `precision`, `runtimes`); a provider object of your
 * own trains through the same loop.
 *
 * @param options - see {@link TrainFreeEmbeddingsOptions}; `n`, `d` required.
 * @returns camelCase metrics, the qrels and, on request, the embeddings.
 * @throws InvalidArgumentError for bad options, naming the option (an unknown key such as `learning_rate`
 *   names it and suggests `learningRate`), and for a size that cannot fit in memory ({@link assertTrainingFits},
 *   before anything is allocated); ShapeMismatchError for `init` matrices of the wrong shape;
 *   BackendUnavailableError for an unusable engine; ConvergenceError when the loss becomes non-finite;
 *   AbortedError when `signal` aborts.
 * @example
 * ```ts
 * const { metrics } = await trainFreeEmbeddings({ n: 9, d: 4, k: 2, seed: 42 });
 * metrics.finalAccuracy; // 1: all 36 pairs of 9 documents are exact top-2 sets in 4 dimensions
 * metrics.iterations;    // about 2,000 steps
 * ```
 */
export async function trainFreeEmbeddings(options: TrainFreeEmbeddingsOptions): Promise<TrainFreeEmbeddingsResult> {
  const settings = resolveOptions(options);
  const { n, d, qrels, maxIterations, logInterval, signal } = settings;
  throwIfAborted(signal);

  const start = options.init === undefined || options.init === 'gaussian'
    ? initialEmbeddings({ numQueries: qrels.numQueries, numDocs: n, d }, settings.seed)
    : checkInit(options.init, qrels.numQueries, n, d);

  const resolved: ResolvedEngine = await resolveEngine(options.engine ?? 'auto', {
    ...(options.device !== undefined ? { device: options.device } : {}),
    precision: settings.precision,
    ...(settings.objective.name !== 'infoNce' ? { objective: settings.objective.name } : {}),
    ...(settings.queryMode !== 'free' ? { queryMode: settings.queryMode } : {}),
    work: qrels.numQueries * n * d,
    ...(options.runtimes !== undefined ? { runtimes: options.runtimes } : {}),
    ...settings.engineOptions,
  });
  const engine: StepEngine = await resolved.provider.create(
    {
      queries: start.queries,
      documents: start.documents,
      qrels,
      learningRate: settings.learningRate,
      // the paper's objective goes as before (a temperature alone); any other is named
      ...(settings.objective.name === 'infoNce' ? { temperature: settings.objective.temperature } : { objective: settings.objective }),
      ...(settings.queryMode !== 'free' ? { queryMode: settings.queryMode } : {}),
      adam: settings.adam,
      blockSize: settings.blockSize,
      precision: settings.precision,
    },
    resolved.options,
  );

  const losses: number[] = [];
  const accuracies: number[] = [];
  const exactAccuracies: number[] = [];
  const stopping = settings.earlyStopping;
  const monitorLoss = stopping?.monitor === 'loss';
  let bestLoss: number | null = null;
  let bestAccuracy: number | null = null;
  let bestEmbeddings: { queries: DenseMatrix; documents: DenseMatrix } | undefined;
  let maxAccuracy = 0;
  let maxExact = 0;
  let lastAccuracy: number | null = null;
  let stopReason: FreeEmbeddingMetrics['stopReason'] = 'max_iterations';
  let passed = false;
  let iterations = 0;
  const began = now();
  let lastYield = began;

  try {
    for (let i = 0; i < maxIterations; i++) {
      throwIfAborted(signal);
      const loss = await engine.step();
      iterations = i + 1;
      if (!Number.isFinite(loss)) {
        throw new ConvergenceError({
          iteration: i,
          message: `the loss became ${loss} at step ${i} (learningRate ${settings.learningRate}, ${settings.objective.name === 'infoNce' ? `temperature ${settings.temperature}` : `objective ${settings.objective.name}`}); lower the learning rate${settings.objective.name === 'infoNce' ? ' or raise the temperature' : ''}`,
        });
      }

      if (stopping !== undefined && monitorLoss) {
        const { improved, stop } = stopping.observe(loss);
        if (improved) {
          bestLoss = loss;
          if (stopping.restoreBest) bestEmbeddings = await engine.getEmbeddings();
        }
        if (stop) {
          stopReason = 'early_stopping';
          break;
        }
      }

      if (i % logInterval === 0 || i === maxIterations - 1) {
        const { relevantInTopK: accuracy, exactTopK } = await engine.accuracy();
        losses.push(loss);
        accuracies.push(accuracy);
        exactAccuracies.push(exactTopK);
        if (accuracy > maxAccuracy) maxAccuracy = accuracy;
        if (exactTopK > maxExact) maxExact = exactTopK;
        lastAccuracy = accuracy;
        const elapsed = now() - began;
        options.onProgress?.({
          step: i,
          maxIterations,
          loss,
          accuracy,
          exactTopK,
          stepsPerSecond: elapsed > 0 ? iterations / elapsed : 0,
          elapsedSeconds: elapsed,
          patienceCounter: stopping?.patienceCounter ?? 0,
          engine: engine.name,
        });
        if (stopping !== undefined && !monitorLoss) {
          const { improved, stop } = stopping.observe(accuracy);
          if (improved) {
            bestLoss = loss;
            bestAccuracy = accuracy;
            if (stopping.restoreBest) bestEmbeddings = await engine.getEmbeddings();
          }
          if (stop) {
            stopReason = 'early_stopping';
            break;
          }
        }
        if (exactTopK >= 1 && (await passes(engine, qrels, settings.passRule))) {
          stopReason = 'solved';
          passed = true;
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

    if (stopping?.restoreBest && bestEmbeddings !== undefined) {
      await engine.setEmbeddings(bestEmbeddings.queries, bestEmbeddings.documents);
    }
    const final = await engine.accuracy();
    const duration = now() - began;
    const embeddings = await engine.getEmbeddings();
    const margins = queryMarginSummary(embeddings.queries, embeddings.documents, qrels);
    const metrics: FreeEmbeddingMetrics = {
      finalAccuracy: final.relevantInTopK,
      finalExactTopK: final.exactTopK,
      finalLoss: losses.length > 0 ? losses[losses.length - 1]! : Number.NaN,
      bestLossMonitored: bestLoss,
      bestAccuracyMonitored: bestAccuracy,
      losses: sampleList(losses, 100),
      accuracies: sampleList(accuracies, 100),
      exactAccuracies: sampleList(exactAccuracies, 100),
      maxAccuracyObserved: maxAccuracy,
      maxExactTopKObserved: maxExact,
      lastLoggedAccuracy: lastAccuracy,
      actualQGenerated: qrels.numQueries,
      optimizationDurationSeconds: duration,
      iterations,
      stopReason,
      // official rule: 100 % exact top-k at some log step (or at the end); margin rule: the margin reached γ
      solved: settings.passRule.rule === 'official' ? maxExact >= 1 || final.exactTopK >= 1 : passed || margins.minMargin >= settings.passRule.margin,
      stepsPerSecond: duration > 0 ? iterations / duration : 0,
      engine: engine.name,
      precision: engine.precision ?? settings.precision,
      minMargin: margins.minMargin,
    };
    const result: TrainFreeEmbeddingsResult = { metrics, qrels };
    if (options.returnEmbeddings) return { ...result, embeddings };
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
  objective: Objective;
  queryMode: QueryMode;
  passRule: PassRule;
  adam: { beta1: number; beta2: number; epsilon: number };
  maxIterations: number;
  logInterval: number;
  blockSize: number;
  precision: Precision;
  earlyStopping: EarlyStopping | undefined;
  engineOptions: { threads?: number; executionProviders?: readonly string[] };
  signal: AbortSignal | undefined;
}

function resolveOptions(options: TrainFreeEmbeddingsOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError({ parameter: 'options', value: options, message: 'options must be an object' });
  }
  assertKnownOptions('', options, OPTION_KEYS, OPTION_HINTS);
  const P = PAPER_TRAINING;
  const n = assertInteger('n', options.n, { min: 2 });
  const d = assertInteger('d', options.d, { min: 1 });
  const k = assertInteger('k', options.k ?? P.k, { min: 1, max: n - 1 });
  const seed = options.seed ?? P.seed;
  createRng(seed); // validates the seed early, naming the parameter
  const learningRate = assertPositive('learningRate', options.learningRate ?? P.learningRate);
  const temperature = assertPositive('temperature', options.temperature ?? P.temperature);
  // InfoNCE takes its temperature from `temperature` unless the objective names one (then they must agree)
  const spec = options.objective ?? 'infoNce';
  const objective = resolveObjective(
    spec === 'infoNce' || (typeof spec === 'object' && spec !== null && spec.name === 'infoNce' && spec.temperature === undefined) ? { name: 'infoNce', temperature } : spec,
  );
  if (objective.name === 'infoNce' && options.temperature !== undefined && objective.temperature !== temperature) {
    throw new InvalidArgumentError({ parameter: 'objective.temperature', value: objective.temperature, message: `objective.temperature (${objective.temperature}) disagrees with temperature (${temperature}); give one of them` });
  }
  const queryMode = assertOneOf('queryMode', options.queryMode ?? 'free', QUERY_MODES);
  const passRule = resolvePassRule(options.passRule, options.passMargin);
  assertKnownOptions('adam', options.adam, ['beta1', 'beta2', 'epsilon']);
  const beta1 = assertNonNegative('adam.beta1', options.adam?.beta1 ?? P.adam.beta1);
  const beta2 = assertNonNegative('adam.beta2', options.adam?.beta2 ?? P.adam.beta2);
  const epsilon = assertPositive('adam.epsilon', options.adam?.epsilon ?? P.adam.epsilon);
  if (beta1 >= 1) throw new InvalidArgumentError({ parameter: 'adam.beta1', value: beta1, message: `adam.beta1 (${beta1}) must be < 1` });
  if (beta2 >= 1) throw new InvalidArgumentError({ parameter: 'adam.beta2', value: beta2, message: `adam.beta2 (${beta2}) must be < 1` });
  const maxIterations = assertInteger('maxIterations', options.maxIterations ?? P.maxIterations, { min: 1 });
  const logInterval = assertInteger('logInterval', options.logInterval ?? P.logInterval, { min: 1 });
  const precision = assertOneOf('precision', options.precision ?? P.precision, ['float32', 'float64'] as const);
  assertKnownOptions('runtimes', options.runtimes, ['ort', 'tfjs', 'webgpu', 'gpu']);
  assertKnownOptions('engineOptions', options.engineOptions, ['threads', 'executionProviders'], { intraOpNumThreads: 'renamed to threads' });
  const engineOptions = { ...options.engineOptions };
  if (engineOptions.threads !== undefined) assertInteger('engineOptions.threads', engineOptions.threads, { min: 1 });

  const es = options.earlyStopping;
  if (es !== undefined && es !== false && (es === null || typeof es !== 'object')) {
    throw new InvalidArgumentError({ parameter: 'earlyStopping', value: es, message: 'earlyStopping must be an object or false' });
  }
  const earlyStopping = es === false ? undefined : new EarlyStopping(es ?? {});

  // Before anything is allocated (the qrels, the embeddings): a size that cannot fit is a typed error now.
  const bytesPerFloat = precision === 'float64' ? 8 : 4;
  if (options.qrels !== undefined && options.qrels !== null && typeof options.qrels === 'object' && Number.isSafeInteger(options.qrels.numQueries)) {
    assertTrainingFits({ n, d, k, numQueries: options.qrels.numQueries, bytesPerFloat });
  } else if (options.qrels === undefined) {
    const all = Math.exp(logBinomial(n, k));
    const limit = typeof options.qLimit === 'number' && options.qLimit >= 1 ? Math.min(options.qLimit, all) : undefined;
    assertTrainingFits({ n, d, k, ...(limit !== undefined ? { numQueries: limit } : {}), bytesPerFloat });
  }

  let qrels: EngineQrels;
  if (options.qrels !== undefined) {
    if (options.qLimit !== undefined) {
      throw new InvalidArgumentError({ parameter: 'qLimit', value: options.qLimit, message: 'qLimit applies to the default qrels; subset your own qrels instead' });
    }
    if (options.qrels !== null && typeof options.qrels === 'object' && options.qrels.numDocs !== n) {
      throw new InvalidArgumentError({ parameter: 'qrels.numDocs', value: options.qrels.numDocs, message: `qrels.numDocs (${options.qrels.numDocs}) must equal n (${n})` });
    }
    assertTrainingQrels(options.qrels);
    qrels = options.qrels;
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
    temperature: objective.name === 'infoNce' ? objective.temperature : temperature,
    objective,
    queryMode,
    passRule,
    adam: { beta1, beta2, epsilon },
    maxIterations,
    logInterval,
    blockSize,
    precision,
    earlyStopping,
    engineOptions,
    signal: options.signal,
  };
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

/** The margin rule's check at a log step where every top-k is already right (the official rule needs nothing more). */
async function passes(engine: StepEngine, qrels: EngineQrels, rule: PassRule): Promise<boolean> {
  if (rule.rule === 'official') return true;
  const { queries, documents } = await engine.getEmbeddings();
  return queryMarginSummary(queries, documents, qrels).minMargin >= rule.margin;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError({ message: 'training was aborted' });
}

function now(): number {
  return performance.now() / 1000;
}

function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (fn: () => void) => unknown };
  return new Promise((resolve) => (g.setImmediate ? g.setImmediate(resolve) : setTimeout(resolve, 0)));
}
