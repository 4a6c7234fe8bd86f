import type { EngineAccuracy, EngineQrels, LossAndGradients, StepEngine, StepEngineInit } from '@limit/step-engine';

/** @deprecated Use `EngineQrels` from `@limit/step-engine` (the contract's one qrels type). */
export type WebGpuEngineQrels = EngineQrels;
/** @deprecated Use `StepEngineInit` from `@limit/step-engine` (the contract's one init type). */
export type WebGpuStepEngineInit = StepEngineInit;
/** @deprecated Use `EngineAccuracy` from `@limit/step-engine`. */
export type WebGpuEngineAccuracy = EngineAccuracy;

/** The adapter an engine runs on, as the WebGPU implementation reports it (fields may be empty). */
export interface WebGpuAdapterDescription {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
}

/** The WebGPU step engine: the contract's `StepEngine` (from `@limit/step-engine`), plus memory and adapter facts. */
export interface WebGpuStepEngine extends StepEngine {
  /** `webgpu`. */
  readonly name: string;
  readonly precision: 'float32';
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
  /**
   * Loss and full-batch gradients at the current parameters, nothing updated (for gradient checks): ∂L/∂Q
   * (q × d; zero with centroid queries) and ∂L/∂D (n × d; with centroid queries including the path through
   * them), float32, computed by the step's kernels.
   */
  lossAndGradients(): Promise<LossAndGradients>;
}
