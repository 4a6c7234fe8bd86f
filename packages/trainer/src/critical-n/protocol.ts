import { InvalidArgumentError, assertInteger } from '@limit/core';
import { PAPER_TRAINING } from '../training/paper-training.js';

/** Search phase that first asked for an n. */
export type CriticalNPhase = 'gallop' | 'binary' | 'sweep';

/** The statistics that decide from an n's restarts whether it counts as solved. */
export const CRITICAL_N_STATISTICS = ['single', 'any', 'majority'] as const;

/**
 * Which n counts as solved when each n is trained with several seeds (restarts):
 * - `'single'` (default, the paper's one seed): restart 0 decides; the other restarts are reported beside it;
 * - `'any'`: solved when at least one restart solves it;
 * - `'majority'`: solved when more than half of the restarts solve it.
 */
export type CriticalNStatistic = (typeof CRITICAL_N_STATISTICS)[number];

/** The settings that fix which n the search visits, given the outcomes (no callbacks: plain data). */
export interface CriticalNProtocol {
  /** Starting n of the gallop. */
  readonly initialN: number;
  /** Smallest n the search may try. Default 1. */
  readonly minN?: number;
  /** Largest n the search may try (the gallop stops there). Default: unbounded. */
  readonly maxN?: number;
  /** Runs per n (seeds s, s + 1, …). Default 1. */
  readonly restarts?: number;
  /** Which n counts as solved from its restarts (see {@link CriticalNStatistic}). Default `'single'`. */
  readonly statistic?: CriticalNStatistic;
  /** With `statistic: 'any'`: stop the restarts of an n at its first success (cheaper; success rates then undercount). Default false. */
  readonly stopAtFirstSuccess?: boolean;
  /** Offsets of the final sweep around the binary-search result. Default −4 … +5, as the paper. */
  readonly sweep?: readonly number[];
}

/** A protocol with its defaults filled in and checked. */
export interface ResolvedCriticalNProtocol {
  readonly initialN: number;
  readonly minN: number;
  readonly maxN: number;
  readonly restarts: number;
  readonly statistic: CriticalNStatistic;
  readonly stopAtFirstSuccess: boolean;
  readonly sweep: readonly number[];
}

/** One point the protocol asks for: restart `restart` of n. */
export interface CriticalNSearchPoint {
  readonly n: number;
  readonly restart: number;
  readonly phase: CriticalNPhase;
}

/** One n the protocol visited, in the order of the visits. */
export interface VisitedN {
  readonly n: number;
  readonly phase: CriticalNPhase;
  /** Restarts asked for, 0 … runs − 1. */
  readonly runs: number;
  /** Restarts that solved it. */
  readonly successes: number;
  /** Solved by the protocol's statistic. */
  readonly solved: boolean;
}

/** Where the protocol ends, given every outcome it asked for. */
export interface CriticalNProtocolOutcome {
  /** Largest solved n among the visited ones, or undefined. */
  readonly largestSolvedN: number | undefined;
  /** The binary search's answer (the official script's `critical_n` before the sweep). */
  readonly binarySearchN: number | undefined;
  /** Visited n in visit order. */
  readonly visited: readonly VisitedN[];
}

/** What {@link replayCriticalNProtocol} found: the next point needed, or the end of the search. */
export type CriticalNProtocolStep =
  | { readonly done: false; readonly next: CriticalNSearchPoint; readonly visited: readonly VisitedN[] }
  | { readonly done: true; readonly outcome: CriticalNProtocolOutcome };

const DEFAULT_SWEEP: readonly number[] = PAPER_TRAINING.sweep;

/**
 * Checks a {@link CriticalNProtocol} and fills in its defaults.
 *
 * @param protocol - the protocol settings.
 * @returns the resolved protocol.
 * @throws InvalidArgumentError naming the bad setting.
 * @example
 * ```ts
 * resolveCriticalNProtocol({ initialN: 10 }).sweep; // [-4, …, 5]
 * ```
 */
export function resolveCriticalNProtocol(protocol: CriticalNProtocol): ResolvedCriticalNProtocol {
  if (protocol === null || typeof protocol !== 'object') {
    throw new InvalidArgumentError({ parameter: 'protocol', value: protocol, message: 'the search needs an options object with initialN' });
  }
  const minN = assertInteger('minN', protocol.minN ?? 1, { min: 0 });
  const maxN = protocol.maxN === undefined ? Number.MAX_SAFE_INTEGER : assertInteger('maxN', protocol.maxN, { min: minN });
  const initialN = assertInteger('initialN', protocol.initialN, { min: minN, max: maxN });
  const restarts = assertInteger('restarts', protocol.restarts ?? 1, { min: 1 });
  const statistic = protocol.statistic ?? 'single';
  if (!CRITICAL_N_STATISTICS.includes(statistic)) {
    throw new InvalidArgumentError({ parameter: 'statistic', value: statistic, message: `statistic must be one of ${CRITICAL_N_STATISTICS.join(', ')} (got ${JSON.stringify(statistic)})` });
  }
  if (protocol.stopAtFirstSuccess === true && statistic !== 'any') {
    throw new InvalidArgumentError({ parameter: 'stopAtFirstSuccess', value: true, message: `stopAtFirstSuccess only applies to statistic 'any' (with '${statistic}' every restart is needed)` });
  }
  const sweep = protocol.sweep ?? DEFAULT_SWEEP;
  if (!Array.isArray(sweep)) throw new InvalidArgumentError({ parameter: 'sweep', value: sweep, message: 'sweep must be an array of integer offsets' });
  sweep.forEach((offset, i) => assertInteger(`sweep[${i}]`, offset));
  return { initialN, minN, maxN, restarts, statistic, stopAtFirstSuccess: protocol.stopAtFirstSuccess === true, sweep };
}

/**
 * The paper's search as a generator: it yields the point it needs and receives whether that run solved it.
 * Gallop from `initialN` with doubling steps until the outcome flips, binary search between the last solved
 * and first failed n, then sweep n − 4 … n + 5 around the binary-search result; every n is visited once.
 */
function* protocolSteps(p: ResolvedCriticalNProtocol, visited: VisitedN[]): Generator<CriticalNSearchPoint, CriticalNProtocolOutcome, boolean> {
  const seen = new Map<number, VisitedN>();

  function* solves(n: number, phase: CriticalNPhase): Generator<CriticalNSearchPoint, boolean, boolean> {
    const known = seen.get(n);
    if (known !== undefined) return known.solved;
    let successes = 0;
    let first = false;
    let runs = 0;
    for (let restart = 0; restart < p.restarts; restart++) {
      const ok = yield { n, restart, phase };
      runs += 1;
      if (ok) successes += 1;
      if (restart === 0) first = ok;
      if (ok && p.stopAtFirstSuccess) break;
    }
    const solved = p.statistic === 'single' ? first : p.statistic === 'any' ? successes > 0 : successes * 2 > p.restarts;
    const visit: VisitedN = { n, phase, runs, successes, solved };
    seen.set(n, visit);
    visited.push(visit);
    return solved;
  }

  let low: number | undefined; // largest n known solved
  let high: number | undefined; // smallest n known failed above `low`
  if (yield* solves(p.initialN, 'gallop')) {
    low = p.initialN;
    for (let step = 1; ; step *= 2) {
      const next = Math.min(low + step, p.maxN);
      if (next === low) break; // reached maxN, all solved
      if (yield* solves(next, 'gallop')) {
        low = next;
      } else {
        high = next;
        break;
      }
    }
  } else {
    high = p.initialN;
    for (let step = 1; high > p.minN; step *= 2) {
      const next = Math.max(high - step, p.minN);
      if (yield* solves(next, 'gallop')) {
        low = next;
        break;
      }
      high = next;
    }
  }

  let binarySearchN = low;
  if (low !== undefined && high !== undefined) {
    let lo = low + 1;
    let hi = high - 1;
    while (lo <= hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (yield* solves(mid, 'binary')) {
        binarySearchN = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
  }

  if (binarySearchN !== undefined) {
    for (const offset of p.sweep) {
      const n = binarySearchN + offset;
      if (n >= p.minN && n <= p.maxN) yield* solves(n, 'sweep');
    }
  }

  const solvedNs = visited.filter((v) => v.solved).map((v) => v.n);
  return { largestSolvedN: solvedNs.length > 0 ? Math.max(...solvedNs) : undefined, binarySearchN, visited };
}

/**
 * Replays the sequential critical-n protocol against the outcomes known so far and says what it needs next.
 * The protocol is deterministic, so the same outcomes always lead to the same point: this is what lets a
 * parallel driver evaluate points ahead (guessing outcomes) and still reach exactly the sequential answer.
 *
 * @param protocol - the resolved protocol ({@link resolveCriticalNProtocol}).
 * @param outcome - `(n, restart) → solved`, or undefined while that run's outcome is unknown.
 * @returns `{ done: false, next, visited }` with the first point whose outcome is unknown (and the n fully visited
 *   before it), or `{ done: true, outcome }`.
 * @example
 * ```ts
 * const p = resolveCriticalNProtocol({ initialN: 10 });
 * replayCriticalNProtocol(p, () => undefined); // { done: false, next: { n: 10, restart: 0, phase: 'gallop' } }
 * ```
 */
export function replayCriticalNProtocol(
  protocol: ResolvedCriticalNProtocol,
  outcome: (n: number, restart: number) => boolean | undefined,
): CriticalNProtocolStep {
  const visited: VisitedN[] = [];
  const steps = protocolSteps(protocol, visited);
  let state = steps.next();
  while (!state.done) {
    const point = state.value;
    const solved = outcome(point.n, point.restart);
    if (solved === undefined) return { done: false, next: point, visited };
    state = steps.next(solved);
  }
  return { done: true, outcome: state.value };
}
