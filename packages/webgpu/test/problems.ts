// Small LIMIT problems built without the other packages: all k-subsets of n documents as queries,
// unit-normalised Gaussian initial embeddings from the seeded core RNG (float32, as every engine gets).
import { createDenseMatrix, createRng, type DenseMatrix } from '@limit/core';
import type { StepEngineInit as WebGpuStepEngineInit } from '@limit/step-engine';

/** CSR qrels of every k-subset of {0..n-1}, in lexicographic order. */
export function allSubsetQrels(n: number, k: number): { numQueries: number; numDocs: number; offsets: Int32Array; docs: Int32Array } {
  const subsets: number[][] = [];
  const walk = (start: number, chosen: number[]) => {
    if (chosen.length === k) return void subsets.push([...chosen]);
    for (let j = start; j < n; j++) walk(j + 1, [...chosen, j]);
  };
  walk(0, []);
  const offsets = new Int32Array(subsets.length + 1);
  subsets.forEach((s, i) => (offsets[i + 1] = offsets[i]! + s.length));
  return { numQueries: subsets.length, numDocs: n, offsets, docs: Int32Array.from(subsets.flat()) };
}

export function unitRows(rows: number, cols: number, rng: ReturnType<typeof createRng>): DenseMatrix {
  const data = rng.normals(rows * cols);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += data[r * cols + c]! ** 2;
    const inv = 1 / Math.sqrt(s);
    for (let c = 0; c < cols; c++) data[r * cols + c] = data[r * cols + c]! * inv;
  }
  return createDenseMatrix(rows, cols, Float32Array.from(data));
}

/** The paper's protocol: lr 0.01, T 0.1, Adam (0.9, 0.999, 1e-8), all k-subsets as queries. */
export function paperInit(n: number, d: number, seed: number, k = 2, blockSize = 1 << 20): WebGpuStepEngineInit {
  const qrels = allSubsetQrels(n, k);
  const rng = createRng(seed);
  const documents = unitRows(n, d, rng);
  const queries = unitRows(qrels.numQueries, d, rng);
  return { queries, documents, qrels, learningRate: 0.01, temperature: 0.1, adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, blockSize };
}
