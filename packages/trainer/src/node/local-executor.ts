import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AbortedError, InfrastructureError, InvalidArgumentError, assertInteger, assertKnownOptions } from '@limit/core';
import type { CriticalNExecutor } from '../executors/executor.js';
import type { CriticalNJob } from '../critical-n/job.js';
import type { TrainedCriticalNRun } from '../critical-n/train-run.js';
import type { TrainingProgress } from '../training/train-free-embeddings.js';
import { assertWireReply, errorOfReply, type WireCancelRequest, type WireRunRequest } from '../executors/wire.js';

/** Options of {@link createLocalExecutor}. */
export interface LocalExecutorOptions {
  /** Worker processes (runs trained at once). Default 2. */
  readonly workers?: number;
  /** Step threads per worker (the native kernel's, onnxruntime's intra-op). Default 1 (workers × threads should not exceed the cores). */
  readonly threads?: number;
  /**
   * Modules each worker imports before its first job: modules that register your engine providers
   * (`registerEngineProvider`), so jobs naming those engines train in the workers. Paths are resolved from the
   * working directory; package names as Node resolves them.
   */
  readonly engineModules?: readonly string[];
  /** The worker entry script; default this package's `dist/critical-n-child.js`. */
  readonly entry?: string | URL;
}

interface Pending {
  readonly resolve: (run: TrainedCriticalNRun) => void;
  readonly reject: (error: unknown) => void;
  readonly onProgress?: (progress: TrainingProgress) => void;
}

interface Worker {
  readonly child: ChildProcess;
  busy: number | undefined;
}

/**
 * The local executor: `workers` Node processes on this machine, each training one job at a time with
 * `threads` onnxruntime threads. A worker that dies mid-run (killed, out of memory) fails that run with an
 * `InfrastructureError` — the experiment retries it, never counting it as not solved — and is replaced for the
 * next job.
 *
 * @param options - see {@link LocalExecutorOptions}.
 * @returns the executor (`slots` = workers); close it to stop the processes.
 * @throws InvalidArgumentError for bad options.
 * @example
 * ```ts
 * const executor = createLocalExecutor({ workers: 2, threads: 1 });
 * try {
 *   await runCriticalNExperiment({ dimensions: [10, 11, 12, 13], executor });
 * } finally {
 *   await executor.close();
 * }
 * ```
 */
export function createLocalExecutor(options: LocalExecutorOptions = {}): CriticalNExecutor {
  assertKnownOptions('options', options, ['workers', 'threads', 'entry', 'engineModules']);
  const workers = assertInteger('workers', options.workers ?? 2, { min: 1 });
  const threads = assertInteger('threads', options.threads ?? 1, { min: 1 });
  const engineModules = [...(options.engineModules ?? [])];
  if (engineModules.some((m) => typeof m !== 'string' || m === '')) {
    throw new InvalidArgumentError({ parameter: 'engineModules', value: options.engineModules, message: 'engineModules must be a list of module paths or names' });
  }
  const entry = options.entry ?? new URL('./critical-n-child.js', import.meta.url);
  const entryPath = entry instanceof URL ? fileURLToPath(entry) : entry;
  if (typeof entryPath !== 'string' || entryPath === '') throw new InvalidArgumentError({ parameter: 'entry', value: entry, message: 'entry must be a path or file URL' });

  const pool: Worker[] = [];
  const pending = new Map<number, Pending>();
  const queue: { id: number; job: CriticalNJob }[] = [];
  let nextId = 1;
  let closed = false;

  const spawnWorker = (): Worker => {
    const child = fork(entryPath, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'advanced' });
    const worker: Worker = { child, busy: undefined };
    const lost = (why: string) =>
      new InfrastructureError({ service: `local worker ${child.pid ?? '(not started)'}`, message: `the local worker process ${child.pid ?? ''} ${why} while training` });
    child.on('error', (error) => {
      // could not be started or signalled: fail its run (retried) and let 'exit' (if any) clean up
      if (worker.busy === undefined) return;
      const task = pending.get(worker.busy);
      pending.delete(worker.busy);
      worker.busy = undefined;
      task?.reject(Object.assign(lost(`failed (${error.message})`), { cause: error }));
    });
    child.on('message', (received: unknown) => {
      let message: ReturnType<typeof assertWireReply>;
      try {
        message = assertWireReply(received);
      } catch {
        // not our protocol: this worker cannot be trusted with the run
        if (worker.busy !== undefined) {
          const task = pending.get(worker.busy);
          pending.delete(worker.busy);
          worker.busy = undefined;
          task?.reject(lost('sent a malformed reply'));
        }
        child.kill('SIGKILL');
        return;
      }
      const task = pending.get(message.id);
      if (!task) return;
      if (message.type === 'progress') {
        task.onProgress?.(message.progress);
        return;
      }
      pending.delete(message.id);
      worker.busy = undefined;
      if (message.type === 'done') task.resolve(message.run);
      else task.reject(errorOfReply(message));
      dispatch();
    });
    child.on('exit', (code, signal) => {
      pool.splice(pool.indexOf(worker), 1);
      if (worker.busy !== undefined) {
        const task = pending.get(worker.busy);
        pending.delete(worker.busy);
        task?.reject(lost(`exited (${signal ?? `code ${code}`})`));
      }
      if (!closed) dispatch();
    });
    pool.push(worker);
    return worker;
  };

  const dispatch = () => {
    while (queue.length > 0) {
      let worker = pool.find((w) => w.busy === undefined && w.child.connected);
      if (!worker && pool.length < workers) worker = spawnWorker();
      if (!worker) return;
      const { id, job } = queue.shift()!;
      worker.busy = id;
      const request: WireRunRequest = { type: 'run', id, job, engineOptions: { threads, engineModules } };
      worker.child.send(request);
    }
  };

  return {
    name: 'local',
    slots: workers,
    run: (job, { signal, onProgress }) =>
      new Promise<TrainedCriticalNRun>((resolve, reject) => {
        if (closed) return reject(new AbortedError({ message: 'the local executor was closed' }));
        if (signal.aborted) return reject(new AbortedError({ message: 'the run was aborted before it started' }));
        const id = nextId++;
        const onAbort = () => {
          const queued = queue.findIndex((q) => q.id === id);
          if (queued >= 0) {
            queue.splice(queued, 1);
            pending.delete(id);
            reject(new AbortedError({ message: 'the run was aborted before it started' }));
          } else {
            const cancel: WireCancelRequest = { type: 'cancel', id };
            pool.find((w) => w.busy === id)?.child.send(cancel);
          }
        };
        signal.addEventListener('abort', onAbort, { once: true });
        const done = () => signal.removeEventListener('abort', onAbort);
        pending.set(id, {
          resolve: (run) => (done(), resolve(run)),
          reject: (error) => (done(), reject(error)),
          ...(onProgress ? { onProgress } : {}),
        });
        queue.push({ id, job });
        dispatch();
      }),
    close: async () => {
      closed = true;
      for (const task of pending.values()) task.reject(new AbortedError({ message: 'the local executor was closed' }));
      pending.clear();
      queue.length = 0;
      await Promise.all(
        [...pool].map(
          (w) =>
            new Promise<void>((resolve) => {
              if (w.child.exitCode !== null || w.child.signalCode !== null) return resolve();
              w.child.once('exit', () => resolve());
              w.child.disconnect();
              setTimeout(() => w.child.kill('SIGKILL'), 5000).unref();
            }),
        ),
      );
    },
  };
}
