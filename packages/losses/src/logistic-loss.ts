import * as tf from '@tensorflow/tfjs-core';
import { assertPositive } from '@limit/core';
import { assertFiniteResult, type TensorInput } from './internal/tensor-input.js';
import { checkTriple } from './internal/triple-input.js';
import { parseReduction, reduceLoss, type Reduction } from './reduction.js';
import { parseSimilarity, rowSimilarity, type SimilarityName } from './similarity.js';

/** Options of {@link logisticLoss}. */
export interface LogisticLossOptions {
  /** Scale > 0 applied to the score difference (default 1). scale = 1/temperature: scale 20 = temperature 0.05. */
  scale?: number;
  /** Score function s (default 'dot'). */
  similarity?: SimilarityName;
  /** 'mean' (default), 'sum' or 'none' (per-triplet `[b]`). */
  reduction?: Reduction;
}

/**
 * Pairwise logistic (RankNet / softplus) loss on similarity scores.
 *
 * **What it is.** A smooth hinge: the negative log-probability that the positive outranks the negative
 * under a logistic model of the score difference. With one negative it equals 2-way InfoNCE with
 * temperature 1/scale. open-retrievals' pairwise logistic loss; sentence-transformers' `CoSENTLoss` is the
 * all-pairs log-sum-exp generalisation of it (with cosine similarity and scale 20).
 *
 * **Formula.** `ℓ_i = softplus(scale·(s(q_i, n_i) − s(q_i, p_i))) = log(1 + exp(scale·(s(q_i, n_i) − s(q_i, p_i))))`.
 *
 * **References.** Burges et al., RankNet (ICML 2005); Su, CoSENT (2022).
 *
 * @param queries - `[b, d]`, row i is query i.
 * @param positives - `[b, d]`, row i is relevant to query i.
 * @param negatives - `[b, d]`, row i is not relevant to query i.
 * @param options - see {@link LogisticLossOptions}.
 * @returns a scalar, or `[b]` with reduction 'none'.
 * @throws ShapeMismatchError when the inputs are not the same `[b, d]` shape.
 * @throws InvalidArgumentError for scale ≤ 0, an unknown similarity/reduction, an empty batch or NaN inputs.
 * @example
 * logisticLoss([[1, 0]], [[1, 0]], [[1, 0]]).print(); // log 2
 */
export function logisticLoss(
  queries: TensorInput,
  positives: TensorInput,
  negatives: TensorInput,
  options: LogisticLossOptions = {},
): tf.Tensor {
  const scale = options.scale === undefined ? 1 : assertPositive('options.scale', options.scale);
  const similarity = parseSimilarity(options.similarity, 'dot');
  const reduction = parseReduction(options.reduction);
  return tf.tidy('logisticLoss', () => {
    const [q, p, n] = checkTriple(queries, positives, negatives, ['queries', 'positives', 'negatives']);
    const diff = tf.mul(tf.sub(rowSimilarity(similarity, q, n), rowSimilarity(similarity, q, p)), scale);
    const value = reduceLoss(tf.softplus(diff) as tf.Tensor1D, reduction);
    assertFiniteResult(value, { queries: q, positives: p, negatives: n });
    return value;
  });
}
