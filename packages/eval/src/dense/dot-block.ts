import { ShapeMismatchError } from '@limit/core';
import type { DenseMatrix } from '@limit/core';

/**
 * Dot products of every query row with a block of corpus rows, written into `out`:
 *
 *   out[q · count + j] = Σ_t queries[q, t] · corpus[start + j, t]
 *
 * A cache-blocked, register-tiled Float32 kernel in plain JavaScript: 4 query rows × 4 corpus rows
 * are accumulated in 16 local variables (8 loads per 16 multiply-adds), query rows are visited in
 * chunks that stay in L2 while a 4-row corpus tile stays in L1. Accumulation is in float64.
 *
 * @param queries - `[nq, dim]`.
 * @param corpus - `[nd, dim]`.
 * @param start - First corpus row of the block.
 * @param count - Number of corpus rows in the block.
 * @param out - Output, at least `nq × count` long; row q of the block is `out[q·count … q·count+count)`.
 * @throws ShapeMismatchError when the dims differ or `out` is too short.
 * @example
 * const out = new Float32Array(q.rows * 100);
 * dotBlock(q, corpus, 0, 100, out);
 */
export function dotBlock(queries: DenseMatrix, corpus: DenseMatrix, start: number, count: number, out: Float32Array): Float32Array {
  const dim = queries.cols;
  if (corpus.cols !== dim) throw new ShapeMismatchError({ parameter: 'corpus', expected: [-1, dim], actual: [corpus.rows, corpus.cols] });
  const nq = queries.rows;
  if (out.length < nq * count) throw new ShapeMismatchError({ parameter: 'out', expected: [nq * count], actual: [out.length] });
  const A = queries.data;
  const B = corpus.data;
  const Q_CHUNK = 64;
  for (let q0 = 0; q0 < nq; q0 += Q_CHUNK) {
    const q1 = Math.min(nq, q0 + Q_CHUNK);
    let j = 0;
    for (; j + 4 <= count; j += 4) {
      const b0 = (start + j) * dim;
      const b1 = b0 + dim;
      const b2 = b1 + dim;
      const b3 = b2 + dim;
      let q = q0;
      for (; q + 4 <= q1; q += 4) {
        const a0 = q * dim;
        const a1 = a0 + dim;
        const a2 = a1 + dim;
        const a3 = a2 + dim;
        let s00 = 0, s01 = 0, s02 = 0, s03 = 0;
        let s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        let s20 = 0, s21 = 0, s22 = 0, s23 = 0;
        let s30 = 0, s31 = 0, s32 = 0, s33 = 0;
        for (let t = 0; t < dim; t++) {
          const x0 = A[a0 + t]!, x1 = A[a1 + t]!, x2 = A[a2 + t]!, x3 = A[a3 + t]!;
          const y0 = B[b0 + t]!, y1 = B[b1 + t]!, y2 = B[b2 + t]!, y3 = B[b3 + t]!;
          s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
          s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
          s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
          s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
        }
        let o = q * count + j;
        out[o] = s00; out[o + 1] = s01; out[o + 2] = s02; out[o + 3] = s03;
        o += count;
        out[o] = s10; out[o + 1] = s11; out[o + 2] = s12; out[o + 3] = s13;
        o += count;
        out[o] = s20; out[o + 1] = s21; out[o + 2] = s22; out[o + 3] = s23;
        o += count;
        out[o] = s30; out[o + 1] = s31; out[o + 2] = s32; out[o + 3] = s33;
      }
      for (; q < q1; q++) {
        const a = q * dim;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (let t = 0; t < dim; t++) {
          const x = A[a + t]!;
          s0 += x * B[b0 + t]!; s1 += x * B[b1 + t]!; s2 += x * B[b2 + t]!; s3 += x * B[b3 + t]!;
        }
        const o = q * count + j;
        out[o] = s0; out[o + 1] = s1; out[o + 2] = s2; out[o + 3] = s3;
      }
    }
    for (; j < count; j++) {
      const b = (start + j) * dim;
      for (let q = q0; q < q1; q++) {
        const a = q * dim;
        let s = 0;
        for (let t = 0; t < dim; t++) s += A[a + t]! * B[b + t]!;
        out[q * count + j] = s;
      }
    }
  }
  return out;
}
