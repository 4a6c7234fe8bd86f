import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { backends, expectClose, expectLimitError, expectNoLeak, finiteDifference, randomMatrix, randomTokens, useBackend } from '../test/helpers.js';
import { infoNce } from './info-nce.js';
import { matryoshka } from './matryoshka.js';
import { maxSim } from './max-sim.js';
import * as oracle from './oracle.js';

const Q = randomMatrix(61, 4, 8, 0.5);
const C = randomMatrix(62, 6, 8, 0.5);
const R = [
  [1, 0, 0, 0, 0, 0],
  [0, 1, 0, 0, 0, 0],
  [0, 0, 1, 1, 0, 0],
  [0, 0, 0, 0, 1, 0],
];

describe.each(backends)('matryoshka on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('equals the weighted sum of the loss on each prefix (hand-built)', () => {
    const loss = matryoshka((q, c) => infoNce(q, c, R), [8, 4, 2], { weights: [1, 0.5, 0.25] });
    const prefix = (m: number[][], d: number) => m.map((r) => r.slice(0, d));
    const expected =
      (oracle.infoNce(Q, C, R) as number) +
      0.5 * (oracle.infoNce(prefix(Q, 4), prefix(C, 4), R) as number) +
      0.25 * (oracle.infoNce(prefix(Q, 2), prefix(C, 2), R) as number);
    expectClose(loss(tf.tensor2d(Q), tf.tensor2d(C)), expected, 1e-5, 1e-5);
  });

  it('matches the oracle with renormalisation, and its gradient matches finite differences', () => {
    const options = { weights: [1, 2], renormalize: true };
    const loss = matryoshka((q, c) => infoNce(q, c, R, { temperature: 0.2 }), [6, 3], options);
    const ref = oracle.matryoshka((q: number[][], c: number[][]) => oracle.infoNce(q, c, R, { temperature: 0.2 }) as number, [6, 3], options);
    const q = tf.tensor2d(Q);
    const c = tf.tensor2d(C);
    expectClose(loss(q, c), ref(Q, C), 1e-5, 1e-5);
    const [gq, gc] = tf.grads((x: tf.Tensor, y: tf.Tensor) => loss(x, y))([q, c]);
    expectClose(gq, finiteDifference((x: number[][]) => ref(x, C), Q), 1e-5, 1e-5);
    expectClose(gc, finiteDifference((x: number[][]) => ref(Q, x), C), 1e-5, 1e-5);
    tf.dispose([q, c, gq!, gc!]);
  });

  it('truncates token embeddings too (rank 3)', () => {
    const qt = randomTokens(63, 2, 3, 6);
    const dt = randomTokens(64, 3, 2, 6);
    const loss = matryoshka((q, d) => tf.sum(maxSim(q, d)), [6, 2]);
    const cut = (x: number[][][]) => x.map((s) => s.map((t) => t.slice(0, 2)));
    const sum = (m: number[][]) => m.flat().reduce((a, v) => a + v, 0);
    expectClose(loss(tf.tensor3d(qt), tf.tensor3d(dt)), sum(oracle.maxSim(qt, dt)) + sum(oracle.maxSim(cut(qt), cut(dt))), 1e-5, 1e-5);
  });

  it('leaks no tensors and rejects bad input', () => {
    const q = tf.tensor2d(Q);
    const c = tf.tensor2d(C);
    const loss = matryoshka((a, b) => infoNce(a, b, R), [4, 2]);
    expectNoLeak(() => loss(q, c));
    expectNoLeak(() => matryoshka((a, b) => infoNce(a, b, R), [16])(q, c));
    expectLimitError(() => matryoshka((a, b) => infoNce(a, b, R), [16])(q, c), 'InvalidArgumentError', 'dims[0]');
    expectLimitError(() => matryoshka((a, b) => infoNce(a, b, R, { reduction: 'none' }), [4])(q, c), 'InvalidArgumentError', 'loss');
    expectLimitError(() => matryoshka((a) => a, []), 'InvalidArgumentError', 'dims');
    expectLimitError(() => matryoshka((a) => a, [4, 0]), 'InvalidArgumentError', 'dims[1]');
    expectLimitError(() => matryoshka((a) => a, [4, 2.5]), 'InvalidArgumentError', 'dims[1]');
    expectLimitError(() => matryoshka((a) => a, [4, 2], { weights: [1] }), 'InvalidArgumentError', 'options.weights');
    expectLimitError(() => matryoshka((a) => a, [4], { weights: [NaN] }), 'InvalidArgumentError', 'options.weights[0]');
    expect(() => matryoshka('loss' as never, [4])).toThrow(/loss must be a function/);
    tf.dispose([q, c]);
  });
});
