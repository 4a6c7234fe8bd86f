import type { CriticalNObservation } from './bootstrap-fit.js';
import { PAPER_CRITICAL_N } from './paper.js';
import type { CriticalNExperimentResult } from './run-experiment.js';

/** One row of the critical-n table: the same for every executor and slot count given the same seeds. */
export interface CriticalNSummaryRow {
  readonly d: number;
  /** The binary search's answer (the official script's `critical_n`, what the paper reports), or null. */
  readonly criticalN: number | null;
  /** The paper's value (Table 6: k = 2, d = 4 … 45), or null. */
  readonly paper: number | null;
  /** Largest n solved anywhere, the sweep included, or null. */
  readonly largestSolvedN: number | null;
  /** Distinct n the search visited. */
  readonly nEvaluated: number;
  /** Unsolved n below the largest solved n. */
  readonly nonMonotone: readonly number[];
  /** Per visited n: the seeds that solved it (`solvedSeeds` of `seeds`), their share, and the best margin any of them reached. */
  readonly successRates: readonly {
    readonly n: number;
    readonly successRate: number;
    readonly solvedSeeds: number;
    readonly seeds: number;
    readonly maxAccuracy: number;
    /** Largest final minimum margin over the n's runs (`forEachQueryMargin`), null when no row records one. */
    readonly bestMargin: number | null;
    readonly phase: string;
  }[];
}

/**
 * The critical-n table of an experiment, one row per d: critical n (the binary search's answer), the
 * paper's value, the largest solved n, n visited and the unsolved n below the largest solved n. It holds only what the sequential protocol
 * decides, so it is identical whatever executor ran the experiment and whether runs were trained or read back.
 *
 * @param result - from {@link runCriticalNExperiment}.
 * @returns the rows, ascending d.
 * @example
 * ```ts
 * summarizeCriticalN(result).map((r) => [r.d, r.criticalN, r.paper]);
 * ```
 */
export function summarizeCriticalN(result: CriticalNExperimentResult): CriticalNSummaryRow[] {
  return result.dimensions.map((r) => ({
    d: r.d,
    criticalN: r.criticalN ?? null,
    paper: result.k === 2 ? (PAPER_CRITICAL_N[r.d] ?? null) : null,
    largestSolvedN: r.largestSolvedN ?? null,
    nEvaluated: r.trials.length,
    nonMonotone: r.nonMonotone,
    successRates: r.trials.map((t) => {
      const margins = t.runs.map((x) => x.minMargin).filter((m): m is number => typeof m === 'number');
      return {
        n: t.n,
        successRate: t.successRate,
        solvedSeeds: t.runs.filter((x) => x.solved).length,
        seeds: t.runs.length,
        maxAccuracy: Math.max(...t.runs.map((x) => x.maxAccuracy)),
        bestMargin: margins.length > 0 ? Math.max(...margins) : null,
        phase: t.phase,
      };
    }),
  }));
}

/**
 * The observations to fit ({@link bootstrapCriticalNFit}): with restarts ≥ 2 (every restart run at every n),
 * one per (d, seed) — that seed's own threshold among the visited n: the largest n it solved with n + 1
 * visited and failed by it (else the largest n it solved) — so the bootstrap can resample seeds; otherwise
 * one per d, its critical n (the binary search's answer).
 *
 * @param result - from {@link runCriticalNExperiment}.
 * @returns the observations (d with no solved n are left out).
 * @example
 * ```ts
 * const fit = bootstrapCriticalNFit(criticalNObservations(result), { model: 'power-law', seed: 42 });
 * ```
 */
export function criticalNObservations(result: CriticalNExperimentResult): CriticalNObservation[] {
  const out: CriticalNObservation[] = [];
  for (const r of result.dimensions) {
    const complete = result.restarts >= 2 && r.trials.every((t) => t.runs.length === result.restarts);
    if (!complete) {
      if (r.criticalN !== undefined) out.push({ d: r.d, criticalN: r.criticalN });
      continue;
    }
    for (let restart = 0; restart < result.restarts; restart++) {
      const solvedBy = new Map(r.trials.map((t) => [t.n, t.runs[restart]!.solved]));
      const solved = r.trials.filter((t) => solvedBy.get(t.n)).map((t) => t.n);
      if (solved.length === 0) continue;
      const thresholds = solved.filter((n) => solvedBy.get(n + 1) === false);
      out.push({ d: r.d, criticalN: Math.max(...(thresholds.length > 0 ? thresholds : solved)), seed: r.trials[0]!.runs[restart]!.seed });
    }
  }
  return out;
}
