import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildAccuracyGraph, buildStepGraph } from './onnx-engine-graphs.js';
import type { StepGraphParams } from './onnx-engine-graphs.js';

const f32 = (data: number[], dims: number[]) => new ort.Tensor('float32', Float32Array.from(data), dims);
const i64 = (data: number[], dims: number[]) => new ort.Tensor('int64', BigInt64Array.from(data, BigInt), dims);

describe('buildAccuracyGraph', () => {
  it('needs every relevant score strictly above every other score (ties fail)', async () => {
    const session = await ort.InferenceSession.create(buildAccuracyGraph(3, 2, 2));
    // D rows: (1, 0), (0, 1), (0.6, 0.8); state rows are [Q | m | v] with d = 2.
    const D = f32([1, 0, 0, 1, 0.6, 0.8], [3, 2]);
    const state = f32(
      [
        [1, 0, 0, 0, 0, 0], // scores 1, 0, 0.6: relevant {0, 2} → min 0.6 > 0 → correct
        [0, 1, 0, 0, 0, 0], // scores 0, 1, 0.8: relevant {0, 1} → min 0 < 0.8 → wrong
        [0.8, 0.6, 0, 0, 0, 0], // scores 0.8, 0.6, 0.96: relevant {2} (padded) → 0.96 > 0.8 → correct
        [0.6, 0.8, 0, 0, 0, 0], // scores 0.6, 0.8, 1: relevant {0, 2}: 0.6 < 0.8 → wrong
        [1, 1, 0, 0, 0, 0], // scores 1, 1, 1.4: relevant {0, 2}: min 1 = max other 1 → a tie → wrong
      ].flat(),
      [5, 6],
    );
    // ids rows = [idx | idxz]; padding repeats a relevant id in idx.
    const ids = i64([0, 2, 0, 2, 0, 1, 0, 1, 2, 2, 2, 3, 0, 2, 0, 2, 0, 2, 0, 2], [5, 4]);
    // wr rows = [w | rs]: w marks real ids (query 2 has one), rs is unused here.
    const wr = f32([1, 1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 1, 0], [5, 3]);
    const out = await session.run({ state, D, ids, wr });
    await session.release();
    expect([...(out.correct!.data as Uint8Array)].map(Boolean)).toEqual([true, false, true, false, false]);
    // Relevant documents inside the top-k (k = the row's own): top-2 {0, 2} → 2; top-2 {1, 2} ∩ {0, 1} → 1;
    // top-1 {2} → 1; top-2 {2, 1} ∩ {0, 2} → 1; top-2 {2, 0} (the tie 0 = 1 goes to the lower index) → 2.
    expect([...(out.hits!.data as Float32Array)]).toEqual([2, 1, 1, 1, 2]);
  });
});

describe('buildStepGraph', () => {
  const params: StepGraphParams = {
    numDocs: 4,
    dim: 2,
    temperature: 0.5,
    numPairs: 3,
    maxRelevant: 2,
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
    logFromSoftmax: true,
  };

  it('computes the same loss and update on the log-softmax and the log-sum-exp paths', async () => {
    const s = Math.SQRT1_2;
    const feeds = {
      state: f32([1, 0, 0, 0, 0, 0, s, s, 0, 0, 0, 0], [2, 6]),
      D: f32([1, 0, 0, 1, -1, 0, 0, -1], [4, 2]),
      ids: i64([0, 1, 0, 1, 2, 2, 2, 4], [2, 4]),
      wr: f32([1, 1, 2 / (3 * 0.5), 1, 0, 1 / (3 * 0.5)], [2, 3]),
      scalars: f32([0.1, 1000], [2]),
    };
    const run = async (logFromSoftmax: boolean) => {
      const session = await ort.InferenceSession.create(buildStepGraph({ ...params, logFromSoftmax }));
      const out = await session.run(feeds);
      await session.release();
      return out;
    };
    const [a, b] = [await run(true), await run(false)];
    // Hand-computed loss: query 0 scores (1, 0, −1, 0)/T = (2, 0, −2, 0), relevant {0, 1};
    // query 1 scores (s, s, −s, −s)/T, relevant {2}. loss = −(1/3)·Σ log p.
    const lse0 = Math.log(Math.exp(2) + 2 + Math.exp(-2));
    const z = 2 * s;
    const lse1 = Math.log(2 * Math.exp(z) + 2 * Math.exp(-z));
    const want = -((2 - lse0) + (0 - lse0) + (-z - lse1)) / 3;
    expect((a.loss!.data as Float32Array)[0]).toBeCloseTo(want, 5);
    expect((b.loss!.data as Float32Array)[0]).toBeCloseTo(want, 5);
    const [sa, sb] = [a.state_out!.data as Float32Array, b.state_out!.data as Float32Array];
    for (let i = 0; i < sa.length; i++) expect(sa[i]).toBeCloseTo(sb[i]!, 6);
  });
});
