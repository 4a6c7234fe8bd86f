import { InvalidArgumentError } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { encodeCharNgrams } from './char-ngram-encoder.js';
import { assertSparseMatrix } from './sparse-matrix.js';
import { sparseSearch } from './sparse-search.js';

/** Independent reference: enumerate n-gram strings, hash each from scratch, count, log1p, L2. */
function reference(text: string, dims: number, analyzer: 'char' | 'char_wb', minN = 3, maxN = 7): Map<number, number> {
  const lower = text.toLowerCase();
  const segments = analyzer === 'char' ? [lower] : lower.split(/\s+/).filter(Boolean).map((w) => ` ${w} `);
  const counts = new Map<number, number>();
  for (const t of segments) for (let n = minN; n <= maxN; n++) {
    for (let i = 0; i + n <= t.length; i++) {
      let h = 2166136261;
      for (const ch of t.slice(i, i + n)) {
        for (let u = 0; u < ch.length; u++) h = Number((BigInt(h ^ ch.charCodeAt(u)) * 16777619n) % 4294967296n) >>> 0;
      }
      counts.set(h % dims, (counts.get(h % dims) ?? 0) + 1);
    }
  }
  let norm = 0;
  for (const c of counts.values()) norm += Math.log1p(c) ** 2;
  return new Map([...counts].map(([h, c]) => [h, Math.log1p(c) / Math.sqrt(norm)]));
}

describe('encodeCharNgrams', () => {
  it.each(['char', 'char_wb'] as const)('equals a from-scratch FNV-1a / log1p / L2 reference (%s)', (analyzer) => {
    const texts = ['Who likes Quokkas?', 'aaaaaaaaaa', 'Geneva Durben likes River Otters, Tea, and Jazz.'];
    for (const dims of [32_768, 64]) {
      const m = assertSparseMatrix(encodeCharNgrams(texts, { dims, analyzer }));
      texts.forEach((text, r) => {
        const ref = reference(text, dims, analyzer);
        const got = new Map<number, number>();
        for (let p = m.indptr[r]!; p < m.indptr[r + 1]!; p++) got.set(m.indices[p]!, m.values[p]!);
        expect([...got.keys()].sort((a, b) => a - b)).toEqual([...ref.keys()].sort((a, b) => a - b));
        for (const [h, v] of ref) expect(got.get(h)).toBeCloseTo(v, 6);
      });
    }
  });
  it('gives unit rows, a zero row for empty text, and rejects bad options', () => {
    const m = encodeCharNgrams(['', 'ab', 'hello world']);
    expect(m.indptr[1]).toBe(0);
    for (const r of [1, 2]) {
      let s = 0;
      for (let p = m.indptr[r]!; p < m.indptr[r + 1]!; p++) s += m.values[p]! ** 2;
      expect(s).toBeCloseTo(1, 6);
    }
    expect(() => encodeCharNgrams(['x'], { minN: 4, maxN: 3 })).toThrow(InvalidArgumentError);
  });
  it('sparse search ranks the document sharing the query phrase first', () => {
    const docs = ['Ann likes Joshua Trees and apples.', 'Bob likes pears and plums.', 'Cid likes Joshua Trees.'];
    const hits = sparseSearch(encodeCharNgrams(['Who likes plums?', 'Who likes Joshua Trees?']), encodeCharNgrams(docs), { k: 3 });
    expect(hits.indices[0]).toBe(1);
    expect([hits.indices[3], hits.indices[4]].sort()).toEqual([0, 2]);
  });
});
