/**
 * `@limit/eval`: evaluate retrievers on LIMIT — trec_eval metrics, BM25, character n-gram hashing,
 * exact dense search, ONNX sentence-embedding encoders and MaxSim. Browser-safe; Node file and
 * runtime helpers are in `@limit/eval/node`, the metrics alone in `@limit/eval/metrics`.
 */
export type { Qrels, Run } from './qrels.js';
export { rankDocuments, compareCodePoints } from './rank-documents.js';
export { recallAtK } from './metrics/recall-at-k.js';
export { precisionAtK } from './metrics/precision-at-k.js';
export { ndcgAtK } from './metrics/ndcg-at-k.js';
export { mrrAtK } from './metrics/mrr-at-k.js';
export { mapAtK } from './metrics/map-at-k.js';
export { successAtK } from './metrics/success-at-k.js';
export { rPrecision } from './metrics/r-precision.js';
export { bpref } from './metrics/bpref.js';
export { judgedAtK } from './metrics/judged-at-k.js';
export { evaluateRun, DEFAULT_CUTOFFS, METRIC_FAMILIES } from './metrics/evaluate-run.js';
export type {
  EvaluateRunOptions,
  EvaluateRunCommonOptions,
  EvaluateMeasuresOptions,
  RunEvaluation,
  MeasureEvaluation,
  MetricScores,
  MetricFamily,
} from './metrics/evaluate-run.js';
export { MEASURE_SPELLINGS, parseMeasure } from './metrics/measures.js';
export type { MeasureName, MeasureFamily, ParsedMeasure } from './metrics/measures.js';
export { compareRuns } from './metrics/compare-runs.js';
export type { CompareRunsOptions, RunComparison, PairedTest } from './metrics/compare-runs.js';
export { parseTrecQrels, formatTrecQrels } from './trec/trec-qrels.js';
export { parseTrecRun, formatTrecRun } from './trec/trec-run.js';
export type { FormatTrecRunOptions } from './trec/trec-run.js';
export { TopKAccumulator } from './retrieval/top-k.js';
export type { TopKResult } from './retrieval/top-k.js';
export { dotBlock } from './dense/dot-block.js';
export { denseSearch } from './dense/dense-search.js';
export type { DenseSearchOptions, BlockScorer } from './dense/dense-search.js';
export { createWordTokenizer, ENGLISH_STOP_WORDS } from './lexical/word-tokenizer.js';
export type { WordTokenizerOptions } from './lexical/word-tokenizer.js';
export { Bm25Index } from './lexical/bm25-index.js';
export type { Bm25Options, Bm25SearchOptions } from './lexical/bm25-index.js';
export { assertSparseMatrix } from './lexical/sparse-matrix.js';
export type { SparseMatrix } from './lexical/sparse-matrix.js';
export { encodeCharNgrams } from './lexical/char-ngram-encoder.js';
export type { CharNgramOptions } from './lexical/char-ngram-encoder.js';
export { SparseSearcher, sparseSearch } from './lexical/sparse-search.js';
export type { TokenEmbeddings } from './dense/token-embeddings.js';
export { maxSimSearch } from './dense/max-sim-search.js';
export type { MaxSimSearchOptions } from './dense/max-sim-search.js';
export type { OrtModuleLike, OrtSessionLike, OrtTensorLike } from './onnx/onnx-runtime-types.js';
export type { OrtModule } from '@limit/onnx';
export type { EmbeddingCache } from './onnx/embedding-cache.js';
export { createMemoryEmbeddingCache } from './onnx/memory-embedding-cache.js';
export { OnnxEncoder } from './onnx/onnx-encoder.js';
export type { OnnxEncoderOptions, EncodeOptions, SimilarityFunction } from './onnx/onnx-encoder.js';
export { POOLING_MODES } from './onnx/pooling.js';
export type { PoolingMode } from './onnx/pooling.js';
export { MODEL_DTYPES } from './onnx/model-folder.js';
export type { ModelDtype } from './onnx/model-folder.js';
export { validateRetrievalDataset, documentText } from './retrieval/retrieval-dataset.js';
export type { RetrievalDataset } from './retrieval/retrieval-dataset.js';
export type { Retriever, RetrieveOptions } from './retrieval/retriever.js';
export { RETRIEVER_KINDS } from './retrieval/retriever-kinds.js';
export type { RetrieverKind } from './retrieval/retriever-kinds.js';
export { createBm25Retriever } from './lexical/bm25-retriever.js';
export { createNgramRetriever } from './lexical/ngram-retriever.js';
export { createDenseRetriever } from './dense/dense-retriever.js';
export type { DenseRetrieverOptions } from './dense/dense-retriever.js';
export type { SentenceEncoder, TextEncoder } from './dense/sentence-encoder.js';
export { createMaxSimRetriever } from './dense/max-sim-retriever.js';
export type { TokenEncoder } from './dense/max-sim-retriever.js';
export { evaluateRetriever } from './retrieval/evaluate-retriever.js';
export { topKToRun } from './retrieval/top-k-to-run.js';
export { topKRow } from './retrieval/top-k-row.js';
export type { TopKRow } from './retrieval/top-k-row.js';
export type { EvaluateRetrieverOptions, RetrieverEvaluation } from './retrieval/evaluate-retriever.js';
export { toMtebResult, LIMIT_MTEB_TASKS, MTEB_RESULTS_FORMAT_VERSION } from './report/mteb-result.js';
export type { MtebResult, MtebSplitScores, ToMtebResultOptions } from './report/mteb-result.js';
export { identifyLimitTask, LIMIT_DATASET_DIGESTS } from './report/limit-task.js';
export type { DatasetDigestRecord, IdentifyLimitTaskOptions, LimitTaskIdentity } from './report/limit-task.js';
export { formatResultsTable, metricLabel } from './report/results-table.js';
export type { ResultsRow } from './report/results-table.js';
export { PAPER_RESULTS } from './report/paper-results.js';
export type { PaperResult } from './report/paper-results.js';
