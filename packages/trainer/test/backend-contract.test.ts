import { describe, expect, it } from 'vitest';
import type { EngineProvider } from '../src/engines/provider.js';
import { listEngineProviders } from '../src/engines/registry.js';
import { initialEmbeddings } from '../src/initial-embeddings.js';
import { ReferenceTrainer, csr, kSubsets } from './reference-trainer.js';

/**
 * The contract every engine provider must meet: from the same initial embeddings (drawn on the CPU),
 * the same losses, embeddings and accuracies as the independent float64 reference, step by step. The
 * suite iterates the registry: every provider that runs in Node is checked; a new provider folder is
 * covered without editing this file.
 */
const available: EngineProvider[] = [];
for (const provider of listEngineProviders()) {
  if (!provider.environments.includes('node')) continue;
  if (provider.isAvailable === undefined || (await provider.isAvailable()).available) available.push(provider);
}

it('covers at least js, onnx, tfjs-cpu and tfjs-wasm in Node', () => {
  expect(available.map((p) => p.id)).toEqual(expect.arrayContaining(['js', 'onnx', 'tfjs-cpu', 'tfjs-wasm']));
});

describe.each(available.map((p) => [p.id, p] as const))('step engine contract: %s', (_id, provider) => {
  const createStepEngine = (_name: string, init: Parameters<typeof provider.create>[0]) => provider.create(init);
  const make = (n: number, d: number, seed: number, blockSize: number) => {
    const sets = kSubsets(n, 2);
    const start = initialEmbeddings({ numQueries: sets.length, numDocs: n, d }, seed);
    const init = {
      ...start,
      qrels: csr(sets, n),
      learningRate: 0.01,
      temperature: 0.1,
      adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
      blockSize,
    };
    return { init, reference: new ReferenceTrainer(start.queries.data, start.documents.data, d, sets) };
  };

  it('agrees with the float64 reference over the first 10 steps to 1e-4 (loss) and keeps rows unit-norm', async () => {
    const { init, reference } = make(12, 4, 7, 1024);
    const engine = await createStepEngine(provider.id, init);
    for (let step = 0; step < 10; step++) {
      const loss = await engine.step();
      expect(Math.abs(loss - reference.step())).toBeLessThan(1e-4);
    }
    const { queries, documents } = await engine.getEmbeddings();
    let maxDiff = 0;
    queries.data.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - reference.Q[i]!))));
    documents.data.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - reference.D[i]!))));
    expect(maxDiff).toBeLessThan(1e-3);
    for (let r = 0; r < documents.rows; r++) {
      const row = documents.data.subarray(r * 4, r * 4 + 4);
      expect(Math.hypot(...row)).toBeCloseTo(1, 5);
    }
    const accuracy = await engine.accuracy();
    expect(accuracy.exactTopK).toBe(reference.accuracy());
    expect(accuracy.relevantInTopK).toBeCloseTo(reference.relevantInTopK(), 12);
    expect(engine.precision ?? 'float32').toBe('float32');
    await engine.dispose();
  });

  it('is blocked exactly: 10 queries per block gives the same losses as the reference', async () => {
    const { init, reference } = make(9, 3, 8, 10); // 36 queries → 4 blocks (the last one short)
    const engine = await createStepEngine(provider.id, init);
    for (let step = 0; step < 10; step++) expect(Math.abs((await engine.step()) - reference.step())).toBeLessThan(1e-4);
    await engine.dispose();
  });
});

