import { InvalidArgumentError, assertInteger, createDenseMatrix } from '@limit/core';
import { allCombinationQrels, binomialNumber } from '@limit/combinatorics';
import { gapDimensionBound, momentCurveEmbedding, momentCurveFloat32Limit, type MomentCurveFloat32Limit } from '@limit/matrix';
import type { Highs } from 'highs';
import type { ObjectiveSpec, QueryMode } from '../engines/contract.js';
import { objectiveLabel, queryMarginSummary } from '../engines/contract.js';
import { certifyEmbeddings, type CertifyDiagnosis } from '../certificates/certify-embeddings.js';
import { trainFreeEmbeddings } from '../training/train-free-embeddings.js';
import type { PassRuleName } from '../training/pass-rule.js';
import { criticalNJobSetting, resolveTrainingSettings, restartSeed, type CriticalNJob } from './job.js';
import { PAPER_CRITICAL_N } from './paper.js';
import type { CriticalNStatistic } from './protocol.js';
import { runCriticalNExperiment, type CriticalNExperimentOptions, type CriticalNExperimentResult } from './run-experiment.js';
import { summarizeCriticalN } from './summary.js';
import { criticalNTrainOptions } from './train-run.js';

/** Options of {@link runCapacityExperiment}: those of `runCriticalNExperiment` (one experiment per objective) and the report's. */
export interface CapacityExperimentOptions
  extends Omit<CriticalNExperimentOptions, 'objective' | 'onTrial' | 'initialN' | 'stopAtFirstSuccess'> {
  /** Objectives to search, each a full critical-n experiment (default `['infoNce']`, the paper's). */
  readonly objectives?: readonly ObjectiveSpec[];
  /** Report the largest n solved with a margin ≥ γ (the full gap, `forEachQueryMargin`), and Theorem 1 there. */
  readonly margin?: number;
  /** Refit the queries of the first failed n of each objective and d (its restart 0 retrained here for its embeddings). Default true. */
  readonly refit?: boolean;
  /** Moment-curve construction rows and its float32 limit. Default true. */
  readonly constructions?: boolean;
  /** A loaded HiGHS for the refits (browsers); default: the `highs` package. */
  readonly highs?: Highs;
  /** Called with a line of what is being done (an experiment begins, a refit, the float32 scan). */
  readonly onStage?: (message: string) => void;
}

/** One objective at one d. */
export interface CapacityObjectiveRow {
  /** `objectiveLabel` of the objective (`infoNce-t0.1`, `hinge-m0.1`, …). */
  readonly objective: string;
  readonly engine: string;
  /** The binary search's answer (what the paper reports), or null. */
  readonly criticalN: number | null;
  /** criticalN − the paper's Table 6 value, or null. */
  readonly diff: number | null;
  readonly largestSolvedN: number | null;
  /** Per visited n: how many seeds solved it, and the best final margin among its runs. */
  readonly successes: readonly { readonly n: number; readonly solvedSeeds: number; readonly seeds: number; readonly bestMargin: number | null }[];
  /** The best final margin among the runs at the critical n. */
  readonly marginAtCriticalN: number | null;
  /** With `margin`: the largest visited n some run solved with a margin ≥ γ. */
  readonly largestNAtMargin: number | null;
  /** Theorem 1 at the critical n and the margin reached there (γ = half the full gap): ≤ d when consistent. */
  readonly theorem1AtCriticalN: number | null;
  /** The first visited n above the critical n that did not count as solved. */
  readonly firstFailedN: number | null;
  /** What the documents of that run allow (its first failing seed, retrained here for its embeddings). */
  readonly refit: {
    readonly n: number;
    readonly seed: number;
    readonly diagnosis: CertifyDiagnosis;
    readonly admitted: number;
    readonly notAdmitted: number;
    readonly undecided: number;
    readonly numQueries: number;
    /** Sets its trained queries realised. */
    readonly trainedRealised: number;
    /** The retrained run failed again, as recorded (false: the report is of a different run and says so). */
    readonly reproduced: boolean;
  } | null;
}

/** The moment-curve construction at one n. */
export interface CapacityConstructionRow {
  readonly n: number;
  /** Which row asked for this n: `paper`, an objective's label, or `first failed <label>`. */
  readonly sources: readonly string[];
  /** Every k-subset an exact top-k in exact arithmetic (true for d ≥ 2k: the construction's proof). */
  readonly exact: boolean;
  /** Smallest margin over every set with float64 vectors and arithmetic (`forEachQueryMargin`). */
  readonly float64Margin: number;
  /** The same with float32 vectors and arithmetic; ≤ 0 means float32 loses a set. */
  readonly float32Margin: number;
  /** Sets float32 realises, of C(n, k). */
  readonly float32Realised: number;
  readonly sets: number;
  /** Theorem 1 at the float64 margin (γ = half the full gap): the construction lives in d = 2k, so this is ≤ 2k. */
  readonly theorem1AtMargin: number | null;
}

/** One d of the capacity table. */
export interface CapacityRow {
  readonly d: number;
  /** Table 6 (k = 2), or null. */
  readonly paper: number | null;
  readonly objectives: readonly CapacityObjectiveRow[];
  /** The construction (in 2k of the d dimensions) at the n of this row, or null when d < 2k or constructions are off. */
  readonly construction: readonly CapacityConstructionRow[] | null;
  /** With `margin`: Theorem 1's smallest d for the paper's n (or the largest critical n) at γ = margin/2. */
  readonly theorem1AtMargin: { readonly n: number; readonly dimension: number } | null;
}

/** What {@link runCapacityExperiment} returns. */
export interface CapacityResult {
  readonly k: number;
  readonly seed: number;
  readonly restarts: number;
  readonly statistic: CriticalNStatistic;
  readonly margin: number | null;
  readonly objectives: readonly string[];
  readonly queryMode: QueryMode;
  readonly passRule: PassRuleName;
  readonly rows: readonly CapacityRow[];
  /** How far float32 carries the construction (k-subsets in 2k dimensions), or null without constructions. */
  readonly float32Limit: MomentCurveFloat32Limit | null;
  /** The critical-n experiment of each objective, in order. */
  readonly experiments: readonly CriticalNExperimentResult[];
  readonly trainedRuns: number;
  readonly cachedRuns: number;
  readonly failedRuns: number;
}

/**
 * The capacity question for each d, in one table: what the paper's protocol finds (Table 6), what each objective
 * finds with the same protocol (critical n, seeds that solved each n, the margin it reached), what the documents
 * of the first failed n allow (an exact LP refit of its queries: a failure on the query or the document side),
 * what exists (the moment-curve construction at the same n: exact, float64 and float32 margins, and how far
 * float32 carries it) and what Theorem 1 says at the margins reached. Each objective is one
 * `runCriticalNExperiment` on the same executor and store (its jobs carry the objective in their id), so a
 * results folder resumes all of them.
 *
 * @param options - see {@link CapacityExperimentOptions}.
 * @returns the rows and the experiments behind them.
 * @throws what `runCriticalNExperiment` throws (bad options named, an engine that does not implement an
 *   objective refused before anything trains), InvalidArgumentError naming `objectives` or `margin`.
 * @example
 * ```ts
 * const result = await runCapacityExperiment({ dimensions: [4, 5, 6], objectives: ['infoNce', 'hinge', 'sigmoid'], restarts: 2 });
 * result.rows[0]!.objectives.map((o) => [o.objective, o.criticalN]);
 * ```
 */
export async function runCapacityExperiment(options: CapacityExperimentOptions): Promise<CapacityResult> {
  const { objectives: specs = ['infoNce'], margin, refit = true, constructions = true, highs, onStage, ...shared } = options;
  if (!Array.isArray(specs) || specs.length === 0) {
    throw new InvalidArgumentError({ parameter: 'objectives', value: specs, message: 'objectives must be a non-empty array of objectives' });
  }
  if (margin !== undefined && !(typeof margin === 'number' && Number.isFinite(margin) && margin > 0)) {
    throw new InvalidArgumentError({ parameter: 'margin', value: margin, message: `margin must be a finite number > 0 (got ${String(margin)})` });
  }
  const k = assertInteger('k', options.k ?? 2, { min: 1 });
  const training = resolveTrainingSettings(options.training);
  // resolve every objective (and the shared setting) before anything trains
  const settings = specs.map((spec, i) => {
    try {
      return criticalNJobSetting({ objective: spec, ...(options.queryMode ? { queryMode: options.queryMode } : {}), ...(options.passRule ? { passRule: options.passRule } : {}), ...(options.passMargin !== undefined ? { passMargin: options.passMargin } : {}) }, training.temperature);
    } catch (error) {
      if (InvalidArgumentError.isInstance(error) && error.parameter.startsWith('objective')) {
        throw new InvalidArgumentError({ parameter: `objectives[${i}]`, value: spec, message: error.message, cause: error });
      }
      throw error;
    }
  });
  const labels = settings.map((s) => objectiveLabel(s.objective));
  if (new Set(labels).size !== labels.length) throw new InvalidArgumentError({ parameter: 'objectives', value: labels, message: `objectives repeat: ${labels.join(', ')}` });

  const experiments: CriticalNExperimentResult[] = [];
  for (const [i, setting] of settings.entries()) {
    onStage?.(`objective ${labels[i]}: critical-n search over d = ${options.dimensions.join(', ')}`);
    experiments.push(await runCriticalNExperiment({ ...shared, objective: setting.objective }));
  }
  const seed = experiments[0]!.seed;

  const objectiveRows = new Map<number, CapacityObjectiveRow[]>();
  for (const [i, experiment] of experiments.entries()) {
    const summary = summarizeCriticalN(experiment);
    for (const [j, row] of summary.entries()) {
      const dim = experiment.dimensions[j]!;
      const paper = k === 2 ? (PAPER_CRITICAL_N[row.d] ?? null) : null;
      const trials = dim.trials;
      const atCritical = row.successRates.find((t) => t.n === row.criticalN);
      const marginAtCriticalN = atCritical?.bestMargin ?? null;
      const firstFailed = row.criticalN === null ? trials.find((t) => !t.solved) : trials.find((t) => t.n > row.criticalN! && !t.solved);
      let refitRow: CapacityObjectiveRow['refit'] = null;
      // the first seed that trained and did not solve it (with 'majority' restart 0 may have solved)
      const failedRestart = firstFailed?.runs.findIndex((r) => !r.solved && r.source !== 'failed') ?? -1;
      if (refit && firstFailed !== undefined && failedRestart >= 0) {
        const job: CriticalNJob = {
          d: row.d,
          k,
          n: firstFailed.n,
          seed: restartSeed(seed, failedRestart),
          training,
          engine: dim.engine,
          ...(options.device !== undefined ? { device: options.device } : {}),
          precision: dim.precision,
          certificate: false,
          ...settings[i]!.fields,
        };
        onStage?.(`objective ${labels[i]}, d = ${row.d}: refitting the queries of the first failed n = ${firstFailed.n} (seed ${job.seed}, retrained on ${job.engine})`);
        const trained = await trainFreeEmbeddings({
          ...criticalNTrainOptions(job),
          ...(job.device !== undefined ? { device: job.device } : {}),
          returnEmbeddings: true,
          ...(options.runtimes ? { runtimes: options.runtimes } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        });
        const certification = await certifyEmbeddings({ ...trained.embeddings!, qrels: trained.qrels }, { ...(highs ? { highs } : {}), ...(options.signal ? { signal: options.signal } : {}) });
        refitRow = {
          n: firstFailed.n,
          seed: job.seed,
          diagnosis: certification.diagnosis,
          admitted: certification.refit.admitted,
          notAdmitted: certification.refit.notAdmitted,
          undecided: certification.refit.undecided,
          numQueries: certification.numQueries,
          trainedRealised: certification.trained!.realised,
          reproduced: trained.metrics.solved === firstFailed.runs[failedRestart]!.solved,
        };
      }
      const atMargin = margin === undefined ? [] : row.successRates.filter((t) => t.solvedSeeds > 0 && t.bestMargin !== null && t.bestMargin >= margin).map((t) => t.n);
      const out: CapacityObjectiveRow = {
        objective: labels[i]!,
        engine: `${dim.engine} ${dim.precision}`,
        criticalN: row.criticalN,
        diff: row.criticalN !== null && paper !== null ? row.criticalN - paper : null,
        largestSolvedN: row.largestSolvedN,
        successes: row.successRates.map((t) => ({ n: t.n, solvedSeeds: t.solvedSeeds, seeds: t.seeds, bestMargin: t.bestMargin })),
        marginAtCriticalN,
        largestNAtMargin: atMargin.length > 0 ? Math.max(...atMargin) : null,
        theorem1AtCriticalN: row.criticalN !== null && marginAtCriticalN !== null && marginAtCriticalN > 0 ? gapDimensionBound({ n: row.criticalN, k, gap: marginAtCriticalN }) : null,
        firstFailedN: firstFailed?.n ?? null,
        refit: refitRow,
      };
      objectiveRows.set(row.d, [...(objectiveRows.get(row.d) ?? []), out]);
    }
  }

  let float32Limit: MomentCurveFloat32Limit | null = null;
  if (constructions) {
    onStage?.(`moment-curve construction: scanning n for the float32 limit of k = ${k} in d = ${2 * k}`);
    float32Limit = momentCurveFloat32Limit(k);
  }
  const rows: CapacityRow[] = [...objectiveRows.keys()].sort((a, b) => a - b).map((d) => {
    const objectives = objectiveRows.get(d)!;
    const paper = k === 2 ? (PAPER_CRITICAL_N[d] ?? null) : null;
    let construction: CapacityConstructionRow[] | null = null;
    if (constructions && d >= 2 * k) {
      const wanted = new Map<number, string[]>();
      const want = (n: number | null, source: string) => {
        if (n !== null && n > k) wanted.set(n, [...(wanted.get(n) ?? []), source]);
      };
      want(paper, 'paper');
      for (const o of objectives) {
        want(o.criticalN, o.objective);
        want(o.firstFailedN, `first failed ${o.objective}`);
      }
      construction = [...wanted.entries()].sort((a, b) => a[0] - b[0]).map(([n, sources]) => constructionRow(n, k, sources));
    }
    const largest = paper ?? Math.max(0, ...objectives.map((o) => o.criticalN ?? 0));
    return {
      d,
      paper,
      objectives,
      construction,
      theorem1AtMargin: margin !== undefined && largest > k ? { n: largest, dimension: gapDimensionBound({ n: largest, k, gap: margin }) } : null,
    };
  });
  return {
    k,
    seed,
    restarts: experiments[0]!.restarts,
    statistic: experiments[0]!.statistic,
    margin: margin ?? null,
    objectives: labels,
    queryMode: settings[0]!.queryMode,
    passRule: settings[0]!.passRule.rule,
    rows,
    float32Limit,
    experiments,
    trainedRuns: experiments.reduce((s, e) => s + e.trainedRuns, 0),
    cachedRuns: experiments.reduce((s, e) => s + e.cachedRuns, 0),
    failedRuns: experiments.reduce((s, e) => s + e.failedRuns.length, 0),
  };
}

/** The construction at n: every set's query, margins by the one definition in float64 and float32. */
function constructionRow(n: number, k: number, sources: readonly string[]): CapacityConstructionRow {
  const emb = momentCurveEmbedding(n, k);
  const qrels = allCombinationQrels(n, k);
  const dim = 2 * k;
  const queries = new Float64Array(qrels.numQueries * dim);
  for (let i = 0; i < qrels.numQueries; i++) {
    queries.set(emb.queryFor(Array.from(qrels.docs.subarray(qrels.offsets[i]!, qrels.offsets[i + 1]!))), i * dim);
  }
  const Q = createDenseMatrix(qrels.numQueries, dim, queries);
  const f64 = queryMarginSummary(Q, emb.documents, qrels);
  const f32 = queryMarginSummary(Q, emb.documents, qrels, { precision: 'float32' });
  return {
    n,
    sources,
    exact: true,
    float64Margin: f64.minMargin,
    float32Margin: f32.minMargin,
    float32Realised: f32.realised,
    sets: binomialNumber(n, k),
    theorem1AtMargin: f64.minMargin > 0 ? gapDimensionBound({ n, k, gap: f64.minMargin }) : null,
  };
}
