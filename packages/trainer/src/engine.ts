import type { DenseMatrix } from '@limit/core';

/**
 * Sparse query → relevant-documents structure (CSR), as produced by `@limit/combinatorics`'
 * `qrelPattern`: the relevant documents of query i are `docs[offsets[i] .. offsets[i+1])`.
 */
export interface EngineQrels {
  readonly numQueries: number;
  readonly numDocs: number;
  readonly offsets: Int32Array;
  readonly docs: Int32Array;
}

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
}

/**
 * One optimisation engine (a tfjs backend, onnxruntime, …) behind a common interface.
 *
 * `step()` performs one full-batch Adam update of the paper's objective — multi-positive InfoNCE over
 * all documents, loss = −(1/P)·Σ_{(q,d) relevant} log softmax(Q·Dᵀ/T)[q,d] — then re-normalises
 * every row of Q and D to unit length. It returns the loss evaluated before the update.
 */
export interface StepEngine {
  /** Engine label, e.g. `tfjs-wasm` or `onnx-cpu`. */
  readonly name: string;
  step(): Promise<number>;
  /** Share of queries whose top-k documents (k = its number of relevant docs) are exactly its relevant set. */
  accuracy(): Promise<number>;
  /** Current embeddings, copied out to the CPU. */
  getEmbeddings(): Promise<{ queries: DenseMatrix; documents: DenseMatrix }>;
  /** Replaces the current embeddings (used by `restoreBest`); Adam state is kept. */
  setEmbeddings(queries: DenseMatrix, documents: DenseMatrix): Promise<void>;
  /** Frees every tensor / session the engine holds. */
  dispose(): Promise<void>;
}
