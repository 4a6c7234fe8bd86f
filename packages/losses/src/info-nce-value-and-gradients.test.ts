import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { backends, expectClose, expectLimitError, expectNoLeak, finiteDifference, randomMatrix, useBackend } from '../test/helpers.js';
import { infoNce } from './info-nce.js';
import { infoNceValueAndGradients } from './info-nce-value-and-gradients.js';
import * as oracle from './oracle.js';

const Q = randomMatrix(11, 6, 4, 0.8);
const C = randomMatrix(12, 8, 4, 0.8);
// Two positives per query (as in LIMIT with k = 2); candidates 6, 7 are never relevant.
const R2 = [
  [1, 1, 0, 0, 0, 0, 0, 0],
  [1, 0, 1, 0, 0, 0, 0, 0],
  [0, 1, 1, 0, 0, 0, 0, 0],
  [0, 0, 0, 1, 1, 0, 0, 0],
  [0, 0, 1, 0, 0, 1, 0, 0],
  [0, 0, 0, 0, 1, 1, 0, 0],
];
// Uneven positives, including a row with none.
const RU = [
  [1, 0, 0, 0, 0, 0, 0, 0],
  [1, 1, 1, 0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 0, 0],
  [0, 0, 0, 1, 1, 0, 0, 1],
  [0, 0, 1, 0, 0, 0, 0, 0],
  [0, 0, 0, 0, 1, 1, 0, 0],
];

describe.each(backends)('infoNceValueAndGradients on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  for (const kernel of ['js', 'tensor'] as const) {
    it.each([
      { name: 'two positives', r: R2, temperature: 0.1, normalizer: undefined },
      { name: 'uneven positives, explicit normalizer', r: RU, temperature: 0.05, normalizer: 17 },
    ])(`matches the float64 oracle (${kernel} kernel): $name`, ({ r, temperature, normalizer }) => {
      const out = infoNceValueAndGradients(Q, C, r, { temperature, kernel, ...(normalizer ? { normalizer } : {}) });
      const expected = oracle.infoNceValueAndGradients(Q, C, r, { temperature, ...(normalizer ? { normalizer } : {}) });
      expectClose(out.loss, expected.loss, 1e-5, 1e-5);
      expectClose(out.queryGradient, expected.queryGradient, 1e-5, 1e-5);
      expectClose(out.candidateGradient, expected.candidateGradient, 1e-5, 1e-5);
      expect(out.queryGradient.shape).toEqual([6, 4]);
      expect(out.candidateGradient.shape).toEqual([8, 4]);
      tf.dispose(out as never);
    });

    it(`equals autodiff through infoNce when every query has k positives (${kernel} kernel)`, () => {
      // Mean over queries of per-query means == pair average when all queries have 2 positives.
      const q = tf.tensor2d(Q);
      const c = tf.tensor2d(C);
      const loss = infoNce(q, c, R2, { fused: false });
      const [gq, gc] = tf.grads((x: tf.Tensor, y: tf.Tensor) => infoNce(x, y, R2, { fused: false }) as tf.Scalar)([q, c]);
      const out = infoNceValueAndGradients(q, c, R2, { kernel, normalizer: 12 });
      expectClose(out.loss, loss, 1e-5, 1e-5);
      expectClose(out.queryGradient, gq, 1e-5, 1e-5);
      expectClose(out.candidateGradient, gc, 1e-5, 1e-5);
      tf.dispose([q, c, loss, gq!, gc!, out as never]);
    });

    it(`block results add up to the full batch (${kernel} kernel)`, () => {
      const full = infoNceValueAndGradients(Q, C, RU, { kernel, normalizer: 10 });
      const top = infoNceValueAndGradients(Q.slice(0, 2), C, RU.slice(0, 2), { kernel, normalizer: 10 });
      const bottom = infoNceValueAndGradients(Q.slice(2), C, RU.slice(2), { kernel, normalizer: 10 });
      expectClose(tf.add(top.loss, bottom.loss), full.loss, 1e-6, 1e-5);
      expectClose(tf.concat([top.queryGradient, bottom.queryGradient]), full.queryGradient, 1e-6, 1e-5);
      expectClose(tf.add(top.candidateGradient, bottom.candidateGradient), full.candidateGradient, 1e-6, 1e-5);
    });

    it(`is stable for large logits (${kernel} kernel)`, () => {
      // ‖q‖‖c‖/T ≈ 10⁴: a naive exp overflows; the max-shifted form stays finite and matches the oracle.
      const q = Q.map((row) => row.map((v) => v * 30));
      const c = C.map((row) => row.map((v) => v * 30));
      const out = infoNceValueAndGradients(q, c, R2, { kernel, temperature: 0.1 });
      const expected = oracle.infoNceValueAndGradients(q, c, R2, { temperature: 0.1 });
      expectClose(out.loss, expected.loss, 1e-3, 1e-5);
      expectClose(out.queryGradient, expected.queryGradient, 1e-3, 1e-4);
      tf.dispose(out as never);
    });
  }

  it('gradients match central finite differences of the oracle loss', () => {
    const out = infoNceValueAndGradients(Q, C, RU, { temperature: 0.2, normalizer: 9 });
    const lossOf = (q: number[][], c: number[][]) => oracle.infoNceValueAndGradients(q, c, RU, { temperature: 0.2, normalizer: 9 }).loss;
    expectClose(out.queryGradient, finiteDifference((x: number[][]) => lossOf(x, C), Q), 1e-5, 1e-5);
    expectClose(out.candidateGradient, finiteDifference((x: number[][]) => lossOf(Q, x), C), 1e-5, 1e-5);
    tf.dispose(out as never);
  });

  it('leaks no tensors', () => {
    const q = tf.tensor2d(Q);
    const c = tf.tensor2d(C);
    const r = tf.tensor2d(R2);
    for (const kernel of ['js', 'tensor'] as const) {
      expectNoLeak(() => infoNceValueAndGradients(q, c, r, { kernel }));
      expectNoLeak(() => infoNceValueAndGradients(q, c, [[1]], { kernel }));
    }
    tf.dispose([q, c, r]);
  });

  it('rejects bad input with typed errors naming the parameter', () => {
    for (const kernel of ['js', 'tensor'] as const) {
      expectLimitError(() => infoNceValueAndGradients(Q, C, R2, { kernel, temperature: 0 }), 'InvalidArgumentError', 'options.temperature');
      expectLimitError(() => infoNceValueAndGradients(Q, C, R2, { kernel, normalizer: -2 }), 'InvalidArgumentError', 'options.normalizer');
      expectLimitError(() => infoNceValueAndGradients(Q, C, R2, { kernel: 'gpu' as never }), 'InvalidArgumentError', 'options.kernel');
      expectLimitError(() => infoNceValueAndGradients(Q, C.map((r) => r.slice(1)), R2, { kernel }), 'ShapeMismatchError', 'candidates');
      expectLimitError(() => infoNceValueAndGradients(Q, C, R2.map((r) => r.slice(1)), { kernel }), 'ShapeMismatchError', 'relevance');
      expectLimitError(() => infoNceValueAndGradients([[[1]]], C, R2, { kernel }), 'ShapeMismatchError', 'queries');
      expectLimitError(() => infoNceValueAndGradients(Q, C, R2.map((r) => r.map(() => 0)), { kernel }), 'InvalidArgumentError', 'relevance');
      const nanC = C.map((row, j) => (j === 3 ? row.map(() => NaN) : row));
      expectLimitError(() => infoNceValueAndGradients(Q, nanC, R2, { kernel }), 'InvalidArgumentError', 'candidates');
    }
  });
});
