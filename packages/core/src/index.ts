export {
  LimitError,
  InvalidArgumentError,
  ShapeMismatchError,
  CombinatorialOverflowError,
  BackendUnavailableError,
  DataFormatError,
  AbortedError,
  EngineStateError,
  ConvergenceError,
  InfrastructureError,
  ResultMismatchError,
} from './errors.js';
export type { LimitErrorOptions } from './errors.js';
export { serializeError, deserializeError } from './serialized-error.js';
export type { SerializedError } from './serialized-error.js';
export { MAX_ARRAY_ELEMENTS, memoryBudget, assertAllocationFits, formatBytes } from './memory-budget.js';
export type { MemoryBudget, AllocationPlan } from './memory-budget.js';
export { decodeUtf8 } from './decode-utf8.js';
export { createRng } from './rng.js';
export type { Rng, Seed } from './rng.js';
export { createDenseMatrix, denseMatrixFromRows, matrixGet, matrixRow } from './dense-matrix.js';
export type { DenseMatrix, MatrixData } from './dense-matrix.js';
export { assertFiniteNumber, assertInteger, assertPositive, assertNonNegative, assertOneOf, assertKnownOptions } from './validate.js';
export { isNode, isBrowser, hasWebGpu, hasWebGl2, hasWebAssembly, probeWebGl2, probeWebGpu } from './environment.js';
export type { WebGl2Probe, WebGpuProbe } from './environment.js';
