import * as tf from '@tensorflow/tfjs-core';
import { assertInteger, CombinatorialOverflowError, InvalidArgumentError } from '@limit/core';
import { binomial } from '@limit/combinatorics';
import type { LinearOperator } from './linear-operator.js';

/**
 * The sign matrix M = 2A − 1 of "all k-subsets of n documents" (rows: k-subsets in lexicographic
 * order; +1 for relevant documents, −1 otherwise) as a {@link LinearOperator} on tfjs tensors,
 * using O(C(n, k) · k) memory instead of C(n, k) · n:
 *
 *   (M X)_S = 2 Σ_{i∈S} X_i − Σ_i X_i,     (Mᵀ Y)_j = 2 Σ_{S∋j} Y_S − Σ_S Y_S.
 *
 * Both products run as tfjs gathers and scatter-adds, so GPU backends run them too. Call
 * `dispose()` to free the index tensors.
 *
 * @param n documents, an integer ≥ 1.
 * @param k relevant documents per query, 1 ≤ k ≤ n.
 * @throws InvalidArgumentError for bad n or k.
 * @throws CombinatorialOverflowError when C(n, k) · k exceeds 2^31 indices.
 * @example
 * const op = subsetSignOperator(600, 2);            // 179,700 × 600, never materialised
 * const { values } = await topSingularValues(op, 1); // σ₁ ≈ 10314.42
 * op.dispose();
 */
export function subsetSignOperator(n: number, k: number): LinearOperator & { dispose(): void } {
  assertInteger('n', n, { min: 1 });
  assertInteger('k', k, { min: 1 });
  if (k > n) throw new InvalidArgumentError({ parameter: 'k', value: k, message: `k (${k}) must be ≤ n (${n})` });
  const q = binomial(n, k);
  if (q * BigInt(k) > 2n ** 31n) throw new CombinatorialOverflowError({ message: `C(${n}, ${k}) · ${k} indices exceed 2^31`, exact: q });
  const rows = Number(q);
  const columns = Array.from({ length: k }, () => new Int32Array(rows));
  const c = Array.from({ length: k }, (_, i) => i);
  for (let r = 0; r < rows; r++) {
    for (let p = 0; p < k; p++) columns[p]![r] = c[p]!;
    let i = k - 1;
    while (i >= 0 && c[i] === n - k + i) i--;
    if (i < 0) break;
    c[i]!++;
    for (let j = i + 1; j < k; j++) c[j] = c[j - 1]! + 1;
  }
  const index = columns.map((col) => tf.keep(tf.tensor1d(col, 'int32')));
  // the same indices as [q, 1] for scatterND (which sums duplicates; available on cpu, wasm, webgl, webgpu)
  const scatterIndex = columns.map((col) => tf.keep(tf.tensor2d(col, [rows, 1], 'int32')));
  return {
    rows,
    cols: n,
    matMul(x) {
      return tf.tidy(() => {
        let acc: tf.Tensor2D = tf.gather(x, index[0]!);
        for (let p = 1; p < k; p++) acc = tf.add(acc, tf.gather(x, index[p]!));
        return tf.sub(tf.mul(acc, 2), tf.sum(x, 0, true));
      });
    },
    transposeMatMul(y) {
      return tf.tidy(() => {
        const l = y.shape[1];
        let acc = tf.scatterND(scatterIndex[0]!, y, [n, l]) as tf.Tensor2D;
        for (let p = 1; p < k; p++) acc = tf.add(acc, tf.scatterND(scatterIndex[p]!, y, [n, l]) as tf.Tensor2D);
        return tf.sub(tf.mul(acc, 2), tf.sum(y, 0, true));
      });
    },
    dispose() {
      for (const t of [...index, ...scatterIndex]) t.dispose();
    },
  };
}
