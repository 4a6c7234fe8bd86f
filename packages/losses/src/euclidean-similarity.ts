import * as tf from '@tensorflow/tfjs-core';
import { checkEmbeddingPair } from './dot-similarity.js';
import { SQRT_EPSILON } from './internal/norms.js';
import type { TensorInput } from './internal/tensor-input.js';

/**
 * Negative Euclidean distance matrix, so that larger means more similar (sentence-transformers'
 * `euclidean_sim`).
 *
 * `S[i, j] = −sqrt(max(‖a_i‖² + ‖b_j‖² − 2 a_i·b_j, 0) + ε)`, ε = 1e-12 (keeps the gradient finite at
 * distance 0). Computed through one matrix product, so `[n, m, d]` is never materialised.
 *
 * @param a - `[n, d]`, one embedding per row.
 * @param b - `[m, d]`, one embedding per row.
 * @returns `[n, m]` scores (≤ 0).
 * @throws ShapeMismatchError when either input is not rank 2 or the dimensions differ.
 * @throws InvalidArgumentError when an input is empty.
 * @example
 * euclideanSimilarity([[0, 0]], [[3, 4]]).print(); // [[-5]]
 */
export function euclideanSimilarity(a: TensorInput, b: TensorInput): tf.Tensor2D {
  return tf.tidy('euclideanSimilarity', () => {
    const [ta, tb] = checkEmbeddingPair(a, b, ['a', 'b'], false);
    const aa = tf.sum(tf.square(ta), 1, true); // [n, 1]
    const bb = tf.reshape(tf.sum(tf.square(tb), 1), [1, -1]); // [1, m]
    const squared = tf.relu(tf.sub(tf.add(aa, bb), tf.mul(2, tf.matMul(ta, tb, false, true))));
    return tf.neg(tf.sqrt(tf.add(squared, SQRT_EPSILON))) as tf.Tensor2D;
  });
}

/**
 * Row-wise negative Euclidean distance of two aligned batches (sentence-transformers'
 * `pairwise_euclidean_sim`).
 *
 * `s[i] = −sqrt(‖a_i − b_i‖² + ε)`, ε = 1e-12.
 *
 * @param a - `[n, d]`.
 * @param b - `[n, d]`, row `i` paired with row `i` of `a`.
 * @returns `[n]` scores (≤ 0).
 * @throws ShapeMismatchError when the shapes differ or are not rank 2.
 * @throws InvalidArgumentError when an input is empty.
 * @example
 * pairwiseEuclideanSimilarity([[0, 0]], [[3, 4]]).print(); // [-5]
 */
export function pairwiseEuclideanSimilarity(a: TensorInput, b: TensorInput): tf.Tensor1D {
  return tf.tidy('pairwiseEuclideanSimilarity', () => {
    const [ta, tb] = checkEmbeddingPair(a, b, ['a', 'b'], true);
    return tf.neg(tf.sqrt(tf.add(tf.sum(tf.square(tf.sub(ta, tb)), 1), SQRT_EPSILON))) as tf.Tensor1D;
  });
}
