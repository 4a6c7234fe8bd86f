import { expect } from 'vitest';
import { EngineStateError, InvalidArgumentError, ShapeMismatchError, createDenseMatrix } from '@limit/core';
import type { EngineQrels, StepEngine, StepEngineInit } from '../src/engine.js';

/** CSR qrels from per-query document lists. */
function qrelsOf(rows: number[][], numDocs: number): EngineQrels {
  const offsets = new Int32Array(rows.length + 1);
  rows.forEach((r, i) => (offsets[i + 1] = offsets[i]! + r.length));
  return { numQueries: rows.length, numDocs, offsets, docs: Int32Array.from(rows.flat()) };
}

/** Unit rows (1, 0, …) — values do not matter for validation. */
function unit(rows: number, cols: number) {
  const data = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) data[r * cols] = 1;
  return createDenseMatrix(rows, cols, data);
}

/** A valid init: q = 3 queries over n = 4 documents in d = 2, 4 relevant pairs (1, 2, 1 per query). */
export function validEngineInit(overrides: Partial<StepEngineInit> = {}): StepEngineInit {
  return {
    queries: unit(3, 2),
    documents: unit(4, 2),
    qrels: qrelsOf([[0], [1, 3], [2]], 4),
    learningRate: 0.01,
    temperature: 0.1,
    adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    blockSize: 3,
    ...overrides,
  };
}

const adam = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/**
 * Bad engine inits, each with the parameter its typed error must name. Shared by the tests of
 * validateStepEngineInit and of every engine (each must reject them all).
 */
export const BAD_ENGINE_INITS: ReadonlyArray<{
  readonly label: string;
  readonly init: StepEngineInit;
  readonly parameter: string;
  readonly isError: (e: unknown) => boolean;
}> = [
  { label: 'document id = n', init: validEngineInit({ qrels: qrelsOf([[0], [1, 4], [2]], 4) }), parameter: 'qrels.docs', isError: InvalidArgumentError.isInstance },
  { label: 'negative document id', init: validEngineInit({ qrels: qrelsOf([[0], [-1], [2]], 4) }), parameter: 'qrels.docs', isError: InvalidArgumentError.isInstance },
  { label: 'document listed twice', init: validEngineInit({ qrels: qrelsOf([[0], [1, 1], [2]], 4) }), parameter: 'qrels.docs', isError: InvalidArgumentError.isInstance },
  { label: 'no relevant pair', init: validEngineInit({ qrels: qrelsOf([[], [], []], 4) }), parameter: 'qrels', isError: InvalidArgumentError.isInstance },
  { label: 'a query without relevant documents', init: validEngineInit({ qrels: qrelsOf([[0], [], [2]], 4) }), parameter: 'qrels', isError: InvalidArgumentError.isInstance },
  { label: 'a query with every document relevant', init: validEngineInit({ qrels: qrelsOf([[0], [0, 1, 2, 3], [2]], 4) }), parameter: 'qrels', isError: InvalidArgumentError.isInstance },
  { label: 'unsorted document ids', init: validEngineInit({ qrels: qrelsOf([[0], [3, 1], [2]], 4) }), parameter: 'qrels.docs', isError: InvalidArgumentError.isInstance },
  { label: 'epsilon 0', init: validEngineInit({ adam: { ...adam, epsilon: 0 } }), parameter: 'adam.epsilon', isError: InvalidArgumentError.isInstance },
  { label: 'unknown precision', init: validEngineInit({ precision: 'float16' as never }), parameter: 'precision', isError: InvalidArgumentError.isInstance },
  {
    label: 'offsets of the wrong length',
    init: validEngineInit({ qrels: { numQueries: 3, numDocs: 4, offsets: Int32Array.from([0, 1, 3]), docs: Int32Array.from([0, 1, 3, 2]) } }),
    parameter: 'qrels.offsets',
    isError: InvalidArgumentError.isInstance,
  },
  {
    label: 'decreasing offsets',
    init: validEngineInit({ qrels: { numQueries: 3, numDocs: 4, offsets: Int32Array.from([0, 3, 1, 4]), docs: Int32Array.from([0, 1, 3, 2]) } }),
    parameter: 'qrels.offsets',
    isError: InvalidArgumentError.isInstance,
  },
  {
    label: 'offsets past the end of docs',
    init: validEngineInit({ qrels: { numQueries: 3, numDocs: 4, offsets: Int32Array.from([0, 1, 3, 6]), docs: Int32Array.from([0, 1, 3, 2]) } }),
    parameter: 'qrels.offsets',
    isError: InvalidArgumentError.isInstance,
  },
  { label: 'qrels for another n', init: validEngineInit({ qrels: qrelsOf([[0], [1, 3], [2]], 5) }), parameter: 'qrels', isError: ShapeMismatchError.isInstance },
  { label: 'documents of another width', init: validEngineInit({ documents: unit(4, 3) }), parameter: 'documents', isError: ShapeMismatchError.isInstance },
  {
    label: 'queries data shorter than q × d',
    init: validEngineInit({ queries: { rows: 3, cols: 2, data: new Float32Array(5) } }),
    parameter: 'queries.data',
    isError: ShapeMismatchError.isInstance,
  },
  { label: 'temperature 0', init: validEngineInit({ temperature: 0 }), parameter: 'temperature', isError: InvalidArgumentError.isInstance },
  { label: 'negative temperature', init: validEngineInit({ temperature: -0.1 }), parameter: 'temperature', isError: InvalidArgumentError.isInstance },
  { label: 'NaN learning rate', init: validEngineInit({ learningRate: Number.NaN }), parameter: 'learningRate', isError: InvalidArgumentError.isInstance },
  { label: 'beta1 = 1', init: validEngineInit({ adam: { ...adam, beta1: 1 } }), parameter: 'adam.beta1', isError: InvalidArgumentError.isInstance },
  { label: 'negative beta2', init: validEngineInit({ adam: { ...adam, beta2: -0.1 } }), parameter: 'adam.beta2', isError: InvalidArgumentError.isInstance },
  { label: 'negative epsilon', init: validEngineInit({ adam: { ...adam, epsilon: -1 } }), parameter: 'adam.epsilon', isError: InvalidArgumentError.isInstance },
  { label: 'blockSize 0', init: validEngineInit({ blockSize: 0 }), parameter: 'blockSize', isError: InvalidArgumentError.isInstance },
  { label: 'fractional blockSize', init: validEngineInit({ blockSize: 1.5 }), parameter: 'blockSize', isError: InvalidArgumentError.isInstance },
];

/** Runs `create` on every bad init and checks each is refused with the right typed error and parameter. */
export async function expectRejectsBadInits(create: (init: StepEngineInit) => Promise<unknown>): Promise<void> {
  for (const { label, init, parameter, isError } of BAD_ENGINE_INITS) {
    const error = await Promise.resolve()
      .then(() => create(init))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isError(error), `${label}: ${String(error)}`).toBe(true);
    expect((error as { parameter?: string }).parameter, label).toBe(parameter);
  }
}

/** The typed error of a promise, or undefined when it resolves. */
async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

/**
 * Checks `setEmbeddings` refuses matrices of the wrong shape (ShapeMismatchError naming queries or
 * documents), then that after `dispose()` every call is refused with EngineStateError (state `disposed`). `engine` must have been created from {@link validEngineInit}() (q 3, n 4, d 2).
 */
export async function expectShapeChecksAndDisposal(engine: StepEngine): Promise<void> {
  const good = { queries: unit(3, 2), documents: unit(4, 2) };
  const wrongQueries = await errorOf(engine.setEmbeddings(unit(4, 2), good.documents));
  expect(ShapeMismatchError.isInstance(wrongQueries), String(wrongQueries)).toBe(true);
  expect((wrongQueries as ShapeMismatchError).parameter).toBe('queries');
  const wrongDocuments = await errorOf(engine.setEmbeddings(good.queries, unit(4, 3)));
  expect(ShapeMismatchError.isInstance(wrongDocuments), String(wrongDocuments)).toBe(true);
  expect((wrongDocuments as ShapeMismatchError).parameter).toBe('documents');
  await engine.setEmbeddings(good.queries, good.documents);
  expect(Number.isFinite(await engine.step())).toBe(true);

  await engine.dispose();
  await engine.dispose(); // idempotent
  const calls: Array<[string, () => Promise<unknown>]> = [
    ['step', () => engine.step()],
    ['accuracy', () => engine.accuracy()],
    ['getEmbeddings', () => engine.getEmbeddings()],
    ['setEmbeddings', () => engine.setEmbeddings(good.queries, good.documents)],
  ];
  for (const [name, call] of calls) {
    const error = await errorOf(Promise.resolve().then(call));
    expect(EngineStateError.isInstance(error), `${name} after dispose: ${String(error)}`).toBe(true);
    expect((error as EngineStateError).state).toBe('disposed');
  }
}
