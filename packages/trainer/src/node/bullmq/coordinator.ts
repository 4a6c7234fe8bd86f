import { Job, Queue, QueueEvents } from 'bullmq';
import { AbortedError, assertInteger, assertKnownOptions } from '@limit/core';
import type { CriticalNExecutor } from '../../executors/executor.js';
import { criticalNJobId, type CriticalNJob } from '../../critical-n/job.js';
import type { TrainedCriticalNRun } from '../../critical-n/train-run.js';
import { decodeErrorText } from '../../executors/wire.js';
import { DEFAULT_CRITICAL_N_QUEUE, assertReachable, checkUrl, connect, workersKey } from './connection.js';

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
        if (signal.aborted) reject(new AbortedError({ message: 'the run is no longer needed' }));
        signal.addEventListener('abort', () => reject(new AbortedError({ message: 'the run is no longer needed' })), { once: true });
      });
      finished.catch(() => {});
      return await Promise.race([
        // a failed job's reason carries the worker's typed error (see executors/wire.ts)
        finished.catch((error: unknown) => {
          throw decodeErrorText(error instanceof Error ? error.message : String(error));
        }),
        aborted,
      ]);
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
