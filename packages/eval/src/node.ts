/**
 * `@limit/eval/node`: Node-only pieces — onnxruntime-node (imported dynamically), model folders on
 * disk, the on-disk embedding cache and TREC files.
 */
export { loadOnnxEncoder, importOnnxRuntimeNode, REQUIRED_MODEL_FILES } from './load-onnx-encoder.js';
export type { LoadOnnxEncoderOptions } from './load-onnx-encoder.js';
export { openDiskEmbeddingCache } from './disk-embedding-cache.js';
export { createOnnxRuntimeScorer } from './onnx-runtime-scorer.js';
export { readTrecQrels, readTrecRun, writeTrecRun, writeTrecQrels } from './trec-files.js';
