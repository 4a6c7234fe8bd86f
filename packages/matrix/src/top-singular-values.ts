import * as tf from '@tensorflow/tfjs-core';
import { assertInteger, createRng, InvalidArgumentError } from '@limit/core';
import type { DenseMatrix, Seed } from '@limit/core';
import type { MatrixInput } from './as-float64-matrix.js';
import { asFloat64Matrix } from './as-float64-matrix.js';
import type { LinearOperator } from './linear-operator.js';
import { isLinearOperator } from './linear-operator.js';
import { svd } from './svd.js';

/** Options for {@link topSingularValues}. */
export interface TopSingularValuesOptions {
  /** Extra random directions beyond r (Halko et al.'s p; default 10). */
  oversampling?: number;
  /** Power (subspace) iterations q, each one product with A and one with Aᵀ (default 2). */
  powerIterations?: number;
  /** Seed of the Gaussian test matrix (default 0). */
  seed?: Seed;
}

/** Result of {@link topSingularValues}. */
export interface TopSingularValues {
  /** Estimates of σ₁ ≥ … ≥ σ_r (float64; float32 accuracy, lower estimates of the true values). */
  values: Float64Array;
  /** Approximate right singular vectors, cols × r (float64 row-major). */
  V: DenseMatrix<Float64Array>;
  /** The tfjs backend that ran the products. */
  backend: string;
  /** Sketch width l = r + oversampling (capped at min(rows, cols)). */
  sketchSize: number;
}

/**
 * Top-r singular values (and right singular vectors) of a large matrix by the randomized range
 * finder with subspace iteration (Halko, Martinsson & Tropp 2011, arXiv:0909.4061, Alg. 4.4):
 *
 *   Ω ~ N(0,1)^{n×l}, Q = orth(A Ω); q times: Q = orth(A orth(Aᵀ Q)); then the exact SVD of the
 *   small l × n matrix B = Qᵀ A gives σ_i(B) ≤ σ_i(A), converging as (σ_{l+1}/σ_i)^{2q+1}.
 *
 * All products with A run on the active tfjs backend (cpu, wasm, webgl, webgpu…); only l × l Gram
 * matrices and the final n × l matrix Bᵀ come back to the CPU, where orthonormalisation (CholeskyQR2
 * through a float64 eigendecomposition) and the small SVD run in float64. Tensors are float32, so
 * expect ~1e-5 relative accuracy. Every tensor it creates is disposed.
 *
 * @param matrix a tf.Tensor2D, a DenseMatrix / nested rows (uploaded as float32), or a
 *   {@link LinearOperator} for structured matrices (e.g. {@link subsetSignOperator}).
 * @param r number of singular values, 1 ≤ r ≤ min(rows, cols).
 * @param options oversampling (10), powerIterations (2), seed (0).
 * @returns a promise of the values, right vectors and the backend used.
 * @throws InvalidArgumentError for bad r or options, or a bad matrix (parameter `matrix`).
 * @example
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * const { values } = await topSingularValues(subsetSignOperator(600, 2), 1); // [10314.4…]
 */
export async function topSingularValues(
  matrix: tf.Tensor2D | MatrixInput | LinearOperator,
  r: number,
  options: TopSingularValuesOptions = {},
): Promise<TopSingularValues> {
  const owned: tf.Tensor[] = [];
  let op: LinearOperator;
  if (isLinearOperator(matrix)) {
    op = matrix;
  } else {
    let t: tf.Tensor2D;
    if (matrix instanceof tf.Tensor) {
      if (matrix.rank !== 2) throw new InvalidArgumentError({ parameter: 'matrix', value: matrix.shape, message: 'matrix must be a rank-2 tensor' });
      if (matrix.shape[0] === 0 || matrix.shape[1] === 0) throw new InvalidArgumentError({ parameter: 'matrix', value: matrix.shape, message: 'matrix is empty' });
      t = matrix;
    } else {
      t = uploadMatrix(matrix as MatrixInput);
      owned.push(t);
    }
    const A = t;
    op = {
      rows: A.shape[0],
      cols: A.shape[1],
      matMul: (x) => tf.matMul(A, x),
      transposeMatMul: (y) => tf.matMul(A, y, true, false),
    };
  }
  const p = Math.min(op.rows, op.cols);
  assertInteger('r', r, { min: 1, max: p });
  const oversampling = assertInteger('options.oversampling', options.oversampling ?? 10, { min: 0 });
  const powerIterations = assertInteger('options.powerIterations', options.powerIterations ?? 2, { min: 0 });
  const l = Math.min(p, r + oversampling);
  try {
    const omega = tf.tensor2d(createRng(options.seed ?? 0).normals(op.cols * l), [op.cols, l]);
    owned.push(omega);
    let Q = await orthonormalize(op.matMul(omega));
    for (let i = 0; i < powerIterations; i++) {
      const Z = await orthonormalize(op.transposeMatMul(Q));
      Q.dispose();
      Q = await orthonormalize(op.matMul(Z));
      Z.dispose();
    }
    const Bt = op.transposeMatMul(Q); // n × l = (Qᵀ A)ᵀ
    Q.dispose();
    const bt = await Bt.data();
    Bt.dispose();
    const d = svd({ rows: op.cols, cols: l, data: Float64Array.from(bt) });
    const V = new Float64Array(op.cols * r);
    for (let i = 0; i < op.cols; i++) for (let j = 0; j < r; j++) V[i * r + j] = d.U.data[i * d.U.cols + j]!;
    return { values: d.S.slice(0, r), V: { rows: op.cols, cols: r, data: V }, backend: tf.getBackend(), sketchSize: l };
  } finally {
    for (const t of owned) t.dispose();
  }
}

/** Uploads a DenseMatrix / nested rows as a float32 tensor, validating it (no float64 detour for float32 data). */
function uploadMatrix(matrix: MatrixInput): tf.Tensor2D {
  if (!Array.isArray(matrix) && (matrix as DenseMatrix).data instanceof Float32Array) {
    const m = matrix as DenseMatrix<Float32Array>;
    if (Number.isSafeInteger(m.rows) && Number.isSafeInteger(m.cols) && m.rows > 0 && m.cols > 0 && m.data.length === m.rows * m.cols) {
      const d = m.data;
      for (let i = 0; i < d.length; i++) {
        if (!Number.isFinite(d[i]!)) asFloat64Matrix(m); // throws the typed error naming the entry
      }
      return tf.tensor2d(d, [m.rows, m.cols]);
    }
  }
  const a = asFloat64Matrix(matrix);
  return tf.tensor2d(Float32Array.from(a.data), [a.rows, a.cols]);
}

/**
 * Orthonormal basis of the columns of Y (m × l) by CholeskyQR2: G = YᵀY (on the backend), then
 * Q = Y · W Λ^{-1/2} from G's float64 eigendecomposition, twice. Directions whose eigenvalue is
 * below float32 resolution (λ < 1e-12 · λ₁) are dropped (their columns become 0). Disposes Y.
 */
async function orthonormalize(Y: tf.Tensor2D): Promise<tf.Tensor2D> {
  let current = Y;
  for (let pass = 0; pass < 2; pass++) {
    const G = tf.matMul(current, current, true, false);
    const g = await G.data();
    G.dispose();
    const l = current.shape[1];
    const sym = Float64Array.from(g);
    for (let i = 0; i < l; i++) for (let j = 0; j < i; j++) sym[i * l + j] = sym[j * l + i] = 0.5 * (sym[i * l + j]! + sym[j * l + i]!);
    const e = svd({ rows: l, cols: l, data: sym }); // symmetric PSD: G = U diag(S) Uᵀ
    const lmax = e.S[0]!;
    const T = new Float32Array(l * l);
    for (let j = 0; j < l; j++) {
      const lam = e.S[j]!;
      const f = lam > 1e-12 * lmax && lam > 0 ? 1 / Math.sqrt(lam) : 0;
      for (let i = 0; i < l; i++) T[i * l + j] = e.U.data[i * l + j]! * f;
    }
    const Tt = tf.tensor2d(T, [l, l]);
    const next: tf.Tensor2D = tf.matMul(current, Tt);
    Tt.dispose();
    current.dispose();
    current = next;
  }
  return current;
}
