/**
 * `@limit/eval`: evaluate retrievers on LIMIT — trec_eval metrics, BM25, character n-gram hashing,
 * exact dense search, ONNX sentence-embedding encoders and MaxSim. Browser-safe; Node file and
 * runtime helpers are in `@limit/eval/node`, the metrics alone in `@limit/eval/metrics`.
 */
export * from './metrics.js';
export { TopKAccumulator } from './top-k.js';
export type { TopKResult } from './top-k.js';
export { dotBlock } from './dot-block.js';
export { denseSearch } from './dense-search.js';
export type { DenseSearchOptions, BlockScorer } from './dense-search.js';
export { createWordTokenizer, ENGLISH_STOP_WORDS } from './word-tokenizer.js';
export type { WordTokenizerOptions } from './word-tokenizer.js';
export { Bm25Index } from './bm25-index.js';
export type { Bm25Options, Bm25SearchOptions } from './bm25-index.js';
export { assertSparseMatrix } from './sparse-matrix.js';
export type { SparseMatrix } from './sparse-matrix.js';
export { encodeCharNgrams } from './char-ngram-encoder.js';
export type { CharNgramOptions } from './char-ngram-encoder.js';
export { SparseSearcher, sparseSearch } from './sparse-search.js';
export type { TokenEmbeddings } from './token-embeddings.js';
export { maxSimSearch } from './max-sim-search.js';
export type { MaxSimSearchOptions } from './max-sim-search.js';
export type { OrtModuleLike, OrtSessionLike, OrtTensorLike } from './onnx-runtime-types.js';
export type { EmbeddingCache } from './embedding-cache.js';
export { createMemoryEmbeddingCache } from './memory-embedding-cache.js';
export { OnnxEncoder } from './onnx-encoder.js';
export type { OnnxEncoderOptions, EncodeOptions } from './onnx-encoder.js';
export { validateRetrievalDataset, documentText } from './retrieval-dataset.js';
export type { RetrievalDataset } from './retrieval-dataset.js';
export type { Retriever, RetrieveOptions } from './retriever.js';
export { createBm25Retriever } from './bm25-retriever.js';
export { createNgramRetriever } from './ngram-retriever.js';
export { createDenseRetriever } from './dense-retriever.js';
export type { TextEncoder } from './dense-retriever.js';
export { createMaxSimRetriever } from './max-sim-retriever.js';
export type { TokenEncoder } from './max-sim-retriever.js';
export { evaluateRetriever } from './evaluate-retriever.js';
export { topKToRun } from './top-k-to-run.js';
export type { EvaluateRetrieverOptions, RetrieverEvaluation } from './evaluate-retriever.js';
export { toMtebResult } from './mteb-result.js';
export type { MtebResult, MtebSplitScores, ToMtebResultOptions } from './mteb-result.js';
export { formatResultsTable, metricLabel } from './results-table.js';
export type { ResultsRow } from './results-table.js';
export { PAPER_RESULTS } from './paper-results.js';
export type { PaperResult } from './paper-results.js';
