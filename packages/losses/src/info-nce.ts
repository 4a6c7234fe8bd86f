import * as tf from '@tensorflow/tfjs-core';
import { assertKnownOptions, InvalidArgumentError } from '@limit/core';
import { rowCrossEntropy, rowCrossEntropyGradient } from './internal/contrastive.js';
import { contrastiveKernel } from './internal/contrastive-kernel.js';
import {
  assertSameDim,
  checkRelevance,
  parseBoolean,
  parseLabelSmoothing,
  parseTemperature,
} from './internal/info-nce-checks.js';
import { finishLoss, parseValidate } from './internal/finish.js';
import { tapeMark } from './internal/gradient-check.js';
import { l2NormalizeRows } from './internal/norms.js';
import { assertNonEmpty, assertShape, toFloatTensor, type TensorInput } from './internal/tensor-input.js';
import { parseReduction, type PerExampleReduction, type Reduction, type ScalarReduction } from './reduction.js';

/** Options of {@link infoNce}. */
export interface InfoNceOptions {
  /** Softmax temperature T > 0 (default 0.1, the LIMIT setting). scale = 1/T: scale 20 = temperature 0.05. */
  temperature?: number;
  /** Label smoothing ε in [0, 1): the target puts ε/n on every candidate (default 0). */
  labelSmoothing?: number;
  /**
   * Also add the candidate→query direction (softmax over queries for each candidate that is relevant to
   * at least one query) and average the two directions (default false). Needs reduction 'mean' or 'sum'.
   */
  symmetric?: boolean;
  /** 'mean' over queries (default), 'sum', or 'none' for the per-query vector `[q]`. */
  reduction?: Reduction;
  /**
   * Score function: 'dot' (default, as in LIMIT) or 'cosine' (rows L2-normalised first, as in
   * MultipleNegativesRankingLoss). The normalisation is differentiated by autodiff, so 'cosine' under
   * `tf.grad` needs registered gradients (see the README), while 'dot' with `fused` needs none.
   */
  similarity?: 'dot' | 'cosine';
  /**
   * Use the fused analytic gradient (`tf.customGrad`, default true): dL/dlogits = (P_i·softmax_i − r_i)/P_i per
   * row, then dQ = G·C/T and dC = Gᵀ·Q/T, computed together with the value by the same kernel as
   * {@link infoNceValueAndGradients} (a fused float64 loop on the cpu backend, tfjs ops elsewhere). Needs no
   * registered gradient for the dot-product path, so `tf.grad` works in plain Node. With false, the loss is
   * built from differentiable ops and autodiff computes the gradient (the reference).
   */
  fused?: boolean;
  /**
   * Check the inputs' values (default true): relevance entries ≥ 0 with a positive in every row, and a
   * finite result (naming the input that holds NaN/Infinity). Each check reads a few numbers back from
   * the device, which on webgl/webgpu stalls the pipeline once per training step; `false` skips both
   * (shapes are still checked — they need no read-back).
   */
  validate?: boolean;
}

const INFO_NCE_OPTIONS = ['temperature', 'labelSmoothing', 'symmetric', 'reduction', 'similarity', 'fused', 'validate'] as const;
const INFO_NCE_HINTS = { scale: 'temperature = 1/scale: scale 20 is temperature 0.05' };

/**
 * Multi-positive InfoNCE (contrastive cross-entropy with in-batch and hard negatives).
 *
 * **What it is.** Each query is scored against every candidate; the loss pushes the softmax mass onto its
 * relevant candidates. With `relevance` = identity (candidate i is the positive of query i) this is
 * in-batch-negatives InfoNCE, i.e. sentence-transformers' `MultipleNegativesRankingLoss`
 * (`CachedMultipleNegativesRankingLoss` is the same loss, memory-optimised); hard negatives are just extra
 * candidate rows that no query marks relevant. With several ones per row it is the multi-positive form that
 * LIMIT's free-embedding experiment optimises (there every query has k relevant documents among all n).
 *
 * **Formula.** logits `L = sim(Q, C) / T`. For query i with relevant set R_i (|R_i| = P_i):
 * `ℓ_i = −(1/P_i) Σ_{j∈R_i} log softmax(L_i)_j = logsumexp(L_i) − (1/P_i) Σ_{j∈R_i} L_ij`.
 * With label smoothing ε the target becomes `(1 − ε)·r_i/P_i + ε/n`. `reduction: 'mean'` returns
 * `(1/q) Σ_i ℓ_i`; LIMIT's −(1/P)·Σ_pairs log softmax equals it when every query has the same number of
 * positives (use {@link infoNceValueAndGradients} with `normalizer = P` for the pair-averaged form).
 * `symmetric` averages this with the same loss on `Lᵀ` (rows: candidates with ≥ 1 relevant query).
 *
 * **Inputs.** `queries` `[q, d]` (one query embedding per row), `candidates` `[n, d]` (every document the
 * queries are scored against: their positives, in-batch documents and hard negatives) and `relevance`
 * `[q, n]` (row i marks query i's positives with 1, or non-negative weights; every row needs one). For
 * (anchor, positive) pairs pass the positives as `candidates` and `tf.eye(q)` as `relevance`; for
 * (anchor, positive, negative) triplets pass `tf.concat([positives, negatives])` and
 * `tf.concat([tf.eye(q), tf.zeros([q, q])], 1)`.
 *
 * **Temperature vs scale.** sentence-transformers uses `scale` = 1/temperature: its default scale 20 is
 * temperature 0.05; LIMIT's temperature 0.1 is scale 10.
 *
 * **References.** van den Oord et al., CPC / InfoNCE, arXiv:1807.03748; Henderson et al., efficient natural
 * language response suggestion (multiple negatives ranking), arXiv:1705.00652; Khosla et al., supervised
 * contrastive learning (multi-positive), arXiv:2004.11362; Weller et al., LIMIT, arXiv:2508.21038.
 *
 * **Relations.** {@link infoNceValueAndGradients} is the same loss with analytic gradients and no autodiff
 * (what `@limit/trainer` uses); {@link maxSimInfoNce} is this loss on ColBERT MaxSim scores;
 * {@link logisticLoss} is the 2-candidate special case; {@link tripletLoss} / {@link hingeLoss} use one
 * negative per query instead of the whole batch; {@link matryoshka} wraps it for nested dimensions.
 *
 * @param queries - `[q, d]`, one query embedding per row.
 * @param candidates - `[n, d]`, one candidate (document) embedding per row: positives and negatives.
 * @param relevance - `[q, n]`, `relevance[i][j] = 1` when candidate j is relevant to query i, else 0
 *   (non-negative weights are allowed: each row is normalised by its sum). Every row needs a positive.
 * @param options - see {@link InfoNceOptions}.
 * @returns a `tf.Scalar` (reduction 'mean' / 'sum') or a `tf.Tensor1D` `[q]` (reduction 'none').
 * @throws ShapeMismatchError for wrong ranks, mismatched shapes or ragged nested arrays (naming the parameter).
 * @throws InvalidArgumentError for temperature ≤ 0, label smoothing outside [0, 1), an empty batch, a
 *   relevance row without positives, negative or NaN relevance, NaN/Infinity in the embeddings, or
 *   `symmetric` with reduction 'none', non-numeric entries, or an unknown option (`scale` names the
 *   conversion temperature = 1/scale).
 * @throws EngineStateError under `tf.grad` when an op the chosen path uses has no registered gradient
 *   (e.g. `similarity: 'cosine'` in plain Node with tfjs-core only); the message names the fix.
 * @example
 * optimizer.minimize(() => infoNce(q, d, tf.eye(4))); // a tf.Scalar: no cast needed
 * const loss = infoNce(queries, documents, relevance, { temperature: 0.05 }); // scale 20
 * const grads = tf.grads((q, d) => infoNce(q, d, relevance))([queries, documents]);
 */
export function infoNce(queries: TensorInput, candidates: TensorInput, relevance: TensorInput, options?: InfoNceOptions & ScalarReduction): tf.Scalar;
export function infoNce(queries: TensorInput, candidates: TensorInput, relevance: TensorInput, options: InfoNceOptions & PerExampleReduction): tf.Tensor1D;
export function infoNce(queries: TensorInput, candidates: TensorInput, relevance: TensorInput, options?: InfoNceOptions): tf.Scalar | tf.Tensor1D;
export function infoNce(
  queries: TensorInput,
  candidates: TensorInput,
  relevance: TensorInput,
  options: InfoNceOptions = {},
): tf.Scalar | tf.Tensor1D {
  assertKnownOptions('options', options, INFO_NCE_OPTIONS, INFO_NCE_HINTS);
  const validate = parseValidate(options.validate);
  const temperature = parseTemperature(options.temperature, 0.1);
  const labelSmoothing = parseLabelSmoothing(options.labelSmoothing);
  const symmetric = parseBoolean(options.symmetric, false, 'options.symmetric');
  const fused = parseBoolean(options.fused, true, 'options.fused');
  const reduction = parseReduction(options.reduction);
  const similarity = options.similarity ?? 'dot';
  if (similarity !== 'dot' && similarity !== 'cosine') {
    throw new InvalidArgumentError({ parameter: 'options.similarity', value: similarity, message: `options.similarity must be "dot" or "cosine"` });
  }
  if (symmetric && reduction === 'none') {
    throw new InvalidArgumentError({
      parameter: 'options.reduction',
      value: reduction,
      message: `reduction "none" is not defined for symmetric InfoNCE (the two directions have different lengths)`,
    });
  }
  const mark = tapeMark();
  return tf.tidy('infoNce', () => {
    const q0 = toFloatTensor(queries, 'queries', 2) as tf.Tensor2D;
    const c0 = toFloatTensor(candidates, 'candidates', 2) as tf.Tensor2D;
    const r = toFloatTensor(relevance, 'relevance', 2) as tf.Tensor2D;
    assertNonEmpty(q0, 'queries');
    assertNonEmpty(c0, 'candidates');
    assertSameDim(q0, c0, 'queries', 'candidates');
    if (validate) checkRelevance(r, q0.shape[0], c0.shape[0]);
    else assertShape(r, [q0.shape[0], c0.shape[0]], 'relevance', `relevance must be [queries, candidates] = [${q0.shape[0]}, ${c0.shape[0]}]`);
    const q = similarity === 'cosine' ? l2NormalizeRows(q0) : q0;
    const c = similarity === 'cosine' ? l2NormalizeRows(c0) : c0;
    const settings = { temperature, labelSmoothing, symmetric, reduction };
    const value = !fused
      ? autodiffInfoNce(q, c, r, settings)
      : reduction === 'none'
        ? perQueryFusedInfoNce(q, c, r, settings)
        : kernelInfoNce(q, c, r, settings);
    return finishLoss('infoNce', value as tf.Scalar | tf.Tensor1D, mark, validate, { queries: q0, candidates: c0 }, [queries, candidates]);
  });
}

interface Settings {
  temperature: number;
  labelSmoothing: number;
  symmetric: boolean;
  reduction: Reduction;
}

/** Reference path: differentiable ops only; autodiff gives the gradient. */
function autodiffInfoNce(q: tf.Tensor2D, c: tf.Tensor2D, r: tf.Tensor2D, s: Settings): tf.Tensor {
  const logits = tf.div(tf.matMul(q, c, false, true), s.temperature) as tf.Tensor2D;
  const forward = rowCrossEntropy(logits, r, s.labelSmoothing).perRow;
  if (s.reduction === 'none') return forward;
  const reduce = (v: tf.Tensor1D, count: tf.Tensor | number) => (s.reduction === 'sum' ? tf.sum(v) : tf.div(tf.sum(v), count));
  const f = reduce(forward, q.shape[0]);
  if (!s.symmetric) return f;
  const backward = rowCrossEntropy(tf.transpose(logits), tf.transpose(r), s.labelSmoothing);
  return tf.mul(0.5, tf.add(f, reduce(backward.perRow, tf.sum(backward.valid))));
}

/**
 * Fused path for scalar reductions: the InfoNCE kernel (see infoNceValueAndGradients) computes the value
 * and dL/dQ, dL/dC in one go — row-normalised targets give the per-query mean — and `tf.customGrad` hands
 * them (times dy) to autodiff.
 */
function kernelInfoNce(q: tf.Tensor2D, c: tf.Tensor2D, r: tf.Tensor2D, s: Settings): tf.Tensor {
  const kernel = tf.getBackend() === 'cpu' ? 'js' : 'tensor';
  const f = tf.customGrad(((qIn: tf.Tensor, cIn: tf.Tensor, save: tf.GradSaveFunc) => {
    const qt = qIn as tf.Tensor2D;
    const ct = cIn as tf.Tensor2D;
    const half = s.symmetric ? 0.5 : 1;
    const common = { temperature: s.temperature, rowNormalize: true, labelSmoothing: s.labelSmoothing };
    const fwd = contrastiveKernel(kernel, qt, ct, r, { ...common, normalizer: (s.reduction === 'sum' ? 1 : qt.shape[0]) / half });
    let value: tf.Tensor = fwd.loss;
    let gq: tf.Tensor = fwd.queryGradient;
    let gc: tf.Tensor = fwd.candidateGradient;
    if (s.symmetric) {
      const rt = tf.transpose(r);
      const validCandidates = s.reduction === 'sum' ? 1 : countPositiveRows(rt);
      const bwd = contrastiveKernel(kernel, ct, qt, rt, { ...common, normalizer: validCandidates / half });
      value = tf.add(value, bwd.loss);
      gq = tf.add(gq, bwd.candidateGradient);
      gc = tf.add(gc, bwd.queryGradient);
    }
    save([gq, gc]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.mul(saved[0]!, dy), tf.mul(saved[1]!, dy)],
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(q, c);
}

function countPositiveRows(r: tf.Tensor2D): number {
  const count = tf.tidy(() => tf.sum(tf.cast(tf.greater(tf.sum(r, 1), 0), 'float32')));
  const value = count.dataSync()[0]!;
  count.dispose();
  return value;
}

/** Fused path for reduction 'none': analytic dL/dlogits per row through `tf.customGrad`. */
function perQueryFusedInfoNce(q: tf.Tensor2D, c: tf.Tensor2D, r: tf.Tensor2D, s: Settings): tf.Tensor {
  const nq = q.shape[0];
  const f = tf.customGrad(((qIn: tf.Tensor, cIn: tf.Tensor, save: tf.GradSaveFunc) => {
    const qt = qIn as tf.Tensor2D;
    const ct = cIn as tf.Tensor2D;
    const logits = tf.div(tf.matMul(qt, ct, false, true), s.temperature) as tf.Tensor2D;
    const fwd = rowCrossEntropy(logits, r, s.labelSmoothing);
    let value: tf.Tensor;
    // gradLogits: dL/dlogits for upstream dy = 1 (scalar reductions) or per-row dy = 1 ('none').
    let gradLogits: tf.Tensor2D;
    if (s.reduction === 'none') {
      value = fwd.perRow;
      gradLogits = rowCrossEntropyGradient(logits, fwd.targets, fwd.valid, tf.scalar(1));
    } else {
      const wf = s.reduction === 'sum' ? 1 : 1 / nq;
      const half = s.symmetric ? 0.5 : 1;
      value = tf.mul(tf.sum(fwd.perRow), wf * half);
      gradLogits = rowCrossEntropyGradient(logits, fwd.targets, fwd.valid, tf.scalar(wf * half));
      if (s.symmetric) {
        const lt = tf.transpose(logits);
        const bwd = rowCrossEntropy(lt, tf.transpose(r), s.labelSmoothing);
        const validCount = tf.sum(bwd.valid);
        const wb = s.reduction === 'sum' ? tf.scalar(0.5) : tf.div(0.5, validCount);
        value = tf.add(value, tf.mul(tf.sum(bwd.perRow), wb));
        gradLogits = tf.add(gradLogits, tf.transpose(rowCrossEntropyGradient(lt, bwd.targets, bwd.valid, wb)));
      }
    }
    save([qt, ct, gradLogits]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sq, sc, g0] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        // Fold dy and 1/T into the small [·, d] operands where possible.
        const g = dy.rank === 0 ? g0 : tf.mul(g0, tf.reshape(dy, [-1, 1]));
        const scale = dy.rank === 0 ? tf.div(dy, s.temperature) : tf.scalar(1 / s.temperature);
        return [tf.mul(tf.matMul(g, sc), scale), tf.mul(tf.matMul(g, sq, true, false), scale)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(q, c);
}
