import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { backends, expectClose, expectLimitError, expectNoLeak, finiteDifference, randomMatrix, useBackend } from '../test/helpers.js';
import { cosineSimilarity, pairwiseCosineSimilarity } from './cosine-similarity.js';
import { dotSimilarity, pairwiseDotSimilarity } from './dot-similarity.js';
import { euclideanSimilarity, pairwiseEuclideanSimilarity } from './euclidean-similarity.js';
import * as oracle from './oracle.js';

const A = randomMatrix(21, 4, 3);
const B = randomMatrix(22, 5, 3);
const B4 = randomMatrix(23, 4, 3);

const matrixFns = [
  ['dotSimilarity', dotSimilarity, oracle.dotSimilarity],
  ['cosineSimilarity', cosineSimilarity, oracle.cosineSimilarity],
  ['euclideanSimilarity', euclideanSimilarity, oracle.euclideanSimilarity],
] as const;
const pairFns = [
  ['pairwiseDotSimilarity', pairwiseDotSimilarity, oracle.pairwiseDotSimilarity],
  ['pairwiseCosineSimilarity', pairwiseCosineSimilarity, oracle.pairwiseCosineSimilarity],
  ['pairwiseEuclideanSimilarity', pairwiseEuclideanSimilarity, oracle.pairwiseEuclideanSimilarity],
] as const;

describe.each(backends)('similarities on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('match hand-computed values', () => {
    expectClose(dotSimilarity([[1, 2]], [[3, 4], [0, -1]]), [[11, -2]]);
    expectClose(cosineSimilarity([[1, 0]], [[2, 0], [0, 3], [1, 1]]), [[1, 0, Math.SQRT1_2]]);
    expectClose(euclideanSimilarity([[0, 0], [3, 4]], [[3, 4]]), [[-5], [-1e-6]], 1e-6);
    expectClose(pairwiseDotSimilarity([[1, 2], [0, 1]], [[3, 4], [5, 6]]), [11, 6]);
    expectClose(pairwiseCosineSimilarity([[1, 0]], [[-2, 0]]), [-1]);
    expectClose(pairwiseEuclideanSimilarity([[1, 1]], [[4, 5]]), [-5]);
  });

  it.each(matrixFns)('%s matches the oracle, gradients match finite differences, no leaks', (_, f, ref) => {
    const s = f(A, B);
    expect(s.shape).toEqual([4, 5]);
    expectClose(s, ref(A, B));
    s.dispose();
    const weights = tf.tensor2d(randomMatrix(24, 4, 5));
    const w = weights.arraySync();
    const ga = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(f(x, B), weights)))(tf.tensor2d(A));
    const fd = finiteDifference((x: number[][]) => ref(x, B).reduce((acc, row, i) => acc + row.reduce((a, v, j) => a + v * w[i]![j]!, 0), 0), A);
    expectClose(ga, fd, 1e-5, 1e-5);
    tf.dispose([weights, ga]);
    expectNoLeak(() => f(A, B));
    expectLimitError(() => f(A, [[1, 2]]), 'ShapeMismatchError', 'b');
    expectLimitError(() => f([1, 2, 3], B), 'ShapeMismatchError', 'a');
  });

  it.each(pairFns)('%s matches the oracle, gradients match finite differences, no leaks', (_, f, ref) => {
    expectClose(f(A, B4), ref(A, B4));
    const ga = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(f(x, B4), tf.tensor1d([1, -2, 0.5, 3]))))(tf.tensor2d(A));
    const w = [1, -2, 0.5, 3];
    expectClose(ga, finiteDifference((x: number[][]) => ref(x, B4).reduce((acc, v, i) => acc + v * w[i]!, 0), A), 1e-5, 1e-5);
    expectNoLeak(() => f(A, B4));
    expectLimitError(() => f(A, B), 'ShapeMismatchError', 'b');
    const empty = tf.zeros([0, 3]);
    expectLimitError(() => f(empty, empty), 'InvalidArgumentError', 'a');
    empty.dispose();
  });
});
