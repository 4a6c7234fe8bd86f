import { AbortedError, assertKnownOptions } from '@limit/core';
import { Bm25Index } from './bm25-index.js';
import type { Bm25Options } from './bm25-index.js';
import type { Retriever } from '../retrieval/retriever.js';
import type { TopKResult } from '../retrieval/top-k.js';
import { createWordTokenizer } from './word-tokenizer.js';

const CHUNK = 2000;
const yieldToEventLoop = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * A {@link Retriever} over {@link Bm25Index} (Okapi BM25, Lucene idf; defaults k1 = 1.5, b = 0.75,
 * Porter stemming, Lucene English stop words). Documents are analysed and queries answered in
 * chunks, yielding to the event loop in between (progress output and cancellation stay live).
 *
 * @example
 * const { evaluation } = await evaluateRetriever(dataset, createBm25Retriever());
 */
export function createBm25Retriever(options: Bm25Options = {}): Retriever {
  assertKnownOptions('options', options, ['k1', 'b', 'tokenize']);
  return {
    name: 'bm25',
    async retrieve(queries, documents, { k, onProgress, signal }) {
      const tokenize = options.tokenize ?? createWordTokenizer();
      const tokens: string[][] = [];
      for (let start = 0; start < documents.length; start += CHUNK) {
        if (signal?.aborted) throw new AbortedError();
        for (let d = start; d < Math.min(documents.length, start + CHUNK); d++) tokens.push(tokenize(documents[d]!));
        onProgress?.('index', tokens.length, documents.length);
        await yieldToEventLoop();
      }
      const index = new Bm25Index({ tokens }, { ...options, tokenize });
      const parts: TopKResult[] = [];
      for (let start = 0; start < queries.length; start += CHUNK / 10) {
        if (signal?.aborted) throw new AbortedError();
        parts.push(index.search(queries.slice(start, start + CHUNK / 10), { k }));
        onProgress?.('search', Math.min(queries.length, start + CHUNK / 10), queries.length);
        await yieldToEventLoop();
      }
      return concatTopK(parts, queries.length, k);
    },
  };
}

function concatTopK(parts: readonly TopKResult[], rows: number, k: number): TopKResult {
  const indices = new Int32Array(rows * k);
  const scores = new Float32Array(rows * k);
  let offset = 0;
  for (const p of parts) {
    indices.set(p.indices, offset);
    scores.set(p.scores, offset);
    offset += p.indices.length;
  }
  return { rows, k, indices, scores };
}
