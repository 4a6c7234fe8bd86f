import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { backends, expectClose, expectLimitError, expectNoLeak, finiteDifference, randomTokens, useBackend } from '../test/helpers.js';
import { maxSim } from './max-sim.js';
import * as oracle from './oracle.js';

const QT = randomTokens(41, 3, 4, 5); // 3 queries × 4 tokens × dim 5
const DT = randomTokens(42, 4, 6, 5); // 4 docs × 6 tokens
const QMASK = [
  [1, 1, 1, 1],
  [1, 1, 0, 0],
  [1, 0, 0, 0],
];
const DMASK = [
  [1, 1, 1, 1, 1, 1],
  [1, 1, 1, 0, 0, 0],
  [1, 0, 0, 0, 0, 0],
  [1, 1, 1, 1, 1, 0],
];

describe.each(backends)('maxSim on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('matches a hand-computed case', () => {
    // query tokens (1,0) and (0,1); doc tokens (2,0), (0,3), (1,1): maxima 2 and 3 → 5.
    expectClose(maxSim([[[1, 0], [0, 1]]], [[[2, 0], [0, 3], [1, 1]]]), [[5]], 1e-6);
    // masking the (0,3) doc token: maxima 2 and 1 → 3; masking the second query token too: 2.
    expectClose(maxSim([[[1, 0], [0, 1]]], [[[2, 0], [0, 3], [1, 1]]], { docMask: [[1, 0, 1]] }), [[3]], 1e-6);
    expectClose(maxSim([[[1, 0], [0, 1]]], [[[2, 0], [0, 3], [1, 1]]], { docMask: [[1, 0, 1]], queryMask: [[1, 0]] }), [[2]], 1e-6);
  });

  it.each([{}, { queryMask: QMASK }, { docMask: DMASK }, { queryMask: QMASK, docMask: DMASK }])(
    'matches the oracle; gradients match finite differences (%o)',
    (masks) => {
      const scores = maxSim(QT, DT, masks);
      expect(scores.shape).toEqual([3, 4]);
      expectClose(scores, oracle.maxSim(QT, DT, masks));
      scores.dispose();
      const w = [
        [1, -0.5, 0.3, 2],
        [0.7, 1.1, -1, 0.2],
        [-0.4, 0.9, 1.5, 0.6],
      ];
      const weights = tf.tensor2d(w);
      const q = tf.tensor3d(QT);
      const d = tf.tensor3d(DT);
      const [gq, gd] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(maxSim(x, y, masks), weights)) as tf.Scalar)([q, d]);
      const ref = (qq: number[][][], dd: number[][][]) =>
        oracle.maxSim(qq, dd, masks).reduce((acc, row, i) => acc + row.reduce((a, v, j) => a + v * w[i]![j]!, 0), 0);
      expectClose(gq, finiteDifference((x: number[][][]) => ref(x, DT), QT), 1e-5, 1e-5);
      expectClose(gd, finiteDifference((x: number[][][]) => ref(QT, x), DT), 1e-5, 1e-5);
      tf.dispose([weights, q, d, gq!, gd!]);
    },
  );

  it('leaks no tensors and rejects bad input', () => {
    expectNoLeak(() => maxSim(QT, DT, { queryMask: QMASK, docMask: DMASK }));
    expectNoLeak(() => maxSim(QT, DT, { docMask: [[1]] }));
    expectLimitError(() => maxSim(QT[0]!, DT), 'ShapeMismatchError', 'queryTokens');
    expectLimitError(() => maxSim(QT, randomTokens(1, 2, 3, 4)), 'ShapeMismatchError', 'docTokens');
    expectLimitError(() => maxSim(QT, DT, { queryMask: DMASK }), 'ShapeMismatchError', 'options.queryMask');
    expectLimitError(() => maxSim(QT, DT, { docMask: DMASK.map((r, i) => (i === 2 ? r.map(() => 0) : r)) }), 'InvalidArgumentError', 'options.docMask');
    expectLimitError(() => maxSim(QT, DT, { queryMask: QMASK.map((r) => r.map((v) => v * 0.5 + 0.5)) }), 'InvalidArgumentError', 'options.queryMask');
    const empty = tf.zeros([0, 4, 5]);
    expectLimitError(() => maxSim(empty, DT), 'InvalidArgumentError', 'queryTokens');
    empty.dispose();
    const nanDocs = DT.map((doc, b) => (b === 1 ? doc.map((t) => t.map(() => NaN)) : doc));
    expectLimitError(() => maxSim(QT, nanDocs), 'InvalidArgumentError', 'docTokens');
  });
});
