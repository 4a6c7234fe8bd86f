import type { StepEngineInit } from './contract.js';

/**
 * The smallest problem that makes a provider load its runtime, find its device and compile: the three pairs of
 * 3 documents in 2 dimensions. Providers create one engine on it to learn, before any run, whether a device
 * really works here (a WebGPU adapter, an onnxruntime execution provider's libraries).
 * @internal
 */
export function probeInit(): StepEngineInit {
  const unit = (rows: number) => ({ rows, cols: 2, data: Float32Array.from({ length: rows * 2 }, (_, i) => (i % 2 === 0 ? 1 : 0)) });
  return {
    queries: unit(3),
    documents: unit(3),
    qrels: { numQueries: 3, numDocs: 3, offsets: Int32Array.from([0, 2, 4, 6]), docs: Int32Array.from([0, 1, 0, 2, 1, 2]) },
    learningRate: 0.01,
    temperature: 0.1,
    adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    blockSize: 3,
  };
}
