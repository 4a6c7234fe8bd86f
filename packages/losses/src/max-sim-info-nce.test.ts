import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, it } from 'vitest';
import { backends, expectClose, expectLimitError, expectNoLeak, finiteDifference, randomTokens, useBackend } from '../test/helpers.js';
import { maxSimInfoNce } from './max-sim-info-nce.js';
import * as oracle from './oracle.js';

const QT = randomTokens(51, 3, 3, 4);
const DT = randomTokens(52, 5, 4, 4);
const R = [
  [1, 0, 0, 0, 0],
  [0, 1, 1, 0, 0],
  [0, 0, 0, 1, 0],
];
const DMASK = [
  [1, 1, 1, 1],
  [1, 1, 0, 0],
  [1, 0, 0, 0],
  [1, 1, 1, 0],
  [1, 1, 1, 1],
];

describe.each(backends)('maxSimInfoNce on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('matches a hand-computed case', () => {
    // MaxSim scores [2, 0] at T = 1 → −log softmax = log(1 + e^−2).
    expectClose(maxSimInfoNce([[[1, 0]]], [[[2, 0]], [[0, 1]]], [[1, 0]]), Math.log(1 + Math.exp(-2)), 1e-6);
  });

  it.each([{}, { temperature: 0.5, docMask: DMASK }, { labelSmoothing: 0.1, reduction: 'none' as const }, { reduction: 'sum' as const, queryMask: [[1, 1, 0], [1, 1, 1], [1, 0, 0]] }])(
    'matches the oracle and finite differences (%o)',
    (options) => {
      expectClose(maxSimInfoNce(QT, DT, R, options), oracle.maxSimInfoNce(QT, DT, R, options), 1e-5, 1e-5);
      const w = [1, -0.7, 0.4];
      const weights = tf.tensor1d(w);
      const q = tf.tensor3d(QT);
      const toScalar = (v: tf.Tensor) => (v.rank === 0 ? v : tf.sum(tf.mul(v, weights))) as tf.Scalar;
      const g = tf.grad((x: tf.Tensor) => toScalar(maxSimInfoNce(x, DT, R, options)))(q);
      const ref = (x: number[][][]) => {
        const v = oracle.maxSimInfoNce(x, DT, R, options);
        return Array.isArray(v) ? v.reduce((acc, y, i) => acc + y * w[i]!, 0) : v;
      };
      expectClose(g, finiteDifference(ref, QT), 1e-5, 1e-5);
      tf.dispose([weights, q, g]);
    },
  );

  it('leaks no tensors and rejects bad input', () => {
    expectNoLeak(() => maxSimInfoNce(QT, DT, R, { docMask: DMASK }));
    expectNoLeak(() => maxSimInfoNce(QT, DT, [[1]]));
    expectLimitError(() => maxSimInfoNce(QT, DT, R.slice(1)), 'ShapeMismatchError', 'relevance');
    expectLimitError(() => maxSimInfoNce(QT, DT, [R[0]!, [0, 0, 0, 0, 0], R[2]!]), 'InvalidArgumentError', 'relevance');
    expectLimitError(() => maxSimInfoNce(QT, DT, R, { temperature: 0 }), 'InvalidArgumentError', 'options.temperature');
  });
});
