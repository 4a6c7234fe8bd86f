// The imperative critical-n search as it was before the protocol became a replayable generator: kept as an
// independent second implementation that the sequential and parallel drivers are tested against.
import { AbortedError, InvalidArgumentError, assertInteger } from '@limit/core';

/** What an evaluation of one n must report; anything else it carries is kept in the trace. */
export interface CriticalNEvaluation {
  /** True when this run reached 100 % top-k accuracy. */
  readonly solved: boolean;
}

/** One evaluated n in the search trace (restarts aggregated). */
export interface CriticalNTrial<E extends CriticalNEvaluation> {
  readonly n: number;
  /** Solved by at least one restart. */
  readonly solved: boolean;
  /** Share of the restarts that solved n. */
  readonly successRate: number;
  /** One entry per restart that ran, in order. */
  readonly runs: readonly E[];
  /** Search phase that first asked for this n. */
  readonly phase: 'gallop' | 'binary' | 'sweep';
}

/** Options of {@link criticalNSearch}. */
export interface CriticalNSearchOptions<E extends CriticalNEvaluation> {
  /** Starting n of the gallop (e.g. the paper's value or the previous d's result plus its increment). */
  readonly initialN: number;
  /**
   * Trains (or looks up) one run at `n`; `restart` is 0 … restarts − 1 (use it to pick the seed).
   * Called at most once per (n, restart): results are memoised.
   */
  readonly evaluate: (n: number, restart: number) => Promise<E>;
  /** Smallest n the search may try. Default 1. */
  readonly minN?: number;
  /** Largest n the search may try (the gallop stops there). Default: unbounded. */
  readonly maxN?: number;
  /** Runs per n; n counts as solved if any run solves it. Default 1. */
  readonly restarts?: number;
  /** Stop the restarts of an n at its first success (cheaper; success rates then undercount). Default false. */
  readonly stopAtFirstSuccess?: boolean;
  /** Offsets of the final sweep around the binary-search result. Default −4 … +5, as the paper. */
  readonly sweep?: readonly number[];
  /** Called after each newly evaluated n. */
  readonly onTrial?: (trial: CriticalNTrial<E>) => void;
  readonly signal?: AbortSignal;
}

/** What {@link criticalNSearch} found. */
export interface CriticalNSearchResult<E extends CriticalNEvaluation> {
  readonly criticalN: number | undefined;
  readonly largestSolvedN: number | undefined;
  /** Every evaluated n, ascending. */
  readonly trials: readonly CriticalNTrial<E>[];
  /** Unsolved n below `criticalN`: signs that single runs are noisy there. */
  readonly nonMonotone: readonly number[];
  /** Calls made to `evaluate` (restarts count individually). */
  readonly evaluations: number;
}

/**
 * The paper's critical-n search protocol as a pure function over an `evaluate` callback:
 *
 * 1. gallop from `initialN` with doubling steps (up while n solves, down while it fails) until the outcome flips;
 * 2. binary search between the last solved and first failed n;
 * 3. sweep n − 4 … n + 5 around the binary-search result.
 *
 * Every n is evaluated at most once (memoised), so the sweep costs only the n not already seen. With
 * `restarts` = R, each n is tried with R runs and counts as solved if any reaches 100 %, and the success rate
 * per n is reported. The critical n is the largest solved n seen; `nonMonotone` lists the unsolved n
 * below it, which single-seed runs produce near the threshold.
 *
 * @param options - see {@link CriticalNSearchOptions}.
 * @returns the critical n, the binary-search result and the full trace.
 * @throws InvalidArgumentError for bad options; AbortedError when `signal` aborts (between evaluations);
 *   whatever `evaluate` throws.
 * @example
 * ```ts
 * const result = await criticalNSearch({
 *   initialN: 10,
 *   evaluate: async (n) => ({ solved: n <= 19 }),
 * });
 * result.criticalN; // 19
 * ```
 */
export async function referenceCriticalNSearch<E extends CriticalNEvaluation>(
  options: CriticalNSearchOptions<E>,
): Promise<CriticalNSearchResult<E>> {
  if (typeof options?.evaluate !== 'function') {
    throw new InvalidArgumentError({ parameter: 'evaluate', value: options?.evaluate, message: 'evaluate must be a function (n, restart) => Promise<{ solved }>' });
  }
  const minN = assertInteger('minN', options.minN ?? 1, { min: 0 });
  const maxN = options.maxN === undefined ? Number.MAX_SAFE_INTEGER : assertInteger('maxN', options.maxN, { min: minN });
  const initialN = assertInteger('initialN', options.initialN, { min: minN, max: maxN });
  const restarts = assertInteger('restarts', options.restarts ?? 1, { min: 1 });
  const sweep = options.sweep ?? [-4, -3, -2, -1, 0, 1, 2, 3, 4, 5];
  sweep.forEach((offset, i) => assertInteger(`sweep[${i}]`, offset));

  const memo = new Map<number, CriticalNTrial<E>>();
  let evaluations = 0;

  const solves = async (n: number, phase: CriticalNTrial<E>['phase']): Promise<boolean> => {
    const known = memo.get(n);
    if (known !== undefined) return known.solved;
    const runs: E[] = [];
    for (let restart = 0; restart < restarts; restart++) {
      if (options.signal?.aborted) throw new AbortedError({ message: 'critical-n search was aborted' });
      const result = await options.evaluate(n, restart);
      evaluations += 1;
      if (result === null || typeof result !== 'object' || typeof result.solved !== 'boolean') {
        throw new InvalidArgumentError({ parameter: 'evaluate', value: result, message: `evaluate(${n}, ${restart}) must resolve to { solved: boolean }` });
      }
      runs.push(result);
      if (result.solved && options.stopAtFirstSuccess) break;
    }
    const solvedRuns = runs.filter((r) => r.solved).length;
    const trial: CriticalNTrial<E> = { n, solved: solvedRuns > 0, successRate: solvedRuns / runs.length, runs, phase };
    memo.set(n, trial);
    options.onTrial?.(trial);
    return trial.solved;
  };

  // Phase 1: gallop.
  let low: number | undefined; // largest n known solved
  let high: number | undefined; // smallest n known failed above `low`
  if (await solves(initialN, 'gallop')) {
    low = initialN;
    for (let step = 1; ; step *= 2) {
      const next = Math.min(low + step, maxN);
      if (next === low) break; // reached maxN, all solved
      if (await solves(next, 'gallop')) {
        low = next;
      } else {
        high = next;
        break;
      }
    }
  } else {
    high = initialN;
    for (let step = 1; high > minN; step *= 2) {
      const next = Math.max(high - step, minN);
      if (await solves(next, 'gallop')) {
        low = next;
        break;
      }
      high = next;
    }
  }

  // Phase 2: binary search for the last solved n in (low, high).
  let binarySearchN = low;
  if (low !== undefined && high !== undefined) {
    let lo = low + 1;
    let hi = high - 1;
    while (lo <= hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (await solves(mid, 'binary')) {
        binarySearchN = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
  }

  // Phase 3: sweep around the result.
  if (binarySearchN !== undefined) {
    for (const offset of sweep) {
      const n = binarySearchN + offset;
      if (n >= minN && n <= maxN) await solves(n, 'sweep');
    }
  }

  const trials = [...memo.values()].sort((a, b) => a.n - b.n);
  const solvedNs = trials.filter((t) => t.solved).map((t) => t.n);
  const largestSolvedN = solvedNs.length > 0 ? Math.max(...solvedNs) : undefined;
  const nonMonotone = largestSolvedN === undefined ? [] : trials.filter((t) => !t.solved && t.n < largestSolvedN).map((t) => t.n);
  // (field names of the current API: criticalN is the binary search's answer, largestSolvedN beside it)
  return { criticalN: binarySearchN, largestSolvedN, trials, nonMonotone, evaluations };
}
