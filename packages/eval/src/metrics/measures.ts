import { InvalidArgumentError } from '@limit/core';
import type { MetricFamily } from './evaluate-run.js';

/** ranx / ir_measures families that may go without a cutoff (then the whole ranking). */
type UncutFamilyName = 'ndcg' | 'nDCG' | 'map' | 'AP' | 'mrr' | 'RR' | 'recall' | 'R';
/** ranx / ir_measures families that need a cutoff. */
type CutFamilyName = 'precision' | 'P' | 'hit_rate' | 'Success' | 'Judged';
/** Families that take ir_measures' `rel=` parameter. */
type RelFamilyName = 'map' | 'AP' | 'mrr' | 'RR' | 'recall' | 'R' | 'Rprec' | 'Bpref';
type RelCutFamilyName = 'map' | 'AP' | 'mrr' | 'RR' | 'recall' | 'R' | 'precision' | 'P' | 'hit_rate' | 'Success';
/** trec_eval / pytrec_eval measures with a cutoff parameter (`P_5`, or `P.5` as on trec_eval's command line). */
type TrecCutName = 'ndcg_cut' | 'P' | 'recall' | 'map_cut' | 'success';

/**
 * A measure by any name users know:
 * - ranx / ir_measures: `ndcg@10` / `nDCG@10`, `recall@100` / `R@100`, `precision@5` / `P@5`,
 *   `mrr@10` / `RR@10`, `map@100` / `AP@100`, `map` / `AP`, `hit_rate@10` / `Success@10`, `Rprec`,
 *   `Bpref`, `Judged@10`, and ir_measures' relevance parameter: `P(rel=2)@5`, `AP(rel=2)`, `Rprec(rel=2)`;
 *   without `@k`, nDCG, AP, RR and recall use the whole ranking;
 * - trec_eval / pytrec_eval: `ndcg_cut_10`, `P_5`, `recall_100`, `map_cut_10`, `success_10` (also
 *   `ndcg_cut.10`, trec_eval's `-m` spelling), `map`, `ndcg`, `recip_rank`, `Rprec`, `bpref`.
 */
export type MeasureName =
  | UncutFamilyName
  | 'Rprec'
  | 'Bpref'
  | `${UncutFamilyName | CutFamilyName}@${number}`
  | `${RelFamilyName}(rel=${number})`
  | `${RelCutFamilyName}(rel=${number})@${number}`
  | 'recip_rank'
  | 'bpref'
  | `${TrecCutName}_${number}`
  | `${TrecCutName}.${number}`;

/** The families {@link evaluateRun} computes for named measures: the MTEB families plus R-precision, bpref and judgement rate. */
export type MeasureFamily = MetricFamily | 'rprec' | 'bpref' | 'judged';

/** A parsed {@link MeasureName}. */
export interface ParsedMeasure {
  /** The name as written. */
  readonly name: string;
  readonly family: MeasureFamily;
  /** The cutoff (undefined = whole ranking). */
  readonly cutoff: number | undefined;
  /** ir_measures' `rel=` (undefined = the evaluation's relevanceLevel). */
  readonly relevanceLevel?: number;
  /** The trec_eval measure it equals, e.g. `ndcg_cut_10`, `P_5`, `recip_rank` (`Judged@k` has none: `judged@k`). */
  readonly trecEvalName: string;
}

const FAMILIES: Readonly<Record<string, MeasureFamily>> = {
  ndcg: 'ndcg',
  nDCG: 'ndcg',
  map: 'map',
  AP: 'map',
  mrr: 'mrr',
  RR: 'mrr',
  recall: 'recall',
  R: 'recall',
  precision: 'precision',
  P: 'precision',
  hit_rate: 'success',
  Success: 'success',
  Rprec: 'rprec',
  Bpref: 'bpref',
  Judged: 'judged',
};
const TREC_CUT: Readonly<Record<string, MeasureFamily>> = { ndcg_cut: 'ndcg', P: 'precision', recall: 'recall', map_cut: 'map', success: 'success' };
const TREC_PLAIN: Readonly<Record<string, MeasureFamily>> = { map: 'map', ndcg: 'ndcg', recip_rank: 'mrr', Rprec: 'rprec', bpref: 'bpref' };
/**
 * The spellings {@link parseMeasure} accepts, as data for apps' help texts: ranx / ir_measures families (written
 * `family@k`, some also alone), trec_eval families with a cutoff (written `family_k`) and trec_eval measures
 * without one.
 *
 * @example
 * ```ts
 * `--measure: ${MEASURE_SPELLINGS.ranx.map((f) => `${f}@k`).join(', ')}`;
 * ```
 */
export const MEASURE_SPELLINGS: { readonly ranx: readonly string[]; readonly trecEvalCut: readonly string[]; readonly trecEvalPlain: readonly string[] } = Object.freeze({
  ranx: Object.freeze(Object.keys(FAMILIES)),
  trecEvalCut: Object.freeze(Object.keys(TREC_CUT)),
  trecEvalPlain: Object.freeze(Object.keys(TREC_PLAIN)),
});
const NEEDS_CUTOFF: ReadonlySet<MeasureFamily> = new Set(['precision', 'success', 'judged']);
const NO_CUTOFF: ReadonlySet<MeasureFamily> = new Set(['rprec', 'bpref']);
const NO_REL: ReadonlySet<MeasureFamily> = new Set(['ndcg', 'judged']);
const TREC_OF: Readonly<Record<MeasureFamily, (k: number | undefined) => string>> = {
  ndcg: (k) => (k === undefined ? 'ndcg' : `ndcg_cut_${k}`),
  map: (k) => (k === undefined ? 'map' : `map_cut_${k}`),
  mrr: (k) => (k === undefined ? 'recip_rank' : `recip_rank@${k}`),
  recall: (k) => (k === undefined ? 'recall' : `recall_${k}`),
  precision: (k) => `P_${k}`,
  success: (k) => `success_${k}`,
  rprec: () => 'Rprec',
  bpref: () => 'bpref',
  judged: (k) => `judged@${k}`,
};

/**
 * Parses a measure name written the ranx / ir_measures way or the trec_eval / pytrec_eval way (see
 * {@link MeasureName}). Use it to validate names before any retrieval.
 *
 * @param name - e.g. `'nDCG@10'`, `'ndcg_cut_10'`, `'P(rel=2)@5'`, `'bpref'`.
 * @param parameter - the parameter named in errors (default `'measures'`).
 * @throws InvalidArgumentError for an unknown name, a cutoff that is not a positive integer, a
 *   family that needs a cutoff (`P`, `Success`, `Judged`) written without one or one that takes
 *   none (`Rprec`, `bpref`) written with one, an unknown parameter or `rel=` on nDCG / Judged, or
 *   trec_eval's multi-cutoff form (`P.5,10`: write `P_5` and `P_10`).
 * @example
 * parseMeasure('R@100');        // { name: 'R@100', family: 'recall', cutoff: 100, trecEvalName: 'recall_100' }
 * parseMeasure('ndcg_cut_10');  // { family: 'ndcg', cutoff: 10, … }
 * parseMeasure('P(rel=2)@5');   // { family: 'precision', cutoff: 5, relevanceLevel: 2, … }
 */
export function parseMeasure(name: unknown, parameter = 'measures'): ParsedMeasure {
  if (typeof name !== 'string') throw new InvalidArgumentError({ parameter, value: name, message: `${parameter} must be a measure name such as "ndcg@10" or "ndcg_cut_10"` });
  const fail = (message: string): never => {
    throw new InvalidArgumentError({ parameter, value: name, message: `measure ${JSON.stringify(name)}: ${message}` });
  };
  const positive = (text: string): number => {
    const k = /^[1-9][0-9]*$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(k)) fail('the cutoff must be a positive integer');
    return k;
  };
  // trec_eval: P_5, ndcg_cut.10, recip_rank, bpref, …
  const trec = /^(ndcg_cut|P|recall|map_cut|success)[._](.+)$/.exec(name);
  if (trec) {
    if (trec[2]!.includes(',')) fail(`trec_eval's multi-cutoff form is not a single measure; write ${trec[2]!.split(',').map((k) => `${trec[1]}_${k}`).join(' and ')}`);
    const family = TREC_CUT[trec[1]!]!;
    const cutoff = positive(trec[2]!);
    return { name, family, cutoff, trecEvalName: TREC_OF[family](cutoff) };
  }
  if (Object.hasOwn(TREC_CUT, name) && !Object.hasOwn(FAMILIES, name)) fail(`needs a cutoff, e.g. ${name}_10`);
  if (Object.hasOwn(TREC_PLAIN, name) && !Object.hasOwn(FAMILIES, name)) {
    const family = TREC_PLAIN[name]!;
    return { name, family, cutoff: undefined, trecEvalName: TREC_OF[family](undefined) };
  }
  // ranx / ir_measures: Family[(params)][@k]
  const m = /^([A-Za-z_]+)(?:\(([^()]*)\))?(?:@(.*))?$/.exec(name);
  const familyName = m?.[1];
  const family = familyName !== undefined && Object.hasOwn(FAMILIES, familyName) ? FAMILIES[familyName] : undefined;
  if (m === null || family === undefined) {
    return fail(
      `unknown measure; use a ranx / ir_measures name (${Object.keys(FAMILIES).join(', ')}, with @k for a cutoff and (rel=N) for a relevance level) or a trec_eval name (ndcg_cut_10, P_5, recall_100, map, map_cut_10, recip_rank, Rprec, bpref, success_10)`,
    );
  }
  let relevanceLevel: number | undefined;
  if (m[2] !== undefined) {
    for (const param of m[2].split(',').map((p) => p.trim())) {
      const [key, value] = param.split('=').map((s) => s.trim());
      if (key !== 'rel' || value === undefined) fail(`unknown parameter ${JSON.stringify(param)}; the one parameter supported is rel=N (ir_measures' minimum relevance)`);
      if (NO_REL.has(family)) fail(`${familyName} takes no rel= parameter`);
      const rel = /^[0-9]+$/.test(value!) ? Number(value) : NaN;
      if (!Number.isSafeInteger(rel) || rel < 1) fail('rel must be an integer ≥ 1');
      relevanceLevel = rel;
    }
  }
  let cutoff: number | undefined;
  if (m[3] !== undefined) {
    if (NO_CUTOFF.has(family)) fail(`${familyName} takes no cutoff`);
    cutoff = positive(m[3]);
  } else if (NEEDS_CUTOFF.has(family)) fail(`needs a cutoff, e.g. ${familyName}@10`);
  return { name, family, cutoff, ...(relevanceLevel !== undefined ? { relevanceLevel } : {}), trecEvalName: TREC_OF[family](cutoff) };
}
