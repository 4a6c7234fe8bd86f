import * as tf from '@tensorflow/tfjs-core';
import { assertOneOf } from '@limit/core';
import { l2NormalizeRows, SQRT_EPSILON } from './internal/norms.js';

/**
 * A similarity function between embeddings, used by the pairwise losses:
 * - `'dot'`: `a · b`
 * - `'cosine'`: `a · b / (‖a‖ ‖b‖)`
 * - `'euclidean'`: `−‖a − b‖` (negative distance, so larger is more similar)
 */
export type SimilarityName = 'dot' | 'cosine' | 'euclidean';

/** The allowed {@link SimilarityName} values. */
export const SIMILARITY_NAMES: readonly SimilarityName[] = ['dot', 'cosine', 'euclidean'];

/** @internal Validates a similarity option. */
export function parseSimilarity(value: unknown, fallback: SimilarityName, parameter = 'options.similarity'): SimilarityName {
  return value === undefined ? fallback : assertOneOf(parameter, value, SIMILARITY_NAMES);
}

/** @internal Row-wise similarity of aligned `[b, d]` tensors (no validation), `[b]`. */
export function rowSimilarity(name: SimilarityName, a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D {
  switch (name) {
    case 'dot':
      return tf.sum(tf.mul(a, b), 1);
    case 'cosine':
      return tf.sum(tf.mul(l2NormalizeRows(a), l2NormalizeRows(b)), 1);
    case 'euclidean':
      return tf.neg(tf.sqrt(tf.add(tf.sum(tf.square(tf.sub(a, b)), 1), SQRT_EPSILON))) as tf.Tensor1D;
  }
}
