import { InvalidArgumentError } from '@limit/core';
import { cosine, dot, reduce, type Matrix } from './similarities.js';

/** Row-wise log-softmax, computed the textbook way in float64. */
function logSoftmax(row: readonly number[]): number[] {
  const max = Math.max(...row);
  const lse = max + Math.log(row.reduce((acc, v) => acc + Math.exp(v - max), 0));
  return row.map((v) => v - lse);
}

/** Per-row soft-target cross-entropy; `null` for rows without positives. */
function rowLosses(logits: number[][], relevance: Matrix, labelSmoothing: number): (number | null)[] {
  return logits.map((row, i) => {
    const r = relevance[i]!;
    const p = r.reduce((acc, v) => acc + v, 0);
    if (p === 0) return null;
    const ls = logSoftmax(row);
    let loss = 0;
    for (let j = 0; j < row.length; j++) {
      const target = (1 - labelSmoothing) * (r[j]! / p) + labelSmoothing / row.length;
      loss -= target * ls[j]!;
    }
    return loss;
  });
}

/**
 * Float64 reference for `infoNce`: per query, the mean over its relevant candidates of −log softmax over all
 * candidates (soft targets with label smoothing), optionally averaged with the candidate→query direction.
 *
 * @param queries - `[q, d]` query embeddings.
 * @param candidates - `[n, d]` candidate embeddings.
 * @param relevance - `[q, n]` 0/1 (or non-negative) relevance.
 * @param options - as `infoNce` (temperature 0.1, labelSmoothing 0, symmetric false, reduction 'mean', similarity 'dot').
 * @returns the reduced loss, or the per-query array for reduction 'none'.
 * @throws Error when a query has no positive.
 * @example
 * infoNce([[1, 0]], [[1, 0], [0, 1]], [[1, 0]], { temperature: 1 }); // log(1 + e^-1) ≈ 0.3133
 */
export function infoNce(
  queries: Matrix,
  candidates: Matrix,
  relevance: Matrix,
  options: {
    temperature?: number;
    labelSmoothing?: number;
    symmetric?: boolean;
    reduction?: 'mean' | 'sum' | 'none';
    similarity?: 'dot' | 'cosine';
  } = {},
): number | number[] {
  const t = options.temperature ?? 0.1;
  const eps = options.labelSmoothing ?? 0;
  const sim = options.similarity === 'cosine' ? cosine : dot;
  const logits = queries.map((q) => candidates.map((c) => sim(q, c) / t));
  const forward = rowLosses(logits, relevance, eps);
  const missing = forward.findIndex((v) => v === null);
  if (missing >= 0) {
    throw new InvalidArgumentError({
      parameter: 'relevance',
      value: missing,
      message: `oracle infoNce: query ${missing} has no relevant candidate`,
    });
  }
  const f = reduce(forward as number[], options.reduction ?? 'mean');
  if (!options.symmetric) return f;
  const transposed = candidates.map((_, j) => queries.map((__, i) => logits[i]![j]!));
  const relT = candidates.map((_, j) => queries.map((__, i) => relevance[i]![j]!));
  const backward = rowLosses(transposed, relT, eps).filter((v): v is number => v !== null);
  return 0.5 * ((f as number) + (reduce(backward, options.reduction ?? 'mean') as number));
}

/**
 * Float64 reference for `infoNceValueAndGradients`: the loss −(1/N)·Σ_{i,j} r_ij log softmax_j(Q·Cᵀ/T)_i and
 * its gradients, accumulated entry by entry from dL/dL_ij = (P_i·p_ij − r_ij)/N.
 *
 * @param queries - `[b, d]`.
 * @param candidates - `[n, d]`.
 * @param relevance - `[b, n]`.
 * @param options - temperature (0.1) and normalizer N (default Σ relevance).
 * @returns `{ loss, queryGradient [b][d], candidateGradient [n][d] }`.
 * @example
 * infoNceValueAndGradients([[1, 0]], [[1, 0], [0, 1]], [[1, 0]], { temperature: 1 }).loss; // ≈ 0.3133
 */
export function infoNceValueAndGradients(
  queries: Matrix,
  candidates: Matrix,
  relevance: Matrix,
  options: { temperature?: number; normalizer?: number } = {},
): { loss: number; queryGradient: number[][]; candidateGradient: number[][] } {
  const t = options.temperature ?? 0.1;
  const total = relevance.reduce((acc, row) => acc + row.reduce((a, v) => a + v, 0), 0);
  const n = options.normalizer ?? total;
  const d = queries[0]!.length;
  const queryGradient = queries.map(() => new Array<number>(d).fill(0));
  const candidateGradient = candidates.map(() => new Array<number>(d).fill(0));
  let loss = 0;
  queries.forEach((q, i) => {
    const ls = logSoftmax(candidates.map((c) => dot(q, c) / t));
    const r = relevance[i]!;
    const p = r.reduce((acc, v) => acc + v, 0);
    candidates.forEach((c, j) => {
      loss -= (r[j]! * ls[j]!) / n;
      const g = (p * Math.exp(ls[j]!) - r[j]!) / n; // dL/dlogit_ij
      for (let k = 0; k < d; k++) {
        queryGradient[i]![k]! += (g * c[k]!) / t;
        candidateGradient[j]![k]! += (g * q[k]!) / t;
      }
    });
  });
  return { loss, queryGradient, candidateGradient };
}
