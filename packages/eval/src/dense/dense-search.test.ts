import { createDenseMatrix, createRng, ShapeMismatchError } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { denseSearch } from './dense-search.js';
import { dotBlock } from './dot-block.js';

function randomMatrix(rows: number, cols: number, seed: number) {
  const rng = createRng(seed);
  const m = createDenseMatrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.normal();
  return m;
}

/** Plain reference: float64 dot products, full sort (score desc, index asc). */
function bruteForce(q: ReturnType<typeof randomMatrix>, d: ReturnType<typeof randomMatrix>, k: number, cosine: boolean) {
  const out: number[][] = [];
  const norm = (m: typeof q, i: number) => Math.hypot(...Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  for (let i = 0; i < q.rows; i++) {
    const scores: { j: number; s: number }[] = [];
    for (let j = 0; j < d.rows; j++) {
      let s = 0;
      for (let t = 0; t < q.cols; t++) s += q.data[i * q.cols + t]! * d.data[j * d.cols + t]!;
      if (cosine) s /= norm(q, i) * norm(d, j);
      scores.push({ j, s: Math.fround(s) });
    }
    scores.sort((a, b) => b.s - a.s || a.j - b.j);
    out.push(scores.slice(0, k).map((x) => x.j));
  }
  return out;
}

describe('dotBlock', () => {
  it('equals naive dot products for odd shapes (tile remainders)', () => {
    const q = randomMatrix(7, 13, 1);
    const d = randomMatrix(11, 13, 2);
    const out = dotBlock(q, d, 2, 9, new Float32Array(7 * 9));
    for (let i = 0; i < 7; i++) {
      for (let j = 0; j < 9; j++) {
        let s = 0;
        for (let t = 0; t < 13; t++) s += q.data[i * 13 + t]! * d.data[(j + 2) * 13 + t]!;
        expect(out[i * 9 + j]).toBeCloseTo(s, 4);
      }
    }
  });
});

describe('denseSearch', () => {
  it('matches a brute-force full sort for dot and cosine, any block size', async () => {
    const q = randomMatrix(9, 16, 3);
    const d = randomMatrix(203, 16, 4);
    for (const cosine of [false, true]) {
      const expected = bruteForce(q, d, 10, cosine);
      for (const blockSize of [1, 7, 64, 1000]) {
        const r = await denseSearch(q, d, { k: 10, similarity: cosine ? 'cosine' : 'dot', blockSize });
        const got = Array.from({ length: 9 }, (_, i) => Array.from(r.indices.subarray(i * 10, i * 10 + 10)));
        expect(got).toEqual(expected);
      }
    }
  });
  it('keeps the lower index on ties and pads past the corpus size', async () => {
    const q = createDenseMatrix(1, 2, new Float32Array([1, 0]));
    const d = createDenseMatrix(3, 2, new Float32Array([1, 5, 2, 0, 1, -5]));
    const r = await denseSearch(q, d, { k: 5, blockSize: 2 });
    expect(Array.from(r.indices)).toEqual([1, 0, 2, -1, -1]);
  });
  it('overlaps blocks with a pipelined scorer and still matches brute force', async () => {
    const q = randomMatrix(5, 8, 7);
    const d = randomMatrix(37, 8, 8);
    const started: number[] = [];
    const r = await denseSearch(q, d, {
      k: 4,
      blockSize: 5,
      scorer: {
        pipelined: true,
        score: async (a, b, s, c) => {
          started.push(s);
          await new Promise((resolve) => setTimeout(resolve, 1));
          return dotBlock(a, b, s, c, new Float32Array(a.rows * c));
        },
      },
    });
    expect(started).toEqual([0, 5, 10, 15, 20, 25, 30, 35]);
    expect(Array.from(r.indices)).toEqual(bruteForce(q, d, 4, false).flat());
  });
  it('uses a custom block scorer and reports progress', async () => {
    const q = randomMatrix(3, 4, 5);
    const d = randomMatrix(10, 4, 6);
    const calls: number[] = [];
    const r = await denseSearch(q, d, {
      k: 3,
      blockSize: 4,
      scorer: { score: (a, b, s, c) => dotBlock(a, b, s, c, new Float32Array(a.rows * c)) },
      onProgress: (done) => calls.push(done),
    });
    expect(calls).toEqual([4, 8, 10]);
    expect(Array.from(r.indices)).toEqual(bruteForce(q, d, 3, false).flat());
  });
  it('rejects mismatched dimensions', async () => {
    await expect(denseSearch(randomMatrix(1, 3, 1), randomMatrix(2, 4, 1), { k: 1 })).rejects.toSatisfy(ShapeMismatchError.isInstance);
  });
});
