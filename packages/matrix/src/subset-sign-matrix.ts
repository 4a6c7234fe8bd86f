import { CombinatorialOverflowError, assertInteger, InvalidArgumentError } from '@limit/core';
import type { DenseMatrix } from '@limit/core';
import { binomial } from '@limit/combinatorics';

/** Largest matrix (entries) {@link subsetSignMatrix} will build. */
const MAX_ENTRIES = 2 ** 30;

/**
 * The sign matrix 2A − 1 of the "all k-subsets of n documents" qrel matrix A: one row per k-subset
 * (lexicographic order, as `itertools.combinations`), one column per document; +1 where the
 * document is relevant to the query, −1 elsewhere. Shape C(n, k) × n.
 *
 * @param n documents, an integer ≥ 1.
 * @param k relevant documents per query, 1 ≤ k ≤ n.
 * @param type element type (default float32, the boundary convention).
 * @throws InvalidArgumentError for bad n or k.
 * @throws CombinatorialOverflowError when C(n, k) · n exceeds 2^30 entries.
 * @example
 * subsetSignMatrix(3, 2); // rows [+1 +1 −1], [+1 −1 +1], [−1 +1 +1]
 */
export function subsetSignMatrix(n: number, k: number, type?: 'float32'): DenseMatrix<Float32Array>;
export function subsetSignMatrix(n: number, k: number, type: 'float64'): DenseMatrix<Float64Array>;
export function subsetSignMatrix(n: number, k: number, type: 'float32' | 'float64' = 'float32'): DenseMatrix<Float32Array | Float64Array> {
  assertInteger('n', n, { min: 1 });
  assertInteger('k', k, { min: 1 });
  if (k > n) throw new InvalidArgumentError({ parameter: 'k', value: k, message: `k (${k}) must be ≤ n (${n})` });
  const q = binomial(n, k);
  if (q * BigInt(n) > BigInt(MAX_ENTRIES)) {
    throw new CombinatorialOverflowError({ message: `the sign matrix of all ${k}-subsets of ${n} documents has C(${n}, ${k}) · ${n} = ${q * BigInt(n)} entries (limit 2^30)`, exact: q });
  }
  const rows = Number(q);
  const data = type === 'float64' ? new Float64Array(rows * n) : new Float32Array(rows * n);
  data.fill(-1);
  const c = Array.from({ length: k }, (_, i) => i);
  for (let r = 0; r < rows; r++) {
    for (const j of c) data[r * n + j] = 1;
    // next combination in lexicographic order
    let i = k - 1;
    while (i >= 0 && c[i] === n - k + i) i--;
    if (i < 0) break;
    c[i]!++;
    for (let j = i + 1; j < k; j++) c[j] = c[j - 1]! + 1;
  }
  return { rows, cols: n, data };
}
