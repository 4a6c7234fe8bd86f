import { BackendUnavailableError, EngineStateError, InvalidArgumentError, ShapeMismatchError, createRng } from '@limit/core';
import type { DenseMatrix } from '@limit/core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import type { EngineQrels, StepEngineInit } from '../contract.js';
import { ReferenceStepper, validStepEngineInit as validEngineInit } from '@limit/step-engine/testing';
import { createOnnxEngine } from './onnx-engine.js';
import type { OrtModule as OrtLike } from '@limit/onnx';

const runtime = ort as unknown as OrtLike;
const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/** CSR qrels from per-query document lists. */
function qrelsFrom(rows: number[][], numDocs: number): EngineQrels {
  const offsets = new Int32Array(rows.length + 1);
  rows.forEach((r, i) => (offsets[i + 1] = offsets[i]! + r.length));
  return { numQueries: rows.length, numDocs, offsets, docs: Int32Array.from(rows.flat()) };
}

/** All k-subsets of n documents, in lexicographic order (the paper's qrels). */
function allPairs(n: number): number[][] {
  const rows: number[][] = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) rows.push([a, b]);
  return rows;
}

function unitRows(rows: number, cols: number, seed: number): DenseMatrix {
  const rng = createRng(seed);
  const data = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += (data[r * cols + j] = rng.normal()) ** 2;
    for (let j = 0; j < cols; j++) data[r * cols + j]! /= Math.sqrt(s);
  }
  return { rows, cols, data };
}

function makeInit(rows: number[][], n: number, d: number, overrides: Partial<StepEngineInit> = {}): StepEngineInit {
  return {
    queries: unitRows(rows.length, d, 1),
    documents: unitRows(n, d, 2),
    qrels: qrelsFrom(rows, n),
    learningRate: 0.01,
    temperature: 0.1,
    adam: ADAM,
    blockSize: rows.length,
    ...overrides,
  };
}


/**
 * Brute-force accuracies: stable-sort every query's scores (float64, ties → lower index first) and compare
 * its top-k with its relevant set: exact (all k inside and a strict gap) and the official hit share.
 */
function sortedTopKAccuracy(queries: DenseMatrix, documents: DenseMatrix, qrels: EngineQrels): { relevantInTopK: number; exactTopK: number } {
  const d = queries.cols;
  let correct = 0;
  let hits = 0;
  let total = 0;
  for (let i = 0; i < queries.rows; i++) {
    const relevant = new Set(qrels.docs.subarray(qrels.offsets[i]!, qrels.offsets[i + 1]!));
    const scores = Array.from({ length: documents.rows }, (_, j) => {
      let s = 0;
      for (let c = 0; c < d; c++) s += queries.data[i * d + c]! * documents.data[j * d + c]!;
      return { j, s };
    }).sort((a, b) => b.s - a.s);
    const top = scores.slice(0, relevant.size);
    if (top.every(({ j }) => relevant.has(j)) && scores[relevant.size - 1]!.s > scores[relevant.size]!.s) correct++;
    hits += top.filter(({ j }) => relevant.has(j)).length;
    total += relevant.size;
  }
  return { relevantInTopK: hits / total, exactTopK: correct / queries.rows };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

async function expectMatchesReference(init: StepEngineInit, steps: number) {
  const engine = await createOnnxEngine(init, { ort: runtime, intraOpNumThreads: 1 });
  const reference = new ReferenceStepper(init);
  try {
    for (let s = 0; s < steps; s++) {
      const [got, want] = [await engine.step(), reference.step()];
      expect(Math.abs(got - want)).toBeLessThan(1e-4 * Math.max(1, Math.abs(want)));
    }
    const { queries, documents } = await engine.getEmbeddings();
    expect(maxAbsDiff(queries.data, reference.Q)).toBeLessThan(1e-4);
    expect(maxAbsDiff(documents.data, reference.D)).toBeLessThan(1e-4);
  } finally {
    await engine.dispose();
  }
}

describe('createOnnxEngine', () => {
  it('matches a float64 reference step over several steps (all pairs, n = 8, d = 4)', async () => {
    await expectMatchesReference(makeInit(allPairs(8), 8, 4), 5);
  });

  it('matches the reference with uneven qrels: 1, 2 and 3 relevant documents, blocked', async () => {
    const rows = [[0], [1, 4], [2, 3, 5], [4], [0, 5], [3], [1, 2, 4], [2, 6]];
    await expectMatchesReference(makeInit(rows, 7, 3, { blockSize: 3 }), 4);
  });

  it('matches the reference on the log-sum-exp path (temperature 0.02)', async () => {
    await expectMatchesReference(makeInit(allPairs(6), 6, 3, { temperature: 0.02, learningRate: 0.05 }), 4);
  });

  it('gives the same steps blocked (blockSize 5, not dividing q = 28) as unblocked', async () => {
    const whole = await createOnnxEngine(makeInit(allPairs(8), 8, 4), { ort: runtime, intraOpNumThreads: 1 });
    const blocked = await createOnnxEngine(makeInit(allPairs(8), 8, 4, { blockSize: 5 }), { ort: runtime, intraOpNumThreads: 1 });
    // A cache-sized block target of 6 × n logits caps the block at 6 queries whatever init.blockSize says.
    const capped = await createOnnxEngine(makeInit(allPairs(8), 8, 4), { ort: runtime, intraOpNumThreads: 1, cacheBlockEntries: 6 * 8 });
    for (let s = 0; s < 6; s++) {
      const [a, b, c] = [await whole.step(), await blocked.step(), await capped.step()];
      expect(Math.abs(a - b)).toBeLessThan(1e-6);
      expect(Math.abs(a - c)).toBeLessThan(1e-6);
    }
    const [ew, eb, ec] = [await whole.getEmbeddings(), await blocked.getEmbeddings(), await capped.getEmbeddings()];
    expect(maxAbsDiff(ew.queries.data, eb.queries.data)).toBeLessThan(1e-6);
    expect(maxAbsDiff(ew.documents.data, eb.documents.data)).toBeLessThan(1e-6);
    expect(maxAbsDiff(ew.queries.data, ec.queries.data)).toBeLessThan(1e-6);
    expect(await blocked.accuracy()).toEqual(await whole.accuracy());
    expect(await capped.accuracy()).toEqual(await whole.accuracy());
    await Promise.all([whole.dispose(), blocked.dispose(), capped.dispose()]);
  });

  it('gives the same steps without pre-allocated outputs (the onnxruntime-web path)', async () => {
    const direct = await createOnnxEngine(makeInit(allPairs(8), 8, 4, { blockSize: 5 }), { ort: runtime, intraOpNumThreads: 1 });
    const copied = await createOnnxEngine(makeInit(allPairs(8), 8, 4, { blockSize: 5 }), {
      ort: runtime,
      intraOpNumThreads: 1,
      preallocatedOutputs: false,
    });
    for (let s = 0; s < 4; s++) expect(await copied.step()).toBe(await direct.step());
    const [a, b] = [await direct.getEmbeddings(), await copied.getEmbeddings()];
    expect(maxAbsDiff(a.queries.data, b.queries.data)).toBe(0);
    expect(maxAbsDiff(a.documents.data, b.documents.data)).toBe(0);
    expect(await copied.accuracy()).toEqual(await direct.accuracy());
    await Promise.all([direct.dispose(), copied.dispose()]);
  });

  it('computes both accuracies like a brute-force sort of every query, blocked or not', async () => {
    const rows = allPairs(12);
    for (const blockSize of [rows.length, 7]) {
      const init = makeInit(rows, 12, 3, { blockSize, learningRate: 0.05 });
      const engine = await createOnnxEngine(init, { ort: runtime, intraOpNumThreads: 1 });
      const seen = new Set<number>();
      for (let s = 0; s <= 60; s++) {
        if (s % 15 === 0) {
          const { queries, documents } = await engine.getEmbeddings();
          const accuracy = await engine.accuracy();
          const expected = sortedTopKAccuracy(queries, documents, init.qrels);
          expect(accuracy.exactTopK).toBeCloseTo(expected.exactTopK, 12);
          expect(accuracy.relevantInTopK).toBeCloseTo(expected.relevantInTopK, 6);
          seen.add(accuracy.relevantInTopK);
        }
        await engine.step();
      }
      expect(seen.size).toBeGreaterThan(1); // the check saw several different accuracies
      await engine.dispose();
    }
  });

  it('counts a query with k = 1, 2, 3 relevant documents by its own k (both accuracies)', async () => {
    // Documents on the unit circle at angles 0°, 90°, 180°, 270°; queries point at chosen documents.
    const documents = { rows: 4, cols: 2, data: new Float32Array([1, 0, 0, 1, -1, 0, 0, -1]) };
    const s = Math.SQRT1_2;
    const queries = { rows: 4, cols: 2, data: new Float32Array([1, 0, s, s, s, s, 0.8, 0.6]) };
    // q0 → {0} correct (1 hit); q1 (45°) → {0, 1} correct (2 hits); q2 (45°) → {0, 2} wrong, top-2 {0, 1}
    // (1 hit); q3 → {0, 1, 3}: the third best is 180° or 270° (scores −0.8 and −0.6): 270° wins, correct (3 hits).
    const qrels = qrelsFrom([[0], [0, 1], [0, 2], [0, 1, 3]], 4);
    const engine = await createOnnxEngine(
      { queries, documents, qrels, learningRate: 0.01, temperature: 0.1, adam: ADAM, blockSize: 2 },
      { ort: runtime, intraOpNumThreads: 1 },
    );
    expect(await engine.accuracy()).toEqual({ relevantInTopK: 7 / 8, exactTopK: 3 / 4 });
    await engine.dispose();
  });

  it('trains n = 6, d = 4, k = 2 to 100% accuracy', async () => {
    const init = makeInit(allPairs(6), 6, 4, { blockSize: 4 });
    const engine = await createOnnxEngine(init, { ort: runtime });
    let accuracy = (await engine.accuracy()).exactTopK;
    let steps = 0;
    while (accuracy < 1 && steps < 3000) {
      for (let s = 0; s < 50; s++) await engine.step();
      steps += 50;
      accuracy = (await engine.accuracy()).exactTopK;
    }
    expect(accuracy).toBe(1);
    const { queries, documents } = await engine.getEmbeddings();
    expect(sortedTopKAccuracy(queries, documents, init.qrels)).toEqual({ relevantInTopK: 1, exactTopK: 1 });
    await engine.dispose();
  });

  it('round-trips embeddings through setEmbeddings and keeps rows unit-length after steps', async () => {
    const init = makeInit(allPairs(5), 5, 3, { blockSize: 4 });
    const engine = await createOnnxEngine(init, { ort: runtime });
    await engine.step();
    const saved = await engine.getEmbeddings();
    const l1 = await engine.step();
    await engine.step();
    await engine.setEmbeddings(saved.queries, saved.documents);
    expect([...(await engine.getEmbeddings()).queries.data]).toEqual([...saved.queries.data]);
    // Same embeddings but Adam state has moved on, so the next loss equals l1 (loss is pre-update).
    expect(await engine.step()).toBeCloseTo(l1, 6);
    const { queries } = await engine.getEmbeddings();
    for (let r = 0; r < queries.rows; r++) {
      const row = queries.data.subarray(r * 3, r * 3 + 3);
      expect(Math.hypot(...row)).toBeCloseTo(1, 5);
    }
    await expect(engine.setEmbeddings(saved.documents, saved.documents)).rejects.toSatisfy(ShapeMismatchError.isInstance);
    // Calls share the engine's buffers: an overlapping call is refused, not raced.
    const inFlight = engine.step();
    await expect(engine.accuracy()).rejects.toSatisfy((e: unknown) => EngineStateError.isInstance(e) && (e as EngineStateError).state === 'busy');
    await inFlight;
    await engine.dispose();
    await expect(engine.step()).rejects.toThrow(/disposed/);
  });

  it('rejects bad qrels, shapes and hyper-parameters with typed errors naming the parameter', async () => {
    const rejects = async (init: StepEngineInit, parameter: string, kind: (e: unknown) => boolean = InvalidArgumentError.isInstance) => {
      const error = await createOnnxEngine(init, { ort: runtime }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(kind(error)).toBe(true);
      expect((error as { parameter: string }).parameter).toBe(parameter);
    };
    await rejects(makeInit([[0, 9]], 4, 2), 'qrels.docs');
    await rejects(makeInit([[1, 1]], 4, 2), 'qrels.docs');
    await rejects(makeInit([[]], 4, 2), 'qrels');
    await rejects(makeInit([[0]], 4, 2, { blockSize: 0 }), 'blockSize');
    await rejects(makeInit([[0]], 4, 2, { temperature: -1 }), 'temperature');
    await rejects(makeInit([[0]], 4, 2, { adam: { ...ADAM, beta1: 1 } }), 'adam.beta1');
    await rejects(makeInit([[0]], 4, 2, { documents: unitRows(4, 3, 0) }), 'documents', ShapeMismatchError.isInstance);
    await rejects(makeInit([[0]], 4, 2, { qrels: qrelsFrom([[0]], 5) }), 'qrels', ShapeMismatchError.isInstance);
    const error = await createOnnxEngine(makeInit([[0]], 4, 2), { ort: {} as OrtLike }).catch((e: unknown) => e);
    expect((error as InvalidArgumentError).parameter).toBe('options.ort');
    const cacheError = await createOnnxEngine(makeInit([[0]], 4, 2), { ort: runtime, cacheBlockEntries: 0 }).catch((e: unknown) => e);
    expect((cacheError as InvalidArgumentError).parameter).toBe('options.cacheBlockEntries');
  });


  it('refuses float64 and an execution provider this onnxruntime lacks (CUDA here) with typed errors', async () => {
    await expect(createOnnxEngine(validEngineInit({ precision: 'float64' }), { ort: runtime })).rejects.toSatisfy(
      (e: unknown) => InvalidArgumentError.isInstance(e) && (e as InvalidArgumentError).parameter === 'precision',
    );
    const error = await createOnnxEngine(validEngineInit(), { ort: runtime, executionProviders: ['cuda'] }).catch((e: unknown) => e);
    expect(BackendUnavailableError.isInstance(error), String(error)).toBe(true);
    expect((error as BackendUnavailableError).backend).toBe('onnx-cuda');
    expect((error as Error).message).toMatch(/execution provider/);
  });
});
