/**
 * The SVD kernel (internal): Householder QR with column pivoting, then one-sided (Hestenes) Jacobi
 * on Rᵀ, all in float64.
 *
 * Why this algorithm: one-sided Jacobi is the most accurate dense SVD known (it computes even small
 * singular values of graded matrices to high relative accuracy), its convergence test is
 * scale-invariant so rank-deficient inputs need no special cases, and it is short enough to verify.
 * Pivoted QR first (Drmač–Veselić preconditioning) shrinks the work to an n × n triangle and makes
 * Jacobi converge in a few sweeps. Wide inputs are handled by transposing, which sidesteps the
 * wide-matrix pitfalls of LINPACK-style ports.
 */

import { LimitError } from '@limit/core';

const EPS = 2.220446049250313e-16;
const MAX_SWEEPS = 80;

/** Factors in column-major storage: column j of U is `u[j*m .. j*m+m)`. */
export interface RawSvd {
  s: Float64Array;
  /** m × ku, column-major (present when vectors were requested). */
  u: Float64Array | undefined;
  ku: number;
  /** n × kv, column-major. */
  v: Float64Array | undefined;
  kv: number;
  sweeps: number;
}

/**
 * SVD of a row-major m × n float64 matrix.
 * @param full when true (and vectors wanted) U is m × m and V is n × n; otherwise thin (min(m, n) columns).
 */
export function jacobiSvd(m: number, n: number, a: Float64Array, wantVectors: boolean, full: boolean): RawSvd {
  // Scale by a power of two (exact) so that the largest entry is ~1: squared norms then neither
  // overflow (entries near 1e300) nor underflow (entries near 1e-300).
  let maxAbs = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]!);
    if (v > maxAbs) maxAbs = v;
  }
  const exponent = maxAbs > 0 ? Math.round(Math.log2(maxAbs)) : 0;
  let input = a;
  if (exponent > 200 || exponent < -200) {
    // 2^±1068 is out of range as one factor, so scale in two exact steps
    const f1 = 2 ** Math.trunc(-exponent / 2);
    const f2 = 2 ** (-exponent - Math.trunc(-exponent / 2));
    input = Float64Array.from(a, (v) => v * f1 * f2);
  }
  const r = m >= n ? tallSvd(m, n, input, true, wantVectors, full) : transposedResult(tallSvd(n, m, input, false, wantVectors, full));
  if (input !== a) {
    const b1 = 2 ** Math.trunc(exponent / 2);
    const b2 = 2 ** (exponent - Math.trunc(exponent / 2));
    for (let i = 0; i < r.s.length; i++) r.s[i] = r.s[i]! * b1 * b2;
  }
  return r;
}

/** Wide input: svd(Aᵀ) = U' S V'ᵀ gives A = V' S U'ᵀ (and Aᵀ row-major is A column-major). */
function transposedResult(r: RawSvd): RawSvd {
  return { s: r.s, u: r.v, ku: r.kv, v: r.u, kv: r.ku, sweeps: r.sweeps };
}

/**
 * @param rowMajor whether `a` holds the m × n matrix row-major (true) or column-major (false).
 */
function tallSvd(m: number, n: number, a: Float64Array, rowMajor: boolean, wantVectors: boolean, full: boolean): RawSvd {
  // Column-major working copy: column j is C[j*m .. j*m+m).
  let C: Float64Array;
  if (rowMajor) {
    C = new Float64Array(m * n);
    for (let i = 0; i < m; i++) {
      const ro = i * n;
      for (let j = 0; j < n; j++) C[j * m + i] = a[ro + j]!;
    }
  } else {
    C = Float64Array.from(a);
  }

  // --- Householder QR with column pivoting: A P = Q R ---------------------------------------
  const perm = new Int32Array(n);
  for (let j = 0; j < n; j++) perm[j] = j;
  const rdiag = new Float64Array(n);
  const vv = new Float64Array(n); // vᵀv of reflector j (0: identity)
  const partial = new Float64Array(n);
  const original = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let s = 0;
    const o = k * m;
    for (let i = 0; i < m; i++) s += C[o + i]! * C[o + i]!;
    partial[k] = s;
    original[k] = s;
  }
  for (let j = 0; j < n; j++) {
    let piv = j;
    for (let k = j + 1; k < n; k++) if (partial[k]! > partial[piv]!) piv = k;
    if (piv !== j) {
      const oj = j * m;
      const op = piv * m;
      for (let i = 0; i < m; i++) {
        const t = C[oj + i]!;
        C[oj + i] = C[op + i]!;
        C[op + i] = t;
      }
      let t = perm[j]!;
      perm[j] = perm[piv]!;
      perm[piv] = t;
      t = partial[j]!;
      partial[j] = partial[piv]!;
      partial[piv] = t;
      t = original[j]!;
      original[j] = original[piv]!;
      original[piv] = t;
    }
    const oj = j * m;
    let norm2 = 0;
    for (let i = j; i < m; i++) norm2 += C[oj + i]! * C[oj + i]!;
    const norm = Math.sqrt(norm2);
    if (norm === 0) {
      rdiag[j] = 0;
      vv[j] = 0;
      continue;
    }
    const x0 = C[oj + j]!;
    const alpha = x0 >= 0 ? -norm : norm;
    C[oj + j] = x0 - alpha;
    let vtv = 0;
    for (let i = j; i < m; i++) vtv += C[oj + i]! * C[oj + i]!;
    rdiag[j] = alpha;
    vv[j] = vtv;
    for (let k = j + 1; k < n; k++) {
      const ok = k * m;
      let w = 0;
      for (let i = j; i < m; i++) w += C[oj + i]! * C[ok + i]!;
      const f = (2 * w) / vtv;
      if (f !== 0) for (let i = j; i < m; i++) C[ok + i] = C[ok + i]! - f * C[oj + i]!;
      // Downdate the partial column norm; recompute when cancellation has eaten its accuracy.
      const r = C[ok + j]!;
      let p = partial[k]! - r * r;
      if (p < 1e-6 * original[k]! || p < 0) {
        p = 0;
        for (let i = j + 1; i < m; i++) p += C[ok + i]! * C[ok + i]!;
        original[k] = p;
      }
      partial[k] = p;
    }
  }

  // --- One-sided Jacobi on X = Rᵀ (n columns of length n): X W = Ux Σ --------------------------
  // Then R = W Σ Uxᵀ, so A = (Q W) Σ (P Ux)ᵀ: left vectors Q·W, right vectors P·Ux.
  const X = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    // column i of X = row i of R
    const oi = i * n;
    X[oi + i] = rdiag[i]!;
    for (let k = i + 1; k < n; k++) X[oi + k] = C[k * m + i]!;
  }
  const W = wantVectors ? new Float64Array(n * n) : undefined;
  if (W) for (let i = 0; i < n; i++) W[i * n + i] = 1;
  const tol = Math.sqrt(n) * EPS;
  // Squared column norms, cached and updated through each rotation (as LAPACK's dgesvj does), so a
  // pair costs one dot product; recomputed every sweep and whenever an update cancels badly.
  const norms = new Float64Array(n);
  let sweeps = 0;
  for (; sweeps < MAX_SWEEPS; sweeps++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      const o = i * n;
      for (let k = 0; k < n; k++) s += X[o + k]! * X[o + k]!;
      norms[i] = s;
    }
    let rotations = 0;
    for (let p = 0; p < n - 1; p++) {
      const op = p * n;
      for (let q = p + 1; q < n; q++) {
        const alpha = norms[p]!;
        const beta = norms[q]!;
        if (alpha === 0 || beta === 0) continue;
        const oq = q * n;
        let gamma = 0;
        for (let i = 0; i < n; i++) gamma += X[op + i]! * X[oq + i]!;
        if (Math.abs(gamma) <= tol * Math.sqrt(alpha) * Math.sqrt(beta)) continue;
        rotations++;
        const zeta = (beta - alpha) / (2 * gamma);
        const az = Math.abs(zeta);
        const t = (zeta >= 0 ? 1 : -1) / (az > 1e150 ? 2 * az : az + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        if (W) {
          for (let i = 0; i < n; i++) {
            const xp = X[op + i]!;
            const xq = X[oq + i]!;
            X[op + i] = c * xp - s * xq;
            X[oq + i] = s * xp + c * xq;
            const wp = W[op + i]!;
            const wq = W[oq + i]!;
            W[op + i] = c * wp - s * wq;
            W[oq + i] = s * wp + c * wq;
          }
        } else {
          for (let i = 0; i < n; i++) {
            const xp = X[op + i]!;
            const xq = X[oq + i]!;
            X[op + i] = c * xp - s * xq;
            X[oq + i] = s * xp + c * xq;
          }
        }
        // Exact-arithmetic updates: ‖x_p'‖² = α − t·γ, ‖x_q'‖² = β + t·γ.
        let na = alpha - t * gamma;
        let nb = beta + t * gamma;
        if (na < 0.05 * alpha) {
          na = 0;
          for (let i = 0; i < n; i++) na += X[op + i]! * X[op + i]!;
        }
        if (nb < 0.05 * beta) {
          nb = 0;
          for (let i = 0; i < n; i++) nb += X[oq + i]! * X[oq + i]!;
        }
        norms[p] = na;
        norms[q] = nb;
      }
    }
    if (rotations === 0) break;
  }
  if (sweeps >= MAX_SWEEPS) {
    // Jacobi converges quadratically; this only happens on pathological (e.g. denormal) input.
    throw new LimitError({ message: `one-sided Jacobi SVD did not converge in ${MAX_SWEEPS} sweeps` });
  }

  const sigma = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    const o = i * n;
    for (let k = 0; k < n; k++) s += X[o + k]! * X[o + k]!;
    sigma[i] = Math.sqrt(s);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => sigma[y]! - sigma[x]! || x - y);
  const s = new Float64Array(n);
  for (let r = 0; r < n; r++) s[r] = sigma[order[r]!]!;
  if (!W) return { s, u: undefined, ku: 0, v: undefined, kv: 0, sweeps };

  // Right vectors: normalised columns of X, made orthonormal where σ is numerically zero.
  const ux = new Float64Array(n * n);
  const smax = s[0]!;
  const negligible = smax * n * EPS;
  for (let r = 0; r < n; r++) {
    const src = order[r]! * n;
    const dst = r * n;
    const sr = s[r]!;
    if (sr > negligible && sr > 0) {
      for (let k = 0; k < n; k++) ux[dst + k] = X[src + k]! / sr;
    } else {
      orthonormalColumn(ux, n, r, sr > 0 ? X.subarray(src, src + n) : undefined);
    }
  }
  const kv = n;
  const v = new Float64Array(n * kv);
  for (let r = 0; r < kv; r++) {
    const o = r * n;
    for (let k = 0; k < n; k++) v[r * n + perm[k]!] = ux[o + k]!;
  }

  // Left vectors: Q · [W; 0] (plus Q·e_j for j ≥ n when the full U is asked for).
  const ku = full ? m : n;
  const u = new Float64Array(m * ku);
  for (let r = 0; r < ku; r++) {
    const o = r * m;
    if (r < n) {
      const src = order[r]! * n;
      for (let k = 0; k < n; k++) u[o + k] = W[src + k]!;
    } else {
      u[o + r] = 1;
    }
    for (let j = n - 1; j >= 0; j--) {
      const h = vv[j]!;
      if (h === 0) continue;
      const oj = j * m;
      let w = 0;
      for (let i = j; i < m; i++) w += C[oj + i]! * u[o + i]!;
      const f = (2 * w) / h;
      if (f !== 0) for (let i = j; i < m; i++) u[o + i] = u[o + i]! - f * C[oj + i]!;
    }
  }
  return { s, u, ku, v, kv, sweeps };
}

/**
 * Writes into column r of `cols` (column-major, length n) a unit vector orthogonal to columns 0..r-1
 * (assumed orthonormal): the normalised projection of `candidate` when it survives, else a
 * completion from the standard basis.
 */
export function orthonormalColumn(cols: Float64Array, n: number, r: number, candidate: Float64Array | undefined): void {
  const dst = r * n;
  const project = (): number => {
    for (let pass = 0; pass < 2; pass++) {
      for (let c = 0; c < r; c++) {
        const oc = c * n;
        let d = 0;
        for (let k = 0; k < n; k++) d += cols[oc + k]! * cols[dst + k]!;
        if (d !== 0) for (let k = 0; k < n; k++) cols[dst + k] = cols[dst + k]! - d * cols[oc + k]!;
      }
    }
    let s = 0;
    for (let k = 0; k < n; k++) s += cols[dst + k]! * cols[dst + k]!;
    return Math.sqrt(s);
  };
  if (candidate) {
    let cn = 0;
    for (let k = 0; k < n; k++) cn += candidate[k]! * candidate[k]!;
    cn = Math.sqrt(cn);
    if (cn > 0) {
      for (let k = 0; k < n; k++) cols[dst + k] = candidate[k]! / cn;
      const norm = project();
      if (norm > 0.5) {
        for (let k = 0; k < n; k++) cols[dst + k] = cols[dst + k]! / norm;
        return;
      }
    }
  }
  // Σ_i ‖(I − P) e_i‖² = n − r, so some e_i keeps at least (n − r)/n of its squared length.
  const need = (0.5 * (n - r)) / n;
  for (let i = 0; i < n; i++) {
    let captured = 0;
    for (let c = 0; c < r; c++) captured += cols[c * n + i]! * cols[c * n + i]!;
    if (1 - captured >= need) {
      cols.fill(0, dst, dst + n);
      cols[dst + i] = 1;
      const norm = project();
      for (let k = 0; k < n; k++) cols[dst + k] = cols[dst + k]! / norm;
      return;
    }
  }
  throw new LimitError({ message: 'orthonormal completion failed' }); // unreachable for r < n
}
