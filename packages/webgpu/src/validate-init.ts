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
 * `validateStepEngineInit` (shapes, CSR qrels with in-range, non-repeated ids and at least one pair,
 * finite positive learning rate and temperature, Adam β ∈ [0, 1), ε ≥ 0, integer block size ≥ 1),
 * plus this engine's own limits: d ≤ {@link MAX_DIMENSION}, ids below 2³¹ and float32 precision.
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
  const { offsets, docs } = qrels;
  if (offsets.length !== q + 1) throw new ShapeMismatchError({ parameter: 'qrels.offsets', expected: [q + 1], actual: [offsets.length] });
  const first = offsets[0]!;
  const last = offsets[q]!;
  if (!Number.isInteger(first) || first < 0 || !Number.isInteger(last) || last > docs.length) {
    throw new InvalidArgumentError({ parameter: 'qrels.offsets', value: [first, last], message: `qrels.offsets must lie within [0, ${docs.length}] (qrels.docs.length)` });
  }
  const seen = new Int32Array(n).fill(-1);
  for (let i = 0; i < q; i++) {
    const from = offsets[i]!;
    const to = offsets[i + 1]!;
    if (!Number.isInteger(to) || to < from) {
      throw new InvalidArgumentError({ parameter: 'qrels.offsets', value: to, message: `qrels.offsets must be non-decreasing integers (at query ${i})` });
    }
    for (let p = from; p < to; p++) {
      const j = docs[p]!;
      if (!Number.isInteger(j) || j < 0 || j >= n) {
        throw new InvalidArgumentError({ parameter: 'qrels.docs', value: j, message: `document id ${j} of query ${i} is outside [0, ${n})` });
      }
      if (seen[j] === i) throw new InvalidArgumentError({ parameter: 'qrels.docs', value: j, message: `query ${i} lists document ${j} twice` });
      seen[j] = i;
    }
  }
  const numPairs = last - first;
  if (numPairs <= 0) throw new InvalidArgumentError({ parameter: 'qrels', value: numPairs, message: 'qrels must contain at least one relevant pair' });
  assertPositive('learningRate', init.learningRate);
  assertPositive('temperature', init.temperature);
  const { beta1, beta2, epsilon } = init.adam;
  for (const [name, value] of [['adam.beta1', beta1], ['adam.beta2', beta2]] as const) {
    assertFiniteNumber(name, value);
    if (value < 0 || value >= 1) throw new InvalidArgumentError({ parameter: name, value, message: `${name} (${value}) must be in [0, 1)` });
  }
  assertFiniteNumber('adam.epsilon', epsilon);
  if (epsilon < 0) throw new InvalidArgumentError({ parameter: 'adam.epsilon', value: epsilon, message: `adam.epsilon (${epsilon}) must be ≥ 0` });
  assertInteger('blockSize', init.blockSize, { min: 1 });
  const precision = init.precision ?? 'float32';
  if (precision !== 'float32') {
    throw new InvalidArgumentError({ parameter: 'precision', value: precision, message: 'the webgpu engine trains in float32 only (WGSL has no portable float64; use the js engine for float64)' });
  }
  return { q, n, d, numPairs };
}
