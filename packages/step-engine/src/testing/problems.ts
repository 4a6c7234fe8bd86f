import { createDenseMatrix, createRng, type DenseMatrix } from '@limit/core';
import type { EngineQrels, StepEngineInit } from '../step-engine.js';

/** The paper's Adam settings (optax' defaults). */
export const PAPER_ADAM = Object.freeze({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });

/**
 * All k-subsets of 0 … n − 1 in lexicographic (itertools.combinations) order, as plain arrays — written here
 * independently of `@limit/combinatorics` so tests can cross-check it.
 *
 * @param n - number of items.
 * @param k - subset size.
 * @returns the subsets.
 * @example
 * ```ts
 * kSubsets(4, 2); // [[0,1],[0,2],[0,3],[1,2],[1,3],[2,3]]
 * ```
 */
export function kSubsets(n: number, k: number): number[][] {
  const out: number[][] = [];
  const rec = (start: number, acc: number[]) => {
    if (acc.length === k) return void out.push([...acc]);
    for (let j = start; j < n; j++) rec(j + 1, [...acc, j]);
  };
  rec(0, []);
  return out;
}

/**
 * CSR qrels from per-query document lists (used as given: sort them yourself, or let the validator refuse).
 *
 * @param sets - the relevant documents of each query.
 * @param numDocs - number of documents n.
 * @returns the qrels.
 * @example
 * ```ts
 * qrelsFromSets([[0, 1], [1, 2]], 3);
 * ```
 */
export function qrelsFromSets(sets: readonly (readonly number[])[], numDocs: number): EngineQrels {
  const offsets = new Int32Array(sets.length + 1);
  sets.forEach((s, i) => (offsets[i + 1] = offsets[i]! + s.length));
  return { numQueries: sets.length, numDocs, offsets, docs: Int32Array.from(sets.flat()) };
}

/**
 * Seeded N(0, 1) rows, L2-normalised, float32.
 *
 * @param rows - number of rows.
 * @param cols - row length.
 * @param seed - seed of `createRng`.
 * @returns the matrix.
 * @example
 * ```ts
 * const D = unitRows(10, 4, 1);
 * ```
 */
export function unitRows(rows: number, cols: number, seed: number): DenseMatrix {
  const data = createRng(seed).normals(rows * cols);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += data[r * cols + c]! ** 2;
    const norm = Math.sqrt(s);
    for (let c = 0; c < cols; c++) data[r * cols + c] = data[r * cols + c]! / norm;
  }
  return createDenseMatrix(rows, cols, Float32Array.from(data));
}

/**
 * A contract problem: all k-subsets of n documents in d dimensions, seeded unit rows, the paper's settings
 * (learning rate 0.01, temperature 0.1, Adam 0.9 / 0.999 / 1e-8), every query in one block unless overridden.
 *
 * @param n - documents.
 * @param d - dimension.
 * @param k - relevant documents per query.
 * @param seed - seed of the queries (documents use seed + 1000).
 * @param overrides - fields to replace (objective, queryMode, blockSize, precision, …).
 * @returns the init.
 * @example
 * ```ts
 * const init = contractProblem(8, 3, 2, 7, { objective: { name: 'hinge', margin: 0.1 } });
 * ```
 */
export function contractProblem(n: number, d: number, k: number, seed = 1, overrides: Partial<StepEngineInit> = {}): StepEngineInit {
  const sets = kSubsets(n, k);
  return {
    queries: unitRows(sets.length, d, seed),
    documents: unitRows(n, d, seed + 1000),
    qrels: qrelsFromSets(sets, n),
    learningRate: 0.01,
    temperature: 0.1,
    adam: PAPER_ADAM,
    blockSize: 1024,
    ...overrides,
  };
}
