import type { EngineProvider, EngineRuntimes } from '../engines/provider.js';
import type { TrainFreeEmbeddingsOptions } from '../training/train-free-embeddings.js';
import { trainCriticalNRun } from '../critical-n/train-run.js';
import type { CriticalNExecutor } from './executor.js';

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
 * worker; what browsers use, and what an engine provider object of your own needs (it cannot cross to a
 * worker). In Node the experiment's default is the faster `createThreadExecutor()` of `@limit/trainer/node`
 * (one run per core). `engineOptions.threads` is handed to every run as given (the native engine's default
 * follows the problem's size).
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
    inProcess: true,
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

