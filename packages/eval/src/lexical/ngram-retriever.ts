import { AbortedError, assertInteger, assertKnownOptions } from '@limit/core';
import { encodeCharNgrams } from './char-ngram-encoder.js';
import { CHAR_NGRAM_OPTIONS, type CharNgramOptions } from './char-ngram-encoder.js';
import type { Retriever } from '../retrieval/retriever.js';
import { SparseSearcher } from './sparse-search.js';

/**
 * A {@link Retriever} with the character n-gram hashing encoder ({@link encodeCharNgrams}: 3–7-grams,
 * 32,768 buckets, log1p, L2) and exact sparse dot-product search. Documents are encoded and scored
 * in blocks of `blockSize` (default 2,000), so memory stays small on a 50,000-document corpus.
 *
 * @example
 * const { evaluation } = await evaluateRetriever(dataset, createNgramRetriever());
 */
export function createNgramRetriever(options: CharNgramOptions & { blockSize?: number } = {}): Retriever {
  assertKnownOptions('options', options, [...CHAR_NGRAM_OPTIONS, 'blockSize']);
  const { blockSize: bs, ...encoderOptions } = options;
  const blockSize = assertInteger('blockSize', bs ?? 2000, { min: 1 });
  return {
    name: 'ngram',
    async retrieve(queries, documents, { k, onProgress, signal }) {
      const searcher = new SparseSearcher(encodeCharNgrams(queries, encoderOptions), k);
      for (let start = 0; start < documents.length; start += blockSize) {
        if (signal?.aborted) throw new AbortedError();
        const end = Math.min(documents.length, start + blockSize);
        searcher.add(encodeCharNgrams(documents.slice(start, end), encoderOptions), start);
        onProgress?.('search', end, documents.length);
        await new Promise((resolve) => setTimeout(resolve, 0)); // let progress output and aborts through
      }
      return searcher.result();
    },
  };
}
