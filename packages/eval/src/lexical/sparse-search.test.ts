import { createRng, ShapeMismatchError } from '@limit/core';
import { describe, expect, it } from 'vitest';
import type { SparseMatrix } from './sparse-matrix.js';
import { SparseSearcher, sparseSearch } from './sparse-search.js';

function randomSparse(rows: number, cols: number, density: number, seed: number, signed: boolean): { m: SparseMatrix; dense: number[][] } {
  const rng = createRng(seed);
  const dense: number[][] = [];
  const indptr = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row = new Array<number>(cols).fill(0);
    for (let c = 0; c < cols; c++) {
      if (rng.uniform() < density) {
        const v = Math.fround(signed ? rng.normal() : rng.uniform() + 0.01);
        row[c] = v;
        indices.push(c);
        values.push(v);
      }
    }
    indptr.push(indices.length);
    dense.push(row);
  }
  return { m: { rows, cols, indptr: Int32Array.from(indptr), indices: Int32Array.from(indices), values: Float32Array.from(values) }, dense };
}

describe('sparseSearch', () => {
  // 6 queries: postings only; 40 queries at density 0.3: most columns are shared by ≥ 1/8 of the
  // queries and take the dense path
  it.each([[6, 0.2], [40, 0.3]])('equals brute-force dense dot products for %i queries (documents sharing no column excluded)', (nq, density) => {
    const q = randomSparse(nq, 30, density, 1, true);
    const d = randomSparse(80, 30, 0.15, 2, true);
    const k = 7;
    const hits = sparseSearch(q.m, d.m, { k });
    for (let i = 0; i < nq; i++) {
      const cand = d.dense
        .map((row, j) => ({ j, s: row.reduce((s, v, c) => s + v * q.dense[i]![c]!, 0), shares: row.some((v, c) => v !== 0 && q.dense[i]![c] !== 0) }))
        .filter((x) => x.shares)
        .sort((a, b) => b.s - a.s || a.j - b.j)
        .slice(0, k);
      const got = Array.from(hits.indices.subarray(i * k, i * k + k)).filter((j) => j >= 0);
      expect(got).toEqual(cand.map((x) => x.j));
      cand.forEach((x, r) => expect(hits.scores[i * k + r]).toBeCloseTo(x.s, 4));
    }
  });
  it('gives the same result when the corpus is added in blocks', () => {
    const q = randomSparse(4, 20, 0.3, 3, false);
    const d = randomSparse(50, 20, 0.3, 4, false);
    const whole = sparseSearch(q.m, d.m, { k: 5 });
    const s = new SparseSearcher(q.m, 5);
    for (let start = 0; start < 50; start += 13) {
      const end = Math.min(50, start + 13);
      const a = d.m.indptr[start]!;
      const b = d.m.indptr[end]!;
      s.add({ rows: end - start, cols: 20, indptr: d.m.indptr.slice(start, end + 1).map((x) => x - a), indices: d.m.indices.slice(a, b), values: d.m.values.slice(a, b) }, start);
    }
    expect(Array.from(s.result().indices)).toEqual(Array.from(whole.indices));
    expect(() => s.add(randomSparse(1, 3, 1, 5, false).m, 0)).toThrow(ShapeMismatchError);
  });
});
