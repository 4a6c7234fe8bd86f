import * as tf from '@tensorflow/tfjs-core';
import { assertFiniteResult, assertShape, toFloatTensor, type TensorInput } from './internal/tensor-input.js';
import { checkTriple } from './internal/triple-input.js';
import { parseReduction, reduceLoss, type Reduction } from './reduction.js';
import { parseSimilarity, rowSimilarity, type SimilarityName } from './similarity.js';

/** Options of {@link marginMse}. */
export interface MarginMseOptions {
  /** Student score function s (default 'dot', as sentence-transformers' MarginMSELoss). */
  similarity?: SimilarityName;
  /** 'mean' (default), 'sum' or 'none' (per-triplet `[b]`). */
  reduction?: Reduction;
}

/**
 * Margin-MSE knowledge distillation.
 *
 * **What it is.** The student's score margin between positive and negative is regressed onto a teacher's
 * margin (typically a cross-encoder's). sentence-transformers' `MarginMSELoss`.
 *
 * **Formula.** `ℓ_i = (s(q_i, p_i) − s(q_i, n_i) − m_i)²` with teacher margin `m_i = t(q_i, p_i) − t(q_i, n_i)`.
 *
 * **References.** Hofstätter et al., improving efficient neural ranking models with cross-architecture
 * knowledge distillation, arXiv:2010.02666.
 *
 * @param queries - `[b, d]`, row i is query i.
 * @param positives - `[b, d]`, row i is the (more) relevant passage for query i.
 * @param negatives - `[b, d]`, row i is the (less) relevant passage for query i.
 * @param teacherMargins - `[b]`, teacher score(q_i, p_i) − teacher score(q_i, n_i).
 * @param options - see {@link MarginMseOptions}.
 * @returns a scalar, or `[b]` with reduction 'none'.
 * @throws ShapeMismatchError when the shapes disagree (teacherMargins must be `[b]`).
 * @throws InvalidArgumentError for an unknown similarity/reduction, an empty batch or NaN inputs.
 * @example
 * marginMse([[1, 0]], [[2, 0]], [[1, 0]], [0.5]).print(); // (2 − 1 − 0.5)² = 0.25
 */
export function marginMse(
  queries: TensorInput,
  positives: TensorInput,
  negatives: TensorInput,
  teacherMargins: TensorInput,
  options: MarginMseOptions = {},
): tf.Tensor {
  const similarity = parseSimilarity(options.similarity, 'dot');
  const reduction = parseReduction(options.reduction);
  return tf.tidy('marginMse', () => {
    const [q, p, n] = checkTriple(queries, positives, negatives, ['queries', 'positives', 'negatives']);
    const t = toFloatTensor(teacherMargins, 'teacherMargins', 1) as tf.Tensor1D;
    assertShape(t, [q.shape[0]], 'teacherMargins', 'one teacher margin per query');
    const studentMargin = tf.sub(rowSimilarity(similarity, q, p), rowSimilarity(similarity, q, n));
    const value = reduceLoss(tf.square(tf.sub(studentMargin, t)) as tf.Tensor1D, reduction);
    assertFiniteResult(value, { queries: q, positives: p, negatives: n, teacherMargins: t });
    return value;
  });
}
