import * as tf from '@tensorflow/tfjs-core';
import { assertKnownOptions, assertPositive } from '@limit/core';
import { finishLoss, parseValidate } from './internal/finish.js';
import { tapeMark } from './internal/gradient-check.js';
import type { TensorInput } from './internal/tensor-input.js';
import { checkTriple } from './internal/triple-input.js';
import { parseReduction, reduceLoss, type PerExampleReduction, type Reduction, type ScalarReduction } from './reduction.js';
import { parseSimilarity, rowSimilarity, type SimilarityName } from './similarity.js';

/** Options of {@link logisticLoss}. */
export interface LogisticLossOptions {
  /** Scale > 0 applied to the score difference (default 1). scale = 1/temperature: scale 20 = temperature 0.05. */
  scale?: number;
  /** Score function s (default 'dot'). */
  similarity?: SimilarityName;
  /** 'mean' (default), 'sum' or 'none' (per-triplet `[b]`). */
  reduction?: Reduction;
  /** Read the result back to name an input holding NaN/Infinity (default true; `false` skips the device→host read). */
  validate?: boolean;
}

const LOGISTIC_OPTIONS = ['scale', 'similarity', 'reduction', 'validate'] as const;

/**
 * Pairwise logistic (RankNet / softplus) loss on similarity scores.
 *
 * **What it is.** A smooth hinge: the negative log-probability that the positive outranks the negative
 * under a logistic model of the score difference. open-retrievals' pairwise logistic loss.
 *
 * **Formula.** `ℓ_i = softplus(scale·(s(q_i, n_i) − s(q_i, p_i))) = log(1 + exp(scale·(s(q_i, n_i) − s(q_i, p_i))))`;
 * reduction 'mean' returns `(1/b) Σ_i ℓ_i`.
 *
 * **Inputs.** Three aligned `[b, d]` batches: row i of `queries`, its relevant passage (row i of
 * `positives`) and a non-relevant passage (row i of `negatives`). Nested arrays must be rectangular.
 *
 * **References.** Burges et al., RankNet (ICML 2005); Su, CoSENT (2022).
 *
 * **Relations.** With one negative it equals 2-way {@link infoNce} with temperature 1/scale (candidates
 * = [positive, negative]). {@link hingeLoss} is its non-smooth limit. sentence-transformers' `CoSENTLoss`
 * is the all-pairs log-sum-exp generalisation (cosine similarity, scale 20).
 *
 * @param queries - `[b, d]`, row i is query i.
 * @param positives - `[b, d]`, row i is relevant to query i.
 * @param negatives - `[b, d]`, row i is not relevant to query i.
 * @param options - see {@link LogisticLossOptions}.
 * @returns a `tf.Scalar` (reduction 'mean' / 'sum'), or a `tf.Tensor1D` `[b]` with reduction 'none'.
 * @throws ShapeMismatchError when the inputs are not the same `[b, d]` shape, or a nested array is ragged.
 * @throws InvalidArgumentError for scale ≤ 0, an unknown similarity/reduction/option, an empty batch,
 *   non-numeric entries or NaN inputs.
 * @throws EngineStateError under `tf.grad` when an op the loss uses has no registered gradient (names the fix).
 * @example
 * logisticLoss([[1, 0]], [[1, 0]], [[1, 0]]).print(); // log 2
 */
export function logisticLoss(queries: TensorInput, positives: TensorInput, negatives: TensorInput, options?: LogisticLossOptions & ScalarReduction): tf.Scalar;
export function logisticLoss(queries: TensorInput, positives: TensorInput, negatives: TensorInput, options: LogisticLossOptions & PerExampleReduction): tf.Tensor1D;
export function logisticLoss(queries: TensorInput, positives: TensorInput, negatives: TensorInput, options?: LogisticLossOptions): tf.Scalar | tf.Tensor1D;
export function logisticLoss(
  queries: TensorInput,
  positives: TensorInput,
  negatives: TensorInput,
  options: LogisticLossOptions = {},
): tf.Scalar | tf.Tensor1D {
  assertKnownOptions('options', options, LOGISTIC_OPTIONS, { temperature: 'logisticLoss takes scale = 1/temperature' });
  const scale = options.scale === undefined ? 1 : assertPositive('options.scale', options.scale);
  const similarity = parseSimilarity(options.similarity, 'dot');
  const reduction = parseReduction(options.reduction);
  const validate = parseValidate(options.validate);
  const mark = tapeMark();
  return tf.tidy('logisticLoss', () => {
    const [q, p, n] = checkTriple(queries, positives, negatives, ['queries', 'positives', 'negatives']);
    const diff = tf.mul(tf.sub(rowSimilarity(similarity, q, n), rowSimilarity(similarity, q, p)), scale);
    return finishLoss('logisticLoss', reduceLoss(tf.softplus(diff) as tf.Tensor1D, reduction), mark, validate, { queries: q, positives: p, negatives: n }, [queries, positives, negatives]);
  });
}
