import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { EngineStateError } from '@limit/core';
import { initialEmbeddings } from '../../training/initial-embeddings.js';
import { ReferenceStepper, kSubsets, qrelsFromSets as csr } from '@limit/step-engine/testing';
import { createTfjsEngine } from './tfjs-engine.js';

const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

function setup(n: number, d: number, k: number, seed: number, blockSize: number) {
  const sets = kSubsets(n, k);
  const start = initialEmbeddings({ numQueries: sets.length, numDocs: n, d }, seed);
  const init = { ...start, qrels: csr(sets, n), learningRate: 0.01, temperature: 0.1, adam: ADAM, blockSize };
  const reference = new ReferenceStepper(init);
  return { init, reference, sets };
}

describe.each(['cpu', 'wasm'] as const)('createTfjsEngine on %s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });

  it('matches the float64 reference step by step (loss, embeddings, accuracy)', async () => {
    const { init, reference } = setup(7, 3, 2, 1, 1000);
    const engine = await createTfjsEngine(init);
    expect(engine.name).toBe(`tfjs-${backend}`);
    for (let step = 0; step < 20; step++) {
      const loss = await engine.step();
      expect(loss).toBeCloseTo(reference.step(), 4);
    }
    const { queries, documents } = await engine.getEmbeddings();
    for (let i = 0; i < queries.data.length; i++) expect(queries.data[i]).toBeCloseTo(reference.Q[i]!, 3);
    for (let i = 0; i < documents.data.length; i++) expect(documents.data[i]).toBeCloseTo(reference.D[i]!, 3);
    const accuracy = await engine.accuracy();
    expect(accuracy.exactTopK).toBeCloseTo(reference.accuracy().exactTopK, 10);
    expect(accuracy.relevantInTopK).toBeCloseTo(reference.accuracy().relevantInTopK, 10);
    await engine.dispose();
  });

  it('gives the same steps with blocks of 4 queries as with one block (blocking is exact)', async () => {
    const one = await createTfjsEngine(setup(8, 3, 2, 2, 1000).init);
    const blocked = await createTfjsEngine(setup(8, 3, 2, 2, 4).init);
    for (let step = 0; step < 10; step++) expect(await blocked.step()).toBeCloseTo(await one.step(), 5);
    expect(await blocked.accuracy()).toEqual(await one.accuracy());
    await one.dispose();
    await blocked.dispose();
  });

  it('leaks no tensors: the count is flat across steps and back to the start after dispose', async () => {
    const before = tf.memory().numTensors;
    const engine = await createTfjsEngine(setup(9, 4, 2, 3, 10).init); // 36 queries in 4 blocks
    await engine.step();
    await engine.accuracy();
    const afterFirst = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      await engine.step();
      await engine.accuracy();
      await engine.setEmbeddings(...(Object.values(await engine.getEmbeddings()) as [never, never]));
    }
    expect(tf.memory().numTensors).toBe(afterFirst);
    await engine.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('setEmbeddings replaces the embeddings', async () => {
    const { init } = setup(6, 3, 2, 4, 100);
    const engine = await createTfjsEngine(init);
    const start = await engine.getEmbeddings();
    await engine.step();
    await engine.setEmbeddings(start.queries, start.documents);
    const back = await engine.getEmbeddings();
    expect(Array.from(back.queries.data)).toEqual(Array.from(init.queries.data));
    expect(Array.from(back.documents.data)).toEqual(Array.from(init.documents.data));
    await engine.dispose();
  });



  it('counts a query correct only when its relevant set is exactly its top-k (hand-made scores)', async () => {
    // d = 2, 3 documents on axes; query 0 points at docs {0,1}; query 1 at doc 2 only but lists {0, 2}.
    const documents = { rows: 3, cols: 2, data: Float32Array.from([1, 0, 0.8, 0.6, -1, 0]) };
    const queries = { rows: 2, cols: 2, data: Float32Array.from([0.9805807, 0.1961161, -1, 0]) };
    const qrels = csr([[0, 1], [0, 2]], 3);
    const engine = await createTfjsEngine({ queries, documents, qrels, learningRate: 0.01, temperature: 0.1, adam: ADAM, blockSize: 1 });
    // query 0: scores 0.98, 0.90, −0.98 → top-2 = {0, 1} ✓; query 1: scores −1, −0.8, 1 → top-2 = {2, 1} ✗.
    // Official accuracy: 2 of {0, 1} plus 1 of {0, 2} (doc 2) inside the top-2 → 3 / 4.
    expect(await engine.accuracy()).toEqual({ exactTopK: 0.5, relevantInTopK: 0.75 });
    await engine.dispose();
  });
});

describe('createTfjsEngine and the host program\'s tfjs backend', () => {
  it('runs on its own backend and leaves the host\'s active backend as the host set it', async () => {
    await tf.setBackend('cpu');
    const { init, reference } = setup(6, 3, 2, 9, 100);
    const engine = await createTfjsEngine(init, { backend: 'wasm' });
    expect(engine.name).toBe('tfjs-wasm');
    expect(tf.getBackend()).toBe('cpu');
    for (let i = 0; i < 5; i++) {
      expect(await engine.step()).toBeCloseTo(reference.step(), 4);
      expect(tf.getBackend()).toBe('cpu');
    }
    await engine.accuracy();
    expect(tf.getBackend()).toBe('cpu');
    await engine.dispose();
    expect(tf.getBackend()).toBe('cpu');
    await expect(engine.step()).rejects.toSatisfy((e: unknown) => EngineStateError.isInstance(e));
  });

  it('refuses float64 (tfjs trains in float32)', async () => {
    const { init } = setup(6, 3, 2, 9, 100);
    await expect(createTfjsEngine({ ...init, precision: 'float64' }, { backend: 'cpu' })).rejects.toThrow(/float32 only/);
  });
});
