import * as tf from '@tensorflow/tfjs-core';
import { ShapeMismatchError } from '@limit/core';
import { assertNonEmpty, toFloatTensor, type TensorInput } from './internal/tensor-input.js';

/** @internal Converts and checks two `[·, d]` embedding matrices with equal `d`. */
export function checkEmbeddingPair(
  a: TensorInput,
  b: TensorInput,
  names: [string, string],
  sameRows: boolean,
): [tf.Tensor2D, tf.Tensor2D] {
  const ta = toFloatTensor(a, names[0], 2) as tf.Tensor2D;
  const tb = toFloatTensor(b, names[1], 2) as tf.Tensor2D;
  assertNonEmpty(ta, names[0]);
  assertNonEmpty(tb, names[1]);
  if (ta.shape[1] !== tb.shape[1] || (sameRows && ta.shape[0] !== tb.shape[0])) {
    throw new ShapeMismatchError({
      parameter: names[1],
      expected: [sameRows ? ta.shape[0] : -1, ta.shape[1]],
      actual: tb.shape,
      message: sameRows
        ? `${names[1]} must have the same shape as ${names[0]}`
        : `${names[1]} must have the same embedding dimension as ${names[0]}`,
    });
  }
  return [ta, tb];
}

/**
 * Dot-product score matrix between two sets of embeddings.
 *
 * `S[i, j] = a_i · b_j`
 *
 * @param a - `[n, d]`, one embedding per row (e.g. queries).
 * @param b - `[m, d]`, one embedding per row (e.g. documents).
 * @returns `[n, m]` scores.
 * @throws ShapeMismatchError when either input is not rank 2 or the dimensions `d` differ.
 * @throws InvalidArgumentError when an input is empty.
 * @example
 * dotSimilarity([[1, 0]], [[2, 3], [0, 1]]).print(); // [[2, 0]]
 */
export function dotSimilarity(a: TensorInput, b: TensorInput): tf.Tensor2D {
  return tf.tidy('dotSimilarity', () => {
    const [ta, tb] = checkEmbeddingPair(a, b, ['a', 'b'], false);
    return tf.matMul(ta, tb, false, true);
  });
}

/**
 * Row-wise dot products of two aligned embedding batches (sentence-transformers' `pairwise_dot_score`).
 *
 * `s[i] = a_i · b_i`
 *
 * @param a - `[n, d]`.
 * @param b - `[n, d]`, row `i` paired with row `i` of `a`.
 * @returns `[n]` scores.
 * @throws ShapeMismatchError when the shapes differ or are not rank 2.
 * @throws InvalidArgumentError when an input is empty.
 * @example
 * pairwiseDotSimilarity([[1, 2]], [[3, 4]]).print(); // [11]
 */
export function pairwiseDotSimilarity(a: TensorInput, b: TensorInput): tf.Tensor1D {
  return tf.tidy('pairwiseDotSimilarity', () => {
    const [ta, tb] = checkEmbeddingPair(a, b, ['a', 'b'], true);
    return tf.sum(tf.mul(ta, tb), 1);
  });
}
