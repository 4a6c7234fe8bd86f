import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { buildVocabulary, embeddingBag, formatReport, runRetrieverLosses } from './retriever-losses.js';

describe('retriever-losses example', () => {
  it('the embedding bag and its hand-written gradient equal tfjs gather + mean and its autodiff', async () => {
    await tf.setBackend('cpu');
    const table = tf.tensor2d([[1, 2], [3, -1], [0.5, 0.5], [-2, 1]]);
    const bags = [[0, 1], [2], [1, 1, 3]];
    const weights = tf.tensor2d([[1, -1], [2, 0.5], [-0.3, 0.7]]); // a non-uniform upstream gradient
    const ours = tf.valueAndGrad((t: tf.Tensor) => tf.sum(tf.mul(embeddingBag(t as tf.Tensor2D, bags), weights)))(table);
    const reference = tf.valueAndGrad((t: tf.Tensor) =>
      tf.sum(tf.mul(tf.stack(bags.map((bag) => tf.mean(tf.gather(t, tf.tensor1d(bag, 'int32')), 0))), weights)),
    )(table);
    expect(ours.value.dataSync()[0]).toBeCloseTo(reference.value.dataSync()[0]!, 5);
    const a = Array.from(ours.grad.dataSync());
    const b = Array.from(reference.grad.dataSync());
    a.forEach((x, i) => expect(x).toBeCloseTo(b[i]!, 6));
    // row 1 appears twice in the last bag: its gradient adds both copies (a scatter-add)
    expect(a[2]).toBeCloseTo(1 / 2 + (2 * -0.3) / 3, 6);
  });

  it('tokenises with eval\'s word tokenizer and drops words it has not seen', () => {
    const vocabulary = buildVocabulary(['Who likes Quokkas?']);
    expect(vocabulary.encode('who likes quokkas and zebras')).toHaveLength(3);
  });

  it('at a small size: training fits the training queries better than the untrained table; no tensors leak', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const result = await runRetrieverLosses({
      dim: 16, batchSize: 16, steps: 80, learningRate: 0.03, weightDecay: 0.01, trainQueries: 800,
      losses: ['infonce-in-batch', 'matryoshka-infonce-hard-negatives'], seed: 0,
    });
    expect(tf.memory().numTensors).toBe(before);
    const [untrained, inBatch, nested] = result.rows;
    expect(result.dims).toEqual([16, 8]);
    expect(inBatch!.train[16]!.r2).toBeGreaterThan(untrained!.train[16]!.r2 + 0.05);
    expect(nested!.train[8]!.r2).toBeGreaterThan(untrained!.train[8]!.r2);
    expect(inBatch!.lastLoss!).toBeLessThan(inBatch!.firstLoss!);
    expect(result.split).toEqual({ train: 800, heldOut: 200 });
    expect(formatReport(result)).toContain(`| infonce-in-batch | ${inBatch!.firstLoss!.toFixed(3)} → ${inBatch!.lastLoss!.toFixed(3)} | ${(100 * inBatch!.train[16]!.r2).toFixed(1)} |`);
  });
});
