import * as tf from '@tensorflow/tfjs-core';
import { assertNonNegative } from '@limit/core';
import { assertFiniteResult, type TensorInput } from './internal/tensor-input.js';
import { checkTriple } from './internal/triple-input.js';
import { parseReduction, reduceLoss, type Reduction } from './reduction.js';
import { parseSimilarity, rowSimilarity, type SimilarityName } from './similarity.js';

/** Options of {@link hingeLoss}. */
export interface HingeLossOptions {
  /** Margin ≥ 0 by which the positive score must beat the negative score (default 1). */
  margin?: number;
  /** Score function s (default 'dot'). */
  similarity?: SimilarityName;
  /** 'mean' (default), 'sum' or 'none' (per-triplet `[b]`). */
  reduction?: Reduction;
}

/**
 * Pairwise hinge (margin ranking) loss on similarity scores.
 *
 * **What it is.** For each query with one positive and one negative, penalise the negative scoring within
 * `margin` of the positive. PyTorch's `MarginRankingLoss` on (s(q,p), s(q,n)) with target 1; open-retrievals'
 * pairwise hinge loss. sentence-transformers has no direct equivalent (its `TripletLoss` works on distances;
 * see {@link tripletLoss}).
 *
 * **Formula.** `ℓ_i = max(0, margin − s(q_i, p_i) + s(q_i, n_i))`.
 *
 * **References.** Herbrich et al., large margin rank boundaries (1999); Burges et al., RankNet (ICML 2005);
 * Karpukhin et al., DPR, arXiv:2004.04906 (pairwise ranking baselines).
 *
 * @param queries - `[b, d]`, row i is query i.
 * @param positives - `[b, d]`, row i is relevant to query i.
 * @param negatives - `[b, d]`, row i is not relevant to query i.
 * @param options - see {@link HingeLossOptions}.
 * @returns a scalar, or `[b]` with reduction 'none'.
 * @throws ShapeMismatchError when the inputs are not the same `[b, d]` shape.
 * @throws InvalidArgumentError for margin < 0, an unknown similarity/reduction, an empty batch or NaN inputs.
 * @example
 * hingeLoss([[1, 0]], [[0.5, 0]], [[0.2, 0]], { margin: 1 }).print(); // 1 − 0.5 + 0.2 = 0.7
 */
export function hingeLoss(
  queries: TensorInput,
  positives: TensorInput,
  negatives: TensorInput,
  options: HingeLossOptions = {},
): tf.Tensor {
  const margin = options.margin === undefined ? 1 : assertNonNegative('options.margin', options.margin);
  const similarity = parseSimilarity(options.similarity, 'dot');
  const reduction = parseReduction(options.reduction);
  return tf.tidy('hingeLoss', () => {
    const [q, p, n] = checkTriple(queries, positives, negatives, ['queries', 'positives', 'negatives']);
    const perTriplet = tf.relu(tf.add(tf.sub(rowSimilarity(similarity, q, n), rowSimilarity(similarity, q, p)), margin)) as tf.Tensor1D;
    const value = reduceLoss(perTriplet, reduction);
    assertFiniteResult(value, { queries: q, positives: p, negatives: n });
    return value;
  });
}
