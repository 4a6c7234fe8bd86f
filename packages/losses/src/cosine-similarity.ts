import * as tf from '@tensorflow/tfjs-core';
import { checkEmbeddingPair } from './dot-similarity.js';
import { l2NormalizeRows } from './internal/norms.js';
import type { TensorInput } from './internal/tensor-input.js';

/**
 * Cosine score matrix between two sets of embeddings (sentence-transformers' `cos_sim`).
 *
 * `S[i, j] = a_i · b_j / (max(‖a_i‖, ε) · max(‖b_j‖, ε))`, ε = 1e-12.
 *
 * @param a - `[n, d]`, one embedding per row.
 * @param b - `[m, d]`, one embedding per row.
 * @returns `[n, m]` scores in [−1, 1].
 * @throws ShapeMismatchError when either input is not rank 2 or the dimensions differ.
 * @throws InvalidArgumentError when an input is empty.
 * @example
 * cosineSimilarity([[1, 0]], [[2, 0], [0, 3]]).print(); // [[1, 0]]
 */
export function cosineSimilarity(a: TensorInput, b: TensorInput): tf.Tensor2D {
  return tf.tidy('cosineSimilarity', () => {
    const [ta, tb] = checkEmbeddingPair(a, b, ['a', 'b'], false);
    return tf.matMul(l2NormalizeRows(ta), l2NormalizeRows(tb), false, true);
  });
}

/**
 * Row-wise cosine similarity of two aligned batches (sentence-transformers' `pairwise_cos_sim`).
 *
 * `s[i] = cos(a_i, b_i)`
 *
 * @param a - `[n, d]`.
 * @param b - `[n, d]`, row `i` paired with row `i` of `a`.
 * @returns `[n]` scores.
 * @throws ShapeMismatchError when the shapes differ or are not rank 2.
 * @throws InvalidArgumentError when an input is empty.
 * @example
 * pairwiseCosineSimilarity([[1, 0]], [[1, 1]]).print(); // [0.7071]
 */
export function pairwiseCosineSimilarity(a: TensorInput, b: TensorInput): tf.Tensor1D {
  return tf.tidy('pairwiseCosineSimilarity', () => {
    const [ta, tb] = checkEmbeddingPair(a, b, ['a', 'b'], true);
    return tf.sum(tf.mul(l2NormalizeRows(ta), l2NormalizeRows(tb)), 1);
  });
}
