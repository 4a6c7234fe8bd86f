import * as tf from '@tensorflow/tfjs-core';
import { assertKnownOptions, InvalidArgumentError, ShapeMismatchError } from '@limit/core';
import { parseValidate } from './internal/finish.js';
import { assertFiniteResult, assertNonEmpty, assertShape, toFloatTensor, type TensorInput } from './internal/tensor-input.js';

/** Options of {@link maxSim}. */
export interface MaxSimOptions {
  /** `[nq, tq]`, 1 for real query tokens and 0 for padding (default: all 1). */
  queryMask?: TensorInput;
  /** `[nd, td]`, 1 for real document tokens and 0 for padding (default: all 1). */
  docMask?: TensorInput;
  /**
   * Check values (default true): masks are 0/1 with a token per row, and the scores are finite (naming the
   * input with NaN/Infinity). Each check reads back from the device; `false` skips them (shapes are still checked).
   */
  validate?: boolean;
}

/** The option keys of {@link maxSim} (also accepted by {@link maxSimInfoNce}). */
export const MAX_SIM_OPTIONS = ['queryMask', 'docMask', 'validate'] as const;

/** Added to masked document-token scores so that they never win the max (every doc keeps ≥ 1 token). */
const MASKED_SCORE = -1e9;

/**
 * ColBERT late-interaction (MaxSim) scores between token-embedding sets.
 *
 * **Formula.** `S[a, b] = Σ_{i ∈ query a, unmasked} max_{j ∈ doc b, unmasked} q_{a,i} · d_{b,j}`.
 * Token embeddings are used as given (ColBERT L2-normalises them first, making each term a cosine).
 * Autodiff sends the gradient of each max to its arg-max document token.
 *
 * **References.** Khattab & Zaharia, ColBERT, arXiv:2004.12832; Santhanam et al., ColBERTv2,
 * arXiv:2112.01488. (PyLate's `colbert_scores`.)
 *
 * **Inputs.** `queryTokens` `[nq, tq, dim]` and `docTokens` `[nd, td, dim]`: one row of token embeddings
 * per query / document, padded to a common length, with 0/1 masks marking the real tokens.
 *
 * **Relations.** A score function, not a loss: {@link maxSimInfoNce} puts a contrastive loss on it;
 * {@link dotSimilarity} is its single-vector counterpart (tq = td = 1 gives the dot product).
 *
 * @param queryTokens - `[nq, tq, dim]`: query a's token embeddings, padded to tq tokens.
 * @param docTokens - `[nd, td, dim]`: document b's token embeddings, padded to td tokens.
 * @param options - masks for padding, see {@link MaxSimOptions}.
 * @returns `[nq, nd]` scores.
 * @throws ShapeMismatchError for wrong ranks, different dims, or masks of the wrong shape.
 * @throws InvalidArgumentError for empty inputs, mask entries other than 0/1, a query or document with
 *   every token masked, or NaN inputs.
 * @example
 * const scores = maxSim(queryTokens, docTokens, { docMask }); // [nq, nd]
 */
export function maxSim(queryTokens: TensorInput, docTokens: TensorInput, options: MaxSimOptions = {}): tf.Tensor2D {
  assertKnownOptions('options', options, MAX_SIM_OPTIONS);
  const validate = parseValidate(options.validate);
  return tf.tidy('maxSim', () => {
    const q = toFloatTensor(queryTokens, 'queryTokens', 3) as tf.Tensor3D;
    const d = toFloatTensor(docTokens, 'docTokens', 3) as tf.Tensor3D;
    assertNonEmpty(q, 'queryTokens');
    assertNonEmpty(d, 'docTokens');
    const [nq, tq, dim] = q.shape;
    const [nd, td] = d.shape;
    if (d.shape[2] !== dim) {
      throw new ShapeMismatchError({ parameter: 'docTokens', expected: [-1, -1, dim], actual: d.shape, message: 'token dimension must match queryTokens' });
    }
    const qm = options.queryMask === undefined ? undefined : checkMask(options.queryMask, 'options.queryMask', nq, tq, validate);
    const dm = options.docMask === undefined ? undefined : checkMask(options.docMask, 'options.docMask', nd, td, validate);
    let s = tf.reshape(tf.matMul(tf.reshape(q, [nq * tq, dim]), tf.reshape(d, [nd * td, dim]), false, true), [nq, tq, nd, td]);
    if (dm !== undefined) {
      const m = tf.reshape(dm, [1, 1, nd, td]);
      s = tf.add(tf.mul(s, m), tf.mul(tf.sub(1, m), MASKED_SCORE));
    }
    let best = tf.max(s, 3); // [nq, tq, nd]
    if (qm !== undefined) best = tf.mul(best, tf.reshape(qm, [nq, tq, 1]));
    const scores = tf.sum(best, 1) as tf.Tensor2D;
    if (validate) assertFiniteResult(scores, { queryTokens: q, docTokens: d });
    return scores;
  });
}

function checkMask(mask: TensorInput, parameter: string, rows: number, cols: number, validate: boolean): tf.Tensor2D {
  const m = toFloatTensor(mask, parameter, 2) as tf.Tensor2D;
  assertShape(m, [rows, cols], parameter);
  if (!validate) return m;
  const stats = tf.tidy(() => {
    const binary = tf.logicalOr(tf.equal(m, 0), tf.equal(m, 1));
    return tf.stack([tf.min(tf.cast(binary, 'float32')), tf.min(tf.sum(m, 1)), tf.cast(tf.argMin(tf.sum(m, 1)), 'float32')]);
  });
  const [allBinary, minRow, row] = stats.dataSync();
  stats.dispose();
  if (allBinary !== 1) throw new InvalidArgumentError({ parameter, value: mask, message: `${parameter} entries must be 0 or 1` });
  if (!(minRow! > 0)) {
    throw new InvalidArgumentError({ parameter, value: row, message: `${parameter} row ${row} masks every token; each sequence needs at least one token` });
  }
  return m;
}
