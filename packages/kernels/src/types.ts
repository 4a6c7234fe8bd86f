import type { DenseMatrix } from '@limit/core';

/**
 * Sparse query → relevant-documents structure (CSR): the relevant documents of query i are
 * `docs[offsets[i] .. offsets[i+1])`. Structurally identical to `@limit/trainer`'s `EngineQrels`.
 */
export interface EngineQrels {
  /** Number of queries q (rows). */
  readonly numQueries: number;
  /** Number of documents n (columns). */
  readonly numDocs: number;
  /** q + 1 non-decreasing offsets into `docs`. */
  readonly offsets: Int32Array;
  /** Document ids in [0, n), no duplicates within a query. */
  readonly docs: Int32Array;
}

/**
 * What a step engine is created from (structurally identical to `@limit/trainer`'s `StepEngineInit`).
 * Initial embeddings are drawn on the CPU by the caller.
 */
export interface StepEngineInit {
  /** Initial query embeddings, q × d, rows unit-normalised. */
  readonly queries: DenseMatrix;
  /** Initial document embeddings, n × d, rows unit-normalised. */
  readonly documents: DenseMatrix;
  /** Which documents are relevant to which query (CSR). */
  readonly qrels: EngineQrels;
  /** Adam learning rate, > 0. */
  readonly learningRate: number;
  /** Softmax temperature T, > 0 (logits = Q·Dᵀ / T). */
  readonly temperature: number;
  /** Adam hyper-parameters; epsilon is always explicit (β1, β2 ∈ [0, 1), ε ≥ 0). */
  readonly adam: { readonly beta1: number; readonly beta2: number; readonly epsilon: number };
  /**
   * Queries per block (an integer ≥ 1). Validated for contract compatibility; the native kernel
   * always works on 6 query rows at a time and never materialises more than 6 × n logits per thread.
   */
  readonly blockSize: number;
  /** Precision to train in (default `'float32'`). The native kernel is float32 only: `'float64'` is refused. */
  readonly precision?: Precision;
}

/** Floating-point precision of an engine's parameters and arithmetic. */
export type Precision = 'float32' | 'float64';

/** Retrieval accuracy of the current embeddings, both over all queries (k = each query's number of relevant documents). */
export interface EngineAccuracy {
  /**
   * The official script's accuracy: Σ_q |top-k(q) ∩ rel(q)| / Σ_q |rel(q)|, the share of relevant
   * documents inside their query's top-k (ranked by score, equal scores by the lower document index,
   * as a stable sort; the same rule as `@limit/trainer`).
   */
  readonly relevantInTopK: number;
  /**
   * Share of queries whose top-k is exactly their relevant set with a strict gap: a relevant document
   * tied with a non-relevant one at the boundary makes the query not exact.
   */
  readonly exactTopK: number;
}

/**
 * One optimisation engine behind the common step-engine interface (structurally identical to
 * `@limit/trainer`'s `StepEngine`).
 *
 * `step()` performs one full-batch Adam update of the paper's objective — multi-positive InfoNCE over
 * all documents, loss = −(1/P)·Σ_{(q,d) relevant} log softmax(Q·Dᵀ/T)[q,d] — then re-normalises every
 * row of Q and D to unit length. It returns the loss evaluated before the update.
 */
export interface StepEngine {
  /** Engine label, e.g. `native-avx2`. */
  readonly name: string;
  /** The precision the engine computes in (`'float32'` here). */
  readonly precision?: Precision;
  /** One full-batch Adam step; resolves to the loss before the update. */
  step(): Promise<number>;
  /** Accuracy of the current embeddings (see {@link EngineAccuracy}). */
  accuracy(): Promise<EngineAccuracy>;
  /** Current embeddings, copied out (q × d and n × d, float32). */
  getEmbeddings(): Promise<{ queries: DenseMatrix; documents: DenseMatrix }>;
  /** Replaces the current embeddings (used by `restoreBest`); Adam state is kept. */
  setEmbeddings(queries: DenseMatrix, documents: DenseMatrix): Promise<void>;
  /** Frees the native memory and joins the worker threads; later calls throw `EngineStateError`. */
  dispose(): Promise<void>;
}
