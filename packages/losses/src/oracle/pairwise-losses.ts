import { cosine, reduce, similarityFunction, type Matrix } from './similarities.js';

type Reduction = 'mean' | 'sum' | 'none';
type Sim = 'dot' | 'cosine' | 'euclidean';

/**
 * Float64 reference for `tripletLoss`: max(0, dist(a, p) − dist(a, n) + margin).
 * @param anchor - `[b, d]`. @param positive - `[b, d]`. @param negative - `[b, d]`.
 * @param options - margin (5), distance ('euclidean'), reduction ('mean').
 * @example
 * tripletLoss([[0, 0]], [[3, 0]], [[1, 0]], { margin: 1 }); // 3
 */
export function tripletLoss(
  anchor: Matrix,
  positive: Matrix,
  negative: Matrix,
  options: { margin?: number; distance?: 'euclidean' | 'cosine' | 'manhattan'; reduction?: Reduction } = {},
): number | number[] {
  const margin = options.margin ?? 5;
  const distance = (a: readonly number[], b: readonly number[]): number => {
    switch (options.distance ?? 'euclidean') {
      case 'euclidean':
        return Math.sqrt(a.reduce((acc, v, k) => acc + (v - b[k]!) ** 2, 0) + 1e-12);
      case 'cosine':
        return 1 - cosine(a, b);
      case 'manhattan':
        return a.reduce((acc, v, k) => acc + Math.abs(v - b[k]!), 0);
    }
  };
  const values = anchor.map((a, i) => Math.max(0, distance(a, positive[i]!) - distance(a, negative[i]!) + margin));
  return reduce(values, options.reduction);
}

/**
 * Float64 reference for `hingeLoss`: max(0, margin − s(q, p) + s(q, n)).
 * @param queries - `[b, d]`. @param positives - `[b, d]`. @param negatives - `[b, d]`.
 * @param options - margin (1), similarity ('dot'), reduction ('mean').
 * @example
 * hingeLoss([[1, 0]], [[0.5, 0]], [[0.2, 0]]); // 0.7
 */
export function hingeLoss(
  queries: Matrix,
  positives: Matrix,
  negatives: Matrix,
  options: { margin?: number; similarity?: Sim; reduction?: Reduction } = {},
): number | number[] {
  const s = similarityFunction(options.similarity ?? 'dot');
  const margin = options.margin ?? 1;
  return reduce(
    queries.map((q, i) => Math.max(0, margin - s(q, positives[i]!) + s(q, negatives[i]!))),
    options.reduction,
  );
}

/** Stable log(1 + e^x). */
function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/**
 * Float64 reference for `logisticLoss`: softplus(scale·(s(q, n) − s(q, p))).
 * @param queries - `[b, d]`. @param positives - `[b, d]`. @param negatives - `[b, d]`.
 * @param options - scale (1), similarity ('dot'), reduction ('mean').
 * @example
 * logisticLoss([[1, 0]], [[1, 0]], [[1, 0]]); // ln 2
 */
export function logisticLoss(
  queries: Matrix,
  positives: Matrix,
  negatives: Matrix,
  options: { scale?: number; similarity?: Sim; reduction?: Reduction } = {},
): number | number[] {
  const s = similarityFunction(options.similarity ?? 'dot');
  const scale = options.scale ?? 1;
  return reduce(
    queries.map((q, i) => softplus(scale * (s(q, negatives[i]!) - s(q, positives[i]!)))),
    options.reduction,
  );
}

/**
 * Float64 reference for `marginMse`: (s(q, p) − s(q, n) − teacherMargin)².
 * @param queries - `[b, d]`. @param positives - `[b, d]`. @param negatives - `[b, d]`.
 * @param teacherMargins - `[b]`.
 * @param options - similarity ('dot'), reduction ('mean').
 * @example
 * marginMse([[1, 0]], [[2, 0]], [[1, 0]], [0.5]); // 0.25
 */
export function marginMse(
  queries: Matrix,
  positives: Matrix,
  negatives: Matrix,
  teacherMargins: readonly number[],
  options: { similarity?: Sim; reduction?: Reduction } = {},
): number | number[] {
  const s = similarityFunction(options.similarity ?? 'dot');
  return reduce(
    queries.map((q, i) => (s(q, positives[i]!) - s(q, negatives[i]!) - teacherMargins[i]!) ** 2),
    options.reduction,
  );
}
