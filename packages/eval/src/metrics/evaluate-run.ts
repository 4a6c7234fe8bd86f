import { InvalidArgumentError, assertInteger, assertOneOf } from '@limit/core';
import { assertCutoff } from './assert-cutoff.js';
import { mapAtK } from './map-at-k.js';
import { mrrAtK } from './mrr-at-k.js';
import { ndcgAtK } from './ndcg-at-k.js';
import { precisionAtK } from './precision-at-k.js';
import type { Qrels, Run } from '../qrels.js';
import { rankDocuments } from '../rank-documents.js';
import { recallAtK } from './recall-at-k.js';
import { successAtK } from './success-at-k.js';

/** The cutoffs MTEB reports for retrieval tasks (and LIMIT): 1, 2, 3, 5, 10, 20, 100, 1000. */
export const DEFAULT_CUTOFFS: readonly number[] = [1, 2, 3, 5, 10, 20, 100, 1000];

/** The metric families {@link evaluateRun} computes, in MTEB's key spelling (`<family>_at_<k>`). */
export const METRIC_FAMILIES = ['ndcg', 'map', 'recall', 'precision', 'mrr', 'success'] as const;

/** One of {@link METRIC_FAMILIES}. */
export type MetricFamily = (typeof METRIC_FAMILIES)[number];

/** Scores keyed like MTEB: `recall_at_2`, `ndcg_at_10`, … */
export type MetricScores = Record<string, number>;

/** Options of {@link evaluateRun}. */
export interface EvaluateRunOptions {
  /** Cutoffs (positive integers; default {@link DEFAULT_CUTOFFS}). */
  k?: readonly number[];
  /** Minimum relevance that counts as relevant (default 1, trec_eval's `-l`). */
  relevanceLevel?: number;
  /**
   * Which queries are averaged. `'run'` (default, trec_eval's default and what pytrec_eval, BEIR and
   * MTEB do): queries present in both the run and the qrels. `'qrels'` (trec_eval `-c`): every query
   * in the qrels; a query missing from the run scores 0.
   */
  queries?: 'run' | 'qrels';
  /**
   * Queries whose judgements contain no relevant document: `'include'` (default, trec_eval) scores
   * them 0 on every metric and counts them in the mean; `'exclude'` leaves them out.
   */
  queriesWithoutRelevant?: 'include' | 'exclude';
}

/** Result of {@link evaluateRun}. */
export interface RunEvaluation {
  /** Mean of each metric over the evaluated queries (0 when there are none). */
  readonly mean: MetricScores;
  /** Per-query metrics, for the evaluated queries. */
  readonly perQuery: Record<string, MetricScores>;
  /** Number of evaluated queries (the denominator of every mean). */
  readonly numQueries: number;
  /** The cutoffs used, ascending. */
  readonly k: readonly number[];
}

/**
 * Evaluates a run against qrels with trec_eval's definitions — the numbers pytrec_eval, BEIR and
 * MTEB report — for nDCG@k, MAP@k, recall@k, P@k, MRR@k and success@k.
 *
 * Ranking: each query's documents are ordered by score descending, ties by document id descending
 * in byte order (trec_eval's `comp_sim_docno`); see {@link rankDocuments}. Queries: by default those
 * in both run and qrels, queries without relevant documents scoring 0 (see {@link EvaluateRunOptions}).
 *
 * @param qrels - `queryId → docId → relevance` (non-negative integers).
 * @param run - `queryId → docId → score` (finite numbers).
 * @returns Per-query and mean scores keyed `recall_at_2`, `ndcg_at_10`, ….
 * @throws InvalidArgumentError for a non-finite score, a negative or fractional relevance, or bad options.
 * @example
 * const { mean } = evaluateRun({ q1: { d1: 1, d2: 1 } }, { q1: { d1: 0.9, d3: 0.8, d2: 0.1 } }, { k: [2] });
 * mean.recall_at_2; // 0.5
 */
export function evaluateRun(qrels: Qrels, run: Run, options: EvaluateRunOptions = {}): RunEvaluation {
  const cutoffs = [...new Set((options.k ?? DEFAULT_CUTOFFS).map((k, i) => assertCutoff(k, `k[${i}]`)))].sort((a, b) => a - b);
  if (cutoffs.length === 0) throw new InvalidArgumentError({ parameter: 'k', value: options.k, message: 'k must list at least one cutoff' });
  const relevanceLevel = assertInteger('relevanceLevel', options.relevanceLevel ?? 1, { min: 1 });
  const which = assertOneOf('queries', options.queries ?? 'run', ['run', 'qrels'] as const);
  const withoutRelevant = assertOneOf('queriesWithoutRelevant', options.queriesWithoutRelevant ?? 'include', ['include', 'exclude'] as const);

  for (const [qid, judgements] of Object.entries(qrels)) {
    for (const [docId, rel] of Object.entries(judgements)) {
      if (!Number.isSafeInteger(rel) || rel < 0) {
        throw new InvalidArgumentError({
          parameter: `qrels[${JSON.stringify(qid)}][${JSON.stringify(docId)}]`,
          value: rel,
          message: `relevance (${String(rel)}) must be a non-negative integer`,
        });
      }
    }
  }
  const queryIds = which === 'run' ? Object.keys(run).filter((q) => Object.hasOwn(qrels, q)) : Object.keys(qrels);
  const perQuery: Record<string, MetricScores> = {};
  const sums: MetricScores = {};
  for (const family of METRIC_FAMILIES) for (const k of cutoffs) sums[`${family}_at_${k}`] = 0;
  let numQueries = 0;
  for (const qid of queryIds) {
    const judgements = qrels[qid];
    const hasRelevant = judgements !== undefined && Object.values(judgements).some((rel) => rel >= relevanceLevel);
    if (!hasRelevant && withoutRelevant === 'exclude') continue;
    const scores = Object.hasOwn(run, qid) ? run[qid]! : {};
    for (const [docId, score] of Object.entries(scores)) {
      if (typeof score !== 'number' || !Number.isFinite(score)) {
        throw new InvalidArgumentError({
          parameter: `run[${JSON.stringify(qid)}][${JSON.stringify(docId)}]`,
          value: score,
          message: `score (${String(score)}) must be a finite number`,
        });
      }
    }
    const ranked = rankDocuments(scores);
    const row: MetricScores = {};
    for (const k of cutoffs) {
      row[`ndcg_at_${k}`] = ndcgAtK(ranked, judgements, k);
      row[`map_at_${k}`] = mapAtK(ranked, judgements, k, relevanceLevel);
      row[`recall_at_${k}`] = recallAtK(ranked, judgements, k, relevanceLevel);
      row[`precision_at_${k}`] = precisionAtK(ranked, judgements, k, relevanceLevel);
      row[`mrr_at_${k}`] = mrrAtK(ranked, judgements, k, relevanceLevel);
      row[`success_at_${k}`] = successAtK(ranked, judgements, k, relevanceLevel);
    }
    for (const [key, value] of Object.entries(row)) sums[key] = sums[key]! + value;
    perQuery[qid] = row;
    numQueries++;
  }
  const mean: MetricScores = {};
  for (const [key, sum] of Object.entries(sums)) mean[key] = numQueries > 0 ? sum / numQueries : 0;
  return { mean, perQuery, numQueries, k: cutoffs };
}
