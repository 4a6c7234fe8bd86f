import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { AbortedError, ConvergenceError, InvalidArgumentError, ShapeMismatchError, createDenseMatrix, type DenseMatrix } from '@limit/core';
import type { StepEngine, StepEngineInit } from '../engines/contract.js';
import type { EngineProvider } from '../engines/provider.js';
import { getEngineProvider } from '../engines/registry.js';
import { PAPER_ADAM, ReferenceStepper, kSubsets, qrelsFromSets as csr } from '@limit/step-engine/testing';
import { initialEmbeddings } from './initial-embeddings.js';
import { trainFreeEmbeddings } from './train-free-embeddings.js';

describe('trainFreeEmbeddings', () => {
  it('solves n = 6, d = 4, k = 2 and reports the official metrics', async () => {
    const progress: number[] = [];
    const { metrics, embeddings, qrels } = await trainFreeEmbeddings({
      n: 6,
      d: 4,
      seed: 1,
      engine: 'tfjs-cpu',
      returnEmbeddings: true,
      onProgress: (p) => progress.push(p.step),
    });
    expect(metrics.solved).toBe(true);
    expect(metrics.stopReason).toBe('solved');
    expect(metrics.finalAccuracy).toBe(1);
    expect(metrics.finalExactTopK).toBe(1);
    expect(metrics.maxAccuracyObserved).toBe(1);
    expect(metrics.maxExactTopKObserved).toBe(1);
    expect(metrics.precision).toBe('float32');
    expect(metrics.exactAccuracies.length).toBe(metrics.accuracies.length);
    expect(metrics.lastLoggedAccuracy).toBe(1);
    expect(metrics.actualQGenerated).toBe(15);
    expect(metrics.bestAccuracyMonitored).toBeNull(); // loss monitor, as the official script
    expect(metrics.bestLossMonitored).toBeGreaterThan(0);
    expect(metrics.losses.length).toBe(metrics.accuracies.length);
    expect(metrics.losses.length).toBeLessThanOrEqual(100);
    expect(metrics.finalLoss).toBe(metrics.losses[metrics.losses.length - 1]);
    expect(metrics.engine).toBe('tfjs-cpu');
    // accuracy checked at steps 0, 50, 100, … and training stopped at the first 100 %
    expect(progress.every((s) => s % 50 === 0)).toBe(true);
    expect(metrics.iterations).toBe(progress[progress.length - 1]! + 1);
    expect(qrels.numQueries).toBe(15);
    expect(embeddings!.queries.rows).toBe(15);
    expect(embeddings!.documents.rows).toBe(6);
  });

  it('follows the float64 reference trajectory exactly (losses at the logged steps)', async () => {
    const n = 7;
    const d = 3;
    const { metrics } = await trainFreeEmbeddings({ n, d, seed: 5, engine: 'tfjs-cpu', maxIterations: 120, logInterval: 10, earlyStopping: false });
    const sets = kSubsets(n, 2);
    const start = initialEmbeddings({ numQueries: sets.length, numDocs: n, d }, 5);
    const reference = new ReferenceStepper({ ...start, qrels: csr(sets, n), learningRate: 0.01, temperature: 0.1, adam: PAPER_ADAM, blockSize: 1 });
    const referenceLosses: number[] = [];
    for (let i = 0; i < metrics.iterations; i++) {
      const loss = reference.step();
      if (i % 10 === 0 || i === 119) referenceLosses.push(loss);
    }
    expect(metrics.losses.length).toBe(referenceLosses.length);
    metrics.losses.forEach((loss, i) => expect(loss).toBeCloseTo(referenceLosses[i]!, 4));
  });

  it('stops early when the loss stalls (patience counts steps)', async () => {
    // learning rate ~0: the loss never improves by minDelta, so it stops after `patience` steps past the first.
    const { metrics } = await trainFreeEmbeddings({
      n: 12,
      d: 2,
      seed: 3,
      engine: 'tfjs-cpu',
      learningRate: 1e-12,
      earlyStopping: { patience: 30, minDelta: 1e-3 },
    });
    expect(metrics.stopReason).toBe('early_stopping');
    expect(metrics.iterations).toBe(31);
    expect(metrics.solved).toBe(false);
  });

  it('accuracy monitor: patience counts evaluations', async () => {
    const { metrics } = await trainFreeEmbeddings({
      n: 12,
      d: 2,
      seed: 3,
      engine: 'tfjs-cpu',
      learningRate: 1e-12,
      logInterval: 5,
      earlyStopping: { monitor: 'accuracy', patience: 3 },
    });
    expect(metrics.stopReason).toBe('early_stopping');
    // evaluations at steps 0 (improves), 5, 10, 15 (3 without improvement) → 16 steps
    expect(metrics.iterations).toBe(16);
    expect(metrics.bestAccuracyMonitored).toBe(metrics.accuracies[0]);
  });

  it('restoreBest puts back the embeddings of the best evaluation, not the last (scripted engine)', async () => {
    // A fake engine whose embeddings are stamped with the number of steps taken and whose accuracy is a
    // function of the stamp: 0.2, 0.6 (best, after step 2), 0.4, 0.3, 0.3 → with patience 3 it stops after 5 steps.
    const accuracyOfStamp = [0, 0.2, 0.6, 0.4, 0.3, 0.3, 0.3, 0.3];
    // A provider object of our own: the same path a user's engine takes.
    const scripted: EngineProvider = {
      id: 'scripted',
      environments: ['node', 'browser'],
      modules: [],
      description: 'scripted test engine',
      create: async (init: StepEngineInit): Promise<StepEngine> => {
        const q = init.queries.rows;
        const n = init.documents.rows;
        const d = init.queries.cols;
        let stamp = 0;
        return {
          name: 'scripted',
          step: async () => {
            stamp += 1;
            return 1 / stamp;
          },
          accuracy: async () => ({ relevantInTopK: accuracyOfStamp[stamp]!, exactTopK: accuracyOfStamp[stamp]! / 2 }),
          getEmbeddings: async () => ({
            queries: createDenseMatrix(q, d, new Float32Array(q * d).fill(stamp)),
            documents: createDenseMatrix(n, d, new Float32Array(n * d).fill(-stamp)),
          }),
          setEmbeddings: async (queries: DenseMatrix, documents: DenseMatrix) => {
            stamp = queries.data[0]!;
            expect(documents.data[0]).toBe(-stamp);
          },
          dispose: async () => {},
        };
      },
    };
    {
      const run = (restoreBest: boolean) =>
        trainFreeEmbeddings({ n: 5, d: 2, engine: scripted, logInterval: 1, returnEmbeddings: true, earlyStopping: { monitor: 'accuracy', patience: 3, restoreBest } });
      const restored = await run(true);
      expect(restored.metrics.stopReason).toBe('early_stopping');
      expect(restored.metrics.iterations).toBe(5);
      expect(restored.metrics.accuracies).toEqual([0.2, 0.6, 0.4, 0.3, 0.3]);
      expect(restored.metrics.bestAccuracyMonitored).toBe(0.6);
      // the returned embeddings are those of the best evaluation (after step 2), and so is the final accuracy
      expect(Array.from(restored.embeddings!.queries.data)).toEqual(new Array(10 * 2).fill(2));
      expect(Array.from(restored.embeddings!.documents.data)).toEqual(new Array(5 * 2).fill(-2));
      expect(restored.metrics.finalAccuracy).toBe(0.6);
      expect(restored.metrics.finalExactTopK).toBe(0.3);
      expect(restored.metrics.engine).toBe('scripted');

      const last = await run(false);
      expect(last.metrics.iterations).toBe(5);
      expect(Array.from(last.embeddings!.queries.data)).toEqual(new Array(10 * 2).fill(5));
      expect(last.metrics.finalAccuracy).toBe(0.3);
    }
  });

  it('runs to maxIterations without early stopping', async () => {
    const { metrics } = await trainFreeEmbeddings({ n: 30, d: 2, engine: 'tfjs-cpu', maxIterations: 7, earlyStopping: false });
    expect(metrics.iterations).toBe(7);
    expect(metrics.stopReason).toBe('max_iterations');
    expect(metrics.accuracies.length).toBe(2); // steps 0 and 6 (the last)
  });

  it('trains on custom qrels and a qLimit subset', async () => {
    const custom = await trainFreeEmbeddings({ n: 5, d: 3, qrels: csr([[0], [1, 2], [0, 3, 4]], 5), engine: 'tfjs-cpu' });
    expect(custom.metrics.actualQGenerated).toBe(3);
    expect(custom.metrics.solved).toBe(true);
    const limited = await trainFreeEmbeddings({ n: 10, d: 3, qLimit: 12, engine: 'tfjs-cpu', maxIterations: 5 });
    expect(limited.qrels.numQueries).toBe(12);
    const again = await trainFreeEmbeddings({ n: 10, d: 3, qLimit: 12, engine: 'tfjs-cpu', maxIterations: 5 });
    expect(Array.from(again.qrels.docs)).toEqual(Array.from(limited.qrels.docs));
  });

  it('starts from explicit init embeddings when given', async () => {
    const start = initialEmbeddings({ numQueries: 10, numDocs: 5, d: 3 }, 99);
    const a = await trainFreeEmbeddings({ n: 5, d: 3, init: start, engine: 'tfjs-cpu', maxIterations: 3, earlyStopping: false });
    const b = await trainFreeEmbeddings({ n: 5, d: 3, seed: 99, engine: 'tfjs-cpu', maxIterations: 3, earlyStopping: false });
    expect(a.metrics.losses).toEqual(b.metrics.losses);
  });

  it('aborts with AbortedError', async () => {
    const controller = new AbortController();
    const promise = trainFreeEmbeddings({
      n: 30,
      d: 2,
      engine: 'tfjs-cpu',
      logInterval: 1,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.step === 3) controller.abort();
      },
    });
    await expect(promise).rejects.toSatisfy((e: unknown) => AbortedError.isInstance(e));
  });

  it('rejects bad options with typed errors naming the option', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ n: 1, d: 2 }, 'n'],
      [{ n: 5, d: 0 }, 'd'],
      [{ n: 5, d: 2, k: 5 }, 'k'],
      [{ n: 5, d: 2, learningRate: -1 }, 'learningRate'],
      [{ n: 5, d: 2, temperature: 0 }, 'temperature'],
      [{ n: 5, d: 2, earlyStopping: { monitor: 'recall' } }, 'earlyStopping.monitor'],
      [{ n: 5, d: 2, earlyStopping: { patience: 0 } }, 'earlyStopping.patience'],
      [{ n: 5, d: 2, adam: { beta1: 1 } }, 'adam.beta1'],
      [{ n: 5, d: 2, qrels: csr([[0, 0]], 5) }, 'qrels.docs'],
      [{ n: 5, d: 2, qrels: csr([[0]], 4) }, 'qrels.numDocs'],
      [{ n: 5, d: 2, qrels: csr([[]], 5) }, 'qrels'],
      [{ n: 5, d: 2, qrels: csr([[2, 1]], 5) }, 'qrels.docs'],
      [{ n: 5, d: 2, adam: { epsilon: 0 } }, 'adam.epsilon'],
      [{ n: 5, d: 2, adam: { beta_1: 0.9 } }, 'adam.beta_1'],
      [{ n: 5, d: 2, precision: 'float16' }, 'precision'],
      [{ n: 5, d: 2, earlyStopping: { patients: 3 } }, 'earlyStopping.patients'],
      [{ n: 5, d: 2, engineOptions: { intraOpNumThreads: 1 } }, 'engineOptions.intraOpNumThreads'],
    ];
    for (const [options, parameter] of cases) {
      const error = await trainFreeEmbeddings({ engine: 'tfjs-cpu', ...options } as never).catch((e: unknown) => e);
      expect(InvalidArgumentError.isInstance(error), `${parameter}: ${String(error)}`).toBe(true);
      expect((error as InvalidArgumentError).parameter).toBe(parameter);
    }
    const shape = await trainFreeEmbeddings({
      n: 5,
      d: 3,
      engine: 'tfjs-cpu',
      init: initialEmbeddings({ numQueries: 10, numDocs: 5, d: 2 }, 1),
    }).catch((e: unknown) => e);
    expect(ShapeMismatchError.isInstance(shape)).toBe(true);
  });

  it('refuses an unknown option key, naming it (learning_rate → did you mean learningRate?), instead of ignoring it', async () => {
    const error = await trainFreeEmbeddings({ n: 6, d: 4, learning_rate: 0.1 } as never).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).parameter).toBe('learning_rate');
    expect((error as Error).message).toMatch(/unknown option learning_rate \(did you mean learningRate\?\)/);
    const backend = await trainFreeEmbeddings({ n: 6, d: 4, backend: 'cpu' } as never).catch((e: unknown) => e);
    expect((backend as Error).message).toMatch(/renamed to engine/);
  });

  it('returns camelCase metrics only: no snake_case key anywhere in the result', async () => {
    const result = await trainFreeEmbeddings({ n: 6, d: 4, seed: 1, engine: 'js' });
    expect(result.metrics.finalAccuracy).toBe(1);
    const keys: string[] = [];
    const walk = (value: unknown) => {
      if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return;
      for (const [key, inner] of Object.entries(value)) {
        keys.push(key);
        walk(inner);
      }
    };
    walk(result);
    expect(keys.length).toBeGreaterThan(20);
    expect(keys.filter((k) => k.includes('_'))).toEqual([]);
  });

  it('trains through a user provider built from getEngineProvider("js") with its own create (counting steps) to 100 %', async () => {
    const js = getEngineProvider('js');
    let steps = 0;
    const counting: EngineProvider = {
      ...js,
      id: 'counting-js',
      async create(init, options) {
        const inner = await js.create(init, options);
        return { ...inner, name: 'counting-js', step: () => ((steps += 1), inner.step()) };
      },
    };
    const { metrics } = await trainFreeEmbeddings({ n: 6, d: 4, seed: 1, engine: counting });
    expect(metrics.engine).toBe('counting-js');
    expect(metrics.finalAccuracy).toBe(1);
    expect(metrics.solved).toBe(true);
    expect(steps).toBe(metrics.iterations);
    expect(steps).toBeGreaterThan(0);
  });

  it('leaves the host program\'s tfjs backend as the host set it after training on wasm', async () => {
    await tf.setBackend('cpu');
    const { metrics } = await trainFreeEmbeddings({ n: 6, d: 4, seed: 1, engine: 'tfjs-wasm' });
    expect(metrics.engine).toBe('tfjs-wasm');
    expect(metrics.finalAccuracy).toBe(1);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('throws ConvergenceError when the loss becomes non-finite', async () => {
    const js = getEngineProvider('js');
    const exploding: EngineProvider = {
      ...js,
      id: 'exploding',
      async create(init, options) {
        const inner = await js.create(init, options);
        let t = 0;
        return { ...inner, step: async () => ((t += 1), t === 3 ? Number.NaN : inner.step()) };
      },
    };
    const error = await trainFreeEmbeddings({ n: 6, d: 4, engine: exploding }).catch((e: unknown) => e);
    expect(ConvergenceError.isInstance(error), String(error)).toBe(true);
    expect((error as ConvergenceError).iteration).toBe(2);
  });

  it('trains in the requested precision: float64 on js (auto picks js), float64 on onnx refused', async () => {
    const { metrics } = await trainFreeEmbeddings({ n: 6, d: 4, seed: 1, precision: 'float64' });
    expect(metrics.engine).toBe('js');
    expect(metrics.precision).toBe('float64');
    expect(metrics.finalAccuracy).toBe(1);
    const error = await trainFreeEmbeddings({ n: 6, d: 4, engine: 'onnx', precision: 'float64' }).catch((e: unknown) => e);
    expect((error as InvalidArgumentError).parameter).toBe('precision');
  });

  it('reports the official accuracy and the exact-set accuracy separately while training (they differ on the way)', async () => {
    const seen: Array<{ accuracy: number; exactTopK: number }> = [];
    await trainFreeEmbeddings({ n: 10, d: 4, seed: 3, engine: 'js', logInterval: 10, onProgress: (p) => seen.push({ accuracy: p.accuracy, exactTopK: p.exactTopK }) });
    expect(seen.some((p) => p.accuracy > p.exactTopK)).toBe(true);
    // exact top-k ⇒ every relevant document inside the top-k
    for (const p of seen) if (p.exactTopK === 1) expect(p.accuracy).toBe(1);
  });
});
