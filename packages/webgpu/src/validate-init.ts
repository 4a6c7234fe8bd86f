import { assertQrelMatrix } from '@limit/combinatorics';
import { InvalidArgumentError, ShapeMismatchError, assertFiniteNumber, assertInteger, assertPositive } from '@limit/core';
import type { WebGpuStepEngineInit } from './step-engine-types.js';

/** Largest embedding dimension the kernels hold in workgroup memory (one query row and its gradient). */
export const MAX_DIMENSION = 256;

/** Sizes of a validated init. */
export interface InitShape {
  readonly q: number;
  readonly n: number;
  readonly d: number;
  /** P = offsets[q] − offsets[0]. */
  readonly numPairs: number;
}

/**
 * Checks an engine init before anything is allocated on the GPU: the same rules as the trainer's
 * `validateStepEngineInit` (shapes; qrels through `assertQrelMatrix`: sorted distinct ids in [0, n),
 * 1 … n − 1 per query; finite positive learning rate and temperature, Adam β ∈ [0, 1), ε > 0,
 * integer block size ≥ 1),
 * plus this engine's own limits: d ≤ {@link MAX_DIMENSION} and float32 precision.
 *
 * @param init - the engine's initial state.
 * @returns q, n, d and the pair count P.
 * @throws InvalidArgumentError naming the field (`learningRate`, `temperature`, `adam.beta1`,
 *   `adam.beta2`, `adam.epsilon`, `blockSize`, `precision`, `qrels.offsets`, `qrels.docs`, `qrels`, `n`, `d`).
 * @throws ShapeMismatchError naming `documents`, `queries.data`, `documents.data`, `qrels` or `qrels.offsets`.
 * @internal
 */
export function validateInit(init: WebGpuStepEngineInit): InitShape {
  if (typeof init !== 'object' || init === null) {
    throw new InvalidArgumentError({ parameter: 'init', value: init, message: 'init must be an object' });
  }
  const { queries, documents, qrels } = init;
  const q = queries.rows;
  const n = documents.rows;
  const d = queries.cols;
  assertInteger('q', q, { min: 1 });
  assertInteger('n', n, { min: 1 });
  assertInteger('d', d, { min: 1 });
  if (d > MAX_DIMENSION) {
    throw new InvalidArgumentError({ parameter: 'd', value: d, message: `the webgpu engine supports d ≤ ${MAX_DIMENSION} (got ${d})` });
  }
  if (documents.cols !== d) {
    throw new ShapeMismatchError({ parameter: 'documents', expected: [n, d], actual: [n, documents.cols], message: 'queries and documents need the same dimension' });
  }
  if (queries.data.length !== q * d) throw new ShapeMismatchError({ parameter: 'queries.data', expected: [q * d], actual: [queries.data.length] });
  if (documents.data.length !== n * d) throw new ShapeMismatchError({ parameter: 'documents.data', expected: [n * d], actual: [documents.data.length] });
  if (qrels.numQueries !== q || qrels.numDocs !== n) {
    throw new ShapeMismatchError({ parameter: 'qrels', expected: [q, n], actual: [qrels.numQueries, qrels.numDocs], message: 'qrels must be numQueries × numDocs = q × n' });
  }
  // the one qrels validator (as the trainer's engines): sorted distinct ids in [0, n), 1 … n − 1 per query
  assertQrelMatrix(qrels, 'qrels', { relevantPerQuery: { min: 1, max: Math.max(1, n - 1) } });
  const numPairs = qrels.offsets[q]! - qrels.offsets[0]!;
  assertPositive('learningRate', init.learningRate);
  assertPositive('temperature', init.temperature);
  const { beta1, beta2, epsilon } = init.adam;
  for (const [name, value] of [['adam.beta1', beta1], ['adam.beta2', beta2]] as const) {
    assertFiniteNumber(name, value);
    if (value < 0 || value >= 1) throw new InvalidArgumentError({ parameter: name, value, message: `${name} (${value}) must be in [0, 1)` });
  }
  // ε > 0: with ε = 0 a coordinate whose gradient is exactly 0 divides 0 by 0
  assertPositive('adam.epsilon', epsilon);
  assertInteger('blockSize', init.blockSize, { min: 1 });
  const precision = init.precision ?? 'float32';
  if (precision !== 'float32') {
    throw new InvalidArgumentError({ parameter: 'precision', value: precision, message: 'the webgpu engine trains in float32 only (WGSL has no portable float64; use the js engine for float64)' });
  }
  return { q, n, d, numPairs };
}
