import { createRng, ShapeMismatchError } from '@limit/core';
import { maxSim } from '@limit/losses';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { maxSimSearch } from './max-sim-search.js';
import type { TokenEmbeddings } from './token-embeddings.js';

function randomTokens(count: number, dim: number, seed: number): TokenEmbeddings {
  const rng = createRng(seed);
  const offsets = new Int32Array(count + 1);
  for (let i = 0; i < count; i++) offsets[i + 1] = offsets[i]! + 1 + rng.integer(5);
  const data = new Float32Array(offsets[count]! * dim);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal();
  return { count, dim, offsets, data };
}

/** Naive definition: Σ_i max_j <q_i, d_j>. */
function naive(q: TokenEmbeddings, qi: number, d: TokenEmbeddings, di: number): number {
  let total = 0;
  for (let i = q.offsets[qi]!; i < q.offsets[qi + 1]!; i++) {
    let best = -Infinity;
    for (let j = d.offsets[di]!; j < d.offsets[di + 1]!; j++) {
      let s = 0;
      for (let t = 0; t < q.dim; t++) s += q.data[i * q.dim + t]! * d.data[j * d.dim + t]!;
      best = Math.max(best, s);
    }
    total += best;
  }
  return total;
}

describe('maxSimSearch', () => {
  it('equals the naive MaxSim definition with a full sort, for any block size', () => {
    const q = randomTokens(5, 8, 1);
    const d = randomTokens(40, 8, 2);
    for (const blockSize of [1, 7, 256]) {
      const hits = maxSimSearch(q, d, { k: 6, blockSize });
      for (let qi = 0; qi < 5; qi++) {
        const expected = Array.from({ length: 40 }, (_, di) => ({ di, s: naive(q, qi, d, di) })).sort((a, b) => b.s - a.s || a.di - b.di).slice(0, 6);
        expect(Array.from(hits.indices.subarray(qi * 6, qi * 6 + 6))).toEqual(expected.map((x) => x.di));
        expected.forEach((x, r) => expect(hits.scores[qi * 6 + r]).toBeCloseTo(x.s, 4));
      }
    }
  });
  it('gives the same scores as @limit/losses maxSim (tfjs, padded + masked)', async () => {
    await tf.setBackend('cpu');
    const q = randomTokens(4, 6, 3);
    const d = randomTokens(9, 6, 4);
    const pad = (t: TokenEmbeddings) => {
      const len = Math.max(...Array.from({ length: t.count }, (_, i) => t.offsets[i + 1]! - t.offsets[i]!));
      const tokens = Array.from({ length: t.count }, (_, i) =>
        Array.from({ length: len }, (_, j) => (t.offsets[i]! + j < t.offsets[i + 1]! ? Array.from(t.data.subarray((t.offsets[i]! + j) * t.dim, (t.offsets[i]! + j + 1) * t.dim)) : new Array<number>(t.dim).fill(0))),
      );
      const mask = Array.from({ length: t.count }, (_, i) => Array.from({ length: len }, (_, j) => (t.offsets[i]! + j < t.offsets[i + 1]! ? 1 : 0)));
      return { tokens: tf.tensor3d(tokens), mask: tf.tensor2d(mask) };
    };
    const pq = pad(q);
    const pd = pad(d);
    const reference = maxSim(pq.tokens, pd.tokens, { queryMask: pq.mask, docMask: pd.mask });
    const expected = (await reference.array()) as number[][];
    tf.dispose([pq.tokens, pq.mask, pd.tokens, pd.mask, reference]);
    const hits = maxSimSearch(q, d, { k: 9, blockSize: 4 });
    for (let qi = 0; qi < 4; qi++) {
      for (let r = 0; r < 9; r++) {
        const di = hits.indices[qi * 9 + r]!;
        expect(hits.scores[qi * 9 + r]).toBeCloseTo(expected[qi]![di]!, 4);
      }
    }
  });
  it('rejects mismatched dims', () => {
    expect(() => maxSimSearch(randomTokens(1, 4, 1), randomTokens(1, 3, 1), { k: 1 })).toThrow(ShapeMismatchError);
  });
});
