import * as tf from '@tensorflow/tfjs-core';
import { rowCrossEntropy } from './internal/contrastive.js';
import { checkRelevance, parseLabelSmoothing, parseTemperature } from './internal/info-nce-checks.js';
import { toFloatTensor, type TensorInput } from './internal/tensor-input.js';
import { maxSim, type MaxSimOptions } from './max-sim.js';
import { parseReduction, reduceLoss, type Reduction } from './reduction.js';

/** Options of {@link maxSimInfoNce}. */
export interface MaxSimInfoNceOptions extends MaxSimOptions {
  /** Softmax temperature T > 0 over MaxSim scores (default 1; PyLate's contrastive loss uses none). scale = 1/T. */
  temperature?: number;
  /** Label smoothing ε in [0, 1) (default 0). */
  labelSmoothing?: number;
  /** 'mean' over queries (default), 'sum', or 'none' (`[nq]`). */
  reduction?: Reduction;
}

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
 * @param queryTokens - `[nq, tq, dim]` query token embeddings.
 * @param docTokens - `[nd, td, dim]` document token embeddings.
 * @param relevance - `[nq, nd]`, 1 where document b is relevant to query a (every row needs a positive).
 * @param options - masks, temperature, label smoothing and reduction.
 * @returns a scalar, or `[nq]` with reduction 'none'.
 * @throws ShapeMismatchError / InvalidArgumentError as {@link maxSim} and {@link infoNce}.
 * @example
 * const loss = maxSimInfoNce(queryTokens, docTokens, tf.eye(nq, nd), { docMask, temperature: 0.05 });
 */
export function maxSimInfoNce(
  queryTokens: TensorInput,
  docTokens: TensorInput,
  relevance: TensorInput,
  options: MaxSimInfoNceOptions = {},
): tf.Tensor {
  const temperature = parseTemperature(options.temperature, 1);
  const labelSmoothing = parseLabelSmoothing(options.labelSmoothing);
  const reduction = parseReduction(options.reduction);
  return tf.tidy('maxSimInfoNce', () => {
    const scores = maxSim(queryTokens, docTokens, options);
    const r = toFloatTensor(relevance, 'relevance', 2) as tf.Tensor2D;
    checkRelevance(r, scores.shape[0], scores.shape[1]);
    const { perRow } = rowCrossEntropy(tf.div(scores, temperature) as tf.Tensor2D, r, labelSmoothing);
    return reduceLoss(perRow, reduction);
  });
}
