import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, it } from 'vitest';
import { backends, expectClose, expectNoLeak, finiteDifference, randomMatrix, useBackend } from '../../test/helpers.js';
import * as oracle from '../oracle.js';
import { contrastiveKernel } from './contrastive-kernel.js';

const Q = randomMatrix(71, 5, 6, 0.6);
const C = randomMatrix(72, 7, 6, 0.6);
const R = [
  [1, 0, 0, 0, 0, 0, 0],
  [0, 1, 1, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 0],
  [1, 0, 1, 1, 0, 0, 0],
  [0, 0, 0, 0, 0, 1, 0],
];
const VALID = [0, 1, 3, 4];

// Both kernels on both backends, in the row-normalised (per-query mean, label-smoothed) mode that
// infoNce's fused path uses; rows without positives are skipped.
describe.each(backends)('contrastiveKernel on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  for (const kernel of ['js', 'tensor'] as const) {
    it.each([0, 0.15])(`${kernel} kernel, row-normalised, label smoothing %f: matches the oracle`, (labelSmoothing) => {
      const q = tf.tensor2d(Q);
      const c = tf.tensor2d(C);
      const r = tf.tensor2d(R);
      const out = contrastiveKernel(kernel, q, c, r, { temperature: 0.1, normalizer: undefined, rowNormalize: true, labelSmoothing });
      const validQ = VALID.map((i) => Q[i]!);
      const validR = VALID.map((i) => R[i]!);
      const f = (qq: number[][], cc: number[][]) => oracle.infoNce(qq, cc, validR, { temperature: 0.1, labelSmoothing }) as number;
      expectClose(out.loss, f(validQ, C), 1e-5, 1e-5);
      const fdQ = finiteDifference((x: number[][]) => f(x, C), validQ) as number[][];
      const qg = out.queryGradient.arraySync();
      expectClose(VALID.map((i) => qg[i]!), fdQ, 1e-5, 1e-5);
      expectClose([qg[2]!], [[0, 0, 0, 0, 0, 0]], 1e-7);
      expectClose(out.candidateGradient, finiteDifference((x: number[][]) => f(validQ, x), C), 1e-5, 1e-5);
      tf.dispose([q, c, r, out.loss, out.queryGradient, out.candidateGradient]);
      expectNoLeak(() => tf.tidy(() => contrastiveKernel(kernel, tf.tensor2d(Q), tf.tensor2d(C), tf.tensor2d(R), { temperature: 0.1, normalizer: 3, rowNormalize: true, labelSmoothing }) as unknown as tf.TensorContainer));
    });
  }
});
