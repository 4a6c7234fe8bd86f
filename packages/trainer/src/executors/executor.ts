import type { CriticalNJob } from '../critical-n/job.js';
import type { ResultRow } from '../results/official-schema.js';
import type { TrainingProgress } from '../training/train-free-embeddings.js';
import type { TrainedCriticalNRun } from '../critical-n/train-run.js';
import type { WireEngineRequirement } from './wire.js';

/** Options handed to {@link CriticalNExecutor.run}. */
export interface CriticalNExecutorRunOptions {
  /** Aborts when the run is no longer wanted (the caller stopped, or a speculative run turned out unneeded). */
  readonly signal: AbortSignal;
  readonly onProgress?: (progress: TrainingProgress) => void;
}

/**
 * Where the training runs of a critical-n experiment happen. Four ship: in-process (this thread; what browsers
 * use), threads (worker threads of this process, one run per core: the default in Node, `@limit/trainer/node`),
 * local (worker processes on this machine, `@limit/trainer/node`) and BullMQ (a Redis queue served by
 * `limit worker` processes anywhere, `@limit/trainer/bullmq`); `CRITICAL_N_EXECUTORS` in `@limit/trainer/node`
 * lists them. A user's own executor implements the same two methods (and `prepare`, to fail fast).
 */
export interface CriticalNExecutor {
  /** Label for logs and reports (`in-process`, `threads`, `local`, `bullmq`). */
  readonly name: string;
  /** Runs it can train at once: the experiment keeps this many in flight. */
  readonly slots: number;
  /**
   * True when runs train in this JavaScript realm, so an engine provider object passed to the experiment can be
   * used as is; executors whose workers run elsewhere find engines by id (`registerEngineProvider` in a module the
   * workers import), and the experiment refuses an unregistered provider object up front.
   */
  readonly inProcess?: boolean;
  /**
   * Checks, before any job, that the places runs train can use these engines (imports the engine modules there
   * and resolves each engine): the experiment calls it once with every engine it will use, so a missing engine
   * fails in seconds, before anything is trained or written. Absent: the executor cannot check ahead (its
   * workers check each job as they take it).
   * @throws BackendUnavailableError (or the typed error the workers raised) when an engine cannot be used there.
   */
  prepare?(engines: readonly WireEngineRequirement[]): Promise<void>;
  /**
   * Trains one job (or fetches its finished result) and returns its results row.
   * @throws AbortedError when `signal` aborts; an Error describing the failure when training fails.
   */
  run(job: CriticalNJob, options: CriticalNExecutorRunOptions): Promise<TrainedCriticalNRun>;
  /** Releases workers, connections, sessions. */
  close(): Promise<void>;
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
  /** Records a failed attempt of a run (open until the run is recorded; `attempt` counts from 1). */
  recordFailure?(job: CriticalNJob, error: unknown, attempt?: number): Promise<void>;
  /** Closes a job's open failure: its run was found recorded. */
  resolveFailure?(job: CriticalNJob): Promise<void>;
}

