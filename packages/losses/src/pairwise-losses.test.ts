import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, it } from 'vitest';
import { backends, expectClose, expectLimitError, expectNoLeak, finiteDifference, randomMatrix, useBackend } from '../test/helpers.js';
import { hingeLoss } from './hinge-loss.js';
import { infoNce } from './info-nce.js';
import { logisticLoss } from './logistic-loss.js';
import { marginMse } from './margin-mse.js';
import * as oracle from './oracle.js';
import { tripletLoss } from './triplet-loss.js';

const A = randomMatrix(31, 6, 5, 0.6);
const P = randomMatrix(32, 6, 5, 0.6);
const N = randomMatrix(33, 6, 5, 0.6);
const TEACHER = [0.5, -0.2, 1.3, 0.1, 0.9, -1.1];

type Loss = (a: unknown, p: unknown, n: unknown, o: Record<string, unknown>) => tf.Tensor;
type Ref = (a: number[][], p: number[][], n: number[][], o: Record<string, unknown>) => number | number[];

// Each loss with option sets chosen so that some hinge terms are active and some are clipped at 0.
const cases: [string, Loss, Ref, Record<string, unknown>[]][] = [
  ['tripletLoss', tripletLoss as unknown as Loss, oracle.tripletLoss as unknown as Ref, [
    { margin: 0.5 },
    { margin: 0.3, distance: 'cosine', reduction: 'sum' },
    { margin: 0.5, distance: 'manhattan', reduction: 'none' },
  ]],
  ['hingeLoss', hingeLoss as unknown as Loss, oracle.hingeLoss as unknown as Ref, [
    { margin: 0.5 },
    { margin: 0.2, similarity: 'cosine', reduction: 'none' },
    { margin: 1, similarity: 'euclidean', reduction: 'sum' },
  ]],
  ['logisticLoss', logisticLoss as unknown as Loss, oracle.logisticLoss as unknown as Ref, [
    {},
    { scale: 20, similarity: 'cosine', reduction: 'none' },
    { scale: 2, similarity: 'euclidean', reduction: 'sum' },
  ]],
  ['marginMse', ((a, p, n, o) => marginMse(a as never, p as never, n as never, TEACHER, o)) as Loss,
    ((a, p, n, o) => oracle.marginMse(a, p, n, TEACHER, o)) as Ref, [
    {},
    { similarity: 'cosine', reduction: 'none' },
    { similarity: 'euclidean', reduction: 'sum' },
  ]],
];

describe.each(backends)('pairwise losses on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('match hand-computed values', () => {
    // distances 1 and 3: max(0, 1 − 3 + 1) = 0; swapped: 1 − (−2)... max(0, 3 − 1 + 1) = 3.
    expectClose(tripletLoss([[0, 0]], [[1, 0]], [[3, 0]], { margin: 1 }), 0, 1e-6);
    expectClose(tripletLoss([[0, 0]], [[3, 0]], [[1, 0]], { margin: 1 }), 3, 1e-5);
    expectClose(tripletLoss([[1, 0]], [[0, 1]], [[1, 0]], { margin: 0.5, distance: 'cosine' }), 1.5, 1e-6);
    expectClose(tripletLoss([[0, 0]], [[1, 1]], [[0, 1]], { margin: 0, distance: 'manhattan' }), 1, 1e-6);
    expectClose(hingeLoss([[1, 0]], [[0.5, 0]], [[0.2, 0]], { margin: 1 }), 0.7, 1e-6);
    expectClose(hingeLoss([[1, 0]], [[2, 0]], [[0.2, 0]], { margin: 1 }), 0, 1e-6);
    expectClose(logisticLoss([[1, 0]], [[1, 0]], [[1, 0]]), Math.LN2, 1e-6);
    expectClose(logisticLoss([[1, 0]], [[0, 0]], [[1, 0]], { scale: 2 }), Math.log(1 + Math.exp(2)), 1e-5);
    expectClose(marginMse([[1, 0]], [[2, 0]], [[1, 0]], [0.5]), 0.25, 1e-6);
    expectClose(
      marginMse([[1, 0], [0, 1]], [[2, 0], [0, 1]], [[1, 0], [0, 3]], [0.5, 0], { reduction: 'none' }),
      [0.25, 4],
      1e-6,
    );
  });

  for (const [name, loss, ref, optionSets] of cases) {
    it.each(optionSets)(`${name} matches the oracle and finite differences with %o`, (options) => {
      expectClose(loss(A, P, N, options), ref(A, P, N, options), 1e-5, 1e-5);
      const w = [1, -0.5, 2, 0.3, 1.5, -1];
      const weights = tf.tensor1d(w);
      const toScalar = (v: tf.Tensor) => (v.rank === 0 ? v : tf.sum(tf.mul(v, weights))) as tf.Scalar;
      const refScalar = (a: number[][], p: number[][], n: number[][]) => {
        const v = ref(a, p, n, options);
        return Array.isArray(v) ? v.reduce((acc, x, i) => acc + x * w[i]!, 0) : v;
      };
      const [ga, gp, gn] = tf.grads((a: tf.Tensor, p: tf.Tensor, n: tf.Tensor) => toScalar(loss(a, p, n, options)))([
        tf.tensor2d(A),
        tf.tensor2d(P),
        tf.tensor2d(N),
      ]);
      expectClose(ga, finiteDifference((x: number[][]) => refScalar(x, P, N), A), 1e-5, 1e-5);
      expectClose(gp, finiteDifference((x: number[][]) => refScalar(A, x, N), P), 1e-5, 1e-5);
      expectClose(gn, finiteDifference((x: number[][]) => refScalar(A, P, x), N), 1e-5, 1e-5);
      tf.dispose([weights, ga!, gp!, gn!]);
    });

    it(`${name} leaks no tensors and rejects bad input`, () => {
      expectNoLeak(() => loss(A, P, N, {}));
      const a = tf.tensor2d(A);
      expectNoLeak(() => tf.grads((x: tf.Tensor) => loss(x, P, N, {}) as tf.Scalar)([a]));
      a.dispose();
      expectNoLeak(() => loss(A, P, N.slice(1), {}));
      const first = name === 'tripletLoss' ? ['anchor', 'positive', 'negative'] : ['queries', 'positives', 'negatives'];
      expectLimitError(() => loss(A, P.slice(1), N, {}), 'ShapeMismatchError', first[1]!);
      expectLimitError(() => loss(A, P, N.map((r) => r.slice(1)), {}), 'ShapeMismatchError', first[2]!);
      expectLimitError(() => loss([1, 2], P, N, {}), 'ShapeMismatchError', first[0]!);
      const empty = tf.zeros([0, 5]);
      expectLimitError(() => loss(empty, empty, empty, {}), 'InvalidArgumentError', first[0]!);
      empty.dispose();
      expectLimitError(() => loss(A, P, N, { reduction: 'max' }), 'InvalidArgumentError', 'options.reduction');
      const nanP = P.map((row, i) => (i === 4 ? row.map(() => NaN) : row));
      expectLimitError(() => loss(A, nanP, N, {}), 'InvalidArgumentError', first[1]!);
    });
  }

  it('logisticLoss with one negative is 2-way InfoNCE at temperature 1/scale (identity)', () => {
    const perRow = logisticLoss(A, P, N, { scale: 10, reduction: 'none' }).arraySync() as number[];
    A.forEach((q, i) => {
      expectClose(infoNce([q], [P[i]!, N[i]!], [[1, 0]], { temperature: 0.1 }), perRow[i]!, 1e-5, 1e-5);
    });
  });

  it('rejects bad margins, scales, distances and teacher margins', () => {
    expectLimitError(() => tripletLoss(A, P, N, { margin: -1 }), 'InvalidArgumentError', 'options.margin');
    expectLimitError(() => hingeLoss(A, P, N, { margin: -0.1 }), 'InvalidArgumentError', 'options.margin');
    expectLimitError(() => logisticLoss(A, P, N, { scale: 0 }), 'InvalidArgumentError', 'options.scale');
    expectLimitError(() => tripletLoss(A, P, N, { distance: 'dot' as never }), 'InvalidArgumentError', 'options.distance');
    expectLimitError(() => hingeLoss(A, P, N, { similarity: 'l1' as never }), 'InvalidArgumentError', 'options.similarity');
    expectLimitError(() => marginMse(A, P, N, [1, 2]), 'ShapeMismatchError', 'teacherMargins');
    expectLimitError(() => marginMse(A, P, N, [1, 2, 3, NaN, 4, 5]), 'InvalidArgumentError', 'teacherMargins');
  });
});
