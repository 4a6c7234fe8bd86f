/**
 * `@limit/eval/node`: Node-only pieces — onnxruntime-node (imported dynamically), model folders on
 * disk, the on-disk embedding cache and TREC files.
 */
export { loadOnnxEncoder, importOnnxRuntimeNode, REQUIRED_MODEL_FILES } from './node/load-onnx-encoder.js';
export type { LoadOnnxEncoderOptions } from './node/load-onnx-encoder.js';
export { openDiskEmbeddingCache } from './node/disk-embedding-cache.js';
export { writeMtebResults } from './node/write-mteb-results.js';
export type { WriteMtebResultsOptions } from './node/write-mteb-results.js';
export { createOnnxRuntimeScorer } from './node/onnx-runtime-scorer.js';
export type { OnnxRuntimeScorerOptions } from './node/onnx-runtime-scorer.js';
export { readTrecQrels, readTrecRun, writeTrecRun, writeTrecQrels } from './trec/trec-files.js';
