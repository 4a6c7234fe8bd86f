import { InvalidArgumentError } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { Bm25Index } from './bm25-index.js';
import { createBm25Retriever } from './bm25-retriever.js';
import { createWordTokenizer } from './word-tokenizer.js';

const docs = [
  'Geneva likes Quokkas and River Otters.',
  'Omar likes apples, apples and apples.',
  'Lena likes river boats.',
  'Nobody here.',
];

/** Direct transcription of the formula over pre-tokenised text, no index. */
function reference(query: string, k1: number, b: number): number[] {
  const tok = createWordTokenizer();
  const toks = docs.map(tok);
  const avg = toks.reduce((s, t) => s + t.length, 0) / toks.length;
  return toks.map((t) => {
    let s = 0;
    for (const term of new Set(tok(query))) {
      const df = toks.filter((x) => x.includes(term)).length;
      if (df === 0) continue;
      const idf = Math.log(1 + (docs.length - df + 0.5) / (df + 0.5));
      const tf = t.filter((x) => x === term).length;
      s += (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * t.length) / avg));
    }
    return s;
  });
}

describe('Bm25Index', () => {
  it('scores equal the Okapi formula with Lucene idf', () => {
    for (const [k1, b] of [[1.5, 0.75], [0.9, 0.4], [1.2, 0]] as const) {
      const index = new Bm25Index(docs, { k1, b });
      for (const query of ['Who likes river otters?', 'apples', 'likes']) {
        const ref = reference(query, k1, b);
        const hits = index.search([query], { k: 4 });
        const expected = ref.map((s, i) => ({ s, i })).filter((x) => x.s > 0).sort((x, y) => y.s - x.s || x.i - y.i);
        expect(Array.from(hits.indices).filter((i) => i >= 0)).toEqual(expected.map((x) => x.i));
        expected.forEach((x, r) => expect(hits.scores[r]).toBeCloseTo(x.s, 5));
      }
    }
  });
  it('stems, lowercases and drops stop words', () => {
    expect(createWordTokenizer()('The River Otters, and Quokkas!')).toEqual(['river', 'otter', 'quokka']);
    expect(createWordTokenizer({ stem: false, stopWords: new Set() })('The Otters')).toEqual(['the', 'otters']);
    const index = new Bm25Index(docs);
    expect(index.idf('zzz')).toBe(0);
    expect(index.idf('like')).toBeCloseTo(Math.log(1 + 1.5 / 3.5), 12);
  });
  it('rejects bad parameters', () => {
    expect(() => new Bm25Index(docs, { b: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => new Bm25Index(docs, { k1: -1 })).toThrow(InvalidArgumentError);
    expect(() => new Bm25Index(docs).search(['x'], { k: 0 })).toThrow(InvalidArgumentError);
  });
  it('the retriever (chunked analysis and search) returns exactly what the index returns', async () => {
    const words = ['apples', 'pears', 'otters', 'trees', 'chess', 'jazz', 'kites', 'tea'];
    const manyDocs = Array.from({ length: 2500 }, (_, i) => `P${i} likes ${words[i % 8]}, ${words[(i * 3) % 8]} and ${words[(i * 5 + 1) % 8]}.`);
    const manyQueries = Array.from({ length: 450 }, (_, i) => `Who likes ${words[i % 8]} and ${words[(i + 3) % 8]}?`);
    const direct = new Bm25Index(manyDocs).search(manyQueries, { k: 5 });
    const viaRetriever = await createBm25Retriever().retrieve(manyQueries, manyDocs, { k: 5 });
    expect(Array.from(viaRetriever.indices)).toEqual(Array.from(direct.indices));
    expect(Array.from(viaRetriever.scores)).toEqual(Array.from(direct.scores));
  });
});
