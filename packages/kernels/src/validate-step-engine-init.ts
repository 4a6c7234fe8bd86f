import { InvalidArgumentError, ShapeMismatchError, assertFiniteNumber, assertInteger, assertPositive } from '@limit/core';
import type { StepEngineInit } from './types.js';

/** Sizes of a validated {@link StepEngineInit}. */
export interface StepEngineInitShape {
  readonly q: number;
  readonly n: number;
  readonly d: number;
  /** Number of relevant pairs P = offsets[q] − offsets[0], ≥ 1. */
  readonly numPairs: number;
}

/**
 * Checks a {@link StepEngineInit} with the same rules as `@limit/trainer`'s `validateStepEngineInit`
 * (internal: this package cannot depend on the trainer, which depends on it; a shared home would be
 * `@limit/core`). Checked: Q [q, d] and D [n, d] agree on d
 * and their data lengths (n ≥ 1, d ≥ 1); qrels is q × n with q + 1 non-decreasing integer offsets
 * inside `qrels.docs`; every listed document id is an integer in [0, n), none listed twice by one
 * query; at least one relevant pair; learningRate and temperature finite and > 0; β1, β2 ∈ [0, 1);
 * ε ≥ 0 finite; blockSize an integer ≥ 1.
 *
 * @param init - the engine's initial state.
 * @returns q, n, d and the pair count.
 * @throws InvalidArgumentError naming the field (`learningRate`, `temperature`, `adam.beta1`, `adam.beta2`,
 *   `adam.epsilon`, `blockSize`, `qrels.offsets`, `qrels.docs`, `qrels`, `n`, `d`, `queries.data`, `documents.data`).
 * @throws ShapeMismatchError naming `documents`, `queries.data`, `documents.data`, `qrels` or `qrels.offsets`.
 * @example
 * ```ts
 * const { q, n, d, numPairs } = validateStepEngineInit(init);
 * ```
 */
export function validateStepEngineInit(init: StepEngineInit): StepEngineInitShape {
  const { queries, documents, qrels } = init;
  const q = queries.rows;
  const n = documents.rows;
  const d = queries.cols;
  assertInteger('q', q, { min: 0 });
  assertInteger('n', n, { min: 1 });
  assertInteger('d', d, { min: 1 });
  if (documents.cols !== d) {
    throw new ShapeMismatchError({ parameter: 'documents', expected: [n, d], actual: [n, documents.cols], message: 'queries and documents need the same dimension' });
  }
  for (const [name, matrix] of [['queries.data', queries], ['documents.data', documents]] as const) {
    const data: unknown = matrix.data;
    if (!(data instanceof Float32Array) && !(data instanceof Float64Array)) {
      throw new InvalidArgumentError({ parameter: name, value: matrix.data, message: `${name} must be a Float32Array or Float64Array` });
    }
    if (matrix.data.length !== matrix.rows * d) throw new ShapeMismatchError({ parameter: name, expected: [matrix.rows * d], actual: [matrix.data.length] });
    const bad = matrix.data.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw new InvalidArgumentError({ parameter: name, value: matrix.data[bad], message: `${name}[${bad}] (${matrix.data[bad]}) is not finite` });
  }
  if (qrels.numQueries !== q || qrels.numDocs !== n) {
    throw new ShapeMismatchError({ parameter: 'qrels', expected: [q, n], actual: [qrels.numQueries, qrels.numDocs], message: 'qrels must be numQueries × numDocs = q × n' });
  }
  const { offsets, docs } = qrels;
  if (!(offsets instanceof Int32Array)) throw new InvalidArgumentError({ parameter: 'qrels.offsets', value: offsets, message: 'qrels.offsets must be an Int32Array' });
  if (!(docs instanceof Int32Array)) throw new InvalidArgumentError({ parameter: 'qrels.docs', value: docs, message: 'qrels.docs must be an Int32Array' });
  if (offsets.length !== q + 1) throw new ShapeMismatchError({ parameter: 'qrels.offsets', expected: [q + 1], actual: [offsets.length] });
  const first = offsets[0]!;
  const last = offsets[q]!;
  if (first < 0 || last > docs.length) {
    throw new InvalidArgumentError({ parameter: 'qrels.offsets', value: [first, last], message: `qrels.offsets must lie within [0, ${docs.length}] (qrels.docs.length)` });
  }
  const seen = new Int32Array(n).fill(-1);
  for (let i = 0; i < q; i++) {
    const from = offsets[i]!;
    const to = offsets[i + 1]!;
    if (to < from) throw new InvalidArgumentError({ parameter: 'qrels.offsets', value: to, message: `qrels.offsets must be non-decreasing (at query ${i})` });
    for (let p = from; p < to; p++) {
      const j = docs[p]!;
      if (j < 0 || j >= n) throw new InvalidArgumentError({ parameter: 'qrels.docs', value: j, message: `document id ${j} of query ${i} is outside [0, ${n})` });
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
  return { q, n, d, numPairs };
}
