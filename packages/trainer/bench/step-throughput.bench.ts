import { afterAll, bench, describe } from 'vitest';
import { allCombinationQrels } from '@limit/combinatorics';
import { createStepEngine } from '../src/engines/registry.js';
import type { StepEngine } from '../src/engines/contract.js';
import { initialEmbeddings } from '../src/training/initial-embeddings.js';

// One full-batch training step per backend. The README's table comes from `limit bench-step --engine all
// --numpy …`, which also runs the numpy yardstick in the same session; this file is the vitest view.
const SIZES = [
  [30, 8],
  [100, 8],
] as const;
const BACKENDS = ['js', 'onnx', 'tfjs-wasm', 'tfjs-cpu'];

for (const [n, d] of SIZES) {
  describe(`step n=${n} d=${d}`, async () => {
    const qrels = allCombinationQrels(n, 2);
    const start = initialEmbeddings({ numQueries: qrels.numQueries, numDocs: n, d }, 42);
    const engines: StepEngine[] = [];
    for (const backend of BACKENDS) {
      const engine = await createStepEngine(backend, {
        ...start,
        qrels,
        learningRate: 0.01,
        temperature: 0.1,
        adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
        blockSize: Math.floor((1 << 21) / n),
      });
      engines.push(engine);
      bench(engine.name, async () => {
        await engine.step();
      }, { iterations: n >= 100 ? 5 : 50, time: 500 });
    }
    afterAll(async () => {
      for (const engine of engines) await engine.dispose();
    });
  });
}
