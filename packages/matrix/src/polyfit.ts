import { assertInteger, InvalidArgumentError, ShapeMismatchError } from '@limit/core';

/** A fitted polynomial y ≈ c0 + c1·x + … + c_d·x^d. */
export interface PolynomialFit {
  /** Coefficients in ascending powers: coefficients[j] multiplies x^j. Length degree + 1. */
  coefficients: number[];
  /**
   * Coefficient of determination r² = 1 − SS_res / SS_tot on the fitted points
   * (1 when y is constant and fitted exactly).
   */
  r2: number;
  /** Root of the mean squared residual, sqrt(SS_res / n). */
  rmse: number;
  /** Evaluates the polynomial at x (Horner's rule). */
  predict(x: number): number;
}

/**
 * Least-squares polynomial fit of degree `degree`, solved with Householder QR on the
 * column-equilibrated Vandermonde matrix (not the normal equations, which square its condition).
 *
 * Formula: minimise Σ_i (y_i − Σ_j c_j x_i^j)²; r² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)².
 *
 * @param x sample positions, length n ≥ degree + 1 with at least degree + 1 distinct values.
 * @param y sample values, length n.
 * @param degree polynomial degree, an integer ≥ 0.
 * @throws ShapeMismatchError when x and y differ in length.
 * @throws InvalidArgumentError for non-finite values (parameter `x` or `y`), a bad degree, or too few
 *   distinct x values for the degree (parameter `x`).
 * @example
 * // the paper's free-embedding critical-n points (k = 2), d = 4..8:
 * const fit = polyfit([4, 5, 6, 7, 8], [10, 14, 19, 24, 28], 3);
 * fit.r2;          // 1 (these five points lie on a cubic)
 * fit.predict(9);  // 30
 */
export function polyfit(x: readonly number[], y: readonly number[], degree: number): PolynomialFit {
  assertInteger('degree', degree, { min: 0 });
  if (x.length !== y.length) {
    throw new ShapeMismatchError({ parameter: 'y', expected: [x.length], actual: [y.length], message: 'x and y must have the same length' });
  }
  for (const [name, arr] of [['x', x], ['y', y]] as const) {
    for (let i = 0; i < arr.length; i++) {
      if (typeof arr[i] !== 'number' || !Number.isFinite(arr[i])) {
        throw new InvalidArgumentError({ parameter: name, value: arr[i], message: `${name}[${i}] (${String(arr[i])}) is not a finite number` });
      }
    }
  }
  const m = x.length;
  const n = degree + 1;
  if (m < n) {
    throw new InvalidArgumentError({ parameter: 'x', value: m, message: `a degree-${degree} fit needs at least ${n} points, got ${m}` });
  }
  // Vandermonde, column-major, each column scaled to unit norm (equilibration).
  const A = new Float64Array(m * n);
  const scale = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) {
      const v = x[i]! ** j;
      A[j * m + i] = v;
      s += v * v;
    }
    s = Math.sqrt(s);
    scale[j] = s === 0 ? 1 : s;
    for (let i = 0; i < m; i++) A[j * m + i] = A[j * m + i]! / scale[j]!;
  }
  const b = Float64Array.from(y);
  const rdiag = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const oj = j * m;
    let norm = 0;
    for (let i = j; i < m; i++) norm += A[oj + i]! * A[oj + i]!;
    norm = Math.sqrt(norm);
    const x0 = A[oj + j]!;
    const alpha = x0 >= 0 ? -norm : norm;
    rdiag[j] = alpha;
    if (norm === 0) continue;
    A[oj + j] = x0 - alpha;
    let vtv = 0;
    for (let i = j; i < m; i++) vtv += A[oj + i]! * A[oj + i]!;
    const reflect = (target: Float64Array, offset: number) => {
      let w = 0;
      for (let i = j; i < m; i++) w += A[oj + i]! * target[offset + i]!;
      const f = (2 * w) / vtv;
      for (let i = j; i < m; i++) target[offset + i] = target[offset + i]! - f * A[oj + i]!;
    };
    for (let k = j + 1; k < n; k++) reflect(A, k * m);
    reflect(b, 0);
  }
  let rmax = 0;
  for (const r of rdiag) rmax = Math.max(rmax, Math.abs(r));
  for (let j = 0; j < n; j++) {
    if (!(Math.abs(rdiag[j]!) > 1e-13 * rmax)) {
      throw new InvalidArgumentError({
        parameter: 'x',
        value: x,
        message: `x has too few distinct values for a degree-${degree} fit (the Vandermonde matrix is rank-deficient)`,
      });
    }
  }
  // Back substitution R c' = Qᵀ b, then undo the column scaling.
  const c = new Array<number>(n).fill(0);
  for (let j = n - 1; j >= 0; j--) {
    let s = b[j]!;
    for (let k = j + 1; k < n; k++) s -= A[k * m + j]! * c[k]!;
    c[j] = s / rdiag[j]!;
  }
  const coefficients = c.map((v, j) => v / scale[j]!);
  const predict = (t: number): number => {
    let acc = 0;
    for (let j = n - 1; j >= 0; j--) acc = acc * t + coefficients[j]!;
    return acc;
  };
  let mean = 0;
  for (const v of y) mean += v;
  mean /= m;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < m; i++) {
    ssRes += (y[i]! - predict(x[i]!)) ** 2;
    ssTot += (y[i]! - mean) ** 2;
  }
  const r2 = ssTot === 0 ? (ssRes <= 1e-24 * Math.max(1, mean * mean) ? 1 : 0) : 1 - ssRes / ssTot;
  return { coefficients, r2, rmse: Math.sqrt(ssRes / m), predict };
}
