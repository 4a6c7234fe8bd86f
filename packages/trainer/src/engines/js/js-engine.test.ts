import { describe, expect, it } from 'vitest';
import { initialEmbeddings } from '../../training/initial-embeddings.js';
import { ReferenceStepper, kSubsets, qrelsFromSets as csr } from '@limit/step-engine/testing';
import { createJsEngine } from './js-engine.js';

const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

describe('createJsEngine', () => {
  it('follows the float64 reference to 1e-9 in float64 (same arithmetic), both accuracies exactly', async () => {
    const sets = kSubsets(8, 3);
    const start = initialEmbeddings({ numQueries: sets.length, numDocs: 8, d: 3 }, 11);
    const engine = createJsEngine({ ...start, qrels: csr(sets, 8), learningRate: 0.01, temperature: 0.1, adam: ADAM, blockSize: 1, precision: 'float64' });
    expect(engine.precision).toBe('float64');
    const reference = new ReferenceStepper({ ...start, qrels: csr(sets, 8), learningRate: 0.01, temperature: 0.1, adam: ADAM, blockSize: 1 });
    for (let i = 0; i < 30; i++) expect(await engine.step()).toBeCloseTo(reference.step(), 9);
    expect(await engine.accuracy()).toEqual(reference.accuracy());
  });

  it('trains in float32 by default: stored values are float32, the loss follows the reference to float32 rounding', async () => {
    const sets = kSubsets(8, 2);
    const start = initialEmbeddings({ numQueries: sets.length, numDocs: 8, d: 3 }, 5);
    const engine = createJsEngine({ ...start, qrels: csr(sets, 8), learningRate: 0.01, temperature: 0.1, adam: ADAM, blockSize: 1 });
    const f64 = createJsEngine({ ...start, qrels: csr(sets, 8), learningRate: 0.01, temperature: 0.1, adam: ADAM, blockSize: 1, precision: 'float64' });
    expect(engine.precision).toBe('float32');
    const reference = new ReferenceStepper({ ...start, qrels: csr(sets, 8), learningRate: 0.01, temperature: 0.1, adam: ADAM, blockSize: 1 });
    let maxLossDiff = 0;
    let maxDiff32vs64 = 0;
    for (let i = 0; i < 30; i++) {
      const [a, b, r] = [await engine.step(), await f64.step(), reference.step()];
      maxLossDiff = Math.max(maxLossDiff, Math.abs(a - r));
      maxDiff32vs64 = Math.max(maxDiff32vs64, Math.abs(a - b));
    }
    expect(maxLossDiff).toBeLessThan(1e-4);
    expect(maxDiff32vs64).toBeGreaterThan(0); // float32 really rounds differently from float64
    const { queries } = await engine.getEmbeddings();
    // every value of the float32 engine is exactly representable in float32 (no hidden float64 state is lost)
    expect(Array.from(queries.data).every((v) => Math.fround(v) === v)).toBe(true);
  });

  it('counts the official accuracy by its own k per query and the exact-set accuracy (hand-made scores)', async () => {
    // Documents on the unit circle at 0°, 90°, 180°, 270°; queries point at chosen directions.
    const documents = { rows: 4, cols: 2, data: new Float32Array([1, 0, 0, 1, -1, 0, 0, -1]) };
    const s = Math.SQRT1_2;
    const queries = { rows: 4, cols: 2, data: new Float32Array([1, 0, s, s, s, s, 0.8, 0.6]) };
    // q0 → {0}: top-1 {0}, 1 hit, exact; q1 (45°) → {0, 1}: top-2 {0, 1}, 2 hits, exact; q2 (45°) → {0, 2}:
    // top-2 {0, 1}, 1 hit, not exact; q3 → {0, 1, 3}: scores 0.8, 0.6, −0.8, −0.6 → top-3 {0, 1, 3}, 3 hits, exact.
    const engine = createJsEngine({ queries, documents, qrels: csr([[0], [0, 1], [0, 2], [0, 1, 3]], 4), learningRate: 0.01, temperature: 0.1, adam: ADAM, blockSize: 1, precision: 'float64' });
    expect(await engine.accuracy()).toEqual({ relevantInTopK: 7 / 8, exactTopK: 3 / 4 });
  });

  it('handles queries with different numbers of relevant documents', async () => {
    const sets = [[0], [1, 2], [0, 3, 4], [2, 4]];
    const start = initialEmbeddings({ numQueries: sets.length, numDocs: 5, d: 2 }, 2);
    const engine = createJsEngine({ ...start, qrels: csr(sets, 5), learningRate: 0.05, temperature: 0.2, adam: ADAM, blockSize: 1, precision: 'float64' });
    const reference = new ReferenceStepper({ ...start, qrels: csr(sets, 5), learningRate: 0.05, temperature: 0.2, adam: ADAM, blockSize: 1 });
    for (let i = 0; i < 20; i++) expect(await engine.step()).toBeCloseTo(reference.step(), 9);
  });

  it.each(['hinge', 'sigmoid'] as const)('follows the float64 reference in float64 with the %s objective and centroid queries', async (name) => {
    const sets = kSubsets(7, 2);
    const start = initialEmbeddings({ numQueries: sets.length, numDocs: 7, d: 3 }, 3);
    const objective = name === 'hinge' ? { name, margin: 0.2 } : { name, temperature: 0.1, bias: -10 };
    const init = { ...start, qrels: csr(sets, 7), learningRate: 0.05, objective, queryMode: 'centroid' as const, adam: ADAM, blockSize: 1, precision: 'float64' as const };
    const engine = createJsEngine(init);
    const reference = new ReferenceStepper(init);
    for (let i = 0; i < 25; i++) expect(await engine.step()).toBeCloseTo(reference.step(), 10);
    expect(await engine.accuracy()).toEqual(reference.accuracy());
    const { queries } = await engine.getEmbeddings();
    queries.data.forEach((v, i) => expect(v).toBeCloseTo(reference.Q[i]!, 6));
  });
});
