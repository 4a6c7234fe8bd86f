import type { TopKResult } from './top-k.js';

/** Options every {@link Retriever} accepts. */
export interface RetrieveOptions {
  /** Hits per query. */
  k: number;
  /** Progress of the current stage, e.g. ('index', 5000, 50000). */
  onProgress?: (stage: string, done: number, total: number) => void;
  /** Cancels the retrieval. */
  signal?: AbortSignal;
}

/**
 * A first-stage retriever: given query texts and document texts, the top-k document indices per
 * query. Implementations: {@link createBm25Retriever}, {@link createNgramRetriever},
 * {@link createDenseRetriever}, {@link createMaxSimRetriever}; write your own to evaluate any model.
 */
export interface Retriever {
  /** Short name used in result tables, e.g. `bm25`. */
  readonly name: string;
  retrieve(queries: readonly string[], documents: readonly string[], options: RetrieveOptions): Promise<TopKResult>;
}
