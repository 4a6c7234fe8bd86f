import { InvalidArgumentError, assertInteger } from '@limit/core';
import type { CriticalNExecutor } from '../executors/executor.js';
import { createInProcessExecutor } from '../executors/in-process.js';
import { importEngineModules } from './engine-modules.js';
import { createLocalExecutor } from './local-executor.js';
import { createThreadExecutor } from './thread-executor.js';

/** Everything an executor kind may be created with; each kind takes the options it lists. */
export interface CriticalNExecutorCreateOptions {
  /** Runs trained at once on this machine (threads, local). */
  readonly workers?: number;
  /** Step threads per run (the native kernel's, onnxruntime's intra-op). */
  readonly threads?: number;
  /** Modules that register engine providers, imported where runs train. */
  readonly engineModules?: readonly string[];
  /** BullMQ: the Redis URL. */
  readonly redis?: string;
  /** BullMQ: the queue name. */
  readonly queue?: string;
  /** BullMQ: runs kept in flight (default: what the workers advertise). */
  readonly slots?: number;
  /** BullMQ: a line for each queue event worth telling (a lost worker, a retried job). */
  readonly onEvent?: (line: string) => void;
}

/** One way to run a critical-n experiment's training runs: an entry of {@link CRITICAL_N_EXECUTORS}. */
export interface CriticalNExecutorKind {
  /** `in-process`, `threads`, `local` or `bullmq`. */
  readonly id: string;
  readonly description: string;
  /** npm packages it needs besides this one (optional peers: `bullmq`, `ioredis`). */
  readonly modules: readonly string[];
  /** The options it takes; any other given is refused, naming the option. */
  readonly options: readonly (keyof CriticalNExecutorCreateOptions)[];
  /** Options it cannot do without. */
  readonly required?: readonly (keyof CriticalNExecutorCreateOptions)[];
  create(options: CriticalNExecutorCreateOptions): Promise<CriticalNExecutor>;
}

const threadsOption = (options: CriticalNExecutorCreateOptions) => (options.threads !== undefined ? { threads: options.threads } : {});

/**
 * The executors this package ships (Node), as data: apps list them (`limit critical-n --help`) and create one
 * by id with {@link createCriticalNExecutor}. `threads` is the default in Node; `in-process` is what browsers
 * use (and a provider object of your own, which cannot cross to a worker).
 */
export const CRITICAL_N_EXECUTORS: readonly CriticalNExecutorKind[] = Object.freeze([
  {
    id: 'threads',
    description: 'worker threads of this process, one run per core (default)',
    modules: [],
    options: ['workers', 'threads', 'engineModules'],
    create: async (options) =>
      createThreadExecutor({
        ...(options.workers !== undefined ? { workers: options.workers } : {}),
        ...threadsOption(options),
        ...(options.engineModules ? { engineModules: options.engineModules } : {}),
      }),
  },
  {
    id: 'local',
    description: 'worker processes on this machine',
    modules: [],
    options: ['workers', 'threads', 'engineModules'],
    create: async (options) =>
      createLocalExecutor({
        ...(options.workers !== undefined ? { workers: options.workers } : {}),
        ...threadsOption(options),
        ...(options.engineModules ? { engineModules: options.engineModules } : {}),
      }),
  },
  {
    id: 'in-process',
    description: 'this thread, one run at a time',
    modules: [],
    options: ['threads', 'engineModules'],
    create: async (options) => {
      await importEngineModules(options.engineModules);
      return createInProcessExecutor(options.threads !== undefined ? { engineOptions: { threads: options.threads } } : {});
    },
  },
  {
    id: 'bullmq',
    description: 'a Redis queue served by `limit worker` processes on any machines',
    modules: ['bullmq', 'ioredis'],
    // the coordinator trains nothing: workers take --threads and --engine-module themselves
    options: ['redis', 'queue', 'slots', 'engineModules', 'onEvent'],
    required: ['redis'],
    create: async (options) => {
      const { createBullmqExecutor } = await import('./bullmq/coordinator.js');
      return createBullmqExecutor({
        redis: options.redis!,
        ...(options.queue !== undefined ? { queue: options.queue } : {}),
        ...(options.slots !== undefined ? { slots: options.slots } : {}),
        ...(options.onEvent !== undefined ? { onEvent: options.onEvent } : {}),
      });
    },
  },
]);

/**
 * Creates an executor of {@link CRITICAL_N_EXECUTORS} by id.
 *
 * @param id - `threads`, `local`, `in-process` or `bullmq`.
 * @param options - the kind's options (see {@link CriticalNExecutorCreateOptions}); undefined values are ignored.
 * @returns the executor; close it when done.
 * @throws InvalidArgumentError naming `executor` for an unknown id, or the option the kind does not take or
 *   lacks; whatever the kind's constructor throws (BackendUnavailableError for an unreachable Redis).
 * @example
 * ```ts
 * const executor = await createCriticalNExecutor('local', { workers: 4, threads: 1 });
 * ```
 */
export async function createCriticalNExecutor(id: string, options: CriticalNExecutorCreateOptions = {}): Promise<CriticalNExecutor> {
  const kind = CRITICAL_N_EXECUTORS.find((k) => k.id === id);
  if (kind === undefined) {
    throw new InvalidArgumentError({ parameter: 'executor', value: id, message: `executor must be one of ${CRITICAL_N_EXECUTORS.map((k) => k.id).join(', ')}, got ${JSON.stringify(id)}` });
  }
  const given = Object.entries(options).filter(([, value]) => value !== undefined) as [keyof CriticalNExecutorCreateOptions, unknown][];
  for (const [name] of given) {
    if (!kind.options.includes(name)) {
      throw new InvalidArgumentError({ parameter: name, value: options[name], message: `the ${id} executor does not take ${name} (it takes ${kind.options.join(', ')})` });
    }
  }
  for (const name of kind.required ?? []) {
    if (options[name] === undefined) throw new InvalidArgumentError({ parameter: name, value: undefined, message: `the ${id} executor needs ${name}` });
  }
  for (const name of ['workers', 'threads', 'slots'] as const) if (options[name] !== undefined) assertInteger(name, options[name], { min: 1 });
  return kind.create(Object.fromEntries(given) as CriticalNExecutorCreateOptions);
}
