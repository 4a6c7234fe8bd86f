import { InvalidArgumentError, assertKnownOptions } from '@limit/core';
import type { RunEvaluation } from '../metrics/evaluate-run.js';

/** One split's scores in MTEB's results format: every metric, plus `hf_subset`, `languages`, `main_score`, `mteb_version`. */
export interface MtebSplitScores {
  hf_subset: string;
  languages: string[];
  main_score: number;
  mteb_version: string;
  [metric: string]: number | string | string[];
}

/**
 * An MTEB task result (`results/<model>/<revision>/<TaskName>.json`): the fields mteb 2.20.0's
 * `TaskResult.to_disk` writes, and, for data that is not the official release, `limit_dataset`
 * (how the files were made; mteb ignores fields it does not know). The model is not part of it; it
 * lives in the folder's `model_meta.json` (see `writeMtebResults` in `@limit/eval/node`).
 */
export interface MtebResult {
  /** Hugging Face revision (commit) of the dataset; for other files their content digest `sha256:…` (see `identifyLimitTask`). */
  dataset_revision: string;
  task_name: string;
  /** The mteb release whose results format this file follows (see {@link MTEB_RESULTS_FORMAT_VERSION}). */
  mteb_version: string;
  evaluation_time: number | null;
  kg_co2_emissions: number | null;
  /** When the evaluation ended, as a Unix timestamp in seconds (mteb writes `date.timestamp()`), or null. */
  date: number | null;
  /** mteb's timing phases; null (not recorded). */
  evaluation_phases: null;
  scores: Record<string, MtebSplitScores[]>;
  /** Ours, for generated or local data: digest of the files and the generator record. Absent for official data. */
  limit_dataset?: { kind: 'generated' | 'local' | 'official'; digest?: string; generator?: object };
}

/**
 * The `mteb_version` written by default: the mteb release whose results format these files follow,
 * checked against its source (`mteb/results/task_result.py`, `mteb/_evaluators/retrieval_metrics.py`
 * at tag 2.20.0): the top-level fields, `hit_rate_at_k`, `accuracy` (= recall@1) and the per-subset
 * `mteb_version`. It is not a claim that mteb produced the file.
 */
export const MTEB_RESULTS_FORMAT_VERSION = '2.20.0';

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
   * task's main score as MTEB defines it — `recall_at_2` for the LIMIT tasks ({@link LIMIT_MTEB_TASKS}, also
   * under their `-generated` / `-local` names),
   * `ndcg_at_10` (MTEB's retrieval default) for any other task name. It must be among the computed cutoffs.
   */
  mainScore?: string;
  /** `languages` of the subset (default `['eng-Latn']`). */
  languages?: string[];
  /** Seconds the evaluation took (`evaluation_time`; default null). */
  evaluationTime?: number;
  /**
   * `dataset_revision`: the Hugging Face commit of the dataset evaluated. Generated or local data has no
   * such revision: pass its content digest (`identifyLimitTask` decides); default `'local'`. For the
   * official LIMIT files pass `LIMIT_MTEB_TASKS[taskName].datasetRevision`.
   */
  datasetRevision?: string;
  /** `mteb_version` (default {@link MTEB_RESULTS_FORMAT_VERSION}); must be a version string mteb can parse. */
  mtebVersion?: string;
  /** `date`: when the evaluation ended (default null). */
  date?: Date;
  /** `limit_dataset`: what the files are, for data that is not the official release. */
  dataset?: { kind: 'generated' | 'local' | 'official'; digest?: string; generator?: object };
}

const MTEB_OPTIONS = ['taskName', 'split', 'subset', 'mainScore', 'languages', 'evaluationTime', 'datasetRevision', 'mtebVersion', 'date', 'dataset'] as const;

/**
 * Formats an evaluation as an MTEB task result, keyed as mteb 2.20.0 writes retrieval scores:
 * `scores[split]` holds one entry with `ndcg_at_k`, `map_at_k`, `recall_at_k`, `precision_at_k`,
 * `mrr_at_k`, `hit_rate_at_k` (our `success_at_k`), `accuracy` (= `recall_at_1`, when cutoff 1 was
 * computed), `main_score`, `hf_subset`, `languages` and `mteb_version`. Rounding as mteb's: the
 * pytrec_eval-based means (nDCG, MAP, recall, precision, hit rate) to 5 decimals, MRR to 6. mteb's
 * nAUC scores (`nauc_*`, confidence-based abstention curves) are not written.
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
  // results on generated / local LIMIT data keep the LIMIT task's main score
  const baseTask = options.taskName.replace(/-(generated|local)$/, '');
  const known = Object.hasOwn(LIMIT_MTEB_TASKS, baseTask) ? LIMIT_MTEB_TASKS[baseTask as keyof typeof LIMIT_MTEB_TASKS] : undefined;
  const mainScore = options.mainScore ?? known?.mainScore ?? 'ndcg_at_10';
  const ours = mainScore === 'accuracy' ? 'recall_at_1' : mainScore.replace(/^hit_rate_at_/, 'success_at_');
  const main = evaluation.mean[ours];
  if (main === undefined) {
    throw new InvalidArgumentError({
      parameter: 'mainScore',
      value: mainScore,
      message: `main score ${mainScore} was not computed (cutoffs: ${evaluation.cutoffs.join(', ')}); evaluate with its cutoff or pass options.mainScore`,
    });
  }
  const mtebVersion = options.mtebVersion ?? MTEB_RESULTS_FORMAT_VERSION;
  const scores = mtebScores(evaluation);
  return {
    dataset_revision: options.datasetRevision ?? 'local',
    task_name: options.taskName,
    mteb_version: mtebVersion,
    evaluation_time: options.evaluationTime ?? null,
    kg_co2_emissions: null,
    date: options.date === undefined ? null : options.date.getTime() / 1000,
    evaluation_phases: null,
    scores: {
      [options.split ?? 'test']: [
        {
          ...scores,
          main_score: scores[ours.replace(/^success_at_/, 'hit_rate_at_')] ?? roundTo(main, 5),
          hf_subset: options.subset ?? 'default',
          languages: options.languages ?? ['eng-Latn'],
          mteb_version: mtebVersion,
        },
      ],
    },
    ...(options.dataset !== undefined ? { limit_dataset: options.dataset } : {}),
  };
}

/** Our MTEB-form means → mteb 2.20.0's keys, order and rounding (make_score_dict). */
function mtebScores(evaluation: RunEvaluation): Record<string, number> {
  const out: Record<string, number> = {};
  const m = evaluation.mean;
  const ks = evaluation.cutoffs;
  for (const k of ks) out[`ndcg_at_${k}`] = roundTo(m[`ndcg_at_${k}`]!, 5);
  for (const k of ks) out[`map_at_${k}`] = roundTo(m[`map_at_${k}`]!, 5);
  for (const k of ks) out[`recall_at_${k}`] = roundTo(m[`recall_at_${k}`]!, 5);
  if (m.recall_at_1 !== undefined) out.accuracy = roundTo(m.recall_at_1, 5);
  for (const k of ks) out[`precision_at_${k}`] = roundTo(m[`precision_at_${k}`]!, 5);
  for (const k of ks) out[`mrr_at_${k}`] = roundTo(m[`mrr_at_${k}`]!, 6);
  for (const k of ks) out[`hit_rate_at_${k}`] = roundTo(m[`success_at_${k}`]!, 5);
  return out;
}

function roundTo(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
