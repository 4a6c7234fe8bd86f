import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker as WorkerThread } from 'node:worker_threads';
import { AbortedError, InfrastructureError, InvalidArgumentError, assertInteger, assertKnownOptions } from '@limit/core';
import type { CriticalNExecutor } from '../executors/executor.js';
import type { CriticalNJob } from '../critical-n/job.js';
import type { TrainedCriticalNRun } from '../critical-n/train-run.js';
import type { TrainingProgress } from '../training/train-free-embeddings.js';
import {
  assertWireReply,
  errorOfReply,
  type WireCancelRequest,
  type WireCheckRequest,
  type WireEngineRequirement,
  type WireRequest,
  type WireRunRequest,
} from '../executors/wire.js';
import { engineModuleSpecifier } from './engine-modules.js';

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
  /**
   * Where the workers run: `'process'` (default; Node processes, `createLocalExecutor`) or `'thread'` (worker
   * threads of this process, what {@link createThreadExecutor} sets).
   */
  readonly transport?: 'process' | 'thread';
}

interface Pending {
  /** With the run (a `run` request) or the engines a `check` resolved. */
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  readonly onProgress?: (progress: TrainingProgress) => void;
}

/** A worker process or thread behind one interface: send requests, get replies, learn when it is gone. */
interface Channel {
  /** `worker process <pid>` or `worker thread <id>`, for messages. */
  readonly label: string;
  readonly live: () => boolean;
  send(message: WireRequest): void;
  /** Asks it to finish; resolves once it has (killed after 5 s). */
  stop(): Promise<void>;
  /** Ends it at once (it broke the protocol); `onExit` follows. */
  kill(): void;
}

interface Worker {
  readonly channel: Channel;
  busy: number | undefined;
}

/** Starts one worker on `transport`, wired to the callbacks. */
function openChannel(
  transport: 'process' | 'thread',
  entryPath: string,
  onMessage: (message: unknown) => void,
  onExit: (how: string) => void,
  onFault: (error: Error) => void,
): Channel {
  if (transport === 'thread') {
    // stdout is the result: a worker's stray output is dropped, as a worker process's is
    const thread = new WorkerThread(entryPath, { stdout: true });
    thread.stdout.resume();
    let alive = true;
    thread.on('message', onMessage);
    thread.on('error', (error) => {
      alive = false;
      onExit(`error: ${error.message}`);
    });
    thread.on('exit', (code) => {
      if (!alive) return;
      alive = false;
      onExit(`code ${code}`);
    });
    return {
      label: `worker thread ${thread.threadId}`,
      live: () => alive,
      send: (message) => thread.postMessage(message),
      stop: async () => {
        if (!alive) return;
        await thread.terminate();
      },
      kill: () => void thread.terminate(),
    };
  }
  const child = fork(entryPath, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'advanced' });
  child.on('message', onMessage);
  child.on('exit', (code, signal) => onExit(signal ?? `code ${code}`));
  // could not be started or signalled: its run fails (and is retried); 'exit' (if any) cleans up
  child.on('error', onFault);
  return {
    label: `worker process ${child.pid}`,
    live: () => child.connected,
    send: (message) => child.send(message),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.disconnect();
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
    kill: () => void child.kill('SIGKILL'),
  };
}

/**
 * The local executor: `workers` Node processes on this machine (or worker threads, `transport: 'thread'`),
 * each training one job at a time with `threads` step threads. A worker that dies mid-run (killed, out of
 * memory) or answers out of protocol fails that run with an `InfrastructureError` — the experiment retries it,
 * never counting it as not solved — and is replaced for the next job. `prepare` has one worker import the
 * engine modules and resolve the experiment's engines before any job.
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
  assertKnownOptions('options', options, ['workers', 'threads', 'entry', 'engineModules', 'transport']);
  const transport = options.transport ?? 'process';
  if (transport !== 'process' && transport !== 'thread') {
    throw new InvalidArgumentError({ parameter: 'transport', value: transport, message: "transport must be 'process' or 'thread'" });
  }
  const workers = assertInteger('workers', options.workers ?? 2, { min: 1 });
  const threads = assertInteger('threads', options.threads ?? 1, { min: 1 });
  if (options.engineModules !== undefined && !Array.isArray(options.engineModules)) {
    throw new InvalidArgumentError({ parameter: 'engineModules', value: options.engineModules, message: 'engineModules must be a list of module paths or names' });
  }
  // absolute file URLs: a worker resolves them alike whatever its working directory
  const engineModules = (options.engineModules ?? []).map((m) => engineModuleSpecifier(m));
  const entry = options.entry ?? new URL('./critical-n-child.js', import.meta.url);
  const entryPath = entry instanceof URL ? fileURLToPath(entry) : entry;
  if (typeof entryPath !== 'string' || entryPath === '') throw new InvalidArgumentError({ parameter: 'entry', value: entry, message: 'entry must be a path or file URL' });
  const label = transport === 'thread' ? 'threads' : 'local';
  // how a worker is named in errors: "the local worker process 4211", "the threads executor's worker thread 3"
  const where = transport === 'thread' ? "threads executor's" : 'local';
  const engineOptions = { threads, engineModules };

  const pool: Worker[] = [];
  const pending = new Map<number, Pending>();
  const queue: { id: number; request: WireRunRequest | WireCheckRequest }[] = [];
  let nextId = 1;
  let closed = false;

  const spawnWorker = (): Worker => {
    // assigned below, before the channel can deliver anything (its events come on later turns)
    let worker!: Worker;
    const lost = (why: string) =>
      new InfrastructureError({ service: `${where} ${worker.channel.label}`, message: `the ${where} ${worker.channel.label} ${why} while training` });
    /** Fails the run this worker holds, if any. */
    const failBusy = (error: unknown) => {
      if (worker.busy === undefined) return;
      const task = pending.get(worker.busy);
      pending.delete(worker.busy);
      worker.busy = undefined;
      task?.reject(error);
    };
    const onMessage = (received: unknown) => {
      let message: ReturnType<typeof assertWireReply>;
      try {
        message = assertWireReply(received);
      } catch {
        // not our protocol: this worker cannot be trusted with the run
        failBusy(lost('sent a malformed reply'));
        worker.channel.kill();
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
      else if (message.type === 'checked') task.resolve(message.engines);
      else task.reject(errorOfReply(message));
      dispatch();
    };
    const onExit = (how: string) => {
      const at = pool.indexOf(worker);
      if (at >= 0) pool.splice(at, 1);
      failBusy(lost(`exited (${how})`));
      if (!closed) dispatch();
    };
    const onFault = (error: Error) => failBusy(Object.assign(lost(`failed (${error.message})`), { cause: error }));
    worker = { channel: openChannel(transport, entryPath, onMessage, onExit, onFault), busy: undefined };
    pool.push(worker);
    return worker;
  };

  const dispatch = () => {
    while (queue.length > 0) {
      let worker = pool.find((w) => w.busy === undefined && w.channel.live());
      if (!worker && pool.length < workers) worker = spawnWorker();
      if (!worker) return;
      const { id, request } = queue.shift()!;
      worker.busy = id;
      worker.channel.send(request);
    }
  };

  /** Queues a request and resolves with its answer (a run, or the engines a check resolved). */
  const submit = <T>(request: WireRunRequest | WireCheckRequest, signal?: AbortSignal, onProgress?: (progress: TrainingProgress) => void): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (closed) return reject(new AbortedError({ message: `the ${label} executor was closed` }));
      if (signal?.aborted) return reject(new AbortedError({ message: 'the run was aborted before it started' }));
      const { id } = request;
      const onAbort = () => {
        const queued = queue.findIndex((q) => q.id === id);
        if (queued >= 0) {
          queue.splice(queued, 1);
          pending.delete(id);
          reject(new AbortedError({ message: 'the run was aborted before it started' }));
        } else {
          const cancel: WireCancelRequest = { type: 'cancel', id };
          pool.find((w) => w.busy === id)?.channel.send(cancel);
        }
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => signal?.removeEventListener('abort', onAbort);
      pending.set(id, {
        resolve: (value) => (done(), resolve(value as T)),
        reject: (error) => (done(), reject(error)),
        ...(onProgress ? { onProgress } : {}),
      });
      queue.push({ id, request });
      dispatch();
    });

  return {
    name: label,
    slots: workers,
    prepare: async (engines: readonly WireEngineRequirement[]) => {
      // one worker imports the engine modules and resolves every engine, before any job is queued
      await submit<string[]>({ type: 'check', id: nextId++, engines, engineOptions });
    },
    run: (job, { signal, onProgress }) => submit<TrainedCriticalNRun>({ type: 'run', id: nextId++, job, engineOptions }, signal, onProgress),
    close: async () => {
      closed = true;
      for (const task of pending.values()) task.reject(new AbortedError({ message: `the ${label} executor was closed` }));
      pending.clear();
      queue.length = 0;
      await Promise.all([...pool].map((w) => w.channel.stop()));
    },
  };
}

