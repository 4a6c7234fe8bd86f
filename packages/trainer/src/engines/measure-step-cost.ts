// Measures step times for the capacity plan (a seam to the engines: createStepEngine).
import { allCombinationQrels } from '@limit/combinatorics';
import { createStepEngine } from './registry.js';
import type { EngineCreateOptions, EngineProvider } from './provider.js';
import { calibrateStepCost, type StepCostModel, type StepTimeSample } from '../critical-n/plan.js';
import { initialEmbeddings } from '../training/initial-embeddings.js';

/**
 * Times `steps` training steps (after one warm-up step) at each (n, d) and calibrates the step-cost model
 * from them ({@link calibrateStepCost}).
 *
 * @param sizes - (n, d) pairs to time, e.g. a small, a middle and a large size of the planned range.
 * @param options - k (default 2), steps per size (default 10), engine (default 'auto'), engine options.
 * @returns the samples and the calibrated model.
 * @example
 * ```ts
 * const { model } = await measureStepCost([{ n: 30, d: 8 }, { n: 80, d: 16 }]);
 * ```
 */
export async function measureStepCost(
  sizes: readonly { readonly n: number; readonly d: number }[],
  options: { k?: number; steps?: number; engine?: string | EngineProvider; engineOptions?: EngineCreateOptions } = {},
): Promise<{ samples: StepTimeSample[]; model: StepCostModel }> {
  const k = options.k ?? 2;
  const steps = options.steps ?? 10;
  const samples: StepTimeSample[] = [];
  for (const { n, d } of sizes) {
    const qrels = allCombinationQrels(n, k);
    const start = initialEmbeddings({ numQueries: qrels.numQueries, numDocs: n, d }, 42);
    const engine = await createStepEngine(
      options.engine ?? 'auto',
      { ...start, qrels, learningRate: 0.01, temperature: 0.1, adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, blockSize: Math.max(1, Math.floor((1 << 21) / n)) },
      options.engineOptions ?? {},
    );
    try {
      await engine.step();
      const t0 = performance.now();
      for (let i = 0; i < steps; i++) await engine.step();
      samples.push({ n, d, k, secondsPerStep: (performance.now() - t0) / 1000 / steps });
    } finally {
      await engine.dispose();
    }
  }
  return { samples, model: calibrateStepCost(samples) };
}
