import type { DenseMatrix } from '@limit/core';
import { asFloat64Matrix } from './as-float64-matrix.js';
import type { MatrixInput } from './as-float64-matrix.js';
import { jacobiSvd } from './jacobi-svd.js';
import { assertSvdFits } from './assert-svd-fits.js';

/** Options for {@link svd}. */
export interface SvdOptions {
  /**
   * Thin (economy) factors, the default: with p = min(rows, cols), U is rows × p and V is cols × p.
   * With `thin: false`, U is rows × rows and V is cols × cols (orthonormal completions).
   */
  thin?: boolean;
}

const EPS = 2.220446049250313e-16;

function columnMajorToDense(colMajor: Float64Array, rows: number, cols: number): DenseMatrix<Float64Array> {
  const data = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    const o = j * rows;
    for (let i = 0; i < rows; i++) data[i * cols + j] = colMajor[o + i]!;
  }
  return { rows, cols, data };
}

/**
 * A singular value decomposition A = U · diag(S) · Vᵀ, computed in float64 when constructed.
 *
 * Singular values are non-negative and sorted in descending order; U and V have orthonormal
 * columns. Works for tall, wide, square and rank-deficient matrices. The algorithm is Householder
 * QR with column pivoting followed by one-sided Jacobi on Rᵀ (see the package README for why).
 *
 * @example
 * const d = new SingularValueDecomposition([[3, 0], [4, 5]]);
 * d.S;         // Float64Array [6.708…, 2.236…]  (√45, √5)
 * d.rank;      // 2
 * d.condition; // 3
 */
export class SingularValueDecomposition {
  /** Left singular vectors, rows × p (thin) or rows × rows (full), float64 row-major. */
  readonly U: DenseMatrix<Float64Array>;
  /** Singular values σ₁ ≥ σ₂ ≥ … ≥ σ_p ≥ 0, p = min(rows, cols). */
  readonly S: Float64Array;
  /** Right singular vectors, cols × p (thin) or cols × cols (full), float64 row-major. */
  readonly V: DenseMatrix<Float64Array>;
  /** Rows of the decomposed matrix. */
  readonly rows: number;
  /** Columns of the decomposed matrix. */
  readonly cols: number;
  /** Jacobi sweeps used (diagnostic). */
  readonly sweeps: number;

  /**
   * @param matrix rows × cols, a DenseMatrix (float32 or float64) or nested rows; copied to float64.
   * @param options `thin` (default true).
   * @throws InvalidArgumentError when the matrix is empty, ragged or holds a non-finite value, or when its
   *   decomposition cannot fit in memory ({@link assertSvdFits}, before anything is allocated).
   * @throws ShapeMismatchError when a DenseMatrix's data length is not rows × cols.
   */
  constructor(matrix: MatrixInput, options: SvdOptions = {}) {
    const full = options.thin === false;
    const shape = Array.isArray(matrix)
      ? { rows: matrix.length, cols: Array.isArray(matrix[0]) ? (matrix[0] as readonly number[]).length : 0 }
      : { rows: (matrix as { rows?: number })?.rows, cols: (matrix as { cols?: number })?.cols };
    if (typeof shape.rows === 'number' && typeof shape.cols === 'number') assertSvdFits(shape.rows, shape.cols, { full });
    const a = asFloat64Matrix(matrix);
    const raw = jacobiSvd(a.rows, a.cols, a.data, true, full);
    this.rows = a.rows;
    this.cols = a.cols;
    this.S = raw.s;
    this.U = columnMajorToDense(raw.u!, a.rows, raw.ku);
    this.V = columnMajorToDense(raw.v!, a.cols, raw.kv);
    this.sweeps = raw.sweeps;
  }

  /**
   * Default rank tolerance, NumPy's `matrix_rank` convention: σ₁ · max(rows, cols) · ε (ε = 2⁻⁵²).
   */
  get threshold(): number {
    return (this.S[0] ?? 0) * Math.max(this.rows, this.cols) * EPS;
  }

  /** Numerical rank: the number of singular values above {@link threshold}. */
  get rank(): number {
    const t = this.threshold;
    let r = 0;
    for (const s of this.S) if (s > t) r++;
    return r;
  }

  /** 2-norm condition number σ₁ / σ_p (Infinity when σ_p = 0). */
  get condition(): number {
    const last = this.S[this.S.length - 1]!;
    return last === 0 ? Infinity : this.S[0]! / last;
  }

  /** Spectral norm ‖A‖₂ = σ₁. */
  get norm2(): number {
    return this.S[0]!;
  }
}

/**
 * Singular value decomposition A = U · diag(S) · Vᵀ in float64 (see {@link SingularValueDecomposition}).
 *
 * @param matrix rows × cols: a DenseMatrix<Float32Array | Float64Array> or `number[][]`.
 * @param options `{ thin = true }`: thin U (rows × p) and V (cols × p), p = min(rows, cols).
 * @returns the decomposition, with getters `rank`, `condition` and `norm2`.
 * @throws InvalidArgumentError for an empty or ragged matrix or a non-finite entry (parameter `matrix`), or
 *   one whose decomposition cannot fit in memory ({@link assertSvdFits}).
 * @throws ShapeMismatchError when a DenseMatrix's data length is not rows × cols.
 * @example
 * const { U, S, V } = svd([[1, 2, 3], [4, 5, 6]]); // wide is fine
 * // S ≈ [9.508, 0.7729]; U is 2 × 2, V is 3 × 2
 */
export function svd(matrix: MatrixInput, options: SvdOptions = {}): SingularValueDecomposition {
  return new SingularValueDecomposition(matrix, options);
}
