import { assertQrelMatrix } from '@limit/combinatorics';
import { InvalidArgumentError, ShapeMismatchError, assertFiniteNumber, assertInteger, assertOneOf, assertPositive } from '@limit/core';
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
 * and their data lengths (q, n, d ≥ 1), all values finite; qrels is a q × n CSR `QrelMatrix` (checked by
 * `@limit/combinatorics`' `assertQrelMatrix`: offsets from 0 to docs.length, strictly increasing ids in
 * [0, n)) with 1 … n − 1 relevant documents per query; learningRate and temperature finite and > 0;
 * β1, β2 ∈ [0, 1); ε > 0 finite; blockSize an integer ≥ 1; precision `'float32'` (the default; `'float64'` is refused).
 *
 * @param init - the engine's initial state.
 * @returns q, n, d and the pair count.
 * @throws InvalidArgumentError naming the field (`learningRate`, `temperature`, `adam.beta1`, `adam.beta2`,
 *   `adam.epsilon`, `blockSize`, `precision`, `qrels.offsets`, `qrels.docs`, `qrels`, `n`, `d`, `queries.data`, `documents.data`).
 * @throws ShapeMismatchError naming `documents`, `queries.data`, `documents.data` or `qrels` (q × n).
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
  assertInteger('q', q, { min: 1 });
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
  // the repository's one qrels validator, with the trainer's rule: sorted distinct ids in [0, n), 1 … n − 1 per query
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
  const precision = assertOneOf('precision', init.precision ?? 'float32', ['float32', 'float64']);
  if (precision !== 'float32') {
    throw new InvalidArgumentError({ parameter: 'precision', value: precision, message: 'the native kernel computes in float32 only; use the js engine for float64' });
  }
  return { q, n, d, numPairs };
}
