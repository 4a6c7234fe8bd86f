import { InvalidArgumentError, assertInteger, assertKnownOptions, assertOneOf } from '@limit/core';
import { assertCutoff } from './assert-cutoff.js';
import { mapAtK } from './map-at-k.js';
import { parseMeasure, type MeasureName, type ParsedMeasure } from './measures.js';
import { mrrAtK } from './mrr-at-k.js';
import { ndcgAtK } from './ndcg-at-k.js';
import { precisionAtK } from './precision-at-k.js';
import type { Qrels, Run } from '../qrels.js';
import { rankDocuments } from '../rank-documents.js';
import { recallAtK } from './recall-at-k.js';
import { successAtK } from './success-at-k.js';
import { rPrecision } from './r-precision.js';
import { bpref } from './bpref.js';
import { judgedAtK } from './judged-at-k.js';

/** The cutoffs MTEB reports for retrieval tasks (and LIMIT): 1, 2, 3, 5, 10, 20, 100, 1000. */
export const DEFAULT_CUTOFFS: readonly number[] = [1, 2, 3, 5, 10, 20, 100, 1000];

/** The metric families {@link evaluateRun} computes, in MTEB's key spelling (`<family>_at_<k>`). */
export const METRIC_FAMILIES = ['ndcg', 'map', 'recall', 'precision', 'mrr', 'success'] as const;

/** One of {@link METRIC_FAMILIES}. */
export type MetricFamily = (typeof METRIC_FAMILIES)[number];

/** Scores keyed like MTEB: `recall_at_2`, `ndcg_at_10`, … */
export type MetricScores = Record<string, number>;

/** Options of {@link evaluateRun} shared by both forms (cutoffs and named measures). */
export interface EvaluateRunCommonOptions {
  /** Minimum relevance that counts as relevant (default 1, trec_eval's `-l`). nDCG uses the graded labels. */
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

/** Options of {@link evaluateRun} in its MTEB form: every family at every cutoff. */
export interface EvaluateRunOptions extends EvaluateRunCommonOptions {
  /** Rank cutoffs (positive integers; default {@link DEFAULT_CUTOFFS}). */
  cutoffs?: readonly number[];
  /**
   * @deprecated Use `cutoffs` (in this package `k` is the number of hits retrieved per query). Still
   * accepted; passing both is an error.
   */
  k?: readonly number[];
}

/** Options of {@link evaluateRun} in its named-measures form. */
export interface EvaluateMeasuresOptions<M extends readonly MeasureName[] = readonly MeasureName[]> extends EvaluateRunCommonOptions {
  /** Measures by their ranx / ir_measures or trec_eval names, e.g. `['nDCG@10', 'R@100', 'map']` or `['ndcg_cut_10', 'P_5', 'bpref']` (see {@link MeasureName}). */
  measures: M;
}

/** Result of {@link evaluateRun} in its MTEB form. */
export interface RunEvaluation {
  /** Mean of each metric over the evaluated queries (0 when there are none), keyed `ndcg_at_10`, …. */
  readonly mean: MetricScores;
  /** Per-query metrics, for the evaluated queries. */
  readonly perQuery: Record<string, MetricScores>;
  /** Number of evaluated queries (the denominator of every mean). */
  readonly numQueries: number;
  /** The cutoffs used, ascending. */
  readonly cutoffs: readonly number[];
  /** @deprecated The same array as `cutoffs`. */
  readonly k: readonly number[];
}

/** Result of {@link evaluateRun} with `measures`: exactly the requested names, as written. */
export interface MeasureEvaluation<N extends string> {
  /** Mean of each requested measure over the evaluated queries (0 when there are none). */
  readonly mean: Readonly<Record<N, number>>;
  /** `queryId → measure → value`, for the evaluated queries. */
  readonly perQuery: Readonly<Record<string, Readonly<Record<N, number>>>>;
  /** Number of evaluated queries (the denominator of every mean). */
  readonly numQueries: number;
  /** The measure names, in the order requested (duplicates removed). */
  readonly measures: readonly N[];
}

const RUN_OPTIONS = ['cutoffs', 'k', 'measures', 'relevanceLevel', 'queries', 'queriesWithoutRelevant'] as const;

/**
 * Evaluates a run against qrels with trec_eval's definitions — the numbers pytrec_eval, BEIR and
 * MTEB report.
 *
 * **Named measures** (`{ measures }`): ranx's or ir_measures' names — `ndcg@10` / `nDCG@10`
 * (trec_eval `ndcg_cut_10`), `recall@100` / `R@100` (`recall_100`), `precision@5` / `P@5` (`P_5`),
 * `mrr@10` / `RR@10` (`recip_rank` cut at 10), `map@100` / `AP@100` (`map_cut_100`), `map` / `AP` (`map`),
 * `hit_rate@10` / `Success@10` (`success_10`), `Rprec`, `Bpref`, `Judged@10`, with ir_measures'
 * `rel=` (`P(rel=2)@5`); or trec_eval / pytrec_eval's own names — `ndcg_cut_10`, `P_5`,
 * `recall_100`, `map`, `map_cut_10`, `recip_rank`, `Rprec`, `bpref`, `success_10`, `ndcg`. `ndcg`,
 * `recall`, `mrr` without `@k` use the whole ranking. Unjudged documents count as non-relevant,
 * except in bpref and Judged, which look only at judged ones (as trec_eval and ir_measures do).
 * The result is keyed by the names exactly as requested and typed so that only those exist:
 * `evaluateRun(q, r, { measures: ['nDCG@10', 'map'] }).mean['nDCG@10']` is a `number`, `.mean['P@5']`
 * a type error. Values follow trec_eval whichever spelling is used (ranx agrees with trec_eval on these
 * measures for binary labels).
 *
 * **MTEB form** (no `measures`): nDCG, MAP, recall, P, MRR and success at every cutoff (default
 * {@link DEFAULT_CUTOFFS}), keyed `ndcg_at_10`, `recall_at_2`, … as MTEB writes them.
 *
 * Ranking: each query's documents are ordered by score descending, ties by document id descending
 * in byte order (trec_eval's `comp_sim_docno`); see {@link rankDocuments}. Queries: by default those
 * in both run and qrels, queries without relevant documents scoring 0 (see {@link EvaluateRunCommonOptions}).
 *
 * @param qrels - `queryId → docId → relevance` (non-negative integers).
 * @param run - `queryId → docId → score` (finite numbers).
 * @param options - `measures` (named form) or `cutoffs` (MTEB form), plus the query selection.
 * @returns `{ mean, perQuery, numQueries }` keyed by the requested names (or `<family>_at_<k>`).
 * @throws InvalidArgumentError for a non-finite score, a negative or fractional relevance, an unknown
 *   measure name or option, `measures` together with `cutoffs`, or bad options.
 * @example
 * const { mean } = evaluateRun(qrels, run, { measures: ['nDCG@10', 'R@100', 'map'] });
 * mean['nDCG@10'];
 * evaluateRun({ q1: { d1: 1, d2: 1 } }, { q1: { d1: 0.9, d3: 0.8, d2: 0.1 } }, { cutoffs: [2] }).mean.recall_at_2; // 0.5
 */
export function evaluateRun<const M extends readonly MeasureName[]>(qrels: Qrels, run: Run, options: EvaluateMeasuresOptions<M>): MeasureEvaluation<M[number]>;
export function evaluateRun(qrels: Qrels, run: Run, options?: EvaluateRunOptions): RunEvaluation;
export function evaluateRun(
  qrels: Qrels,
  run: Run,
  options: EvaluateRunOptions | EvaluateMeasuresOptions = {},
): RunEvaluation | MeasureEvaluation<string> {
  assertKnownOptions('options', options, RUN_OPTIONS, { depth: 'depth belongs to evaluateRetriever', topK: 'cutoffs' });
  const o = options as EvaluateRunOptions & Partial<EvaluateMeasuresOptions>;
  if (o.measures !== undefined) {
    if (o.cutoffs !== undefined || o.k !== undefined) {
      throw new InvalidArgumentError({ parameter: 'options.cutoffs', value: o.cutoffs ?? o.k, message: 'pass either measures (e.g. "ndcg@10") or cutoffs, not both' });
    }
    if (!Array.isArray(o.measures) || o.measures.length === 0) {
      throw new InvalidArgumentError({ parameter: 'options.measures', value: o.measures, message: 'options.measures must list at least one measure, e.g. ["ndcg@10"]' });
    }
    const parsed = [...new Map(o.measures.map((m, i) => [m, parseMeasure(m, `options.measures[${i}]`)])).values()];
    const result = scoreQueries(qrels, run, o, parsed.map((m) => m.name), (ranked, judgements, level) => measureRow(parsed, ranked, judgements, level));
    return { ...result, measures: parsed.map((m) => m.name) };
  }
  if (o.cutoffs !== undefined && o.k !== undefined) {
    throw new InvalidArgumentError({ parameter: 'options.k', value: o.k, message: 'options.k is the deprecated name of options.cutoffs; pass only cutoffs' });
  }
  const parameter = o.cutoffs !== undefined ? 'cutoffs' : 'k';
  const cutoffs = [...new Set((o.cutoffs ?? o.k ?? DEFAULT_CUTOFFS).map((k, i) => assertCutoff(k, `${parameter}[${i}]`)))].sort((a, b) => a - b);
  if (cutoffs.length === 0) throw new InvalidArgumentError({ parameter, value: o.cutoffs ?? o.k, message: `${parameter} must list at least one cutoff` });
  const keys = METRIC_FAMILIES.flatMap((family) => cutoffs.map((k) => `${family}_at_${k}`));
  const result = scoreQueries(qrels, run, o, keys, (ranked, judgements, level) => {
    const row: MetricScores = {};
    for (const k of cutoffs) {
      row[`ndcg_at_${k}`] = ndcgAtK(ranked, judgements, k);
      row[`map_at_${k}`] = mapAtK(ranked, judgements, k, level);
      row[`recall_at_${k}`] = recallAtK(ranked, judgements, k, level);
      row[`precision_at_${k}`] = precisionAtK(ranked, judgements, k, level);
      row[`mrr_at_${k}`] = mrrAtK(ranked, judgements, k, level);
      row[`success_at_${k}`] = successAtK(ranked, judgements, k, level);
    }
    return row;
  });
  return { ...result, cutoffs, k: cutoffs };
}

type Judgements = Readonly<Record<string, number>> | undefined;

function measureRow(measures: readonly ParsedMeasure[], ranked: readonly string[], judgements: Judgements, defaultLevel: number): MetricScores {
  const row: MetricScores = {};
  // without a cutoff: deep enough for the whole ranking and for the ideal ranking of nDCG
  const whole = Math.max(1, ranked.length, judgements === undefined ? 0 : Object.keys(judgements).length);
  for (const m of measures) {
    const k = m.cutoff ?? whole;
    const level = m.relevanceLevel ?? defaultLevel;
    switch (m.family) {
      case 'rprec': row[m.name] = rPrecision(ranked, judgements, level); break;
      case 'bpref': row[m.name] = bpref(ranked, judgements, level); break;
      case 'judged': row[m.name] = judgedAtK(ranked, judgements, k); break;
      case 'ndcg': row[m.name] = ndcgAtK(ranked, judgements, k); break;
      case 'map': row[m.name] = mapAtK(ranked, judgements, k, level); break;
      case 'recall': row[m.name] = recallAtK(ranked, judgements, k, level); break;
      case 'precision': row[m.name] = precisionAtK(ranked, judgements, k, level); break;
      case 'mrr': row[m.name] = mrrAtK(ranked, judgements, k, level); break;
      case 'success': row[m.name] = successAtK(ranked, judgements, k, level); break;
    }
  }
  return row;
}

/** Validates qrels and run, picks the evaluated queries and averages `computeRow` over them. */
function scoreQueries(
  qrels: Qrels,
  run: Run,
  options: EvaluateRunCommonOptions,
  keys: readonly string[],
  computeRow: (ranked: readonly string[], judgements: Judgements, relevanceLevel: number) => MetricScores,
): { mean: MetricScores; perQuery: Record<string, MetricScores>; numQueries: number } {
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
  for (const key of keys) sums[key] = 0;
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
    const row = computeRow(rankDocuments(scores), judgements, relevanceLevel);
    for (const [key, value] of Object.entries(row)) sums[key] = sums[key]! + value;
    perQuery[qid] = row;
    numQueries++;
  }
  const mean: MetricScores = {};
  for (const [key, sum] of Object.entries(sums)) mean[key] = numQueries > 0 ? sum / numQueries : 0;
  return { mean, perQuery, numQueries };
}
