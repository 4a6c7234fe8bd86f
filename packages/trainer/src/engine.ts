import type { DenseMatrix } from '@limit/core';

/**
 * Sparse query → relevant-documents structure (CSR), as produced by `@limit/combinatorics`'
 * `qrelPattern`: the relevant documents of query i are `docs[offsets[i] .. offsets[i+1])`, sorted
 * ascending. Structurally the same as `QrelMatrix`.
 */
export interface EngineQrels {
  readonly numQueries: number;
  readonly numDocs: number;
  readonly offsets: Int32Array;
  readonly docs: Int32Array;
}

/** Float precision of an engine's parameters and arithmetic: `float32` as JAX (default), or `float64`. */
export type Precision = 'float32' | 'float64';

/** What every step engine is created from. Initial embeddings are drawn on the CPU by the caller. */
export interface StepEngineInit {
  /** Initial query embeddings, q × d, rows unit-normalised. */
  readonly queries: DenseMatrix;
  /** Initial document embeddings, n × d, rows unit-normalised. */
  readonly documents: DenseMatrix;
  readonly qrels: EngineQrels;
  readonly learningRate: number;
  /** Softmax temperature (logits = Q·Dᵀ / temperature). */
  readonly temperature: number;
  /** Adam hyper-parameters; epsilon is always explicit (tfjs' default depends on float precision). */
  readonly adam: { readonly beta1: number; readonly beta2: number; readonly epsilon: number };
  /** Queries per block: the engine never materialises more than blockSize × n logits at once. */
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
 * `exactTopK` = 1 implies `relevantInTopK` = 1; the converse fails only on exact score ties. Early
 * stopping at 100 % uses `exactTopK`.
 */
export interface EngineAccuracy {
  readonly relevantInTopK: number;
  readonly exactTopK: number;
}

/**
 * One optimisation engine (the js loop, a tfjs backend, onnxruntime, a native kernel, your own) behind
 * a common interface.
 *
 * `step()` performs one full-batch Adam update of the paper's objective — multi-positive InfoNCE over
 * all documents, loss = −(1/P)·Σ_{(q,d) relevant} log softmax(Q·Dᵀ/T)[q,d] — then re-normalises
 * every row of Q and D to unit length. It returns the loss evaluated before the update.
 *
 * Calls are sequential: an engine may refuse a call while another is in flight, and every call after
 * `dispose()`, with `EngineStateError` from `@limit/core`.
 */
export interface StepEngine {
  /** Engine label, e.g. `tfjs-wasm` or `onnx-cpu`. */
  readonly name: string;
  /** Precision it trains in (assumed `'float32'` when absent). */
  readonly precision?: Precision;
  step(): Promise<number>;
  /** Both accuracies of the current embeddings, see {@link EngineAccuracy}. */
  accuracy(): Promise<EngineAccuracy>;
  /** Current embeddings, copied out to the CPU. */
  getEmbeddings(): Promise<{ queries: DenseMatrix; documents: DenseMatrix }>;
  /** Replaces the current embeddings (used by `restoreBest`); Adam state is kept. */
  setEmbeddings(queries: DenseMatrix, documents: DenseMatrix): Promise<void>;
  /** Frees every tensor / session the engine holds; idempotent. */
  dispose(): Promise<void>;
}
