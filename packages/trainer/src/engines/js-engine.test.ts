import { describe, expect, it } from 'vitest';
import { initialEmbeddings } from '../initial-embeddings.js';
import { ReferenceTrainer, csr, kSubsets } from '../../test/reference-trainer.js';
import { expectRejectsBadInits, expectShapeChecksAndDisposal, validEngineInit } from '../../test/bad-engine-inits.js';
import { createJsEngine } from './js-engine.js';

const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

describe('createJsEngine', () => {
  it('follows the float64 reference to 1e-9 (same arithmetic, float64)', async () => {
    const sets = kSubsets(8, 3);
    const start = initialEmbeddings({ numQueries: sets.length, numDocs: 8, d: 3 }, 11);
    const engine = createJsEngine({ ...start, qrels: csr(sets, 8), learningRate: 0.01, temperature: 0.1, adam: ADAM, blockSize: 1 });
    const reference = new ReferenceTrainer(start.queries.data, start.documents.data, 3, sets);
    for (let i = 0; i < 30; i++) expect(await engine.step()).toBeCloseTo(reference.step(), 9);
    expect(await engine.accuracy()).toBe(reference.accuracy());
  });

  it('handles queries with different numbers of relevant documents', async () => {
    const sets = [[0], [1, 2], [0, 3, 4], [2, 4]];
    const start = initialEmbeddings({ numQueries: sets.length, numDocs: 5, d: 2 }, 2);
    const engine = createJsEngine({ ...start, qrels: csr(sets, 5), learningRate: 0.05, temperature: 0.2, adam: ADAM, blockSize: 1 });
    const reference = new ReferenceTrainer(start.queries.data, start.documents.data, 2, sets, 0.05, 0.2);
    for (let i = 0; i < 20; i++) expect(await engine.step()).toBeCloseTo(reference.step(), 9);
  });

  it('rejects bad inits (ids outside [0, n), temperature ≤ 0, mismatched widths, bad offsets, …) with typed errors naming the parameter', async () => {
    await expectRejectsBadInits(async (init) => createJsEngine(init));
  });

  it('checks setEmbeddings shapes and refuses every call after dispose', async () => {
    await expectShapeChecksAndDisposal(createJsEngine(validEngineInit()));
  });
});
