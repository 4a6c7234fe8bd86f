/**
 * Where runs train, for `critical-n` and `capacity`: `--executor`, `--workers` (and the older `--jobs`),
 * `--threads`, `--redis`, `--queue`, `--slots`. The executors and their help come from the trainer's
 * `CRITICAL_N_EXECUTORS` table; both commands pick the same default (worker threads, one run per core).
 */
import type { Command } from 'commander';
import type { CriticalNExecutor } from '@limit/trainer';
import { CRITICAL_N_EXECUTORS, createCriticalNExecutor } from '@limit/trainer/node';
import { parseChoice, parseInteger, withFlagNames } from './options.js';

/** Raw values of the flags added by {@link addExecutorOptions}. */
export interface ExecutorFlagValues {
  executor?: string;
  workers?: string;
  jobs?: string;
  threads?: string;
  redis?: string;
  queue?: string;
  slots?: string;
}

/**
 * Adds the executor flags to a command.
 *
 * @param command - the command.
 * @param workersExtra - what else `--workers` means for it (e.g. "; with --plan a list"), appended to its help.
 */
export function addExecutorOptions(command: Command, workersExtra = ''): Command {
  return command
    .option(
      '--executor <id>',
      `where runs train: ${CRITICAL_N_EXECUTORS.map((e) => `${e.id} (${e.description})`).join(' | ')}; default threads, bullmq with --redis, local with --workers above 1, in-process with --workers 1`,
    )
    .option('--workers <w>', `runs trained at once on this machine (threads, local; default: the CPUs); alone, W above 1 means W worker processes (local) and 1 this thread (in-process)${workersExtra}`)
    .option('--jobs <j>', 'same as --workers (older name)')
    .option('--threads <t>', "step threads per run, for the native kernel and onnxruntime (default 1 per run with several runs at once; in-process: the engine's choice)")
    .option('--redis <url>', 'coordinate `limit worker` processes through BullMQ on this Redis (e.g. redis://127.0.0.1:6379)')
    .option('--queue <name>', 'BullMQ queue name (with --redis)')
    .option('--slots <s>', 'runs kept in flight (default: the workers available)');
}

/** The flag `--workers` was given as (`--jobs` is its older name). */
export function workersFlagOf(opts: ExecutorFlagValues): string {
  return opts.workers !== undefined ? '--workers' : '--jobs';
}

/** What {@link executorFromFlags} made. */
export interface ExecutorFromFlags {
  readonly executor: CriticalNExecutor;
  /** The executor's id in `CRITICAL_N_EXECUTORS`. */
  readonly executorId: string;
  /** `--slots` for the experiment (the BullMQ executor takes it itself). */
  readonly slots: number | undefined;
}

/**
 * Parses the executor flags and creates the executor (an unreachable Redis fails here, naming `--redis`).
 * Default: worker threads, one run per core; `--redis` picks bullmq; `--workers W` alone picks W worker
 * processes (local), or this thread for W = 1 (in-process).
 *
 * @param opts - the flag values.
 * @param engineModules - `--engine-module` modules (absolute specifiers) for the workers to import.
 * @throws InvalidArgumentError naming the flag.
 */
export async function executorFromFlags(opts: ExecutorFlagValues, engineModules: readonly string[]): Promise<ExecutorFromFlags> {
  const workersFlag = workersFlagOf(opts);
  const workersText = opts.workers ?? opts.jobs;
  const workers = workersText === undefined ? undefined : parseInteger(workersFlag, workersText, { min: 1 });
  const threads = opts.threads === undefined ? undefined : parseInteger('--threads', opts.threads, { min: 1 });
  const slots = opts.slots === undefined ? undefined : parseInteger('--slots', opts.slots, { min: 1 });
  const executorId = parseChoice(
    '--executor',
    opts.executor ?? (opts.redis !== undefined ? 'bullmq' : workers === undefined ? 'threads' : workers === 1 ? 'in-process' : 'local'),
    CRITICAL_N_EXECUTORS.map((e) => e.id),
  );
  const flagOf: Readonly<Record<string, string>> = { workers: workersFlag, threads: '--threads', redis: '--redis', queue: '--queue', slots: '--slots', engineModules: '--engine-module' };
  const executor = await withFlagNames(flagOf, () =>
    createCriticalNExecutor(executorId, {
      // `--workers 1` alone picks in-process: it is the choice, not an option of it
      ...(workers !== undefined && !(opts.executor === undefined && executorId === 'in-process') ? { workers } : {}),
      ...(threads !== undefined ? { threads } : {}),
      ...(engineModules.length > 0 ? { engineModules } : {}),
      ...(opts.redis !== undefined ? { redis: opts.redis } : {}),
      ...(opts.queue !== undefined ? { queue: opts.queue } : {}),
      ...(slots !== undefined && executorId === 'bullmq' ? { slots } : {}),
      ...(executorId === 'bullmq' ? { onEvent: (line: string) => process.stderr.write(`redis: ${line}\n`) } : {}),
    }),
  );
  return { executor, executorId, slots: executorId === 'bullmq' ? undefined : slots };
}
