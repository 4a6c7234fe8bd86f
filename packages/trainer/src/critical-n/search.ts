import { InvalidArgumentError, assertKnownOptions } from '@limit/core';
import { resolveCriticalNProtocol, type CriticalNProtocol } from './protocol.js';
import {
  runCriticalNSearches,
  type CriticalNEvaluation,
  type CriticalNSearchResult,
  type CriticalNTrial,
} from './parallel-search.js';

export type { CriticalNEvaluation, CriticalNSearchResult, CriticalNTrial } from './parallel-search.js';

/** Options of {@link criticalNSearch}. */
export interface CriticalNSearchOptions<E extends CriticalNEvaluation> extends CriticalNProtocol {
  /**
   * Trains (or looks up) one run at `n`; `restart` is 0 … restarts − 1 (use it to pick the seed).
   * Called at most once per (n, restart): results are memoised.
   */
  readonly evaluate: (n: number, restart: number) => Promise<E>;
  /** Evaluations in flight at once (points the protocol may need next are evaluated ahead). Default 1. */
  readonly slots?: number;
  /** Called after each n joins the trace, in the sequential protocol's order. */
  readonly onTrial?: (trial: CriticalNTrial<E>) => void;
  readonly signal?: AbortSignal;
}

/**
 * The paper's critical-n search protocol over an `evaluate` callback:
 *
 * 1. gallop from `initialN` with doubling steps (up while n solves, down while it fails) until the outcome flips;
 * 2. binary search between the last solved and first failed n;
 * 3. sweep n − 4 … n + 5 around the binary-search result.
 *
 * Every n is evaluated at most once (memoised), so the sweep costs only the n not already seen. With
 * `restarts` = R, each n is tried with R runs and counts as solved by `statistic` (`'single'`, the default: the
 * first run decides, as the paper's one seed; `'any'`; `'majority'`), and the success rate
 * per n is reported. The critical n is the binary search's result (as the official script's `critical_n`
 * and the paper); the largest n solved anywhere (the sweep can solve up to +5 above it) is reported beside
 * it as `largestSolvedN`, and `nonMonotone` lists the unsolved n below that, which single-seed runs
 * produce near the threshold. With `slots` > 1 points are evaluated ahead
 * of need ({@link runCriticalNSearches}); the answer and trace are the same as with one slot.
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
 * result.criticalN;      // 19
 * result.largestSolvedN; // 19
 * ```
 */
export async function criticalNSearch<E extends CriticalNEvaluation>(options: CriticalNSearchOptions<E>): Promise<CriticalNSearchResult<E>> {
  if (typeof options?.evaluate !== 'function') {
    throw new InvalidArgumentError({ parameter: 'evaluate', value: options?.evaluate, message: 'evaluate must be a function (n, restart) => Promise<{ solved }>' });
  }
  assertKnownOptions('options', options, ['initialN', 'evaluate', 'minN', 'maxN', 'restarts', 'statistic', 'stopAtFirstSuccess', 'sweep', 'slots', 'onTrial', 'signal']);
  const { evaluate, onTrial, signal, slots, ...protocol } = options;
  resolveCriticalNProtocol(protocol); // bad settings are reported under their own names
  const { results } = await runCriticalNSearches<0, E>({
    searches: [{ id: 0, ...protocol }],
    evaluate: ({ n, restart }) => evaluate(n, restart),
    ...(slots !== undefined ? { slots } : {}),
    ...(onTrial ? { onTrial: (_id: 0, trial: CriticalNTrial<E>) => onTrial(trial) } : {}),
    ...(signal ? { signal } : {}),
  });
  return results.get(0)!;
}
