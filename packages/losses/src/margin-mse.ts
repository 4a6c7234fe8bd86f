import * as tf from '@tensorflow/tfjs-core';
import { assertKnownOptions } from '@limit/core';
import { finishLoss, parseValidate } from './internal/finish.js';
import { tapeMark } from './internal/gradient-check.js';
import { assertShape, toFloatTensor, type TensorInput } from './internal/tensor-input.js';
import { checkTriple } from './internal/triple-input.js';
import { parseReduction, reduceLoss, type PerExampleReduction, type Reduction, type ScalarReduction } from './reduction.js';
import { parseSimilarity, rowSimilarity, type SimilarityName } from './similarity.js';

/** Options of {@link marginMse}. */
export interface MarginMseOptions {
  /** Student score function s (default 'dot', as sentence-transformers' MarginMSELoss). */
  similarity?: SimilarityName;
  /** 'mean' (default), 'sum' or 'none' (per-triplet `[b]`). */
  reduction?: Reduction;
  /** Read the result back to name an input holding NaN/Infinity (default true; `false` skips the device→host read). */
  validate?: boolean;
}

const MARGIN_MSE_OPTIONS = ['similarity', 'reduction', 'validate'] as const;

/**
 * Margin-MSE knowledge distillation.
 *
 * **What it is.** The student's score margin between positive and negative is regressed onto a teacher's
 * margin (typically a cross-encoder's). sentence-transformers' `MarginMSELoss`.
 *
 * **Formula.** `ℓ_i = (s(q_i, p_i) − s(q_i, n_i) − m_i)²` with teacher margin `m_i = t(q_i, p_i) − t(q_i, n_i)`;
 * reduction 'mean' returns `(1/b) Σ_i ℓ_i`.
 *
 * **Inputs.** Three aligned `[b, d]` student embedding batches (query i, a more relevant passage, a less
 * relevant passage) and `teacherMargins` `[b]`, the teacher's score difference for the same pair.
 *
 * **References.** Hofstätter et al., improving efficient neural ranking models with cross-architecture
 * knowledge distillation, arXiv:2010.02666.
 *
 * **Relations.** Needs teacher scores, unlike {@link hingeLoss} / {@link logisticLoss}, which only need
 * which passage is better; sentence-transformers' `MSELoss` / `DistillKLDivLoss` distil absolute scores
 * or score distributions instead of margins.
 *
 * @param queries - `[b, d]`, row i is query i.
 * @param positives - `[b, d]`, row i is the (more) relevant passage for query i.
 * @param negatives - `[b, d]`, row i is the (less) relevant passage for query i.
 * @param teacherMargins - `[b]`, teacher score(q_i, p_i) − teacher score(q_i, n_i).
 * @param options - see {@link MarginMseOptions}.
 * @returns a `tf.Scalar` (reduction 'mean' / 'sum'), or a `tf.Tensor1D` `[b]` with reduction 'none'.
 * @throws ShapeMismatchError when the shapes disagree (teacherMargins must be `[b]`) or a nested array is ragged.
 * @throws InvalidArgumentError for an unknown similarity/reduction/option, an empty batch, non-numeric
 *   entries or NaN inputs.
 * @throws EngineStateError under `tf.grad` when an op the loss uses has no registered gradient (names the fix).
 * @example
 * marginMse([[1, 0]], [[2, 0]], [[1, 0]], [0.5]).print(); // (2 − 1 − 0.5)² = 0.25
 */
export function marginMse(queries: TensorInput, positives: TensorInput, negatives: TensorInput, teacherMargins: TensorInput, options?: MarginMseOptions & ScalarReduction): tf.Scalar;
export function marginMse(queries: TensorInput, positives: TensorInput, negatives: TensorInput, teacherMargins: TensorInput, options: MarginMseOptions & PerExampleReduction): tf.Tensor1D;
export function marginMse(queries: TensorInput, positives: TensorInput, negatives: TensorInput, teacherMargins: TensorInput, options?: MarginMseOptions): tf.Scalar | tf.Tensor1D;
export function marginMse(
  queries: TensorInput,
  positives: TensorInput,
  negatives: TensorInput,
  teacherMargins: TensorInput,
  options: MarginMseOptions = {},
): tf.Scalar | tf.Tensor1D {
  assertKnownOptions('options', options, MARGIN_MSE_OPTIONS);
  const similarity = parseSimilarity(options.similarity, 'dot');
  const reduction = parseReduction(options.reduction);
  const validate = parseValidate(options.validate);
  const mark = tapeMark();
  return tf.tidy('marginMse', () => {
    const [q, p, n] = checkTriple(queries, positives, negatives, ['queries', 'positives', 'negatives']);
    const t = toFloatTensor(teacherMargins, 'teacherMargins', 1) as tf.Tensor1D;
    assertShape(t, [q.shape[0]], 'teacherMargins', 'one teacher margin per query');
    const studentMargin = tf.sub(rowSimilarity(similarity, q, p), rowSimilarity(similarity, q, n));
    const value = reduceLoss(tf.square(tf.sub(studentMargin, t)) as tf.Tensor1D, reduction);
    return finishLoss('marginMse', value, mark, validate, { queries: q, positives: p, negatives: n, teacherMargins: t }, [queries, positives, negatives, teacherMargins]);
  });
}
