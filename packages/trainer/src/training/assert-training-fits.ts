import { MAX_ARRAY_ELEMENTS, assertAllocationFits, memoryBudget } from '@limit/core';
import { logBinomial } from '@limit/matrix';

/** The size of a free-embedding training run for {@link assertTrainingFits}. */
export interface TrainingSize {
  readonly n: number;
  readonly d: number;
  /** Relevant documents per query (for the default qrels: q = C(n, k) queries). */
  readonly k: number;
  /** Queries trained on, when not C(n, k) (a `qLimit` subset or explicit qrels). */
  readonly numQueries?: number;
  /** 8 for float64 runs; default 4. */
  readonly bytesPerFloat?: number;
}

/** Parameter names to blame, e.g. the CLI's flags. */
export interface TrainingSizeNames {
  /** Named when the dimension makes it too large. Default `d`. */
  readonly d?: string;
  /** Named when the number of queries (from n and k) makes it too large. Default `n`. */
  readonly n?: string;
}

/**
 * Refuses, before anything is allocated, a free-embedding training run that cannot fit: the engines hold the
 * q × d query and n × d document embeddings with their gradients and Adam moments (≈ 4 copies), plus two
 * ping-pong optimiser-state buffers of q × 3d floats (onnx engine). The run is refused when one buffer would
 * exceed 2³² − 1 elements or the total would exceed half of this machine's memory (`memoryBudget`). What
 * {@link trainFreeEmbeddings} and `runCriticalNExperiment` check first, and the CLI before its flags turn into
 * work.
 *
 *   bytes ≈ bytesPerFloat · (2 · q · 3d + 4 · (q + n) · d),   q = C(n, k)
 *
 * @param size - `{ n, d, k, numQueries?, bytesPerFloat? }`.
 * @param names - parameter names for the error (`{ d: '--d' }` in the CLI).
 * @throws InvalidArgumentError naming the dimension's parameter (or n's, when the queries alone are too many),
 *   with the bytes needed and the limit exceeded.
 * @example
 * ```ts
 * assertTrainingFits({ n: 3, d: 1e9, k: 2 }); // throws: … one optimiser buffer of q × 3d = 9.00e+9 elements exceeds …
 * ```
 */
export function assertTrainingFits(size: TrainingSize, names: TrainingSizeNames = {}): void {
  const { n, d, k } = size;
  const q = size.numQueries ?? Math.exp(logBinomial(n, k));
  const float = size.bytesPerFloat ?? 4;
  const bytesAt = (dim: number) => float * (2 * q * 3 * dim + 4 * (q + n) * dim);
  const queries = q < 1e15 ? Math.round(q).toLocaleString('en-US') : q.toExponential(3);
  const what = `training n = ${n}, d = ${d}, k = ${k} (q = ${size.numQueries !== undefined ? '' : 'C(n, k) ≈ '}${queries} queries)`;
  // blame the number of queries (n) when even d = 1 would not fit, else the dimension
  const budget = memoryBudget().budgetBytes;
  const fitsAt = (dim: number) => q * 3 * dim <= MAX_ARRAY_ELEMENTS && (budget === undefined || bytesAt(dim) <= budget);
  const [parameter, value] = fitsAt(1) ? [names.d ?? 'd', d] : [names.n ?? 'n', n];
  assertAllocationFits(parameter, value, {
    what: `${parameter} ${value}: ${what}`,
    bytes: bytesAt(d),
    largest: { elements: q * 3 * d, what: 'one optimiser buffer of q × 3d' },
  });
}
