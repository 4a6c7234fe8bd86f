import { createRng, InvalidArgumentError } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { TopKAccumulator } from './top-k.js';

describe('TopKAccumulator', () => {
  it('equals a full sort (score desc, index asc) on random scores with many ties', () => {
    const rng = createRng(3);
    for (const k of [1, 2, 5, 17]) {
      const n = 60;
      const rows = 4;
      const acc = new TopKAccumulator(rows, k);
      const all: number[][] = [];
      for (let q = 0; q < rows; q++) {
        const scores = Array.from({ length: n }, () => Math.round(rng.uniform() * 6) / 2);
        all.push(scores);
        for (let i = 0; i < n; i++) acc.push(q, scores[i]!, i);
      }
      const r = acc.result();
      for (let q = 0; q < rows; q++) {
        const expected = all[q]!.map((s, i) => ({ s, i })).sort((a, b) => b.s - a.s || a.i - b.i).slice(0, k);
        expect(Array.from(r.indices.subarray(q * k, q * k + k))).toEqual(expected.map((e) => e.i));
        expect(Array.from(r.scores.subarray(q * k, q * k + k))).toEqual(expected.map((e) => e.s));
      }
    }
  });
  it('marks empty slots with −1 and rejects k < 1', () => {
    const acc = new TopKAccumulator(1, 3);
    acc.push(0, 1, 5);
    expect(Array.from(acc.result().indices)).toEqual([5, -1, -1]);
    expect(() => new TopKAccumulator(1, 0)).toThrow(InvalidArgumentError);
  });
});
