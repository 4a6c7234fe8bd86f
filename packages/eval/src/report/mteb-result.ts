import { InvalidArgumentError, assertKnownOptions } from '@limit/core';
import type { RunEvaluation } from '../metrics/evaluate-run.js';

/** One split's scores in MTEB's results format: every metric, plus `hf_subset`, `languages`, `main_score`. */
export interface MtebSplitScores {
  hf_subset: string;
  languages: string[];
  main_score: number;
  [metric: string]: number | string | string[];
}

/**
 * An MTEB task result (`results/<model>/<revision>/<TaskName>.json`): exactly the fields of mteb's
 * `TaskResult` — nothing else. The model is not part of it; it lives in the folder's `model_meta.json`
 * (see `writeMtebResults` in `@limit/eval/node`).
 */
export interface MtebResult {
  /** Hugging Face revision (commit) of the dataset; `'local'` for generated or local files (see {@link ToMtebResultOptions}). */
  dataset_revision: string;
  task_name: string;
  /** The mteb release whose results format this file follows (see {@link MTEB_RESULTS_FORMAT_VERSION}). */
  mteb_version: string;
  evaluation_time: number | null;
  kg_co2_emissions: number | null;
  scores: Record<string, MtebSplitScores[]>;
}

/**
 * The `mteb_version` written by default: the mteb results format these files follow (mteb ≥ 1.12.48 loads
 * them without its legacy conversions). It is not a claim that mteb produced the file.
 */
export const MTEB_RESULTS_FORMAT_VERSION = '1.12.48';

/**
 * The LIMIT tasks as MTEB defines them: main score `recall_at_2` and the Hugging Face dataset revision of
 * the official files (pass it as `datasetRevision` when you evaluated those files).
 */
export const LIMIT_MTEB_TASKS: Readonly<Record<'LIMITRetrieval' | 'LIMITSmallRetrieval', { readonly mainScore: string; readonly dataset: string; readonly datasetRevision: string }>> = {
  LIMITRetrieval: { mainScore: 'recall_at_2', dataset: 'orionweller/LIMIT', datasetRevision: '48142cc741b04d0b4af370ade7e8b42430382670' },
  LIMITSmallRetrieval: { mainScore: 'recall_at_2', dataset: 'orionweller/LIMIT-small', datasetRevision: 'ff4a8f2476ae77476c1912f1f3cb5bb5f2d766d4' },
};

/** Options of {@link toMtebResult}. */
export interface ToMtebResultOptions {
  /** MTEB task name, e.g. `'LIMITSmallRetrieval'` or `'LIMITRetrieval'`. */
  taskName: string;
  /** Split name (default `'test'`). */
  split?: string;
  /** `hf_subset` (default `'default'`). */
  subset?: string;
  /**
   * The metric copied into `main_score`, in MTEB's spelling (`recall_at_2`, `ndcg_at_10`, …). Default: the
   * task's main score as MTEB defines it — `recall_at_2` for the LIMIT tasks ({@link LIMIT_MTEB_TASKS}),
   * `ndcg_at_10` (MTEB's retrieval default) for any other task name. It must be among the computed cutoffs.
   */
  mainScore?: string;
  /** `languages` of the subset (default `['eng-Latn']`). */
  languages?: string[];
  /** Seconds the evaluation took (`evaluation_time`; default null). */
  evaluationTime?: number;
  /**
   * `dataset_revision`: the Hugging Face commit of the dataset evaluated. Generated or local data has no
   * such revision, so the default is `'local'`; for the official LIMIT files pass
   * `LIMIT_MTEB_TASKS[taskName].datasetRevision`.
   */
  datasetRevision?: string;
  /** `mteb_version` (default {@link MTEB_RESULTS_FORMAT_VERSION}); must be a version string mteb can parse. */
  mtebVersion?: string;
}

const MTEB_OPTIONS = ['taskName', 'split', 'subset', 'mainScore', 'languages', 'evaluationTime', 'datasetRevision', 'mtebVersion'] as const;

/**
 * Formats an evaluation as an MTEB task result: `scores[split]` holds one entry with every metric
 * (`ndcg_at_10`, `recall_at_2`, …, values in [0, 1], rounded to 5 decimals), `hf_subset`, `languages`
 * and `main_score`. The object has exactly mteb's `TaskResult` fields, with string revisions.
 *
 * @param evaluation - an {@link evaluateRun} result in its MTEB form (cutoffs, keys `<family>_at_<k>`).
 * @param options - see {@link ToMtebResultOptions}; `taskName` is required.
 * @throws InvalidArgumentError when the main score was not computed (name the cutoffs to add), or for an
 *   unknown option.
 * @example
 * const json = toMtebResult(evaluation, { taskName: 'LIMITSmallRetrieval' });
 * json.scores.test[0].main_score; // = recall_at_2, LIMIT's main score in MTEB
 */
export function toMtebResult(evaluation: RunEvaluation, options: ToMtebResultOptions): MtebResult {
  assertKnownOptions('options', options, MTEB_OPTIONS, { modelName: 'the model name goes into model_meta.json: writeMtebResults from @limit/eval/node' });
  if (typeof options?.taskName !== 'string' || options.taskName.length === 0) {
    throw new InvalidArgumentError({ parameter: 'options.taskName', value: options?.taskName, message: 'options.taskName must be an MTEB task name, e.g. "LIMITSmallRetrieval"' });
  }
  const known = Object.hasOwn(LIMIT_MTEB_TASKS, options.taskName) ? LIMIT_MTEB_TASKS[options.taskName as keyof typeof LIMIT_MTEB_TASKS] : undefined;
  const mainScore = options.mainScore ?? known?.mainScore ?? 'ndcg_at_10';
  const main = evaluation.mean[mainScore];
  if (main === undefined) {
    throw new InvalidArgumentError({
      parameter: 'mainScore',
      value: mainScore,
      message: `main score ${mainScore} was not computed (cutoffs: ${evaluation.cutoffs.join(', ')}); evaluate with its cutoff or pass options.mainScore`,
    });
  }
  return {
    dataset_revision: options.datasetRevision ?? 'local',
    task_name: options.taskName,
    mteb_version: options.mtebVersion ?? MTEB_RESULTS_FORMAT_VERSION,
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
