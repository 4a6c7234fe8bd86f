import { Bm25Index } from './bm25-index.js';
import type { Bm25Options } from './bm25-index.js';
import type { Retriever } from './retriever.js';

/**
 * A {@link Retriever} over {@link Bm25Index} (Okapi BM25, Lucene idf; defaults k1 = 1.5, b = 0.75,
 * Porter stemming, Lucene English stop words).
 *
 * @example
 * const { evaluation } = await evaluateRetriever(dataset, createBm25Retriever());
 */
export function createBm25Retriever(options: Bm25Options = {}): Retriever {
  return {
    name: 'bm25',
    async retrieve(queries, documents, { k, onProgress, signal }) {
      const index = new Bm25Index(documents, options);
      onProgress?.('index', documents.length, documents.length);
      return index.search(queries, { k, ...(signal ? { signal } : {}), onProgress: (d, t) => onProgress?.('search', d, t) });
    },
  };
}
