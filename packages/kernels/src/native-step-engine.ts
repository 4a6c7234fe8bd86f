import { availableParallelism } from 'node:os';
import { assertInteger, assertKnownOptions, assertOneOf, createDenseMatrix, type DenseMatrix } from '@limit/core';
import {
  assertEmbeddingShapes,
  createEngineGuard,
  validateStepEngineInit,
  type EngineAccuracy,
  type LossAndGradients,
  type ObjectiveName,
  type QueryMode,
  type StepEngine,
  type StepEngineInit,
} from '@limit/step-engine';
import { loadNativeKernels, type NativeEngineHandle, type NativeKernels } from './load-native-kernels.js';

/** Instruction sets of the native kernel: `'auto'` picks AVX2 + FMA when the CPU has both. */
export type InstructionSet = 'auto' | 'avx2' | 'generic';

/** Options of {@link createNativeStepEngine}. */
export interface NativeStepEngineOptions {
  /**
   * Worker threads (the calling thread is one of them), an integer in [1, 256]. At most ⌈q / 64⌉ are used;
   * the engine's `threads` property tells the count in use. Default: as many as the step's work pays for,
   * ⌊q·n·d / {@link MIN_WORK_PER_THREAD}⌋, between 1 and the CPUs this process may use
   * (`os.availableParallelism()`): waking a thread costs two system calls per step, more than a whole step
   * of a small problem, so small problems step on the calling thread alone. Results are bit-identical from
   * run to run and across thread counts (the ∂L/∂D sums run over 32 fixed query slices in slice order,
   * whichever thread computed each slice).
   */
  readonly threads?: number;
  /** Kernel instruction set; default `'auto'`. `'generic'` runs the portable build (for comparison and testing). */
  readonly instructionSet?: InstructionSet;
}

const OPTION_KEYS = ['threads', 'instructionSet'] as const;
const MIN_ROWS_PER_THREAD = 64;

/** The objectives the native kernel implements (`Objective` of `@limit/step-engine`), each fused per query row. */
export const NATIVE_OBJECTIVES = ['infoNce', 'hinge', 'sigmoid'] as const satisfies readonly ObjectiveName[];
/** The query modes the native kernel implements (`QueryMode` of `@limit/step-engine`). */
export const NATIVE_QUERY_MODES = ['free', 'centroid'] as const satisfies readonly QueryMode[];
/**
 * The default thread count gives each thread at least this many multiply-adds of the logits pass (q·n·d;
 * a step does about three times as many): about 0.3 ms of work per step on one core, against the tens of
 * microseconds a wake-up and a join of the pool cost.
 */
export const MIN_WORK_PER_THREAD = 1 << 21;

/** The native engine, plus a test/debug entry for the loss and gradients at the current parameters. */
export interface NativeStepEngine extends StepEngine {
  /** The instruction set in use (`'avx2'` or `'generic'`). */
  readonly instructionSet: string;
  /** Worker threads in use: min(options.threads, ⌈q / 64⌉) (see {@link NativeStepEngineOptions.threads} for the default). */
  readonly threads: number;
  /**
   * Loss and full-batch gradients at the current embeddings, without updating anything (for gradient
   * checks): gQ = G·D and gD = Gᵀ·Q with G = ∂L/∂S of the objective (InfoNCE: (r_q·softmax(Q·Dᵀ/T) − Y)/(P·T));
   * with centroid queries gQ is zero and gD includes the path through the centroids, Cᵀ·(G·D).
   *
   * @returns the loss and the gradients, q × d and n × d (float32).
   */
  lossAndGradients(): Promise<LossAndGradients>;
}

function toFloat32(data: Float32Array | Float64Array): Float32Array {
  return data instanceof Float32Array ? data : Float32Array.from(data);
}

/**
 * Creates the native step engine: the full-batch step as one fused pass per block of query rows in C++
 * (float32, vectorised, multithreaded), shipped as a prebuilt N-API binary. It implements every objective
 * of the step-engine contract ({@link NATIVE_OBJECTIVES}: `init.objective`, default the paper's InfoNCE at
 * `init.temperature`) and both query modes ({@link NATIVE_QUERY_MODES}: `init.queryMode`, default `'free'`).
 *
 * Per query i (six rows at a time, nothing q × n ever stored): the scores s = D·qᵢ, the row's loss term
 * and its score gradient g = ∂L/∂sᵢ, then ∇qᵢ = Σ_j g_j d_j and ∇D += g ⊗ qᵢ. By objective (kᵢ = |Rᵢ|,
 * y the relevance row, formulas and defaults in `@limit/step-engine`'s `Objective`):
 * - InfoNCE(T): z = s/T, loss += kᵢ·logsumexp(z) − Σ_{j∈Rᵢ} z_j, g = (kᵢ·softmax(z) − y)/(P·T), P = Σᵢ kᵢ;
 * - hinge(γ): for each relevant j one vectorised pass over the row counts the irrelevant l with
 *   γ − s_j + s_l > 0 (O(kᵢ·n)); loss += Σ of those violations, g_l = (active pairs of l)/N,
 *   g_j = −(active pairs of j)/N, N = Σᵢ kᵢ(n − kᵢ) (a pair exactly at the kink is inactive);
 * - sigmoid(T, b): x = −zₗ(s_l/T + b) with zₗ = ±1, loss += softplus(x) = max(x, 0) + log1p(e^{−|x|}),
 *   g_l = −zₗ·σ(x)/(T·q·n), both in a numerically stable form (polynomial exp and log1p, float32).
 * Free queries are then Adam-updated (bias-corrected, ε added to √v̂ as optax.adam) and re-normalised at
 * once; centroid queries qᵢ = (1/kᵢ)·Σ_{j∈Rᵢ} d_j are computed from D at the start of the row and pass
 * ∇qᵢ/kᵢ on to their documents. D is updated and re-normalised after all queries. The same semantics as
 * `@limit/trainer`'s float64 js engine and `@limit/step-engine`'s reference, in float32 like JAX.
 * Losses and gradients are summed over 32 fixed query slices in slice order, for every objective: bit-identical
 * across runs and thread counts. `step()` runs synchronously on the calling thread plus `threads − 1`
 * workers and resolves when done.
 *
 * @param init - initial embeddings (q × d and n × d, unit rows; with centroid queries the query values are
 *   ignored), qrels (CSR), learning rate, objective (or temperature), query mode, Adam settings, blockSize
 *   (validated; the kernel's own block is 6 rows). The objective is complete, as every engine init's
 *   (`resolveObjective` fills in `OBJECTIVE_DEFAULTS`: InfoNCE temperature 0.1, the paper's; hinge margin 0.1,
 *   where the paper tabulates its Theorem 1; sigmoid temperature 0.1 and bias −10, SigLIP's initialisation,
 *   arXiv 2303.15343).
 * @param options - `threads` (default: what the step's work pays for, at most the available CPUs), `instructionSet` (default `'auto'`).
 * @returns a {@link NativeStepEngine} named `native-<instruction set>`.
 * @throws BackendUnavailableError when no prebuilt binary loads on this platform (see `loadNativeKernels`).
 * @throws InvalidArgumentError for a bad hyper-parameter, qrels, option or unknown option key (named), and
 *   for `precision: 'float64'` (this kernel is float32 only).
 * @throws ShapeMismatchError when embeddings and qrels disagree on q, n or d (also in `setEmbeddings`).
 * @throws EngineStateError (`state: 'disposed'`) for any call after `dispose()`.
 * @example
 * ```ts
 * const engine = await createNativeStepEngine(init, { threads: 2 });
 * const lossBefore = await engine.step();
 * const { exactTopK, relevantInTopK } = await engine.accuracy();
 * await engine.dispose();
 * ```
 */
export async function createNativeStepEngine(init: StepEngineInit, options: NativeStepEngineOptions = {}): Promise<NativeStepEngine> {
  assertKnownOptions('options', options, OPTION_KEYS, { numThreads: 'did you mean threads?' });
  if (options.threads !== undefined) assertInteger('options.threads', options.threads, { min: 1, max: 256 });
  const instructionSet = assertOneOf('options.instructionSet', options.instructionSet ?? 'auto', ['auto', 'avx2', 'generic']);
  const { q, n, d, objective, queryMode } = validateStepEngineInit(init, {
    engine: 'native',
    objectives: NATIVE_OBJECTIVES,
    queryModes: NATIVE_QUERY_MODES,
  });
  const threads = options.threads ?? Math.max(1, Math.min(availableParallelism(), Math.floor((q * n * d) / MIN_WORK_PER_THREAD)));
  // the kernel takes the temperature (InfoNCE, sigmoid), the margin (hinge) and the bias (sigmoid) as numbers
  const temperature = objective.name === 'hinge' ? 1 : objective.temperature;
  const margin = objective.name === 'hinge' ? objective.margin : 0;
  const bias = objective.name === 'sigmoid' ? objective.bias : 0;
  const native: NativeKernels = loadNativeKernels();
  // tiny problems gain nothing from waking many threads: at least 64 query rows per thread
  const threadsUsed = Math.max(1, Math.min(threads, Math.ceil(q / MIN_ROWS_PER_THREAD)));
  const handle: NativeEngineHandle = native.createEngine(
    toFloat32(init.queries.data),
    toFloat32(init.documents.data),
    q,
    n,
    d,
    init.qrels.offsets,
    init.qrels.docs,
    init.learningRate,
    temperature,
    init.adam.beta1,
    init.adam.beta2,
    init.adam.epsilon,
    threadsUsed,
    instructionSet,
    objective.name,
    margin,
    bias,
    queryMode,
  );
  const info = native.engineInfo(handle);
  const name = `native-${info.instructionSet}`;
  const guard = createEngineGuard(name);

  return {
    name,
    precision: 'float32',
    instructionSet: info.instructionSet,
    threads: info.threads,

    async step(): Promise<number> {
      guard.assertLive('step');
      return native.engineStep(handle);
    },

    async accuracy(): Promise<EngineAccuracy> {
      guard.assertLive('accuracy');
      const { exactTopK, relevantInTopK } = native.engineAccuracy(handle);
      return { relevantInTopK, exactTopK };
    },

    async lossAndGradients() {
      guard.assertLive('lossAndGradients');
      const gQ = new Float32Array(q * d);
      const gD = new Float32Array(n * d);
      const loss = native.engineLossAndGradients(handle, gQ, gD);
      return { loss, queries: createDenseMatrix(q, d, gQ), documents: createDenseMatrix(n, d, gD) };
    },

    async getEmbeddings() {
      guard.assertLive('getEmbeddings');
      const queries = new Float32Array(q * d);
      const documents = new Float32Array(n * d);
      native.engineGetEmbeddings(handle, queries, documents);
      return { queries: createDenseMatrix(q, d, queries), documents: createDenseMatrix(n, d, documents) };
    },

    async setEmbeddings(queries: DenseMatrix, documents: DenseMatrix): Promise<void> {
      guard.assertLive('setEmbeddings');
      assertEmbeddingShapes(queries, documents, { q, n, d });
      native.engineSetEmbeddings(handle, toFloat32(queries.data), toFloat32(documents.data));
    },

    async dispose(): Promise<void> {
      if (guard.beginDispose()) native.engineDispose(handle);
    },
  };
}
