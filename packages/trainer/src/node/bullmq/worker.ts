import { hostname } from 'node:os';
import { Worker } from 'bullmq';
import { assertInteger, assertKnownOptions } from '@limit/core';
import type { CriticalNJob } from '../../critical-n/job.js';
import type { TrainedCriticalNRun } from '../../critical-n/train-run.js';
import { createLocalExecutor } from '../local-executor.js';
import { encodeErrorText, type WireEngineRequirement } from '../../executors/wire.js';
import { DEFAULT_CRITICAL_N_QUEUE, assertReachable, checkQueueName, checkUrl, connect, withTimeout, workersKey } from './connection.js';

/** Options of {@link startCriticalNWorker}. */
export interface CriticalNWorkerOptions {
  /** Redis URL of the coordinator's queue. */
  readonly redis: string;
  /** Queue name (letters, digits, `.`, `_`, `-`). Default {@link DEFAULT_CRITICAL_N_QUEUE}. */
  readonly queue?: string;
  /** Jobs trained at once (each in its own process). Default 1. */
  readonly concurrency?: number;
  /** onnxruntime threads per job. Default 1. */
  readonly threads?: number;
  /** BullMQ lock duration (ms): a killed worker's job is given to another after about this long. Default 30000. */
  readonly lockDuration?: number;
  /** Modules each training process imports first, which register engine providers (see `registerEngineProvider`). */
  readonly engineModules?: readonly string[];
  /**
   * Engines to check before the worker takes any job (`limit worker --engine/--device`): the engine modules are
   * imported and each engine resolved in a training process, so a worker that cannot train them never starts.
   * Default: none (the modules are still imported). Each job's engine is resolved again before it trains.
   */
  readonly engines?: readonly WireEngineRequirement[];
  /** Worker entry script of the local processes (see {@link createLocalExecutor}). */
  readonly entry?: string | URL;
  readonly connectTimeoutMs?: number;
  /** Called with one line per event (job started, finished, failed). */
  readonly onEvent?: (line: string) => void;
}

/** A running worker: close it to finish (jobs in progress are given back to the queue). */
export interface CriticalNWorkerHandle {
  readonly queue: string;
  close(): Promise<void>;
}

/**
 * A worker for {@link createBullmqExecutor}'s queue (what `limit worker --redis URL` runs): takes up to
 * `concurrency` jobs at a time and trains each in a local worker process with `threads` onnxruntime threads,
 * so this process' event loop stays free to renew the jobs' locks. Kill it (even with SIGKILL) and its jobs go
 * back to the queue once their locks expire. Each result carries the job it trained, so the coordinator can
 * check it. A lost Redis connection is reported once through `onEvent` (and once more when it is back), not
 * per reconnect attempt; the worker keeps serving when Redis returns.
 *
 * @param options - see {@link CriticalNWorkerOptions}.
 * @returns a handle to close the worker.
 * @throws InvalidArgumentError for bad options (a malformed URL, a database the server does not have, a bad queue
 *   name, an engine module that cannot be imported); BackendUnavailableError naming the URL when Redis is
 *   unreachable, or naming the engine when one of `engines` cannot run here.
 * @example
 * ```ts
 * const worker = await startCriticalNWorker({ redis: 'redis://10.0.0.5:6379', concurrency: 4, threads: 2 });
 * process.on('SIGTERM', () => void worker.close());
 * ```
 */
export async function startCriticalNWorker(options: CriticalNWorkerOptions): Promise<CriticalNWorkerHandle> {
  assertKnownOptions('options', options, ['redis', 'queue', 'concurrency', 'threads', 'lockDuration', 'entry', 'engineModules', 'engines', 'connectTimeoutMs', 'onEvent']);
  const url = checkUrl(options.redis, 'redis');
  const name = checkQueueName(options.queue ?? DEFAULT_CRITICAL_N_QUEUE, 'queue');
  const concurrency = assertInteger('concurrency', options.concurrency ?? 1, { min: 1 });
  const threads = assertInteger('threads', options.threads ?? 1, { min: 1 });
  const lockDuration = assertInteger('lockDuration', options.lockDuration ?? 30_000, { min: 1000 });
  await assertReachable(url, options.connectTimeoutMs ?? 3000);
  const executor = createLocalExecutor({
    workers: concurrency,
    threads,
    ...(options.entry ? { entry: options.entry } : {}),
    ...(options.engineModules ? { engineModules: options.engineModules } : {}),
  });
  try {
    // before the first job: the modules import and every named engine resolves where runs train
    await executor.prepare!(options.engines ?? []);
  } catch (error) {
    await executor.close();
    throw error;
  }
  const say = options.onEvent ?? (() => {});
  // one line when the connection breaks (not one per reconnect attempt), one when it is back
  let broken = false;
  const onError = (error: Error) => {
    if (broken) return;
    broken = true;
    say(`lost the connection to Redis at ${url} (${error.message}); reconnecting`);
  };
  const connection = connect(url, onError);
  connection.on('ready', () => {
    if (!broken) return;
    broken = false;
    say(`connected to Redis at ${url} again`);
  });
  const worker = new Worker<CriticalNJob, TrainedCriticalNRun>(
    name,
    async (job, _token, signal) => {
      say(`training ${job.id}`);
      const started = Date.now();
      const controller = new AbortController();
      signal?.addEventListener('abort', () => controller.abort(), { once: true });
      try {
        const result = await executor.run(job.data, { signal: controller.signal });
        say(`finished ${job.id} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        return result;
      } catch (error) {
        say(`failed ${job.id}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
        // BullMQ keeps only a message: the typed error travels serialised inside it (see executors/wire.ts).
        throw new Error(encodeErrorText(error));
      }
    },
    { connection, concurrency, lockDuration, stalledInterval: lockDuration, maxStalledCount: 5, autorun: true },
  );
  worker.on('error', (error) => {
    if (/ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection is closed/.test(error.message)) onError(error);
    else say(`worker error: ${error.message}`);
  });
  // Advertise this worker's concurrency so coordinators size their slots (refreshed while it runs).
  const me = `${hostname()}:${process.pid}`;
  const advertise = () =>
    connection
      .hset(workersKey(name), me, JSON.stringify({ concurrency, threads, at: Date.now() }))
      .then(() => {})
      .catch(() => {});
  await advertise();
  const timer = setInterval(advertise, 10_000);
  timer.unref();
  await worker.waitUntilReady();
  return {
    queue: name,
    close: async () => {
      clearInterval(timer);
      await withTimeout(connection.hdel(workersKey(name), me), 2000, 'HDEL').catch(() => {});
      // with Redis gone, BullMQ's close would wait for it: give up after a few seconds (the locks expire anyway)
      await (broken ? withTimeout(worker.close(true), 3000, 'close').catch(() => {}) : worker.close());
      await executor.close();
      connection.disconnect();
    },
  };
}
