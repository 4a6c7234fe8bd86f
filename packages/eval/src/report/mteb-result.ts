import { InvalidArgumentError } from '@limit/core';
import type { RunEvaluation } from '../metrics/evaluate-run.js';

/** One split's scores in MTEB's results format. */
export interface MtebSplitScores {
  hf_subset: string;
  languages: string[];
  main_score: number;
  [metric: string]: number | string | string[];
}

/** An MTEB results file (`results/<model>/<revision>/<TaskName>.json`). */
export interface MtebResult {
  dataset_revision: string | null;
  task_name: string;
  mteb_version: string | null;
  evaluation_time: number | null;
  kg_co2_emissions: null;
  scores: Record<string, MtebSplitScores[]>;
}

/** Options of {@link toMtebResult}. */
export interface ToMtebResultOptions {
  /** MTEB task name, e.g. `'LIMITSmallRetrieval'` or `'LIMITRetrieval'`. */
  taskName: string;
  /** Split name (default `'test'`). */
  split?: string;
  /** Subset (default `'default'`). */
  subset?: string;
  /** Metric used as `main_score` (default `'recall_at_2'`, LIMIT's main score). */
  mainScore?: string;
  /** Languages (default `['eng-Latn']`). */
  languages?: string[];
  /** Seconds the evaluation took. */
  evaluationTime?: number;
  /** Dataset revision, when known. */
  datasetRevision?: string;
}

/**
 * Formats an evaluation as an MTEB results JSON object: `scores[split]` holds one entry per subset
 * with every metric (`ndcg_at_10`, `recall_at_2`, …, values in [0, 1]) and `main_score`.
 *
 * @throws InvalidArgumentError when `mainScore` is not one of the computed metrics.
 * @example
 * const json = toMtebResult(evaluation, { taskName: 'LIMITSmallRetrieval' });
 * json.scores.test[0].main_score; // = recall_at_2
 */
export function toMtebResult(evaluation: RunEvaluation, options: ToMtebResultOptions): MtebResult {
  const mainScore = options.mainScore ?? 'recall_at_2';
  const main = evaluation.mean[mainScore];
  if (main === undefined) {
    throw new InvalidArgumentError({ parameter: 'mainScore', value: mainScore, message: `metric ${mainScore} was not computed (cutoffs: ${evaluation.k.join(', ')})` });
  }
  return {
    dataset_revision: options.datasetRevision ?? null,
    task_name: options.taskName,
    mteb_version: null,
    evaluation_time: options.evaluationTime ?? null,
    kg_co2_emissions: null,
    scores: {
      [options.split ?? 'test']: [
        { ...roundAll(evaluation.mean), hf_subset: options.subset ?? 'default', languages: options.languages ?? ['eng-Latn'], main_score: round5(main) },
      ],
    },
  };
}

function round5(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}

function roundAll(m: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, round5(v)]));
}
