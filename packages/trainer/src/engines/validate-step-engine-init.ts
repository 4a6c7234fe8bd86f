import { InvalidArgumentError, ShapeMismatchError, assertFiniteNumber, assertInteger, assertPositive } from '@limit/core';
import type { StepEngine, StepEngineInit } from '../engine.js';

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
}

/**
 * Checks everything a step engine relies on before it allocates anything, so that bad input fails
 * with a typed error instead of producing NaN losses or a falsely "solved" run. Shared by the js,
 * tfjs and onnx engines, and exported for custom {@link StepEngine} implementations.
 *
 * Checked: Q [q, d] and D [n, d] agree on d and their data lengths match (n ≥ 1, d ≥ 1); qrels is
 * q × n with q + 1 non-decreasing offsets inside `qrels.docs`; every listed document id is an
 * integer in [0, n) and no query lists one twice; at least one relevant pair; learningRate and
 * temperature finite and > 0; Adam β1, β2 ∈ [0, 1), ε ≥ 0 finite; blockSize an integer ≥ 1.
 *
 * @param init - the engine's initial state (embeddings, qrels, hyper-parameters).
 * @returns the sizes q, n, d, the pair count P and the largest per-query relevant count.
 * @throws InvalidArgumentError naming the field (`learningRate`, `temperature`, `adam.beta1`,
 *   `adam.beta2`, `adam.epsilon`, `blockSize`, `qrels.offsets`, `qrels.docs`, `qrels`, `n`, `d`).
 * @throws ShapeMismatchError naming `documents`, `queries.data`, `documents.data`, `qrels` or
 *   `qrels.offsets` when the shapes disagree.
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
  let maxRelevant = 0;
  const seen = new Int32Array(n).fill(-1);
  for (let i = 0; i < q; i++) {
    const from = offsets[i]!;
    const to = offsets[i + 1]!;
    if (!Number.isInteger(to) || to < from) {
      throw new InvalidArgumentError({ parameter: 'qrels.offsets', value: to, message: `qrels.offsets must be non-decreasing integers (at query ${i})` });
    }
    maxRelevant = Math.max(maxRelevant, to - from);
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
  return { q, n, d, numPairs, maxRelevant };
}
