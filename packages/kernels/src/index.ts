export { createNativeStepEngine, MIN_WORK_PER_THREAD, NATIVE_OBJECTIVES, NATIVE_QUERY_MODES } from './native-step-engine.js';
export type { NativeStepEngine, NativeStepEngineOptions, InstructionSet } from './native-step-engine.js';
export { measureGemmPeak } from './measure-gemm-peak.js';
export type { GemmPeakOptions } from './measure-gemm-peak.js';
export { loadNativeKernels, isNativeKernelAvailable, PREBUILT_PLATFORMS, NATIVE_ABI_VERSION } from './load-native-kernels.js';
export type { NativeKernels, NativeEngineHandle } from './load-native-kernels.js';
// The contract's types, re-exported for existing imports; their home is @limit/step-engine.
export type { StepEngine, StepEngineInit, EngineQrels, EngineAccuracy, Precision } from '@limit/step-engine';
