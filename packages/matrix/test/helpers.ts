import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DenseMatrix } from '@limit/core';

/** One case of test/fixtures/svd-reference.json (made by generate-svd-fixtures.py). */
export interface SvdCase {
  name: string;
  note: string;
  rows: number;
  cols: number;
  data: number[];
  lapack: number[];
  exact?: string[];
}

export function loadSvdCases(): SvdCase[] {
  const path = fileURLToPath(new URL('./fixtures/svd-reference.json', import.meta.url));
  return (JSON.parse(readFileSync(path, 'utf8')) as { cases: SvdCase[] }).cases;
}

export function caseMatrix(c: SvdCase): DenseMatrix<Float64Array> {
  return { rows: c.rows, cols: c.cols, data: Float64Array.from(c.data) };
}

/** max |(MᵀM − I)_ij| for the columns of M. */
export function orthonormalityError(m: DenseMatrix<Float64Array>): number {
  let worst = 0;
  for (let a = 0; a < m.cols; a++) {
    for (let b = a; b < m.cols; b++) {
      let s = 0;
      for (let i = 0; i < m.rows; i++) s += m.data[i * m.cols + a]! * m.data[i * m.cols + b]!;
      worst = Math.max(worst, Math.abs(s - (a === b ? 1 : 0)));
    }
  }
  return worst;
}

/** ‖A − U diag(S) Vᵀ‖_F / ‖A‖_F using the first S.length columns of U and V. */
export function reconstructionError(a: DenseMatrix<Float64Array>, U: DenseMatrix<Float64Array>, S: Float64Array, V: DenseMatrix<Float64Array>): number {
  let err = 0;
  let norm = 0;
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      let s = 0;
      for (let k = 0; k < S.length; k++) s += U.data[i * U.cols + k]! * S[k]! * V.data[j * V.cols + k]!;
      const x = a.data[i * a.cols + j]!;
      err += (s - x) ** 2;
      norm += x * x;
    }
  }
  return norm === 0 ? Math.sqrt(err) : Math.sqrt(err / norm);
}

/** Plain triple-loop product A·B (test oracle). */
export function matmul(a: DenseMatrix<Float64Array>, b: DenseMatrix<Float64Array>): DenseMatrix<Float64Array> {
  const out = new Float64Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++)
    for (let k = 0; k < a.cols; k++) {
      const f = a.data[i * a.cols + k]!;
      for (let j = 0; j < b.cols; j++) out[i * b.cols + j] = out[i * b.cols + j]! + f * b.data[k * b.cols + j]!;
    }
  return { rows: a.rows, cols: b.cols, data: out };
}
