import * as tf from '@tensorflow/tfjs-core';
import { assertFiniteNumber, assertInteger, assertKnownOptions, InvalidArgumentError, ShapeMismatchError } from '@limit/core';
import { l2NormalizeRows } from './internal/norms.js';

/** Options of {@link matryoshka}. */
export interface MatryoshkaOptions {
  /** Weight of each prefix's loss, aligned with `dims` (default: all 1). */
  weights?: readonly number[];
  /** L2-normalise each truncated embedding before the inner loss (default false). */
  renormalize?: boolean;
}

/**
 * Matryoshka representation learning: wraps a loss so that it is evaluated on nested prefixes of the
 * embedding dimensions and summed with weights, training every prefix to be a usable embedding.
 *
 * **What it is.** sentence-transformers' `MatryoshkaLoss` (and, with `renormalize`, the usual practice
 * for cosine models). The wrapped function receives every argument truncated to its first `dim` entries
 * along the last axis (works for `[b, d]` embeddings and `[n, t, d]` token embeddings); bind non-embedding
 * arguments (relevance, teacher margins, options) in a closure.
 *
 * **Formula.** `L(x₁, …, x_k) = Σ_m w_m · loss(x₁[…, :dims_m], …, x_k[…, :dims_m])`.
 *
 * **Inputs.** `loss`, any function of embedding tensors returning a scalar; `dims`, the prefix sizes. The
 * returned function takes the same embedding tensors (`[b, d]` or `[n, t, d]`) as `loss`.
 *
 * **References.** Kusupati et al., Matryoshka Representation Learning, arXiv:2205.13147.
 *
 * **Relations.** A wrapper, not a loss: it composes with {@link infoNce} (the usual choice, as
 * `MatryoshkaLoss(MultipleNegativesRankingLoss)`), {@link tripletLoss}, {@link marginMse} or any other
 * scalar loss. sentence-transformers' `Matryoshka2dLoss` additionally truncates layers, which needs the model.
 *
 * @param loss - a function of embedding tensors returning a scalar (use reduction 'mean' or 'sum').
 * @param dims - prefix sizes, each a positive integer ≤ the embedding dimension (e.g. `[768, 512, 256, 128, 64]`).
 * @param options - weights and renormalisation, see {@link MatryoshkaOptions}.
 * @returns the wrapped loss, with the same embedding arguments, returning a scalar.
 * @throws InvalidArgumentError for empty/non-integer dims, weights of the wrong length or non-finite,
 *   (when called) a dim larger than an input's last axis, or an inner loss that is not a scalar.
 * @example
 * const loss = matryoshka((q, d) => infoNce(q, d, relevance, { temperature: 0.05 }), [64, 32, 16]);
 * const value = loss(queries, documents);
 */
export function matryoshka(
  loss: (...embeddings: tf.Tensor[]) => tf.Tensor,
  dims: readonly number[],
  options: MatryoshkaOptions = {},
): (...embeddings: tf.Tensor[]) => tf.Scalar {
  assertKnownOptions('options', options, ['weights', 'renormalize']);
  if (typeof loss !== 'function') throw new InvalidArgumentError({ parameter: 'loss', value: loss, message: 'loss must be a function' });
  if (!Array.isArray(dims) || dims.length === 0) {
    throw new InvalidArgumentError({ parameter: 'dims', value: dims, message: 'dims must be a non-empty array of prefix sizes' });
  }
  dims.forEach((d, i) => assertInteger(`dims[${i}]`, d, { min: 1 }));
  const weights = options.weights ?? dims.map(() => 1);
  if (weights.length !== dims.length) {
    throw new InvalidArgumentError({ parameter: 'options.weights', value: weights, message: `options.weights must have one weight per dim (${dims.length}), got ${weights.length}` });
  }
  weights.forEach((w, i) => assertFiniteNumber(`options.weights[${i}]`, w));
  const renormalize = options.renormalize ?? false;
  return (...embeddings: tf.Tensor[]) =>
    tf.tidy('matryoshka', () => {
      embeddings.forEach((e, i) => {
        if (!(e instanceof tf.Tensor) || e.rank < 1) {
          throw new ShapeMismatchError({ parameter: `embeddings[${i}]`, expected: [-1, -1], actual: e instanceof tf.Tensor ? e.shape : [], message: 'every argument must be an embedding tensor' });
        }
      });
      let total: tf.Tensor = tf.scalar(0);
      dims.forEach((dim, m) => {
        const truncated = embeddings.map((e, i) => {
          const full = e.shape[e.rank - 1]!;
          if (dim > full) {
            throw new InvalidArgumentError({ parameter: `dims[${m}]`, value: dim, message: `dims[${m}] (${dim}) exceeds the embedding dimension ${full} of argument ${i}` });
          }
          const size = e.shape.slice();
          size[e.rank - 1] = dim;
          const t = dim === full ? e : tf.slice(e, new Array<number>(e.rank).fill(0), size);
          return renormalize ? l2NormalizeRows(t) : t;
        });
        const value = loss(...truncated);
        if (!(value instanceof tf.Tensor) || value.rank !== 0) {
          throw new InvalidArgumentError({ parameter: 'loss', value, message: 'the wrapped loss must return a scalar tensor (use reduction "mean" or "sum")' });
        }
        total = tf.add(total, tf.mul(value, weights[m]!));
      });
      return total as tf.Scalar;
    });
}
