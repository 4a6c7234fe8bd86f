import { assertInteger } from '@limit/core';
import { binomialNumber } from '@limit/combinatorics';
import type { ObjectiveName, Precision, QueryMode } from '../engines/contract.js';
import type { EngineProvider, EngineRuntimes } from '../engines/provider.js';
import { resolveEngine, type EngineDevice } from '../engines/registry.js';
import type { CriticalNExecutor } from '../executors/executor.js';
import type { WireEngineRequirement } from '../executors/wire.js';
import { PAPER_TRAINING } from '../training/paper-training.js';
import { initialCriticalN } from './job.js';

/** Options of {@link resolveCriticalNEngines}: the experiment's own (see `runCriticalNExperiment`). */
export interface CriticalNEngineOptions {
  readonly dimensions: readonly number[];
  readonly k?: number;
  readonly engine?: string | EngineProvider;
  readonly device?: EngineDevice;
  readonly precision?: Precision;
  /** The objective every run trains (default `'infoNce'`): an engine that does not implement it is refused. */
  readonly objective?: ObjectiveName;
  /** The query mode (default `'free'`): an engine that does not implement it is refused. */
  readonly queryMode?: QueryMode;
  readonly runtimes?: EngineRuntimes;
  readonly initialN?: (d: number, k: number) => number;
  /** When given, its `prepare` checks the engines where runs train. */
  readonly executor?: CriticalNExecutor;
}

/** What {@link resolveCriticalNEngines} found. */
export interface CriticalNEngines {
  /** The engine id of each d. */
  readonly byDimension: ReadonlyMap<number, string>;
  /** Each distinct engine once, with the device and precision its runs use (what `prepare` was given). */
  readonly requirements: readonly WireEngineRequirement[];
}

/**
 * Resolves the engine of every d of a critical-n experiment, as the experiment does before its first run: one
 * engine per d, chosen at the size its search starts from (`'auto'` picks by q·n·d there), and checks them
 * where runs train (`executor.prepare`). Apps call it before they write anything, so an engine that cannot
 * run fails in seconds with the output folder untouched.
 *
 * @param options - dimensions, k, engine, device, precision, objective, query mode, runtimes, initialN, executor.
 * @returns the engine per d and the distinct requirements.
 * @throws BackendUnavailableError when an engine cannot be used here or where runs train (naming it and
 *   the reason: the package to install); InvalidArgumentError for an engine that does not run on `device` or does not implement the objective or query mode.
 * @example
 * ```ts
 * const { byDimension } = await resolveCriticalNEngines({ dimensions: [4, 5], engine: 'auto' });
 * byDimension.get(4); // 'native' in Node where its prebuilt binary loads
 * ```
 */
export async function resolveCriticalNEngines(options: CriticalNEngineOptions): Promise<CriticalNEngines> {
  const k = options.k ?? PAPER_TRAINING.k;
  const precision = options.precision ?? PAPER_TRAINING.precision;
  const startOf = options.initialN ?? initialCriticalN;
  const byDimension = new Map<number, string>();
  for (const d of options.dimensions) {
    const n = assertInteger(`initialN(${d})`, startOf(d, k), { min: k + 1 });
    const resolved = await resolveEngine(options.engine ?? 'auto', {
      precision,
      ...(options.objective !== undefined ? { objective: options.objective } : {}),
      ...(options.queryMode !== undefined ? { queryMode: options.queryMode } : {}),
      work: binomialNumber(n, k) * n * d,
      ...(options.device !== undefined ? { device: options.device } : {}),
      ...(options.runtimes !== undefined ? { runtimes: options.runtimes } : {}),
    });
    byDimension.set(d, resolved.provider.id);
  }
  const requirements = [...new Set(byDimension.values())].map((engine): WireEngineRequirement => ({
    engine,
    precision,
    ...(options.device !== undefined ? { device: options.device } : {}),
  }));
  await options.executor?.prepare?.(requirements);
  return { byDimension, requirements };
}
