import * as tf from '@tensorflow/tfjs-core';
import { assertKnownOptions } from '@limit/core';
import { rowCrossEntropy } from './internal/contrastive.js';
import { finishLoss, parseValidate } from './internal/finish.js';
import { tapeMark } from './internal/gradient-check.js';
import { checkRelevance, parseLabelSmoothing, parseTemperature } from './internal/info-nce-checks.js';
import { assertShape, toFloatTensor, type TensorInput } from './internal/tensor-input.js';
import { MAX_SIM_OPTIONS, maxSim, type MaxSimOptions } from './max-sim.js';
import { parseReduction, reduceLoss, type PerExampleReduction, type Reduction, type ScalarReduction } from './reduction.js';

/** Options of {@link maxSimInfoNce}. */
export interface MaxSimInfoNceOptions extends MaxSimOptions {
  /** Softmax temperature T > 0 over MaxSim scores (default 1; PyLate's contrastive loss uses none). scale = 1/T. */
  temperature?: number;
  /** Label smoothing ε in [0, 1) (default 0). */
  labelSmoothing?: number;
  /** 'mean' over queries (default), 'sum', or 'none' (`[nq]`). */
  reduction?: Reduction;
}

const MAX_SIM_INFO_NCE_OPTIONS = [...MAX_SIM_OPTIONS, 'temperature', 'labelSmoothing', 'reduction'] as const;

/**
 * Multi-positive InfoNCE over ColBERT late-interaction scores.
 *
 * **What it is.** The contrastive loss for multi-vector retrievers: {@link maxSim} scores every query
 * against every document (in-batch and hard negatives), then the same multi-positive cross-entropy as
 * {@link infoNce}. PyLate's `Contrastive` loss for ColBERT models; sentence-transformers'
 * `MultipleNegativesRankingLoss` with MaxSim in place of cosine.
 *
 * **Formula.** `L = maxSim(Q, D) / T`; `ℓ_a = logsumexp(L_a) − (1/P_a) Σ_{b ∈ R_a} L_ab`.
 *
 * **References.** Khattab & Zaharia, ColBERT, arXiv:2004.12832; Santhanam et al., ColBERTv2,
 * arXiv:2112.01488; van den Oord et al., arXiv:1807.03748.
 *
 * **Inputs.** `queryTokens` `[nq, tq, dim]` and `docTokens` `[nd, td, dim]` (padded token embeddings,
 * with masks in the options) and `relevance` `[nq, nd]` (1 where document b is a positive of query a).
 *
 * **Relations.** {@link infoNce} with {@link maxSim} in place of the dot product; with tq = td = 1 and no
 * masks the two agree.
 *
 * @param queryTokens - `[nq, tq, dim]` query token embeddings.
 * @param docTokens - `[nd, td, dim]` document token embeddings.
 * @param relevance - `[nq, nd]`, 1 where document b is relevant to query a (every row needs a positive).
 * @param options - masks, temperature, label smoothing and reduction.
 * @returns a `tf.Scalar`, or a `tf.Tensor1D` `[nq]` with reduction 'none'.
 * @throws ShapeMismatchError / InvalidArgumentError as {@link maxSim} and {@link infoNce}.
 * @example
 * const loss = maxSimInfoNce(queryTokens, docTokens, tf.eye(nq, nd), { docMask, temperature: 0.05 });
 */
export function maxSimInfoNce(queryTokens: TensorInput, docTokens: TensorInput, relevance: TensorInput, options?: MaxSimInfoNceOptions & ScalarReduction): tf.Scalar;
export function maxSimInfoNce(queryTokens: TensorInput, docTokens: TensorInput, relevance: TensorInput, options: MaxSimInfoNceOptions & PerExampleReduction): tf.Tensor1D;
export function maxSimInfoNce(queryTokens: TensorInput, docTokens: TensorInput, relevance: TensorInput, options?: MaxSimInfoNceOptions): tf.Scalar | tf.Tensor1D;
export function maxSimInfoNce(
  queryTokens: TensorInput,
  docTokens: TensorInput,
  relevance: TensorInput,
  options: MaxSimInfoNceOptions = {},
): tf.Scalar | tf.Tensor1D {
  assertKnownOptions('options', options, MAX_SIM_INFO_NCE_OPTIONS, { scale: 'temperature = 1/scale' });
  const validate = parseValidate(options.validate);
  const temperature = parseTemperature(options.temperature, 1);
  const labelSmoothing = parseLabelSmoothing(options.labelSmoothing);
  const reduction = parseReduction(options.reduction);
  const mark = tapeMark();
  return tf.tidy('maxSimInfoNce', () => {
    const masks: MaxSimOptions = { validate };
    if (options.queryMask !== undefined) masks.queryMask = options.queryMask;
    if (options.docMask !== undefined) masks.docMask = options.docMask;
    const scores = maxSim(queryTokens, docTokens, masks);
    const r = toFloatTensor(relevance, 'relevance', 2) as tf.Tensor2D;
    if (validate) checkRelevance(r, scores.shape[0], scores.shape[1]);
    else assertShape(r, [scores.shape[0], scores.shape[1]], 'relevance');
    const { perRow } = rowCrossEntropy(tf.div(scores, temperature) as tf.Tensor2D, r, labelSmoothing);
    return finishLoss('maxSimInfoNce', reduceLoss(perRow, reduction), mark, false, {}, [queryTokens, docTokens]);
  });
}
