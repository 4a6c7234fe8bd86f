import * as tf from '@tensorflow/tfjs-core';
import { assertKnownOptions, assertNonNegative } from '@limit/core';
import { finishLoss, parseValidate } from './internal/finish.js';
import { tapeMark } from './internal/gradient-check.js';
import type { TensorInput } from './internal/tensor-input.js';
import { checkTriple } from './internal/triple-input.js';
import { parseReduction, reduceLoss, type PerExampleReduction, type Reduction, type ScalarReduction } from './reduction.js';
import { parseSimilarity, rowSimilarity, type SimilarityName } from './similarity.js';

/** Options of {@link hingeLoss}. */
export interface HingeLossOptions {
  /** Margin ≥ 0 by which the positive score must beat the negative score (default 1). */
  margin?: number;
  /** Score function s (default 'dot'). */
  similarity?: SimilarityName;
  /** 'mean' (default), 'sum' or 'none' (per-triplet `[b]`). */
  reduction?: Reduction;
  /** Read the result back to name an input holding NaN/Infinity (default true; `false` skips the device→host read). */
  validate?: boolean;
}

const HINGE_OPTIONS = ['margin', 'similarity', 'reduction', 'validate'] as const;

/**
 * Pairwise hinge (margin ranking) loss on similarity scores.
 *
 * **What it is.** For each query with one positive and one negative, penalise the negative scoring within
 * `margin` of the positive. PyTorch's `MarginRankingLoss` on (s(q,p), s(q,n)) with target 1; open-retrievals'
 * pairwise hinge loss.
 *
 * **Formula.** `ℓ_i = max(0, margin − s(q_i, p_i) + s(q_i, n_i))`; reduction 'mean' returns `(1/b) Σ_i ℓ_i`.
 *
 * **Inputs.** Three aligned `[b, d]` batches: row i of `queries`, its relevant passage (row i of
 * `positives`) and a non-relevant passage (row i of `negatives`). Nested arrays must be rectangular.
 *
 * **References.** Herbrich et al., large margin rank boundaries (1999); Burges et al., RankNet (ICML 2005);
 * Karpukhin et al., DPR, arXiv:2004.04906 (pairwise ranking baselines).
 *
 * **Relations.** sentence-transformers has no direct equivalent: its `TripletLoss` ({@link tripletLoss})
 * puts the margin on distances. {@link logisticLoss} is the smooth version (softplus instead of the hinge);
 * {@link infoNce} generalises from one negative to all in-batch candidates.
 *
 * @param queries - `[b, d]`, row i is query i.
 * @param positives - `[b, d]`, row i is relevant to query i.
 * @param negatives - `[b, d]`, row i is not relevant to query i.
 * @param options - see {@link HingeLossOptions}.
 * @returns a `tf.Scalar` (reduction 'mean' / 'sum'), or a `tf.Tensor1D` `[b]` with reduction 'none'.
 * @throws ShapeMismatchError when the inputs are not the same `[b, d]` shape, or a nested array is ragged.
 * @throws InvalidArgumentError for margin < 0, an unknown similarity/reduction/option, an empty batch,
 *   non-numeric entries or NaN inputs.
 * @throws EngineStateError under `tf.grad` when an op the loss uses has no registered gradient (names the fix).
 * @example
 * const h: tf.Scalar = hingeLoss([[1, 0]], [[0.5, 0]], [[0.2, 0]], { margin: 1 }); // 1 − 0.5 + 0.2 = 0.7
 */
export function hingeLoss(queries: TensorInput, positives: TensorInput, negatives: TensorInput, options?: HingeLossOptions & ScalarReduction): tf.Scalar;
export function hingeLoss(queries: TensorInput, positives: TensorInput, negatives: TensorInput, options: HingeLossOptions & PerExampleReduction): tf.Tensor1D;
export function hingeLoss(queries: TensorInput, positives: TensorInput, negatives: TensorInput, options?: HingeLossOptions): tf.Scalar | tf.Tensor1D;
export function hingeLoss(
  queries: TensorInput,
  positives: TensorInput,
  negatives: TensorInput,
  options: HingeLossOptions = {},
): tf.Scalar | tf.Tensor1D {
  assertKnownOptions('options', options, HINGE_OPTIONS);
  const margin = options.margin === undefined ? 1 : assertNonNegative('options.margin', options.margin);
  const similarity = parseSimilarity(options.similarity, 'dot');
  const reduction = parseReduction(options.reduction);
  const validate = parseValidate(options.validate);
  const mark = tapeMark();
  return tf.tidy('hingeLoss', () => {
    const [q, p, n] = checkTriple(queries, positives, negatives, ['queries', 'positives', 'negatives']);
    const perTriplet = tf.relu(tf.add(tf.sub(rowSimilarity(similarity, q, n), rowSimilarity(similarity, q, p)), margin)) as tf.Tensor1D;
    return finishLoss('hingeLoss', reduceLoss(perTriplet, reduction), mark, validate, { queries: q, positives: p, negatives: n }, [queries, positives, negatives]);
  });
}
