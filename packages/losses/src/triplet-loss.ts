import * as tf from '@tensorflow/tfjs-core';
import { assertNonNegative, assertOneOf } from '@limit/core';
import { l2NormalizeRows, SQRT_EPSILON } from './internal/norms.js';
import { assertFiniteResult, type TensorInput } from './internal/tensor-input.js';
import { checkTriple } from './internal/triple-input.js';
import { parseReduction, reduceLoss, type Reduction } from './reduction.js';

/** Distance used by {@link tripletLoss}: Euclidean `‖a − b‖`, cosine `1 − cos(a, b)`, Manhattan `Σ|a − b|`. */
export type TripletDistance = 'euclidean' | 'cosine' | 'manhattan';

/** Options of {@link tripletLoss}. */
export interface TripletLossOptions {
  /** Margin ≥ 0 by which the negative must be farther than the positive (default 5, as sentence-transformers). */
  margin?: number;
  /** Distance function (default 'euclidean'). */
  distance?: TripletDistance;
  /** 'mean' (default), 'sum' or 'none' (per-triplet `[b]`). */
  reduction?: Reduction;
}

/**
 * Triplet margin loss.
 *
 * **What it is.** For each (anchor, positive, negative) triplet, penalise the anchor being closer to the
 * negative than to the positive plus a margin. sentence-transformers' `TripletLoss` (same defaults:
 * Euclidean distance, margin 5).
 *
 * **Formula.** `ℓ_i = max(0, dist(a_i, p_i) − dist(a_i, n_i) + margin)` with
 * Euclidean `sqrt(‖a − b‖² + 1e-12)`, cosine `1 − cos(a, b)`, or Manhattan `Σ_k |a_k − b_k|`.
 *
 * **References.** Schroff et al., FaceNet, arXiv:1503.03832; Reimers & Gurevych, Sentence-BERT,
 * arXiv:1908.10084.
 *
 * @param anchor - `[b, d]`, row i is the anchor (query) of triplet i.
 * @param positive - `[b, d]`, row i is similar to anchor i.
 * @param negative - `[b, d]`, row i is dissimilar to anchor i.
 * @param options - see {@link TripletLossOptions}.
 * @returns a scalar, or `[b]` with reduction 'none'.
 * @throws ShapeMismatchError when the three inputs are not the same `[b, d]` shape.
 * @throws InvalidArgumentError for margin < 0, an unknown distance/reduction, an empty batch or NaN inputs.
 * @example
 * tripletLoss([[0, 0]], [[1, 0]], [[3, 0]], { margin: 1 }).print(); // max(0, 1 − 3 + 1) = 0
 */
export function tripletLoss(
  anchor: TensorInput,
  positive: TensorInput,
  negative: TensorInput,
  options: TripletLossOptions = {},
): tf.Tensor {
  const margin = options.margin === undefined ? 5 : assertNonNegative('options.margin', options.margin);
  const distance = options.distance === undefined ? 'euclidean' : assertOneOf('options.distance', options.distance, ['euclidean', 'cosine', 'manhattan'] as const);
  const reduction = parseReduction(options.reduction);
  return tf.tidy('tripletLoss', () => {
    const [a, p, n] = checkTriple(anchor, positive, negative, ['anchor', 'positive', 'negative']);
    const dist = (x: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor1D => {
      switch (distance) {
        case 'euclidean':
          return tf.sqrt(tf.add(tf.sum(tf.square(tf.sub(x, y)), 1), SQRT_EPSILON)) as tf.Tensor1D;
        case 'cosine':
          return tf.sub(1, tf.sum(tf.mul(l2NormalizeRows(x), l2NormalizeRows(y)), 1));
        case 'manhattan':
          return tf.sum(tf.abs(tf.sub(x, y)), 1);
      }
    };
    const perTriplet = tf.relu(tf.add(tf.sub(dist(a, p), dist(a, n)), margin)) as tf.Tensor1D;
    const value = reduceLoss(perTriplet, reduction);
    assertFiniteResult(value, { anchor: a, positive: p, negative: n });
    return value;
  });
}
