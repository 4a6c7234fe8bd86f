import { InvalidArgumentError, ShapeMismatchError, createDenseMatrix, type DenseMatrix } from '@limit/core';
import type { StepEngineInit } from '../step-engine.js';
import { PAPER_ADAM, qrelsFromSets } from './problems.js';

/** Rows (1, 0, …): valid unit rows whose values do not matter for validation. */
function unit(rows: number, cols: number): DenseMatrix {
  const data = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) data[r * cols] = 1;
  return createDenseMatrix(rows, cols, data);
}

/**
 * A small valid init: q = 3 queries over n = 4 documents in d = 2, 4 relevant pairs (1, 2 and 1 per query).
 *
 * @param overrides - fields to replace.
 * @returns the init.
 * @example
 * ```ts
 * const init = validStepEngineInit({ blockSize: 0 }); // refused: blockSize
 * ```
 */
export function validStepEngineInit(overrides: Partial<StepEngineInit> = {}): StepEngineInit {
  return {
    queries: unit(3, 2),
    documents: unit(4, 2),
    qrels: qrelsFromSets([[0], [1, 3], [2]], 4),
    learningRate: 0.01,
    temperature: 0.1,
    adam: PAPER_ADAM,
    blockSize: 3,
    ...overrides,
  };
}

/** One bad init and what its refusal must look like. */
export interface BadStepEngineInit {
  readonly label: string;
  readonly init: StepEngineInit;
  /** The parameter the typed error must name. */
  readonly parameter: string;
  /** The error's class check. */
  readonly isError: (error: unknown) => boolean;
}

const withQrels = (numQueries: number, numDocs: number, offsets: number[], docs: number[]) =>
  validStepEngineInit({ qrels: { numQueries, numDocs, offsets: Int32Array.from(offsets), docs: Int32Array.from(docs) } });

/**
 * Bad engine inits, each with the parameter its typed error must name. Every engine must refuse them all
 * before allocating anything (the contract cases run them; use them in your own engine's tests).
 */
export const BAD_STEP_ENGINE_INITS: readonly BadStepEngineInit[] = [
  { label: 'document id = n', init: validStepEngineInit({ qrels: qrelsFromSets([[0], [1, 4], [2]], 4) }), parameter: 'qrels.docs', isError: InvalidArgumentError.isInstance },
  { label: 'negative document id', init: validStepEngineInit({ qrels: qrelsFromSets([[0], [-1], [2]], 4) }), parameter: 'qrels.docs', isError: InvalidArgumentError.isInstance },
  { label: 'document listed twice', init: validStepEngineInit({ qrels: qrelsFromSets([[0], [1, 1], [2]], 4) }), parameter: 'qrels.docs', isError: InvalidArgumentError.isInstance },
  { label: 'no relevant pair', init: validStepEngineInit({ qrels: qrelsFromSets([[], [], []], 4) }), parameter: 'qrels', isError: InvalidArgumentError.isInstance },
  { label: 'a query without relevant documents', init: validStepEngineInit({ qrels: qrelsFromSets([[0], [], [2]], 4) }), parameter: 'qrels', isError: InvalidArgumentError.isInstance },
  { label: 'a query with every document relevant', init: validStepEngineInit({ qrels: qrelsFromSets([[0], [0, 1, 2, 3], [2]], 4) }), parameter: 'qrels', isError: InvalidArgumentError.isInstance },
  { label: 'unsorted document ids', init: validStepEngineInit({ qrels: qrelsFromSets([[0], [3, 1], [2]], 4) }), parameter: 'qrels.docs', isError: InvalidArgumentError.isInstance },
  { label: 'offsets of the wrong length', init: withQrels(3, 4, [0, 1, 3], [0, 1, 3, 2]), parameter: 'qrels.offsets', isError: InvalidArgumentError.isInstance },
  { label: 'decreasing offsets', init: withQrels(3, 4, [0, 3, 1, 4], [0, 1, 3, 2]), parameter: 'qrels.offsets', isError: InvalidArgumentError.isInstance },
  { label: 'offsets past the end of docs', init: withQrels(3, 4, [0, 1, 3, 6], [0, 1, 3, 2]), parameter: 'qrels.offsets', isError: InvalidArgumentError.isInstance },
  { label: 'qrels for another n', init: validStepEngineInit({ qrels: qrelsFromSets([[0], [1, 3], [2]], 5) }), parameter: 'qrels', isError: ShapeMismatchError.isInstance },
  { label: 'documents of another width', init: validStepEngineInit({ documents: unit(4, 3) }), parameter: 'documents', isError: ShapeMismatchError.isInstance },
  { label: 'queries data shorter than q × d', init: validStepEngineInit({ queries: { rows: 3, cols: 2, data: new Float32Array(5) } }), parameter: 'queries.data', isError: ShapeMismatchError.isInstance },
  {
    label: 'a NaN in the documents',
    init: validStepEngineInit({ documents: createDenseMatrix(4, 2, Float32Array.from([1, 0, 1, 0, Number.NaN, 0, 1, 0])) }),
    parameter: 'documents.data',
    isError: InvalidArgumentError.isInstance,
  },
  { label: 'temperature 0', init: validStepEngineInit({ temperature: 0 }), parameter: 'temperature', isError: InvalidArgumentError.isInstance },
  { label: 'negative temperature', init: validStepEngineInit({ temperature: -0.1 }), parameter: 'temperature', isError: InvalidArgumentError.isInstance },
  { label: 'NaN learning rate', init: validStepEngineInit({ learningRate: Number.NaN }), parameter: 'learningRate', isError: InvalidArgumentError.isInstance },
  { label: 'beta1 = 1', init: validStepEngineInit({ adam: { ...PAPER_ADAM, beta1: 1 } }), parameter: 'adam.beta1', isError: InvalidArgumentError.isInstance },
  { label: 'negative beta2', init: validStepEngineInit({ adam: { ...PAPER_ADAM, beta2: -0.1 } }), parameter: 'adam.beta2', isError: InvalidArgumentError.isInstance },
  { label: 'epsilon 0', init: validStepEngineInit({ adam: { ...PAPER_ADAM, epsilon: 0 } }), parameter: 'adam.epsilon', isError: InvalidArgumentError.isInstance },
  { label: 'negative epsilon', init: validStepEngineInit({ adam: { ...PAPER_ADAM, epsilon: -1 } }), parameter: 'adam.epsilon', isError: InvalidArgumentError.isInstance },
  { label: 'blockSize 0', init: validStepEngineInit({ blockSize: 0 }), parameter: 'blockSize', isError: InvalidArgumentError.isInstance },
  { label: 'fractional blockSize', init: validStepEngineInit({ blockSize: 1.5 }), parameter: 'blockSize', isError: InvalidArgumentError.isInstance },
  { label: 'unknown precision', init: validStepEngineInit({ precision: 'float16' as never }), parameter: 'precision', isError: InvalidArgumentError.isInstance },
  { label: 'unknown objective', init: validStepEngineInit({ objective: { name: 'triplet' } as never }), parameter: 'objective', isError: InvalidArgumentError.isInstance },
  { label: 'negative hinge margin', init: validStepEngineInit({ objective: { name: 'hinge', margin: -0.1 } }), parameter: 'objective.margin', isError: InvalidArgumentError.isInstance },
  { label: 'unknown query mode', init: validStepEngineInit({ queryMode: 'mean' as never }), parameter: 'queryMode', isError: InvalidArgumentError.isInstance },
];
