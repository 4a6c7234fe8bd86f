import { dot, reduce, type Matrix } from './similarities.js';

/** Token embeddings `[n, t, dim]` as nested arrays. */
export type Tokens = readonly Matrix[];

/**
 * Float64 reference for `maxSim`: for every (query, doc), the sum over unmasked query tokens of the max dot
 * product over unmasked doc tokens. Masked tokens are skipped outright.
 * @param queryTokens - `[nq][tq][dim]`. @param docTokens - `[nd][td][dim]`.
 * @param options - optional 0/1 masks `[nq][tq]` and `[nd][td]`.
 * @returns `[nq][nd]` scores.
 * @example
 * maxSim([[[1, 0], [0, 1]]], [[[2, 0], [0, 3], [1, 1]]]); // [[5]]
 */
export function maxSim(queryTokens: Tokens, docTokens: Tokens, options: { queryMask?: Matrix; docMask?: Matrix } = {}): number[][] {
  return queryTokens.map((q, a) =>
    docTokens.map((doc, b) => {
      let score = 0;
      q.forEach((qt, i) => {
        if (options.queryMask && options.queryMask[a]![i] === 0) return;
        let best = -Infinity;
        doc.forEach((dt, j) => {
          if (options.docMask && options.docMask[b]![j] === 0) return;
          best = Math.max(best, dot(qt, dt));
        });
        score += best;
      });
      return score;
    }),
  );
}

/**
 * Float64 reference for `maxSimInfoNce`: multi-positive InfoNCE over MaxSim scores / temperature (default 1).
 * @param queryTokens - `[nq][tq][dim]`. @param docTokens - `[nd][td][dim]`. @param relevance - `[nq][nd]`.
 * @param options - masks, temperature, labelSmoothing, reduction.
 * @example
 * maxSimInfoNce([[[1, 0]]], [[[2, 0]], [[0, 1]]], [[1, 0]]); // log(1 + e^-2)
 */
export function maxSimInfoNce(
  queryTokens: Tokens,
  docTokens: Tokens,
  relevance: Matrix,
  options: { queryMask?: Matrix; docMask?: Matrix; temperature?: number; labelSmoothing?: number; reduction?: 'mean' | 'sum' | 'none' } = {},
): number | number[] {
  const t = options.temperature ?? 1;
  const eps = options.labelSmoothing ?? 0;
  const scores = maxSim(queryTokens, docTokens, options);
  const values = scores.map((row, a) => {
    const logits = row.map((v) => v / t);
    const max = Math.max(...logits);
    const lse = max + Math.log(logits.reduce((acc, v) => acc + Math.exp(v - max), 0));
    const r = relevance[a]!;
    const p = r.reduce((acc, v) => acc + v, 0);
    return logits.reduce((acc, l, b) => acc - ((1 - eps) * (r[b]! / p) + eps / logits.length) * (l - lse), 0);
  });
  return reduce(values, options.reduction);
}
