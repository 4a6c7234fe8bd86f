export { createWebGpuStepEngine, WEBGPU_OBJECTIVES, WEBGPU_QUERY_MODES } from './webgpu-step-engine.js';
export type { WebGpuStepEngineOptions } from './webgpu-step-engine.js';
export type { GpuLike } from './request-gpu.js';
export { planBlocks, DEFAULT_MAX_BUFFER_BYTES } from './block-plan.js';
export type { BlockPlan, BlockPlanInput, BufferName } from './block-plan.js';
export { MAX_DIMENSION } from './limits.js';
export type {
  WebGpuAdapterDescription,
  WebGpuEngineAccuracy,
  WebGpuEngineQrels,
  WebGpuStepEngine,
  WebGpuStepEngineInit,
} from './step-engine-types.js';
