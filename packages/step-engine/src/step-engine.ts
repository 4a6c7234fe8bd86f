import type { QrelMatrix } from '@limit/combinatorics';
import type { DenseMatrix } from '@limit/core';
import type { Objective, QueryMode } from './objectives.js';

/**
 * The qrels a step engine trains on: `@limit/combinatorics`' CSR {@link QrelMatrix} (the relevant documents of
 * query i are `docs[offsets[i] .. offsets[i+1])`, sorted ascending), with 1 … n − 1 relevant documents per
 * query (see `assertTrainingQrels`).
 */
export type EngineQrels = QrelMatrix;

/** Float precision of an engine's parameters and arithmetic: `float32` as JAX (default), or `float64`. */
export type Precision = 'float32' | 'float64';

/** Adam hyper-parameters; ε is always explicit (tfjs' default depends on the float precision). */
export interface AdamSettings {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/**
 * What every step engine is created from. Initial embeddings are drawn on the CPU by the caller, so every
 * engine starts from the same numbers.
 */
export interface StepEngineInit {
  /**
   * Initial query embeddings, q × d, rows unit-normalised. With `queryMode: 'centroid'` queries are not
   * parameters (each is the mean of its relevant documents): the matrix still gives q and d, its values are
   * ignored.
   */
  readonly queries: DenseMatrix;
  /** Initial document embeddings, n × d, rows unit-normalised. */
  readonly documents: DenseMatrix;
  readonly qrels: EngineQrels;
  readonly learningRate: number;
  /**
   * Softmax temperature of the paper's objective (logits = Q·Dᵀ / temperature). Required unless `objective`
   * is given; when both are, an InfoNCE objective must carry the same temperature.
   */
  readonly temperature?: number;
  /** The training objective (default: InfoNCE at `temperature`, the paper's loss); see {@link Objective}. */
  readonly objective?: Objective;
  /** `'free'` (default, the paper's setting): queries are parameters; `'centroid'`: see {@link QueryMode}. */
  readonly queryMode?: QueryMode;
  readonly adam: AdamSettings;
  /** Queries per block: an engine never materialises more than blockSize × n scores at once. */
  readonly blockSize: number;
  /** Precision to train in (default `'float32'`); an engine that cannot honour it refuses to start. */
  readonly precision?: Precision;
}

/**
 * Both accuracies of the current embeddings, each in [0, 1]. For query i with relevant set Rᵢ and
 * kᵢ = |Rᵢ|, let Tᵢ be its kᵢ highest-scoring documents (score ⟨qᵢ, dⱼ⟩, ties broken by the lower
 * document index):
 *
 * - `relevantInTopK` = Σᵢ |Tᵢ ∩ Rᵢ| / Σᵢ kᵢ — the official script's accuracy (the share of relevant
 *   documents inside each query's top-k), recorded under its names (`final_accuracy`, …);
 * - `exactTopK` = share of queries with Tᵢ = Rᵢ and a strict gap (min over Rᵢ > max over the rest).
 *
 * `exactTopK` = 1 implies `relevantInTopK` = 1; the converse fails only on exact score ties.
 */
export interface EngineAccuracy {
  readonly relevantInTopK: number;
  readonly exactTopK: number;
}

/** Loss and full-batch gradients at the current parameters (see {@link StepEngine.lossAndGradients}). */
export interface LossAndGradients {
  readonly loss: number;
  /** ∂L/∂Q, q × d (all zero with `queryMode: 'centroid'`, where queries are not parameters). */
  readonly queries: DenseMatrix;
  /** ∂L/∂D, n × d (with centroid queries: including the path through the queries). */
  readonly documents: DenseMatrix;
}

/**
 * One optimisation engine (the js loop, a tfjs backend, onnxruntime, the native kernel, WebGPU, your own)
 * behind one interface.
 *
 * `step()` performs one full-batch Adam update of the objective (see {@link Objective}; the paper's is
 * multi-positive InfoNCE over all documents), then re-normalises every parameter row to unit length, and
 * returns the loss evaluated before the update.
 *
 * Calls are sequential: an engine may refuse a call while another is in flight (`EngineStateError`, state
 * `busy`), and refuses every call after `dispose()` (state `disposed`); see `createEngineGuard`.
 */
export interface StepEngine {
  /** Engine label, e.g. `native-avx2`, `tfjs-wasm`, `onnx-cpu`. */
  readonly name: string;
  /** Precision it trains in (assumed `'float32'` when absent). */
  readonly precision?: Precision;
  step(): Promise<number>;
  /** Both accuracies of the current embeddings, see {@link EngineAccuracy}. */
  accuracy(): Promise<EngineAccuracy>;
  /** Current embeddings, copied out to the CPU (centroid queries are computed from the documents). */
  getEmbeddings(): Promise<{ queries: DenseMatrix; documents: DenseMatrix }>;
  /** Replaces the current embeddings (used by `restoreBest`); Adam state is kept. Centroid queries are recomputed, the given ones ignored. */
  setEmbeddings(queries: DenseMatrix, documents: DenseMatrix): Promise<void>;
  /**
   * Optional, for gradient checks: the loss and full-batch gradients at the current parameters, nothing
   * updated. Engines that offer it are checked against the float64 reference by the contract cases.
   */
  lossAndGradients?(): Promise<LossAndGradients>;
  /** Frees every tensor, buffer or session the engine holds; idempotent. */
  dispose(): Promise<void>;
}
