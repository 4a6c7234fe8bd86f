import { AbortedError, InvalidArgumentError, assertInteger } from '@limit/core';
import {
  replayCriticalNProtocol,
  resolveCriticalNProtocol,
  type CriticalNPhase,
  type CriticalNProtocol,
  type CriticalNSearchPoint,
  type ResolvedCriticalNProtocol,
  type VisitedN,
} from './protocol.js';

/** What an evaluation of one n must report; anything else it carries is kept in the trace. */
export interface CriticalNEvaluation {
  /** True when this run reached 100 % top-k accuracy. */
  readonly solved: boolean;
  /**
   * True when the run could not be completed (its retries ran out on infrastructure faults): it is neither
   * solved nor unsolved, so its search stops there, marked incomplete, and the other searches go on.
   */
  readonly incomplete?: boolean;
}

/** One evaluated n in the search trace (restarts aggregated). */
export interface CriticalNTrial<E extends CriticalNEvaluation> {
  readonly n: number;
  /** Solved by the protocol's statistic (`'single'`: restart 0; `'any'`; `'majority'`). */
  readonly solved: boolean;
  /** Share of the restarts that solved n. */
  readonly successRate: number;
  /** One entry per restart that ran, in order. */
  readonly runs: readonly E[];
  /** Search phase that first asked for this n. */
  readonly phase: CriticalNPhase;
}

/** What a critical-n search found. */
export interface CriticalNSearchResult<E extends CriticalNEvaluation> {
  /**
   * The binary search's answer: the last n it found solved with the n above it failing — the official
   * script's `critical_n` and the paper-comparable number (undefined when no n was solved).
   */
  readonly criticalN: number | undefined;
  /** Largest n solved anywhere, the sweep included (up to +5 above `criticalN`), or undefined when none was. */
  readonly largestSolvedN: number | undefined;
  /** Every n the sequential protocol visited, ascending. */
  readonly trials: readonly CriticalNTrial<E>[];
  /** Unsolved n below `largestSolvedN`: signs that single runs are noisy there. */
  readonly nonMonotone: readonly number[];
  /** Runs the sequential protocol used (restarts count individually). */
  readonly evaluations: number;
  /**
   * Set when the search stopped at a run that could not be completed ({@link CriticalNEvaluation.incomplete}):
   * that run's n and restart. `criticalN` is then undefined and `trials` holds the n decided before it.
   */
  readonly incomplete?: { readonly n: number; readonly restart: number };
}

/** One search of {@link runCriticalNSearches}: an id (e.g. the dimension d) and its protocol. */
export interface CriticalNSearchTask<Id> extends CriticalNProtocol {
  readonly id: Id;
}

/** A point handed to the evaluator. */
export interface CriticalNEvaluationRequest<Id> {
  readonly id: Id;
  readonly n: number;
  readonly restart: number;
  /** Phase of the protocol that (would) ask for it. */
  readonly phase: CriticalNPhase;
  /** True when evaluated ahead of need: the sequential protocol may or may not use it. */
  readonly speculative: boolean;
}

/** Options of {@link runCriticalNSearches}. */
export interface CriticalNSearchesOptions<Id, E extends CriticalNEvaluation> {
  /** The searches (ids must be distinct). */
  readonly searches: readonly CriticalNSearchTask<Id>[];
  /**
   * Trains (or looks up) one run. Called at most once per (id, n, restart). `signal` aborts when the run is no
   * longer wanted (the caller aborted, or the searches ended with this speculative run still in flight).
   */
  readonly evaluate: (request: CriticalNEvaluationRequest<Id>, signal: AbortSignal) => Promise<E>;
  /** Evaluations in flight at once. Default 1 (exactly the sequential protocol, no speculation). */
  readonly slots?: number;
  /** Called when an n joins a search's sequential trace, in the order the sequential protocol visits them. */
  readonly onTrial?: (id: Id, trial: CriticalNTrial<E>) => void;
  /** Called once per search, when its sequential protocol has its answer (for progress lines). */
  readonly onSearchDone?: (id: Id) => void;
  readonly signal?: AbortSignal;
}

/** What {@link runCriticalNSearches} returns. */
export interface CriticalNSearchesResult<Id, E extends CriticalNEvaluation> {
  /** One result per search, in the order of `searches`. */
  readonly results: ReadonlyMap<Id, CriticalNSearchResult<E>>;
  /** Every evaluation made, the speculative ones included. */
  readonly evaluations: number;
  /** Evaluations the sequential protocols did not use (work spent on guesses that turned out wrong). */
  readonly unusedEvaluations: number;
}

const pointKey = (index: number, n: number, restart: number) => `${index}:${n}:${restart}`;

interface Candidate {
  readonly search: number;
  readonly point: CriticalNSearchPoint;
  weight: number;
  readonly depth: number;
}

/**
 * Several critical-n searches (e.g. one per d) on `slots` evaluation slots at once, with exactly the answers
 * of the sequential protocol.
 *
 * Each search is the paper's gallop → binary search → sweep ({@link replayCriticalNProtocol}). Whenever a
 * slot is free, the driver looks at what each search may need next: the point it needs now (certain), and,
 * guessing the outcomes of runs still in flight, the points it would need after each guess. A point reached
 * by j guesses gets weight 2⁻ʲ (summed over the branches that reach it), and the free slots take the
 * heaviest points across all searches and restarts. Outcomes then decide exactly as in the sequential
 * protocol: a search's trace and answer are computed by replaying the protocol over the known outcomes, so
 * they equal a one-slot run's for any outcomes — monotone in n or not. Runs made on wrong guesses are
 * counted in `unusedEvaluations` and left out of the traces.
 *
 * @param options - see {@link CriticalNSearchesOptions}.
 * @returns the per-search results and evaluation counts.
 * @throws InvalidArgumentError for bad options or an evaluation that does not resolve to `{ solved: boolean }`;
 *   AbortedError when `signal` aborts; whatever `evaluate` throws (runs still in flight are aborted first).
 * @example
 * ```ts
 * const { results } = await runCriticalNSearches({
 *   searches: [{ id: 4, initialN: 10 }, { id: 5, initialN: 14 }],
 *   slots: 4,
 *   evaluate: async ({ id, n }) => ({ solved: n <= [0, 0, 0, 0, 10, 14][id]! }),
 * });
 * results.get(5)!.criticalN; // 14
 * ```
 */
export async function runCriticalNSearches<Id, E extends CriticalNEvaluation>(
  options: CriticalNSearchesOptions<Id, E>,
): Promise<CriticalNSearchesResult<Id, E>> {
  if (typeof options?.evaluate !== 'function') {
    throw new InvalidArgumentError({ parameter: 'evaluate', value: options?.evaluate, message: 'evaluate must be a function ({ n, restart }) => Promise<{ solved }>' });
  }
  if (!Array.isArray(options.searches)) {
    throw new InvalidArgumentError({ parameter: 'searches', value: options.searches, message: 'searches must be an array of { id, initialN, … }' });
  }
  const slots = assertInteger('slots', options.slots ?? 1, { min: 1 });
  const searches = options.searches.map((s, i) => {
    try {
      return resolveCriticalNProtocol(s);
    } catch (error) {
      if (InvalidArgumentError.isInstance(error)) {
        const reason = error.message.replace(/^Invalid argument for parameter [^:]*: /, '');
        throw new InvalidArgumentError({ parameter: `searches[${i}].${error.parameter}`, value: error.value, message: reason, cause: error });
      }
      throw error;
    }
  });
  const ids = options.searches.map((s) => s.id);
  if (new Set(ids).size !== ids.length) throw new InvalidArgumentError({ parameter: 'searches', value: ids, message: 'search ids must be distinct' });
  // Guess at most this many outcomes ahead: enough branches to fill the slots.
  const maxDepth = slots <= 1 ? 0 : Math.min(10, Math.ceil(Math.log2(slots + 1)) + 1);

  const known = new Map<string, E>();
  const inFlight = new Map<string, Promise<void>>();
  /** Runs that could not be completed: a search whose next needed run is one of them stops there. */
  const incomplete = new Set<string>();
  // One signal per evaluation (aborted together): an executor listens on its own run's signal, so any number of
  // slots adds no listeners to a shared emitter.
  const running = new Set<AbortController>();
  let stopped = false;
  const abortAll = () => {
    stopped = true;
    for (const c of running) c.abort();
  };
  options.signal?.addEventListener('abort', abortAll, { once: true });
  const reported = searches.map(() => 0);
  const finished = searches.map(() => false);
  let evaluations = 0;
  let failure: { error: unknown } | undefined;

  const outcomeOf = (index: number) => (n: number, restart: number) => known.get(pointKey(index, n, restart))?.solved;

  // Breadth first (so in order of weight), within a budget of replays: enough branches to fill the slots.
  const budget = 4 * slots + 4;
  const collect = (index: number, protocol: ResolvedCriticalNProtocol, into: Map<string, Candidate>) => {
    const queue: { guesses: Map<string, boolean>; weight: number; depth: number }[] = [{ guesses: new Map(), weight: 1, depth: 0 }];
    for (let explored = 0; explored < budget && queue.length > 0; explored++) {
      const { guesses, weight, depth } = queue.shift()!;
      const step = replayCriticalNProtocol(protocol, (n, restart) => guesses.get(pointKey(index, n, restart)) ?? known.get(pointKey(index, n, restart))?.solved);
      if (step.done) continue;
      const key = pointKey(index, step.next.n, step.next.restart);
      const seen = into.get(key);
      if (seen) seen.weight += weight;
      else into.set(key, { search: index, point: step.next, weight, depth });
      if (depth >= maxDepth) continue;
      for (const guess of [true, false]) queue.push({ guesses: new Map(guesses).set(key, guess), weight: weight / 2, depth: depth + 1 });
    }
  };

  const traceOf = (index: number, visited: readonly VisitedN[]) =>
    visited.map((v): CriticalNTrial<E> => {
      const runs = Array.from({ length: v.runs }, (_, r) => known.get(pointKey(index, v.n, r))!);
      return { n: v.n, phase: v.phase, solved: v.solved, successRate: runs.filter((r) => r.solved).length / runs.length, runs };
    });

  /** Reports the trials each search's sequential walk has settled since the last call. */
  const reportTrials = () => {
    if (!options.onTrial) return;
    searches.forEach((protocol, index) => {
      const step = replayCriticalNProtocol(protocol, outcomeOf(index));
      const visited = step.done ? step.outcome.visited : step.visited;
      for (const trial of traceOf(index, visited).slice(reported[index])) options.onTrial!(ids[index]!, trial);
      reported[index] = visited.length;
    });
  };

  const launch = (candidate: Candidate, speculative: boolean) => {
    const { search, point } = candidate;
    const key = pointKey(search, point.n, point.restart);
    evaluations += 1;
    const request: CriticalNEvaluationRequest<Id> = { id: ids[search]!, n: point.n, restart: point.restart, phase: point.phase, speculative };
    const task = (async () => {
      try {
        const own = new AbortController();
        running.add(own);
        if (stopped) own.abort();
        let result: E;
        try {
          result = await options.evaluate(request, own.signal);
        } finally {
          running.delete(own);
        }
        if (result === null || typeof result !== 'object' || typeof result.solved !== 'boolean') {
          throw new InvalidArgumentError({
            parameter: 'evaluate',
            value: result,
            message: `evaluate(${String(request.id)}, n = ${point.n}, restart ${point.restart}) must resolve to { solved: boolean }`,
          });
        }
        if (result.incomplete === true) incomplete.add(key);
        else known.set(key, result);
      } catch (error) {
        failure ??= { error };
        abortAll();
      } finally {
        inFlight.delete(key);
      }
    })();
    inFlight.set(key, task);
  };

  try {
    for (;;) {
      if (options.signal?.aborted) throw new AbortedError({ message: 'critical-n search was aborted' });
      if (failure) throw failure.error;
      reportTrials();
      const steps = searches.map((protocol, index) => replayCriticalNProtocol(protocol, outcomeOf(index)));
      steps.forEach((step, index) => {
        if (step.done && !finished[index]) {
          finished[index] = true;
          options.onSearchDone?.(ids[index]!);
        }
      });
      const open = (index: number) => {
        const step = steps[index]!;
        return !step.done && !incomplete.has(pointKey(index, step.next.n, step.next.restart));
      };
      if (searches.every((_, index) => !open(index))) break;
      const free = slots - inFlight.size;
      if (free > 0) {
        const pool = new Map<string, Candidate>();
        searches.forEach((protocol, index) => {
          if (open(index)) collect(index, protocol, pool);
        });
        const picks = [...pool.entries()]
          .filter(([key]) => !known.has(key) && !inFlight.has(key) && !incomplete.has(key))
          .sort(([, a], [, b]) => b.weight - a.weight || a.depth - b.depth || a.search - b.search)
          .slice(0, free);
        for (const [, candidate] of picks) launch(candidate, candidate.depth > 0 || candidate.weight < 1);
      }
      if (inFlight.size === 0) throw new Error('critical-n scheduler: no run in flight and no point to evaluate (a bug)');
      await Promise.race(inFlight.values());
    }
  } finally {
    // Runs still in flight are guesses the protocols did not need (or the search failed): stop them.
    if (inFlight.size > 0) {
      abortAll();
      await Promise.allSettled([...inFlight.values()]);
    }
    options.signal?.removeEventListener('abort', abortAll);
  }

  const results = new Map<Id, CriticalNSearchResult<E>>();
  let used = 0;
  searches.forEach((protocol, index) => {
    const step = replayCriticalNProtocol(protocol, outcomeOf(index));
    if (!step.done && incomplete.has(pointKey(index, step.next.n, step.next.restart))) {
      const stop = { n: step.next.n, restart: step.next.restart };
      const trials = traceOf(index, step.visited).sort((a, b) => a.n - b.n);
      const solved = trials.filter((t) => t.solved).map((t) => t.n);
      const largestSolvedN = solved.length > 0 ? Math.max(...solved) : undefined;
      const searchEvaluations = trials.reduce((sum, t) => sum + t.runs.length, 0);
      used += searchEvaluations;
      results.set(ids[index]!, {
        criticalN: undefined,
        largestSolvedN,
        trials,
        nonMonotone: largestSolvedN === undefined ? [] : trials.filter((t) => !t.solved && t.n < largestSolvedN).map((t) => t.n),
        evaluations: searchEvaluations,
        incomplete: stop,
      });
      return;
    }
    if (!step.done) throw new Error('critical-n scheduler: a search did not finish (a bug)');
    const trials = traceOf(index, step.outcome.visited).sort((a, b) => a.n - b.n);
    const largestSolvedN = step.outcome.largestSolvedN;
    const searchEvaluations = trials.reduce((sum, t) => sum + t.runs.length, 0);
    used += searchEvaluations;
    results.set(ids[index]!, {
      criticalN: step.outcome.binarySearchN,
      largestSolvedN,
      trials,
      nonMonotone: largestSolvedN === undefined ? [] : trials.filter((t) => !t.solved && t.n < largestSolvedN).map((t) => t.n),
      evaluations: searchEvaluations,
    });
  });
  return { results, evaluations: known.size, unusedEvaluations: known.size - used };
}
