/**
 * `@limit/eval/metrics`: trec_eval-compatible retrieval metrics and TREC text formats, with no
 * tensor or ONNX dependency.
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
export { parseMeasure } from './metrics/measures.js';
export type { MeasureName, MeasureFamily, ParsedMeasure } from './metrics/measures.js';
export { compareRuns } from './metrics/compare-runs.js';
export type { CompareRunsOptions, RunComparison, PairedTest } from './metrics/compare-runs.js';
export { parseTrecQrels, formatTrecQrels } from './trec/trec-qrels.js';
export { parseTrecRun, formatTrecRun } from './trec/trec-run.js';
export type { FormatTrecRunOptions, ParseTrecOptions } from './trec/trec-run.js';
export { encodeTrecId, decodeTrecId } from './trec/trec-ids.js';
