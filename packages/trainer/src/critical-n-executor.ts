import { criticalNJobId, type CriticalNJob } from './critical-n-job.js';
import type { EngineProvider, EngineRuntimes } from './engines/provider.js';
import type { ResultRow } from './official-schema.js';
import type { TrainFreeEmbeddingsOptions, TrainingProgress } from './train-free-embeddings.js';
import { trainCriticalNRun, type TrainedCriticalNRun } from './train-critical-n-run.js';

/** Options handed to {@link CriticalNExecutor.run}. */
export interface CriticalNExecutorRunOptions {
  /** Aborts when the run is no longer wanted (the caller stopped, or a speculative run turned out unneeded). */
  readonly signal: AbortSignal;
  readonly onProgress?: (progress: TrainingProgress) => void;
}

/**
 * Where the training runs of a critical-n experiment happen. Three ship: in-process (this thread; the
 * default, and what browsers use), local (worker processes on this machine, `@limit/trainer/node`) and
 * BullMQ (a Redis queue served by `limit worker` processes anywhere, `@limit/trainer/bullmq`). A user's own
 * executor implements the same two methods.
 */
export interface CriticalNExecutor {
  /** Label for logs and reports (`in-process`, `local`, `bullmq`). */
  readonly name: string;
  /** Runs it can train at once: the experiment keeps this many in flight. */
  readonly slots: number;
  /**
   * Trains one job (or fetches its finished result) and returns its results row.
   * @throws AbortedError when `signal` aborts; an Error describing the failure when training fails.
   */
  run(job: CriticalNJob, options: CriticalNExecutorRunOptions): Promise<TrainedCriticalNRun>;
  /** Releases workers, connections, sessions. */
  close(): Promise<void>;
}

/** Options of {@link createInProcessExecutor}. */
export interface InProcessExecutorOptions {
  /** Engine options (threads, execution providers). */
  readonly engineOptions?: TrainFreeEmbeddingsOptions['engineOptions'];
  /** Runtime modules passed as values (onnxruntime-web, tfjs in browsers). */
  readonly runtimes?: EngineRuntimes;
  /** A custom engine provider: jobs whose `engine` is its id train with it. */
  readonly provider?: EngineProvider;
}

/**
 * The in-process executor: trains each job in this thread, one at a time (`slots` = 1). No server, no
 * worker; works in browsers.
 *
 * @param options - engine options.
 * @returns the executor.
 * @example
 * ```ts
 * const result = await runCriticalNExperiment({ dimensions: [4, 5], executor: createInProcessExecutor() });
 * ```
 */
export function createInProcessExecutor(options: InProcessExecutorOptions = {}): CriticalNExecutor {
  return {
    name: 'in-process',
    slots: 1,
    run: (job, { signal, onProgress }) =>
      trainCriticalNRun(job, {
        signal,
        ...(onProgress ? { onProgress } : {}),
        ...(options.engineOptions ? { engineOptions: options.engineOptions } : {}),
        ...(options.runtimes ? { runtimes: options.runtimes } : {}),
        ...(options.provider && options.provider.id === job.engine ? { provider: options.provider } : {}),
      }),
    close: async () => {},
  };
}

/**
 * Where finished runs are kept, so a repeated experiment trains nothing twice: `find` answers from what is
 * recorded, `record` adds a finished run. `@limit/trainer/node`'s results folder is one (JSON files, locked);
 * {@link createMemoryRunStore} keeps them in memory.
 */
export interface CriticalNRunStore {
  /** The recorded row of this job, if any. */
  find(job: CriticalNJob): ResultRow | undefined;
  /** Records a finished run (exactly once per job). */
  record(job: CriticalNJob, run: TrainedCriticalNRun): Promise<void>;
  /** Records a failed run (it is retried next time). */
  recordFailure?(job: CriticalNJob, error: unknown): Promise<void>;
}

/**
 * A {@link CriticalNRunStore} in memory (what the browser uses; lost when the page closes).
 *
 * @param signature - how jobs are keyed; default their {@link criticalNJobId}.
 * @returns the store, with its `rows` visible.
 * @example
 * ```ts
 * const store = createMemoryRunStore();
 * await runCriticalNExperiment({ dimensions: [3], store });
 * store.rows.length; // runs trained
 * ```
 */
export function createMemoryRunStore(signature: (job: CriticalNJob) => string = defaultSignature): CriticalNRunStore & { readonly rows: readonly ResultRow[] } {
  const byKey = new Map<string, ResultRow>();
  const rows: ResultRow[] = [];
  return {
    rows,
    find: (job) => byKey.get(signature(job)),
    record: async (job, run) => {
      byKey.set(signature(job), run.row);
      rows.push(run.row);
    },
  };
}

const defaultSignature = (job: CriticalNJob) => criticalNJobId(job);
