import { assertInteger, assertKnownOptions } from '@limit/core';
import { DEFAULT_CUTOFFS, evaluateRun } from '../metrics/evaluate-run.js';
import type { EvaluateRunOptions, RunEvaluation } from '../metrics/evaluate-run.js';
import type { Run } from '../qrels.js';
import { documentText, validateRetrievalDataset } from './retrieval-dataset.js';
import type { RetrievalDataset } from './retrieval-dataset.js';
import type { Retriever } from './retriever.js';
import { topKToRun } from './top-k-to-run.js';

/** Options of {@link evaluateRetriever}. */
export interface EvaluateRetrieverOptions extends EvaluateRunOptions {
  /** Documents retrieved per query (default: the largest cutoff, capped at the corpus size). */
  depth?: number;
  /** Progress of the retriever's stages. */
  onProgress?: (stage: string, done: number, total: number) => void;
  /** Cancels the retrieval. */
  signal?: AbortSignal;
}

/** Result of {@link evaluateRetriever}. */
export interface RetrieverEvaluation {
  /** The retriever's name. */
  readonly retriever: string;
  /** The top-`depth` run (`queryId → docId → score`). */
  readonly run: Run;
  /** trec_eval metrics of the run. */
  readonly evaluation: RunEvaluation;
  /** Wall-clock seconds spent retrieving. */
  readonly seconds: number;
}

/**
 * Evaluates a retriever on a dataset: validates the dataset ({@link validateRetrievalDataset}),
 * retrieves the top `depth` documents for every query, and scores the run with trec_eval's
 * definitions ({@link evaluateRun}) at the MTEB cutoffs.
 *
 * @throws InvalidArgumentError for an invalid dataset (unknown ids in qrels, empty queries, …).
 * @example
 * const dataset = generateLimitDataset({ numDocs: 46, numQueries: 1000, k: 2, seed: 0 });
 * const { evaluation } = await evaluateRetriever(dataset, createBm25Retriever());
 * evaluation.mean.recall_at_2;
 */
export async function evaluateRetriever(dataset: RetrievalDataset, retriever: Retriever, options: EvaluateRetrieverOptions = {}): Promise<RetrieverEvaluation> {
  assertKnownOptions('options', options, ['depth', 'onProgress', 'signal', 'cutoffs', 'k', 'relevanceLevel', 'queries', 'queriesWithoutRelevant']);
  const qrels = validateRetrievalDataset(dataset);
  const cutoffs = options.cutoffs ?? options.k ?? DEFAULT_CUTOFFS;
  const depth = assertInteger('depth', options.depth ?? Math.max(...cutoffs), { min: 1 });
  const k = Math.max(1, Math.min(depth, dataset.corpus.length));
  const started = Date.now();
  const hits = await retriever.retrieve(
    dataset.queries.map((q) => q.text),
    dataset.corpus.map(documentText),
    { k, ...(options.onProgress ? { onProgress: options.onProgress } : {}), ...(options.signal ? { signal: options.signal } : {}) },
  );
  const seconds = (Date.now() - started) / 1000;
  const run = topKToRun(hits, dataset.queries.map((q) => q._id), dataset.corpus.map((d) => d._id));
  const { depth: _depth, onProgress: _onProgress, signal: _signal, ...runOptions } = options;
  const evaluation = evaluateRun(qrels, run, runOptions);
  return { retriever: retriever.name, run, evaluation, seconds };
}
