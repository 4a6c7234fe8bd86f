import { describe, expect, it } from 'vitest';
import { momentCurveEmbedding } from './moment-curve-embedding.js';
import { momentCurveFloat32Limit } from './moment-curve-float32-limit.js';

/** A second, plain implementation: does float32 realise every k-subset of the n-document construction? */
function float32RealisesAll(n: number, k: number): boolean {
  const emb = momentCurveEmbedding(n, k);
  const dim = 2 * k;
  const docs = Float32Array.from(emb.documents.data);
  const subset = Array.from({ length: k }, (_, i) => i);
  for (;;) {
    const q = Float32Array.from(emb.queryFor(subset));
    const score = (j: number) => {
      let s = 0;
      for (let c = 0; c < dim; c++) s = Math.fround(s + Math.fround(q[c]! * docs[j * dim + c]!));
      return s;
    };
    const inSet = new Set(subset);
    const minIn = Math.min(...subset.map(score));
    for (let j = 0; j < n; j++) if (!inSet.has(j) && score(j) >= minIn) return false;
    let i = k - 1;
    while (i >= 0 && subset[i] === n - k + i) i--;
    if (i < 0) return true;
    subset[i]!++;
    for (let j = i + 1; j < k; j++) subset[j] = subset[j - 1]! + 1;
  }
}

describe('momentCurveFloat32Limit', () => {
  it('k = 3: the limit and the first failure agree with a plain float32 check of every subset', () => {
    const limit = momentCurveFloat32Limit(3);
    expect(limit.dimension).toBe(6);
    expect(limit.firstFailureN).toBe(limit.largestN + 1);
    expect(float32RealisesAll(limit.largestN, 3)).toBe(true);
    expect(float32RealisesAll(limit.firstFailureN!, 3)).toBe(false);
    for (const n of limit.sporadicPasses) expect(float32RealisesAll(n, 3)).toBe(true);
    expect(limit.float64MarginAtLimit).toBeGreaterThan(0);
    expect(limit.float32MarginAtLimit).toBeGreaterThan(0);
  });

  it('k = 1 never fails (singletons on a circle): it scans to maxN and reports no failure', () => {
    const limit = momentCurveFloat32Limit(1, { maxN: 40 });
    expect(limit.firstFailureN).toBeNull();
    expect(limit.largestN).toBe(40);
  });
});
