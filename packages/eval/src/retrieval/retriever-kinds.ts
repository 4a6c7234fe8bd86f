/** One kind of retriever this package builds, as data for apps (help texts, menus, validation). */
export interface RetrieverKind {
  /** Stable id (`limit evaluate --retriever <id>`). */
  readonly id: string;
  /** What it is. */
  readonly description: string;
  /** The factory that builds it. */
  readonly factory: string;
  /** Whether it needs an ONNX model folder. */
  readonly needsModel: boolean;
}

/**
 * The retrievers this package builds, in the order apps list them.
 *
 * @example
 * ```ts
 * RETRIEVER_KINDS.map((r) => r.id); // ['bm25', 'ngram', 'onnx', 'maxsim']
 * ```
 */
export const RETRIEVER_KINDS: readonly RetrieverKind[] = Object.freeze([
  { id: 'bm25', description: 'Okapi BM25 over word tokens (Lucene idf, k1 = 1.5, b = 0.75)', factory: 'createBm25Retriever', needsModel: false },
  { id: 'ngram', description: 'character 3–7-gram hashing into 32,768 dimensions, log1p, L2 (no training)', factory: 'createNgramRetriever', needsModel: false },
  { id: 'onnx', description: 'single-vector dense retrieval with an ONNX sentence encoder (a model folder)', factory: 'createDenseRetriever', needsModel: true },
  { id: 'maxsim', description: 'late interaction: MaxSim over the ONNX encoder’s token embeddings', factory: 'createMaxSimRetriever', needsModel: true },
]);
