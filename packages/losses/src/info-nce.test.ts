import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { backends, expectClose, expectLimitError, expectNoLeak, finiteDifference, randomMatrix, useBackend } from '../test/helpers.js';
import { infoNce } from './info-nce.js';
import * as oracle from './oracle.js';

const Q = randomMatrix(1, 5, 4, 0.7);
const C = randomMatrix(2, 7, 4, 0.7);
// Multi-positive: 1, 2 or 3 positives per query; candidates 5 and 6 are hard negatives nobody marks.
const R = [
  [1, 0, 0, 0, 0, 0, 0],
  [0, 1, 1, 0, 0, 0, 0],
  [1, 0, 1, 1, 0, 0, 0],
  [0, 0, 0, 1, 0, 0, 0],
  [0, 0, 0, 0, 1, 0, 0],
];

describe.each(backends)('infoNce on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('matches hand-computed values', () => {
    // logits [1, 0] at T = 1: −log(e / (e + 1)).
    expectClose(infoNce([[1, 0]], [[1, 0], [0, 1]], [[1, 0]], { temperature: 1 }), Math.log(1 + Math.exp(-1)), 1e-6);
    // two positives among logits [1, 0, 0]: logsumexp − mean of positive logits.
    expectClose(infoNce([[1, 0]], [[1, 0], [0, 1], [0, 0]], [[1, 1, 0]], { temperature: 1 }), Math.log(Math.E + 2) - 0.5, 1e-6);
    // temperature 0.5 doubles the logits: [2, 0].
    expectClose(infoNce([[1, 0]], [[1, 0], [0, 1]], [[1, 0]], { temperature: 0.5 }), Math.log(1 + Math.exp(-2)), 1e-6);
  });

  const variants = [
    {},
    { temperature: 0.05 },
    { reduction: 'sum' as const },
    { reduction: 'none' as const },
    { labelSmoothing: 0.1 },
    { symmetric: true },
    { symmetric: true, reduction: 'sum' as const, labelSmoothing: 0.2 },
    { similarity: 'cosine' as const, temperature: 0.05 },
  ];
  for (const fused of [true, false]) {
    it.each(variants)(`matches the float64 oracle (fused=${fused}) with %o`, (options) => {
      const value = infoNce(Q, C, R, { ...options, fused });
      expectClose(value, oracle.infoNce(Q, C, R, options), 1e-5, 1e-5);
      value.dispose();
    });
  }

  it.each(variants)('fused gradient equals autodiff and oracle finite differences with %o', (options) => {
    const q = tf.tensor2d(Q);
    const c = tf.tensor2d(C);
    // reduction 'none' is differentiated through a weighted sum, which exercises per-row dy.
    const weights = tf.tensor1d([0.3, -1.2, 0.8, 2, 0.5]);
    const scalarLoss = (fused: boolean) => (x: tf.Tensor, y: tf.Tensor) => {
      const v = infoNce(x, y, R, { ...options, fused });
      return (options.reduction === 'none' ? tf.sum(tf.mul(v, weights)) : v) as tf.Scalar;
    };
    const [fq, fc] = tf.grads(scalarLoss(true))([q, c]);
    const [aq, ac] = tf.grads(scalarLoss(false))([q, c]);
    expectClose(fq, aq, 1e-5, 1e-5);
    expectClose(fc, ac, 1e-5, 1e-5);
    const w = [0.3, -1.2, 0.8, 2, 0.5];
    const oracleScalar = (qq: number[][], cc: number[][]) => {
      const v = oracle.infoNce(qq, cc, R, options);
      return Array.isArray(v) ? v.reduce((acc, x, i) => acc + x * w[i]!, 0) : v;
    };
    expectClose(fq, finiteDifference((x: number[][]) => oracleScalar(x, C), Q), 1e-5, 1e-5);
    expectClose(fc, finiteDifference((x: number[][]) => oracleScalar(Q, x), C), 1e-5, 1e-5);
    tf.dispose([q, c, weights, fq!, fc!, aq!, ac!]);
  });

  it('with identity relevance is in-batch-negatives InfoNCE (cross-entropy on the diagonal)', () => {
    const q = randomMatrix(3, 4, 3);
    const c = randomMatrix(4, 4, 3);
    const identity = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => (i === j ? 1 : 0)));
    const expected =
      q.reduce((acc, qi, i) => {
        const logits = c.map((cj) => qi.reduce((s, v, k) => s + v * cj[k]!, 0) / 0.05);
        return acc + Math.log(logits.reduce((s, l) => s + Math.exp(l - logits[i]!), 0));
      }, 0) / 4;
    expectClose(infoNce(q, c, identity, { temperature: 0.05 }), expected, 1e-5, 1e-5);
  });

  it('leaks no tensors (value, gradient, and failing calls)', () => {
    const q = tf.tensor2d(Q);
    const c = tf.tensor2d(C);
    expectNoLeak(() => infoNce(q, c, R));
    expectNoLeak(() => infoNce(Q, C, R, { symmetric: true, labelSmoothing: 0.1 }));
    expectNoLeak(() => tf.grads((x: tf.Tensor, y: tf.Tensor) => infoNce(x, y, R) as tf.Scalar)([q, c]));
    expectNoLeak(() => tf.grads((x: tf.Tensor, y: tf.Tensor) => infoNce(x, y, R, { fused: false }) as tf.Scalar)([q, c]));
    expectNoLeak(() => infoNce(q, c, [[1]]));
    tf.dispose([q, c]);
  });

  it('rejects bad input with typed errors naming the parameter', () => {
    expectLimitError(() => infoNce(Q, C, R, { temperature: 0 }), 'InvalidArgumentError', 'options.temperature');
    expectLimitError(() => infoNce(Q, C, R, { temperature: -1 }), 'InvalidArgumentError', 'options.temperature');
    expectLimitError(() => infoNce(Q, C, R, { labelSmoothing: 1 }), 'InvalidArgumentError', 'options.labelSmoothing');
    expectLimitError(() => infoNce(Q, C, R, { reduction: 'avg' as never }), 'InvalidArgumentError', 'options.reduction');
    expectLimitError(() => infoNce(Q, C, R, { symmetric: true, reduction: 'none' }), 'InvalidArgumentError', 'options.reduction');
    expectLimitError(() => infoNce([1, 2, 3], C, R), 'ShapeMismatchError', 'queries');
    expectLimitError(() => infoNce(Q, randomMatrix(5, 7, 3), R), 'ShapeMismatchError', 'candidates');
    expectLimitError(() => infoNce(Q, C, R.slice(1)), 'ShapeMismatchError', 'relevance');
    const empty = tf.zeros([0, 4]);
    const emptyRelevance = tf.zeros([0, 7]);
    expectLimitError(() => infoNce(empty, C, emptyRelevance), 'InvalidArgumentError', 'queries');
    tf.dispose([empty, emptyRelevance]);
    const noPositive = R.map((row, i) => (i === 3 ? row.map(() => 0) : row));
    expectLimitError(() => infoNce(Q, C, noPositive), 'InvalidArgumentError', 'relevance');
    expectLimitError(() => infoNce(Q, C, R.map((row) => row.map((v) => -v + 0.5))), 'InvalidArgumentError', 'relevance');
    const nanQ = Q.map((row, i) => (i === 2 ? [row[0]!, NaN, row[2]!, row[3]!] : row));
    expectLimitError(() => infoNce(nanQ, C, R), 'InvalidArgumentError', 'queries');
    expectLimitError(() => infoNce(Q, C, R.map((row, i) => (i === 1 ? [NaN, ...row.slice(1)] : row))), 'InvalidArgumentError', 'relevance');
  });

  it('runs on the requested backend', () => {
    expect(tf.getBackend()).toBe(backend);
  });
});

describe('oracle infoNce', () => {
  it('rejects a query without any relevant candidate with a typed error naming relevance', () => {
    let caught: unknown;
    try {
      oracle.infoNce([[1, 0]], [[1, 0], [0, 1]], [[0, 0]]);
    } catch (error) {
      caught = error;
    }
    expect((caught as { name?: string; parameter?: string }).name).toBe('InvalidArgumentError');
    expect((caught as { parameter?: string }).parameter).toBe('relevance');
  });
});
