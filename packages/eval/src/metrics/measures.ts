import { InvalidArgumentError } from '@limit/core';
import type { MetricFamily } from './evaluate-run.js';

/** Measure families that may be written without a cutoff (then computed over the whole ranking). */
type UncutFamilyName = 'ndcg' | 'nDCG' | 'map' | 'AP' | 'mrr' | 'RR' | 'recall' | 'R';
/** Measure families that need a cutoff (`P@5`, `hit_rate@10`). */
type CutFamilyName = 'precision' | 'P' | 'hit_rate' | 'Success';

/**
 * A measure named as ranx or ir_measures name it: `ndcg@10` / `nDCG@10`, `recall@100` / `R@100`,
 * `precision@5` / `P@5`, `mrr@10` / `RR@10`, `map@100` / `AP@100`, `map` / `AP`, `hit_rate@10` /
 * `Success@10`. Without `@k`, nDCG, AP, RR and recall use the whole ranking (trec_eval's `ndcg`, `map`,
 * `recip_rank`, and recall over everything retrieved).
 */
export type MeasureName = UncutFamilyName | `${UncutFamilyName | CutFamilyName}@${number}`;

/** A parsed {@link MeasureName}: the metric family (MTEB spelling) and the cutoff (undefined = whole ranking). */
export interface ParsedMeasure {
  readonly name: string;
  readonly family: MetricFamily;
  readonly cutoff: number | undefined;
}

const FAMILIES: Readonly<Record<string, MetricFamily>> = {
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
};
const NEEDS_CUTOFF: ReadonlySet<MetricFamily> = new Set(['precision', 'success']);

/**
 * Parses a ranx / ir_measures measure name (see {@link MeasureName}).
 *
 * @param name - e.g. `'nDCG@10'`, `'map'`.
 * @param parameter - the parameter named in errors (default `'measures'`).
 * @throws InvalidArgumentError for an unknown family, a cutoff that is not a positive integer, or a
 *   family that needs a cutoff (`P`, `Success`) written without one.
 * @example
 * parseMeasure('R@100'); // { name: 'R@100', family: 'recall', cutoff: 100 }
 */
export function parseMeasure(name: unknown, parameter = 'measures'): ParsedMeasure {
  if (typeof name !== 'string') throw new InvalidArgumentError({ parameter, value: name, message: `${parameter} must be a measure name such as "ndcg@10"` });
  const at = name.indexOf('@');
  const familyName = at < 0 ? name : name.slice(0, at);
  const family = Object.hasOwn(FAMILIES, familyName) ? FAMILIES[familyName] : undefined;
  if (family === undefined) {
    throw new InvalidArgumentError({
      parameter,
      value: name,
      message: `unknown measure ${JSON.stringify(name)}; use ${Object.keys(FAMILIES).join(', ')} (ranx / ir_measures names), with @k for a cutoff`,
    });
  }
  let cutoff: number | undefined;
  if (at >= 0) {
    const text = name.slice(at + 1);
    cutoff = /^[1-9][0-9]*$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(cutoff)) {
      throw new InvalidArgumentError({ parameter, value: name, message: `measure ${JSON.stringify(name)}: the cutoff after @ must be a positive integer` });
    }
  } else if (NEEDS_CUTOFF.has(family)) {
    throw new InvalidArgumentError({ parameter, value: name, message: `measure ${JSON.stringify(name)} needs a cutoff, e.g. ${familyName}@10` });
  }
  return { name, family, cutoff };
}
