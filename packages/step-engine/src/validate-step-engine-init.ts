import { assertQrelMatrix } from '@limit/combinatorics';
import { InvalidArgumentError, ShapeMismatchError, assertFiniteNumber, assertInteger, assertOneOf, assertPositive } from '@limit/core';
import { OBJECTIVE_NAMES, QUERY_MODES, resolveObjective, type Objective, type ObjectiveName, type QueryMode } from './objectives.js';
import type { EngineQrels, Precision, StepEngineInit } from './step-engine.js';

/** What an engine can do; {@link validateStepEngineInit} refuses an init that asks for more, naming the engine. */
export interface StepEngineCapabilities {
  /** Engine name for messages (`native`, `webgpu`, `onnx`, …). */
  readonly engine: string;
  /** Precisions it trains in (default `['float32']`). */
  readonly precisions?: readonly Precision[];
  /** Objectives it implements (default `['infoNce']`). */
  readonly objectives?: readonly ObjectiveName[];
  /** Query modes it implements (default `['free']`). */
  readonly queryModes?: readonly QueryMode[];
  /** Largest embedding dimension it supports (default unbounded). */
  readonly maxDimension?: number;
}

/** Sizes and resolved settings of a validated {@link StepEngineInit}. */
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
  /** The objective, complete (default InfoNCE at `init.temperature`). */
  readonly objective: Objective;
  /** The query mode (default `'free'`). */
  readonly queryMode: QueryMode;
}

/**
 * The one validator of the step-engine contract: checks everything an engine relies on before it allocates
 * anything, so that bad input fails with a typed error instead of producing NaN losses or a falsely "solved"
 * run. Every engine (js, tfjs, onnx, native, webgpu, yours) calls it with its capabilities.
 *
 * Checked: Q [q, d] and D [n, d] agree on d, their data are Float32Array or Float64Array of length rows × d
 * with finite values (q, n, d ≥ 1); qrels is q × n and passes {@link assertTrainingQrels}; learningRate and
 * Adam ε finite and > 0; Adam β1, β2 ∈ [0, 1); blockSize an integer ≥ 1; the objective complete and valid
 * (`temperature` > 0 when no objective is given; an InfoNCE objective's temperature equal to `temperature`
 * when both are); and that the engine supports the precision, objective, query mode and dimension.
 *
 * @param init - the engine's initial state (embeddings, qrels, hyper-parameters).
 * @param capabilities - what the calling engine supports (default: float32, InfoNCE, free queries).
 * @returns the sizes q, n, d, the pair count P, the largest per-query relevant count and the resolved
 *   precision, objective and query mode.
 * @throws InvalidArgumentError naming the field (`learningRate`, `temperature`, `objective`, `objective.margin`,
 *   `queryMode`, `adam.beta1`, `adam.beta2`, `adam.epsilon`, `blockSize`, `precision`, `qrels.offsets`,
 *   `qrels.docs`, `qrels`, `q`, `n`, `d`, `queries.data`, `documents.data`).
 * @throws ShapeMismatchError naming `documents`, `queries.data`, `documents.data` or `qrels` when shapes disagree.
 * @example
 * ```ts
 * const { q, n, d, numPairs, objective } = validateStepEngineInit(init, { engine: 'mine', objectives: ['infoNce', 'hinge'] });
 * ```
 */
export function validateStepEngineInit(init: StepEngineInit, capabilities: StepEngineCapabilities = { engine: 'this' }): StepEngineInitShape {
  if (init === null || typeof init !== 'object') {
    throw new InvalidArgumentError({ parameter: 'init', value: init, message: 'init must be an object' });
  }
  const engine = capabilities.engine;
  const { queries, documents, qrels } = init;
  const q = queries?.rows;
  const n = documents?.rows;
  const d = queries?.cols;
  assertInteger('q', q, { min: 1 });
  assertInteger('n', n, { min: 1 });
  assertInteger('d', d, { min: 1 });
  if (capabilities.maxDimension !== undefined && d > capabilities.maxDimension) {
    throw new InvalidArgumentError({ parameter: 'd', value: d, message: `the ${engine} engine supports d ≤ ${capabilities.maxDimension} (got ${d})` });
  }
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
  if (qrels === null || typeof qrels !== 'object' || qrels.numQueries !== q || qrels.numDocs !== n) {
    throw new ShapeMismatchError({ parameter: 'qrels', expected: [q, n], actual: [qrels?.numQueries ?? -1, qrels?.numDocs ?? -1], message: 'qrels must be numQueries × numDocs = q × n' });
  }
  assertTrainingQrels(qrels);
  const { offsets } = qrels;
  let maxRelevant = 0;
  for (let i = 0; i < q; i++) maxRelevant = Math.max(maxRelevant, offsets[i + 1]! - offsets[i]!);
  const numPairs = offsets[q]! - offsets[0]!;
  assertPositive('learningRate', init.learningRate);
  const adam = init.adam;
  if (adam === null || typeof adam !== 'object') throw new InvalidArgumentError({ parameter: 'adam', value: adam, message: 'adam must be { beta1, beta2, epsilon }' });
  for (const [name, value] of [['adam.beta1', adam.beta1], ['adam.beta2', adam.beta2]] as const) {
    assertFiniteNumber(name, value);
    if (value < 0 || value >= 1) throw new InvalidArgumentError({ parameter: name, value, message: `${name} (${value}) must be in [0, 1)` });
  }
  // ε > 0: with ε = 0 a coordinate whose gradient is exactly 0 divides 0 by 0.
  assertPositive('adam.epsilon', adam.epsilon);
  assertInteger('blockSize', init.blockSize, { min: 1 });

  const precision = assertOneOf('precision', init.precision ?? 'float32', ['float32', 'float64'] as const);
  const precisions = capabilities.precisions ?? ['float32'];
  if (!precisions.includes(precision)) {
    throw new InvalidArgumentError({ parameter: 'precision', value: precision, message: `the ${engine} engine trains in ${precisions.join(' or ')} only, not ${precision}${precision === 'float64' ? ' (the js engine trains in float64)' : ''}` });
  }

  const objective = initObjective(init);
  const objectives = capabilities.objectives ?? ['infoNce'];
  if (!objectives.includes(objective.name)) {
    throw new InvalidArgumentError({
      parameter: 'objective',
      value: objective.name,
      message: `the ${engine} engine does not implement the ${objective.name} objective (it implements ${objectives.join(', ')})`,
    });
  }
  const queryMode = assertOneOf('queryMode', init.queryMode ?? 'free', QUERY_MODES);
  const queryModes = capabilities.queryModes ?? ['free'];
  if (!queryModes.includes(queryMode)) {
    throw new InvalidArgumentError({
      parameter: 'queryMode',
      value: queryMode,
      message: `the ${engine} engine does not implement ${queryMode} queries (it implements ${queryModes.join(', ')})`,
    });
  }
  return { q, n, d, numPairs, maxRelevant, precision, objective, queryMode };
}

/** The init's objective, complete: `init.objective`, else InfoNCE at `init.temperature`. */
function initObjective(init: StepEngineInit): Objective {
  if (init.objective === undefined) {
    assertPositive('temperature', init.temperature);
    return { name: 'infoNce', temperature: init.temperature! };
  }
  if (init.objective === null || typeof init.objective !== 'object' || !OBJECTIVE_NAMES.includes(init.objective.name)) {
    throw new InvalidArgumentError({
      parameter: 'objective',
      value: init.objective,
      message: `objective must be one of ${OBJECTIVE_NAMES.map((name) => `{ name: '${name}', … }`).join(', ')}`,
    });
  }
  const objective = resolveObjective(init.objective);
  if (init.temperature !== undefined) {
    assertPositive('temperature', init.temperature);
    if (objective.name === 'infoNce' && objective.temperature !== init.temperature) {
      throw new InvalidArgumentError({
        parameter: 'temperature',
        value: init.temperature,
        message: `temperature (${init.temperature}) disagrees with objective.temperature (${objective.temperature}); give one of them`,
      });
    }
  }
  // Every field must be given: an engine never fills in defaults of its own.
  for (const key of Object.keys(objective)) {
    if ((init.objective as unknown as Record<string, unknown>)[key] === undefined) {
      throw new InvalidArgumentError({ parameter: `objective.${key}`, value: undefined, message: `objective.${key} is required in an engine init (resolveObjective fills in the defaults)` });
    }
  }
  return objective;
}

/**
 * The training qrels rule, checked once by `trainFreeEmbeddings` and by every engine: a valid CSR `QrelMatrix`
 * (see `assertQrelMatrix` in `@limit/combinatorics`) whose every query has between 1 and numDocs − 1 relevant
 * documents (a query with none, or with every document relevant, has no top-k set to learn).
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
