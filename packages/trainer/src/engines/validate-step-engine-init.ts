import { InvalidArgumentError, ShapeMismatchError, assertFiniteNumber, assertInteger, assertOneOf, assertPositive } from '@limit/core';
import { assertQrelMatrix } from '@limit/combinatorics';
import type { EngineQrels, Precision, StepEngine, StepEngineInit } from '../engine.js';

/** Sizes of a validated {@link StepEngineInit}. */
export interface StepEngineInitShape {
  /** Number of queries (rows of Q). */
  readonly q: number;
  /** Number of documents (rows of D), ≥ 1. */
  readonly n: number;
  /** Embedding dimension, ≥ 1. */
  readonly d: number;
  /** Number of relevant (query, document) pairs P = offsets[q] − offsets[0], ≥ 1. */
  readonly numPairs: number;
  /** Most relevant documents of any one query. */
  readonly maxRelevant: number;
  /** The requested precision (default `'float32'`). */
  readonly precision: Precision;
}

/**
 * Checks everything a step engine relies on before it allocates anything, so that bad input fails
 * with a typed error instead of producing NaN losses or a falsely "solved" run. Shared by the js,
 * tfjs and onnx engines, and exported for custom {@link StepEngine} implementations.
 *
 * Checked: Q [q, d] and D [n, d] agree on d and their data lengths match (n ≥ 1, d ≥ 1); qrels is
 * q × n and passes {@link assertTrainingQrels} (offsets from 0 to docs.length, each query's ids
 * strictly increasing in [0, n), 1 … n − 1 of them); learningRate, temperature and Adam ε finite
 * and > 0; Adam β1, β2 ∈ [0, 1); blockSize an integer ≥ 1; precision `'float32'` or `'float64'`.
 *
 * @param init - the engine's initial state (embeddings, qrels, hyper-parameters).
 * @returns the sizes q, n, d, the pair count P and the largest per-query relevant count.
 * @throws InvalidArgumentError naming the field (`learningRate`, `temperature`, `adam.beta1`,
 *   `adam.beta2`, `adam.epsilon`, `blockSize`, `precision`, `qrels.offsets`, `qrels.docs`, `qrels`, `n`, `d`).
 * @throws ShapeMismatchError naming `documents`, `queries.data`, `documents.data` or `qrels` when the
 *   shapes disagree.
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
  if (queries.data.length !== q * d) throw new ShapeMismatchError({ parameter: 'queries.data', expected: [q * d], actual: [queries.data.length] });
  if (documents.data.length !== n * d) throw new ShapeMismatchError({ parameter: 'documents.data', expected: [n * d], actual: [documents.data.length] });
  if (qrels.numQueries !== q || qrels.numDocs !== n) {
    throw new ShapeMismatchError({ parameter: 'qrels', expected: [q, n], actual: [qrels.numQueries, qrels.numDocs], message: 'qrels must be numQueries × numDocs = q × n' });
  }
  // The one qrels validator (shared with @limit/combinatorics): sorted distinct ids in [0, n), 1 … n − 1 per query.
  assertTrainingQrels(qrels);
  const { offsets } = qrels;
  let maxRelevant = 0;
  for (let i = 0; i < q; i++) maxRelevant = Math.max(maxRelevant, offsets[i + 1]! - offsets[i]!);
  const numPairs = offsets[q]! - offsets[0]!;
  assertPositive('learningRate', init.learningRate);
  assertPositive('temperature', init.temperature);
  const { beta1, beta2, epsilon } = init.adam;
  for (const [name, value] of [['adam.beta1', beta1], ['adam.beta2', beta2]] as const) {
    assertFiniteNumber(name, value);
    if (value < 0 || value >= 1) throw new InvalidArgumentError({ parameter: name, value, message: `${name} (${value}) must be in [0, 1)` });
  }
  // ε > 0: with ε = 0 a coordinate whose gradient is exactly 0 divides 0 by 0.
  assertPositive('adam.epsilon', epsilon);
  assertInteger('blockSize', init.blockSize, { min: 1 });
  const precision = assertOneOf('precision', init.precision ?? 'float32', ['float32', 'float64'] as const);
  return { q, n, d, numPairs, maxRelevant, precision };
}

/**
 * The trainer's qrels rule, checked once for `trainFreeEmbeddings` and every engine: a valid CSR
 * `QrelMatrix` (see `assertQrelMatrix` in `@limit/combinatorics`) whose every query has between 1 and
 * numDocs − 1 relevant documents.
 *
 * @param qrels - the qrels to check.
 * @param parameter - name reported in errors (default `qrels`).
 * @throws InvalidArgumentError naming `qrels`, `qrels.offsets` or `qrels.docs`.
 * @example
 * ```ts
 * assertTrainingQrels(allCombinationQrels(6, 2));
 * ```
 */
export function assertTrainingQrels(qrels: EngineQrels, parameter = 'qrels'): void {
  assertQrelMatrix(qrels, parameter, { relevantPerQuery: { min: 1, max: Math.max(1, qrels?.numDocs - 1) } });
}
