import { availableParallelism } from 'node:os';
import { assertKnownOptions } from '@limit/core';
import type { CriticalNExecutor } from '../executors/executor.js';
import { createLocalExecutor } from './local-executor.js';

/** Options of {@link createThreadExecutor}. */
export interface ThreadExecutorOptions {
  /** Worker threads (runs trained at once). Default: the CPUs this process may use (`os.availableParallelism()`). */
  readonly workers?: number;
  /** Step threads per run (the native kernel's, onnxruntime's intra-op). Default 1: the cores go to runs, not steps. */
  readonly threads?: number;
  /** Modules each worker thread imports before its first job, which register engine providers (`registerEngineProvider`). */
  readonly engineModules?: readonly string[];
  /** The worker entry script; default this package's `dist/critical-n-child.js`. */
  readonly entry?: string | URL;
}

/**
 * The thread executor: `workers` worker threads of this process (node:worker_threads), each training one job
 * at a time with `threads` step threads — by default one run per core, one step thread each, which is the
 * fastest way to run a critical-n search on one machine (small runs step in microseconds, so runs in
 * parallel beat threads inside a step). What `runCriticalNExperiment` and `limit critical-n` use in Node
 * unless told otherwise. Workers find engines by id: a provider of your own must be registered in a module
 * named in `engineModules`.
 *
 * @param options - see {@link ThreadExecutorOptions}.
 * @returns the executor (`slots` = workers, name `threads`); close it to stop the threads.
 * @throws InvalidArgumentError for bad options (named).
 * @example
 * ```ts
 * const executor = createThreadExecutor();
 * try {
 *   await runCriticalNExperiment({ dimensions: [4, 5, 6, 7, 8], executor });
 * } finally {
 *   await executor.close();
 * }
 * ```
 */
export function createThreadExecutor(options: ThreadExecutorOptions = {}): CriticalNExecutor {
  assertKnownOptions('options', options, ['workers', 'threads', 'engineModules', 'entry']);
  return createLocalExecutor({ ...options, workers: options.workers ?? availableParallelism(), threads: options.threads ?? 1, transport: 'thread' });
}
