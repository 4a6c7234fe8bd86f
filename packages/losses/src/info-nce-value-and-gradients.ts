import * as tf from '@tensorflow/tfjs-core';
import { assertKnownOptions, assertOneOf, assertPositive } from '@limit/core';
import { contrastiveKernel } from './internal/contrastive-kernel.js';
import { assertSameDim, parseBoolean, parseTemperature } from './internal/info-nce-checks.js';
import { assertFiniteResult, assertNonEmpty, assertShape, toFloatTensor, type TensorInput } from './internal/tensor-input.js';

/** Options of {@link infoNceValueAndGradients}. */
export interface InfoNceValueAndGradientsOptions {
  /** Softmax temperature T > 0 (default 0.1). scale = 1/T: scale 20 = temperature 0.05. */
  temperature?: number;
  /**
   * The loss is divided by this (default: the total relevance of this call, Σ relevance). When a trainer
   * splits the queries into blocks it passes the total number of relevant pairs over all blocks, so that
   * block losses and block gradients simply add up to the full-batch ones.
   */
  normalizer?: number;
  /**
   * Which implementation computes the result: `'js'` reads the inputs to the host and runs one fused
   * float64 loop that never materialises a `[b, n]` matrix (several times faster than tfjs ops on the `cpu`
   * backend, whose broadcasting kernels are slow); `'tensor'` uses tfjs ops only (3 matrix products and a
   * handful of elementwise passes; fastest on `wasm` and the GPU backends). `'auto'` (default) picks `'js'`
   * on cpu and `'tensor'` elsewhere — see the package README for measurements.
   */
  kernel?: 'auto' | 'js' | 'tensor';
  /**
   * Read the loss back and, when it is NaN/Infinity, name the input that holds NaN/Infinity (default true).
   * On the tensor kernel this is one device→host read of a scalar per call.
   */
  checkFinite?: boolean;
  /** The name the other losses use for the same check: `validate: false` = `checkFinite: false`. */
  validate?: boolean;
}

const VALUE_AND_GRADIENTS_OPTIONS = ['temperature', 'normalizer', 'kernel', 'checkFinite', 'validate'] as const;

/** Result of {@link infoNceValueAndGradients}. */
export interface InfoNceValueAndGradients {
  /** The (block's share of the) loss, a scalar. */
  loss: tf.Scalar;
  /** dLoss/dQueries, `[b, d]`. */
  queryGradient: tf.Tensor2D;
  /** dLoss/dCandidates, `[n, d]`. */
  candidateGradient: tf.Tensor2D;
}

/**
 * The multi-positive InfoNCE loss and its gradients with respect to both embedding matrices, computed
 * analytically — no autodiff and no gradient registry, so it runs in plain Node on any backend. This is
 * LIMIT's free-embedding objective, made to be called per block of queries.
 *
 * **Formula.** With logits `L = Q·Cᵀ / T`, softmax rows `p_i = softmax(L_i)`, relevance `r` and
 * `P_i = Σ_j r_ij`:
 * - `loss = −(1/N) Σ_{i,j} r_ij · log p_ij = (1/N) Σ_i [P_i · logsumexp(L_i) − Σ_j r_ij L_ij]`
 * - `G = P_i·p_i − r_i` (per row; dLoss/dL = G/N)
 * - `dLoss/dQ = G·C / (N·T)`, `dLoss/dC = Gᵀ·Q / (N·T)`
 *
 * where N = `normalizer`. With N = the total number of relevant pairs this is exactly the LIMIT loss
 * −(1/P)·Σ_{relevant pairs} log softmax (arXiv:2508.21038), and it equals {@link infoNce} with reduction
 * 'mean' whenever every query has the same number of positives. Rows without positives contribute 0.
 * sentence-transformers' name for the one-positive case is `MultipleNegativesRankingLoss`
 * (scale = 1/temperature: scale 20 = temperature 0.05).
 *
 * **Inputs.** `queries` `[b, d]` (a block of query embeddings), `candidates` `[n, d]` (all documents),
 * `relevance` `[b, n]` (row i marks query i's positives with 1).
 *
 * **References.** van den Oord et al., arXiv:1807.03748; Weller et al., LIMIT, arXiv:2508.21038.
 *
 * **Relations.** The same loss as {@link infoNce} (which differentiates through `tf.grad`); this one
 * returns the gradients directly, so block results add up (what `@limit/trainer` uses) and no gradient
 * registry is needed.
 *
 * @param queries - `[b, d]`, one query embedding per row (a block of the queries).
 * @param candidates - `[n, d]`, every candidate (document) embedding.
 * @param relevance - `[b, n]`, 1 where candidate j is relevant to query i, else 0 (non-negative weights
 *   are allowed).
 * @param options - see {@link InfoNceValueAndGradientsOptions}.
 * @returns `{ loss, queryGradient, candidateGradient }`, new tensors owned by the caller.
 * @throws ShapeMismatchError for wrong ranks or mismatched shapes.
 * @throws InvalidArgumentError for temperature ≤ 0, normalizer ≤ 0, an empty batch, an unknown kernel,
 *   or NaN/Infinity in an input (detected from a non-finite loss).
 * @example
 * let loss = 0;
 * for (const block of blocks) {
 *   const r = infoNceValueAndGradients(block.queries, documents, block.relevance, { temperature: 0.1, normalizer: totalPairs });
 *   // ...accumulate r.queryGradient / r.candidateGradient, then dispose them
 * }
 */
export function infoNceValueAndGradients(
  queries: TensorInput,
  candidates: TensorInput,
  relevance: TensorInput,
  options: InfoNceValueAndGradientsOptions = {},
): InfoNceValueAndGradients {
  assertKnownOptions('options', options, VALUE_AND_GRADIENTS_OPTIONS, { scale: 'temperature = 1/scale: scale 20 is temperature 0.05' });
  const temperature = parseTemperature(options.temperature, 0.1);
  const normalizerOption = options.normalizer === undefined ? undefined : assertPositive('options.normalizer', options.normalizer);
  const kernelOption = options.kernel === undefined ? 'auto' : assertOneOf('options.kernel', options.kernel, ['auto', 'js', 'tensor']);
  const checkFinite = parseBoolean(options.checkFinite, true, 'options.checkFinite') && parseBoolean(options.validate, true, 'options.validate');
  const backend = tf.getBackend();
  const kernel = kernelOption === 'auto' ? (backend === 'cpu' ? 'js' : 'tensor') : kernelOption;
  return tf.tidy('infoNceValueAndGradients', () => {
    const q = toFloatTensor(queries, 'queries', 2) as tf.Tensor2D;
    const c = toFloatTensor(candidates, 'candidates', 2) as tf.Tensor2D;
    const r = toFloatTensor(relevance, 'relevance', 2) as tf.Tensor2D;
    assertNonEmpty(q, 'queries');
    assertNonEmpty(c, 'candidates');
    assertSameDim(q, c, 'queries', 'candidates');
    assertShape(r, [q.shape[0], c.shape[0]], 'relevance', `relevance must be [queries, candidates] = [${q.shape[0]}, ${c.shape[0]}]`);
    const result = contrastiveKernel(kernel, q, c, r, { temperature, normalizer: normalizerOption, rowNormalize: false, labelSmoothing: 0 });
    if (checkFinite) assertFiniteResult(result.loss, { queries: q, candidates: c, relevance: r });
    return result as unknown as Record<string, tf.Tensor>;
  }) as unknown as InfoNceValueAndGradients;
}
