import * as tf from '@tensorflow/tfjs-core';
import { assertKnownOptions, assertNonNegative, assertOneOf } from '@limit/core';
import { finishLoss, parseValidate } from './internal/finish.js';
import { tapeMark } from './internal/gradient-check.js';
import { l2NormalizeRows, SQRT_EPSILON } from './internal/norms.js';
import type { TensorInput } from './internal/tensor-input.js';
import { checkTriple } from './internal/triple-input.js';
import { parseReduction, reduceLoss, type PerExampleReduction, type Reduction, type ScalarReduction } from './reduction.js';

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
  /**
   * Read the result back to name an input holding NaN/Infinity (default true). `false` skips that one
   * device→host read per call, for training loops on webgl/webgpu.
   */
  validate?: boolean;
}

const TRIPLET_OPTIONS = ['margin', 'distance', 'reduction', 'validate'] as const;

/**
 * Triplet margin loss.
 *
 * **What it is.** For each (anchor, positive, negative) triplet, penalise the anchor being closer to the
 * negative than to the positive plus a margin. sentence-transformers' `TripletLoss` (same defaults:
 * Euclidean distance, margin 5).
 *
 * **Formula.** `ℓ_i = max(0, dist(a_i, p_i) − dist(a_i, n_i) + margin)` with
 * Euclidean `sqrt(‖a − b‖² + 1e-12)`, cosine `1 − cos(a, b)`, or Manhattan `Σ_k |a_k − b_k|`;
 * reduction 'mean' returns `(1/b) Σ_i ℓ_i`.
 *
 * **Inputs.** Three aligned `[b, d]` batches: row i of `anchor` (a query or sentence), row i of `positive`
 * (something that should be near it) and row i of `negative` (something that should be far from it).
 * Nested arrays must be rectangular.
 *
 * **References.** Schroff et al., FaceNet, arXiv:1503.03832; Reimers & Gurevych, Sentence-BERT,
 * arXiv:1908.10084.
 *
 * **Relations.** {@link hingeLoss} is the same margin idea on similarity scores instead of distances;
 * {@link logisticLoss} is its smooth (softplus) version; {@link infoNce} with one hard negative per row uses
 * the negatives of the whole batch as well, and is usually the stronger choice for retrieval.
 *
 * @param anchor - `[b, d]`, row i is the anchor (query) of triplet i.
 * @param positive - `[b, d]`, row i is similar to anchor i.
 * @param negative - `[b, d]`, row i is dissimilar to anchor i.
 * @param options - see {@link TripletLossOptions}.
 * @returns a `tf.Scalar` (reduction 'mean' / 'sum'), or a `tf.Tensor1D` `[b]` with reduction 'none'.
 * @throws ShapeMismatchError when the three inputs are not the same `[b, d]` shape, or a nested array is ragged.
 * @throws InvalidArgumentError for margin < 0, an unknown distance/reduction/option, an empty batch,
 *   non-numeric entries or NaN inputs.
 * @throws EngineStateError under `tf.grad` when tfjs has no gradient registered for an op the loss
 *   uses; the message names the fix (`import '@tensorflow/tfjs'`).
 * @example
 * tripletLoss([[0, 0]], [[1, 0]], [[3, 0]], { margin: 1 }).print(); // max(0, 1 − 3 + 1) = 0
 * const { value, grads } = tf.variableGrads(() => tripletLoss(anchors, positives, negatives)); // typed tf.Scalar
 */
export function tripletLoss(anchor: TensorInput, positive: TensorInput, negative: TensorInput, options?: TripletLossOptions & ScalarReduction): tf.Scalar;
export function tripletLoss(anchor: TensorInput, positive: TensorInput, negative: TensorInput, options: TripletLossOptions & PerExampleReduction): tf.Tensor1D;
export function tripletLoss(anchor: TensorInput, positive: TensorInput, negative: TensorInput, options?: TripletLossOptions): tf.Scalar | tf.Tensor1D;
export function tripletLoss(
  anchor: TensorInput,
  positive: TensorInput,
  negative: TensorInput,
  options: TripletLossOptions = {},
): tf.Scalar | tf.Tensor1D {
  assertKnownOptions('options', options, TRIPLET_OPTIONS);
  const margin = options.margin === undefined ? 5 : assertNonNegative('options.margin', options.margin);
  const distance = options.distance === undefined ? 'euclidean' : assertOneOf('options.distance', options.distance, ['euclidean', 'cosine', 'manhattan'] as const);
  const reduction = parseReduction(options.reduction);
  const validate = parseValidate(options.validate);
  const mark = tapeMark();
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
    return finishLoss('tripletLoss', reduceLoss(perTriplet, reduction), mark, validate, { anchor: a, positive: p, negative: n }, [anchor, positive, negative]);
  });
}
