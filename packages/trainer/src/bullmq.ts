import { hostname } from 'node:os';
import { Job, Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { AbortedError, BackendUnavailableError, InvalidArgumentError, assertInteger, assertKnownOptions } from '@limit/core';
import type { CriticalNExecutor } from './critical-n-executor.js';
import { criticalNJobId, type CriticalNJob } from './critical-n-job.js';
import { createLocalExecutor } from './local-executor.js';
import type { TrainedCriticalNRun } from './train-critical-n-run.js';

/** The queue the coordinator and the workers share unless told otherwise. */
export const DEFAULT_CRITICAL_N_QUEUE = 'limit-critical-n';

/** Options of {@link createBullmqExecutor}. */
export interface BullmqExecutorOptions {
  /** Redis URL, `redis://host:port[/db]` or `rediss://…`. */
  readonly redis: string;
  /** Queue name. Default {@link DEFAULT_CRITICAL_N_QUEUE}. */
  readonly queue?: string;
  /** Runs kept in flight. Default: the concurrency the connected workers advertise (at least 2). */
  readonly slots?: number;
  /** How long to wait for Redis before giving up. Default 3000 ms. */
  readonly connectTimeoutMs?: number;
}

/** Options of {@link startCriticalNWorker}. */
export interface CriticalNWorkerOptions {
  /** Redis URL of the coordinator's queue. */
  readonly redis: string;
  /** Queue name. Default {@link DEFAULT_CRITICAL_N_QUEUE}. */
  readonly queue?: string;
  /** Jobs trained at once (each in its own process). Default 1. */
  readonly concurrency?: number;
  /** onnxruntime threads per job. Default 1. */
  readonly threads?: number;
  /** BullMQ lock duration (ms): a killed worker's job is given to another after about this long. Default 30000. */
  readonly lockDuration?: number;
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

const workersKey = (queue: string) => `limit:${queue}:workers`;

function checkUrl(url: unknown, parameter: string): string {
  if (typeof url !== 'string' || !/^rediss?:\/\/[^\s]+$/.test(url)) {
    throw new InvalidArgumentError({ parameter, value: url, message: `${parameter} must be a Redis URL like redis://127.0.0.1:6379, got ${JSON.stringify(url)}` });
  }
  return url;
}

/** Connects once without retries so an unreachable Redis is reported within the timeout, naming the URL. */
async function assertReachable(url: string, timeoutMs: number): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  probe.on('error', () => {});
  try {
    await Promise.race([
      probe.connect().then(() => probe.ping()),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
  } catch (error) {
    throw new BackendUnavailableError({
      backend: `redis at ${url}`,
      available: ['in-process', 'local'],
      reason: `cannot reach Redis at ${url}: ${(error as Error).message || String(error)}`,
    });
  } finally {
    probe.disconnect();
  }
}

const connect = (url: string) => {
  const client = new Redis(url, { maxRetriesPerRequest: null });
  client.on('error', () => {}); // reconnects on its own; failures surface through the commands
  return client;
};

/**
 * The BullMQ executor (the coordinator's side): each run is one job on a Redis queue, trained by
 * {@link startCriticalNWorker} processes (`limit worker --redis URL`) on any number of machines. A job's id
 * is {@link criticalNJobId} (d, k, n, seed and every training setting), so a job submitted again is not
 * trained again, and a finished job's result is fetched from Redis, not recomputed (a killed coordinator
 * resumes by re-running the same command). A worker killed mid-job loses its lock and the job is given to
 * another worker (BullMQ's stalled-job recovery); the coordinator records each result once, in its store.
 * A failed job (its training threw) rejects the run with its reason; the next submission retries it.
 *
 * @param options - see {@link BullmqExecutorOptions}.
 * @returns the executor; close it to drop the connections.
 * @throws InvalidArgumentError for a malformed URL; BackendUnavailableError naming the URL when Redis does not
 *   answer within `connectTimeoutMs`.
 * @example
 * ```ts
 * const executor = await createBullmqExecutor({ redis: 'redis://127.0.0.1:6379' });
 * try {
 *   await runCriticalNExperiment({ dimensions: [4, 5, 6], executor, store: folder });
 * } finally {
 *   await executor.close();
 * }
 * ```
 */
export async function createBullmqExecutor(options: BullmqExecutorOptions): Promise<CriticalNExecutor> {
  assertKnownOptions('options', options, ['redis', 'queue', 'slots', 'connectTimeoutMs']);
  const url = checkUrl(options.redis, 'redis');
  const name = options.queue ?? DEFAULT_CRITICAL_N_QUEUE;
  await assertReachable(url, options.connectTimeoutMs ?? 3000);
  const connection = connect(url);
  const queue = new Queue(name, { connection });
  const eventsConnection = connect(url);
  const events = new QueueEvents(name, { connection: eventsConnection });
  await events.waitUntilReady();
  let slots = options.slots;
  if (slots === undefined) {
    // Workers refresh their entry every 10 s; a killed worker's stale entry (older than 30 s) is not counted.
    const advertised = (await connection.hvals(workersKey(name))).map((v) => JSON.parse(v) as { concurrency?: number; at?: number });
    const live = advertised.filter((w) => typeof w.at === 'number' && Date.now() - w.at < 30_000);
    slots = Math.max(2, live.reduce((sum, w) => sum + (Number(w.concurrency) || 0), 0));
  } else {
    assertInteger('slots', slots, { min: 1 });
  }

  const run = async (job: CriticalNJob, signal: AbortSignal): Promise<TrainedCriticalNRun> => {
    const jobId = criticalNJobId(job);
    let queued = await Job.fromId<CriticalNJob, TrainedCriticalNRun>(queue, jobId);
    if (queued) {
      const state = await queued.getState();
      if (state === 'completed') return { ...queued.returnvalue, fetched: true };
      if (state === 'failed') await queued.retry('failed');
    } else {
      queued = await queue.add('train', job, { jobId, attempts: 1, removeOnComplete: false, removeOnFail: false });
    }
    const onAbort = () => {
      // Not started yet: take it off the queue. Already training: let it finish; its result stays in Redis.
      void queued!.remove().catch(() => {});
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const finished = queued.waitUntilFinished(events) as Promise<TrainedCriticalNRun>;
      const aborted = new Promise<never>((_, reject) => {
        if (signal.aborted) reject(new AbortedError('the run is no longer needed'));
        signal.addEventListener('abort', () => reject(new AbortedError('the run is no longer needed')), { once: true });
      });
      finished.catch(() => {});
      return await Promise.race([finished, aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  };

  return {
    name: 'bullmq',
    slots,
    run: (job, { signal }) => run(job, signal),
    close: async () => {
      // BullMQ leaves connections it was given open: drop both, or this process would not exit.
      await events.close();
      await queue.close();
      eventsConnection.disconnect();
      connection.disconnect();
    },
  };
}

/**
 * A worker for {@link createBullmqExecutor}'s queue (what `limit worker --redis URL` runs): takes up to
 * `concurrency` jobs at a time and trains each in a local worker process with `threads` onnxruntime threads,
 * so this process' event loop stays free to renew the jobs' locks. Kill it (even with SIGKILL) and its jobs go
 * back to the queue once their locks expire.
 *
 * @param options - see {@link CriticalNWorkerOptions}.
 * @returns a handle to close the worker.
 * @throws InvalidArgumentError for bad options; BackendUnavailableError naming the URL when Redis is unreachable.
 * @example
 * ```ts
 * const worker = await startCriticalNWorker({ redis: 'redis://10.0.0.5:6379', concurrency: 4, threads: 2 });
 * process.on('SIGTERM', () => void worker.close());
 * ```
 */
export async function startCriticalNWorker(options: CriticalNWorkerOptions): Promise<CriticalNWorkerHandle> {
  assertKnownOptions('options', options, ['redis', 'queue', 'concurrency', 'threads', 'lockDuration', 'entry', 'connectTimeoutMs', 'onEvent']);
  const url = checkUrl(options.redis, 'redis');
  const name = options.queue ?? DEFAULT_CRITICAL_N_QUEUE;
  const concurrency = assertInteger('concurrency', options.concurrency ?? 1, { min: 1 });
  const threads = assertInteger('threads', options.threads ?? 1, { min: 1 });
  const lockDuration = assertInteger('lockDuration', options.lockDuration ?? 30_000, { min: 1000 });
  await assertReachable(url, options.connectTimeoutMs ?? 3000);
  const executor = createLocalExecutor({ workers: concurrency, threads, ...(options.entry ? { entry: options.entry } : {}) });
  const say = options.onEvent ?? (() => {});
  const connection = connect(url);
  const worker = new Worker<CriticalNJob, TrainedCriticalNRun>(
    name,
    async (job, _token, signal) => {
      say(`training ${job.id}`);
      const started = Date.now();
      const controller = new AbortController();
      signal?.addEventListener('abort', () => controller.abort(), { once: true });
      const result = await executor.run(job.data, { signal: controller.signal });
      say(`finished ${job.id} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return result;
    },
    { connection, concurrency, lockDuration, stalledInterval: lockDuration, maxStalledCount: 5, autorun: true },
  );
  worker.on('failed', (job, error) => say(`failed ${job?.id}: ${error.message}`));
  worker.on('error', (error) => say(`worker error: ${error.message}`));
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
      await connection.hdel(workersKey(name), me).catch(() => {});
      await worker.close();
      await executor.close();
      connection.disconnect();
    },
  };
}
