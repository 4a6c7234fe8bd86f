import type { DenseMatrix } from '@limit/core';

// The trainer's step-engine contract, restated structurally so that this package does not depend on
// @limit/trainer (the trainer depends on this package, optionally, through its `webgpu` provider).
// Keep these in step with packages/trainer/src/engine.ts.

/**
 * Sparse query → relevant-documents structure (CSR): the relevant documents of query i are
 * `docs[offsets[i] .. offsets[i+1])`. Structurally the trainer's `EngineQrels` and `QrelMatrix`.
 */
export interface WebGpuEngineQrels {
  readonly numQueries: number;
  readonly numDocs: number;
  readonly offsets: Int32Array;
  readonly docs: Int32Array;
}

/** What the engine is created from (structurally the trainer's `StepEngineInit`). */
export interface WebGpuStepEngineInit {
  /** Initial query embeddings, q × d, rows unit-normalised. */
  readonly queries: DenseMatrix;
  /** Initial document embeddings, n × d, rows unit-normalised. */
  readonly documents: DenseMatrix;
  readonly qrels: WebGpuEngineQrels;
  readonly learningRate: number;
  /** Softmax temperature (logits = Q·Dᵀ / temperature). */
  readonly temperature: number;
  /** Adam hyper-parameters (ε explicit, added to √v̂). */
  readonly adam: { readonly beta1: number; readonly beta2: number; readonly epsilon: number };
  /** Upper bound on the queries per block; the engine may use fewer to fit `maxBufferBytes`. */
  readonly blockSize: number;
  /** Only `'float32'` (the default) is supported: WGSL has no portable float64. */
  readonly precision?: 'float32' | 'float64';
}

/**
 * Both accuracies of the current embeddings, each in [0, 1] (structurally the trainer's
 * `EngineAccuracy`). For query i with relevant set Rᵢ, kᵢ = |Rᵢ|, and Tᵢ its kᵢ highest-scoring
 * documents (score ⟨qᵢ, dⱼ⟩, ties broken by the lower document index):
 * `relevantInTopK` = Σᵢ |Tᵢ ∩ Rᵢ| / Σᵢ kᵢ and `exactTopK` = share of queries with
 * min over Rᵢ > max over the other documents (a strict gap).
 */
export interface WebGpuEngineAccuracy {
  readonly relevantInTopK: number;
  readonly exactTopK: number;
}

/** The adapter an engine runs on, as the WebGPU implementation reports it (fields may be empty). */
export interface WebGpuAdapterDescription {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
}

/** The WebGPU step engine (structurally the trainer's `StepEngine`, plus memory and adapter facts). */
export interface WebGpuStepEngine {
  /** `webgpu`. */
  readonly name: string;
  readonly precision: 'float32';
  /** One full-batch Adam step; resolves to the loss evaluated before the update. */
  step(): Promise<number>;
  /** Both top-k accuracies of the current embeddings, computed on the GPU. */
  accuracy(): Promise<WebGpuEngineAccuracy>;
  /** Current embeddings, copied out to the CPU. */
  getEmbeddings(): Promise<{ queries: DenseMatrix; documents: DenseMatrix }>;
  /** Replaces the current embeddings; Adam state is kept. */
  setEmbeddings(queries: DenseMatrix, documents: DenseMatrix): Promise<void>;
  /** Destroys every buffer and the device; idempotent. */
  dispose(): Promise<void>;
  /** Queries per block actually used (≤ `init.blockSize`, sized to fit `maxBufferBytes`). */
  readonly blockSize: number;
  /** Number of query blocks per step (⌈q / blockSize⌉). */
  readonly numBlocks: number;
  /** Total bytes of every GPU buffer the engine holds: all are created up front, so this is the peak. */
  readonly peakBufferBytes: number;
  /** Whether the logits of a query row stay in workgroup memory (n ≤ 3,072) or in its scratch row. */
  readonly logitsInWorkgroupMemory: boolean;
  /** The adapter the engine runs on (e.g. `SwiftShader` in CI; a real GPU elsewhere). */
  readonly adapter: WebGpuAdapterDescription;
}
