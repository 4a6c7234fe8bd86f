import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Job, Queue, QueueEvents } from 'bullmq';
import { AbortedError, InfrastructureError, ResultMismatchError, assertInteger, assertKnownOptions } from '@limit/core';
import type { CriticalNExecutor } from '../../executors/executor.js';
import { criticalNJobId, type CriticalNJob } from '../../critical-n/job.js';
import { assertRunMatchesJob, criticalNJobDifference } from '../../critical-n/job-identity.js';
import { criticalNJobParameters, type TrainedCriticalNRun } from '../../critical-n/train-run.js';
import { decodeErrorText } from '../../executors/wire.js';
import {
  DEFAULT_CRITICAL_N_QUEUE,
  assertReachable,
  checkQueueName,
  checkUrl,
  connect,
  epochKey,
  ownersKey,
  withTimeout,
  workersKey,
} from './connection.js';

/** Options of {@link createBullmqExecutor}. */
export interface BullmqExecutorOptions {
  /** Redis URL, `redis://host:port[/db]` or `rediss://…`. */
  readonly redis: string;
  /** Queue name (letters, digits, `.`, `_`, `-`). Default {@link DEFAULT_CRITICAL_N_QUEUE}. */
  readonly queue?: string;
  /** Runs kept in flight. Default: the concurrency the connected workers advertise (at least 2). */
  readonly slots?: number;
  /** How long to wait for Redis before giving up at the start. Default 3000 ms. */
  readonly connectTimeoutMs?: number;
  /**
   * How long Redis may stay unreachable while runs wait before they fail with an `InfrastructureError` (the
   * experiment retries them, then reports their d incomplete). Default 10,000 ms.
   */
  readonly redisTimeoutMs?: number;
  /** How often a waiting run checks its job besides the queue's events (a missed event never hangs it). Default 1000 ms. */
  readonly pollMs?: number;
  /** Told one line per event of note: connection lost or back, Redis' data lost, a foreign queue entry removed. */
  readonly onEvent?: (line: string) => void;
}

const OWNER_TTL_SECONDS = 7 * 24 * 3600;
/** A job that vanished while waited for (another coordinator's mistake, a flush) is submitted again at most this often. */
const MAX_RESUBMITS = 3;

/**
 * The BullMQ executor (the coordinator's side): each run is one job on a Redis queue, trained by
 * {@link startCriticalNWorker} processes (`limit worker --redis URL`) on any number of machines. A job's id
 * is {@link criticalNJobId} (the whole job: d, k, n, seed, every setting, engine, certificate), so a job
 * submitted again is not trained again, and a finished job's result is fetched from Redis, not recomputed (a
 * killed coordinator resumes by re-running the same command). A worker killed mid-job loses its lock and the job
 * is given to another worker (BullMQ's stalled-job recovery).
 *
 * Reliability:
 * - Every result is checked against the job asked for ({@link assertRunMatchesJob}); a queue entry under the
 *   job's id that holds another job or another job's result (stale, planted) is removed and the run fails with a
 *   `ResultMismatchError` — the experiment records it and submits the job again.
 * - Jobs are owned by the experiments waiting for them (a Redis set per job): an experiment that stops removes a
 *   queued job only when no other experiment waits for it, and a waiter whose job vanished submits it again.
 * - Redis unreachable for `redisTimeoutMs`, or restarted without its data, fails the waiting runs within seconds
 *   with an `InfrastructureError` (retried by the experiment), reported once through `onEvent` — no waits forever.
 * - No per-run listeners on shared emitters: one event subscription serves every waiting run.
 *
 * @param options - see {@link BullmqExecutorOptions}.
 * @returns the executor; close it to drop the connections.
 * @throws InvalidArgumentError for a malformed URL, a database the server does not have, or a bad queue name;
 *   BackendUnavailableError naming the URL when Redis does not answer within `connectTimeoutMs`.
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
  assertKnownOptions('options', options, ['redis', 'queue', 'slots', 'connectTimeoutMs', 'redisTimeoutMs', 'pollMs', 'onEvent']);
  const url = checkUrl(options.redis, 'redis');
  const name = checkQueueName(options.queue ?? DEFAULT_CRITICAL_N_QUEUE, 'queue');
  if (options.slots !== undefined) assertInteger('slots', options.slots, { min: 1 });
  const connectTimeoutMs = assertInteger('connectTimeoutMs', options.connectTimeoutMs ?? 3000, { min: 1 });
  const redisTimeoutMs = assertInteger('redisTimeoutMs', options.redisTimeoutMs ?? 10_000, { min: 100 });
  const pollMs = assertInteger('pollMs', options.pollMs ?? 1000, { min: 10 });
  const say = options.onEvent ?? (() => {});
  await assertReachable(url, connectTimeoutMs);

  const service = `redis at ${url}`;
  let lastError = '';
  const onError = (error: Error) => {
    lastError = error.message; // reported once, by the health check below, not once per reconnect attempt
  };
  const connection = connect(url, onError);
  const queue = new Queue<CriticalNJob, TrainedCriticalNRun>(name, { connection });
  queue.on('error', onError);
  const eventsConnection = connect(url, onError);
  const events = new QueueEvents(name, { connection: eventsConnection });
  events.on('error', onError);
  /** A Redis command that cannot wait forever. */
  const command = <T>(promise: Promise<T>, what: string): Promise<T> =>
    withTimeout(promise, redisTimeoutMs, `Redis at ${url} did not answer ${what} within ${redisTimeoutMs / 1000} s${lastError ? ` (${lastError})` : ''}`, service);
  const closeAll = async () => {
    // BullMQ's close waits for Redis; a lost Redis must not keep this process open
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([Promise.allSettled([events.close(), queue.close()]), new Promise((r) => (timer = setTimeout(r, Math.min(redisTimeoutMs, 3000))))]);
    clearTimeout(timer);
    eventsConnection.disconnect();
    connection.disconnect();
  };
  let slots = options.slots;
  let epoch: string | null;
  try {
    await command(events.waitUntilReady(), 'the queue events subscription');
    await command(connection.set(epochKey(name), randomBytes(8).toString('hex'), 'NX'), 'SET');
    epoch = await command(connection.get(epochKey(name)), 'GET');
    if (slots === undefined) {
      // Workers refresh their entry every 10 s; a killed worker's stale entry (older than 30 s) is not counted.
      const advertised = (await command(connection.hvals(workersKey(name)), 'HVALS')).map((v) => JSON.parse(v) as { concurrency?: number; at?: number });
      const live = advertised.filter((w) => typeof w.at === 'number' && Date.now() - w.at < 30_000);
      slots = Math.max(2, live.reduce((sum, w) => sum + (Number(w.concurrency) || 0), 0));
    }
  } catch (error) {
    await closeAll();
    throw error;
  }

  // This executor's identity as a job owner (one experiment).
  const owner = `${hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;
  let closed = false;
  /** Waiting runs by job id: woken by the queue's events, the health check, abort, close. */
  const waiters = new Map<string, Set<() => void>>();
  const wakeAll = () => {
    for (const set of waiters.values()) for (const wake of [...set]) wake();
  };
  const wakeJob = (jobId: string) => {
    for (const wake of [...(waiters.get(jobId) ?? [])]) wake();
  };
  events.on('completed', ({ jobId }) => wakeJob(jobId));
  events.on('failed', ({ jobId }) => wakeJob(jobId));
  events.on('removed', ({ jobId }) => wakeJob(jobId));

  // Health: Redis answers (else `down` after redisTimeoutMs), and still holds its data (else a new loss generation).
  let down: InfrastructureError | undefined;
  let lost: InfrastructureError | undefined;
  let lossGeneration = 0;
  let lastAnswer = Date.now();
  let checking = false;
  const check = async () => {
    if (checking || closed) return;
    checking = true;
    try {
      const now = await withTimeout(connection.get(epochKey(name)), Math.max(100, Math.min(2000, redisTimeoutMs / 2)), 'health check', service);
      lastAnswer = Date.now();
      if (down) {
        say(`Redis at ${url} answers again`);
        down = undefined;
      }
      if (now !== epoch) {
        lost = new InfrastructureError({
          service,
          message: `Redis at ${url} lost its data (restarted without persistence, or flushed): the queued jobs are gone; the runs waiting for them are submitted again`,
        });
        say(`${lost.name}: ${lost.message}`);
        lossGeneration += 1;
        await connection.set(epochKey(name), randomBytes(8).toString('hex'), 'NX');
        epoch = await connection.get(epochKey(name));
        wakeAll();
      }
    } catch {
      if (!down && Date.now() - lastAnswer > redisTimeoutMs) {
        down = new InfrastructureError({
          service,
          message: `lost the connection to Redis at ${url}: no answer for ${Math.round((Date.now() - lastAnswer) / 1000)} s${lastError ? ` (${lastError})` : ''}`,
        });
        say(`${down.name}: ${down.message}`);
        wakeAll();
      }
    } finally {
      checking = false;
    }
  };
  const monitor = setInterval(() => void check(), Math.max(50, Math.min(1000, redisTimeoutMs / 4)));
  monitor.unref();

  /** Waits up to `ms` for the job's event, a health change, abort or close; leaves no listener behind. */
  const pause = (jobId: string, ms: number, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      let set = waiters.get(jobId);
      if (!set) waiters.set(jobId, (set = new Set()));
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        set!.delete(done);
        if (set!.size === 0 && waiters.get(jobId) === set) waiters.delete(jobId);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
      signal.addEventListener('abort', done, { once: true });
    });

  const submit = (job: CriticalNJob, jobId: string) =>
    command(queue.add('train', job, { jobId, attempts: 1, removeOnComplete: false, removeOnFail: false }), 'adding the job');

  /** Removes a queue entry unless a worker holds it (active jobs are locked). */
  const removeEntry = async (entry: Job<CriticalNJob, TrainedCriticalNRun>) => {
    await command(entry.remove(), 'removing a job').catch(() => {});
  };

  /** The finished result of `entry`, checked against `job`; a wrong one is removed (trained again on the next attempt). */
  const finished = async (job: CriticalNJob, jobId: string, entry: Job<CriticalNJob, TrainedCriticalNRun>): Promise<TrainedCriticalNRun> => {
    try {
      assertRunMatchesJob(job, entry.returnvalue, jobId, criticalNJobParameters(job));
    } catch (error) {
      await removeEntry(entry);
      say(`removed the queue's result for ${jobId}: ${(error as Error).message}`);
      throw error;
    }
    return entry.returnvalue;
  };

  /** A job and its state, the state read first: a job read before it completes would lack its result. */
  const read = async (jobId: string) => {
    const state = await command(queue.getJobState(jobId), 'reading the job state');
    const entry = state === 'unknown' ? undefined : await command(Job.fromId<CriticalNJob, TrainedCriticalNRun>(queue, jobId), 'reading the job');
    return { state, entry };
  };

  const waitFor = async (job: CriticalNJob, jobId: string, signal: AbortSignal): Promise<TrainedCriticalNRun> => {
    const generation = lossGeneration;
    let resubmits = 0;
    for (;;) {
      if (closed || signal.aborted) throw new AbortedError({ message: closed ? 'the BullMQ executor was closed' : 'the run is no longer needed' });
      if (down) throw down;
      if (lossGeneration !== generation && lost) throw lost;
      let entry: Job<CriticalNJob, TrainedCriticalNRun> | undefined;
      let state: string | undefined;
      try {
        ({ entry, state } = await read(jobId));
      } catch (error) {
        if (!InfrastructureError.isInstance(error)) throw error;
        // no answer now: the health check decides when the connection counts as lost
        await pause(jobId, pollMs, signal);
        continue;
      }
      if (!entry) {
        // removed under us (a flush, or an experiment that did not see us waiting): submit it again
        if (resubmits++ >= MAX_RESUBMITS) {
          throw new InfrastructureError({ service, message: `the job ${jobId} kept disappearing from queue ${name} (removed ${resubmits} times while waited for)` });
        }
        say(`job ${jobId} vanished from queue ${name}; submitting it again`);
        await submit(job, jobId);
        continue;
      }
      if (state === 'completed') return finished(job, jobId, entry);
      // a failed job's reason carries the worker's typed error (see executors/wire.ts)
      if (state === 'failed') throw decodeErrorText(entry.failedReason);
      await pause(jobId, pollMs, signal);
    }
  };

  /** Stops waiting for a job: it is removed only when no other experiment waits for it and no worker trains it. */
  const leave = async (jobId: string, remove: boolean) => {
    if (down) return; // Redis is gone: nothing to clean up there (the owner entry expires)
    try {
      const key = ownersKey(name, jobId);
      const [, left] = (await command(connection.multi().srem(key, owner).scard(key).exec(), 'leaving the job')) ?? [];
      if (!remove || Number(left?.[1]) !== 0) return;
      const { entry, state } = await read(jobId);
      if (entry && ['waiting', 'delayed', 'prioritized', 'waiting-children'].includes(state)) await removeEntry(entry);
    } catch {
      // Redis is gone: nothing to clean up there
    }
  };

  const run = async (job: CriticalNJob, signal: AbortSignal): Promise<TrainedCriticalNRun> => {
    if (closed || signal.aborted) throw new AbortedError({ message: closed ? 'the BullMQ executor was closed' : 'the run is no longer needed' });
    if (down) throw down;
    const jobId = criticalNJobId(job);
    const key = ownersKey(name, jobId);
    await command(connection.multi().sadd(key, owner).expire(key, OWNER_TTL_SECONDS).exec(), 'registering this experiment');
    let abandoned = false;
    try {
      const { entry, state } = await read(jobId);
      if (entry) {
        // an entry under this id must hold this very job (ids are hashes of the whole job, so another job here is
        // stale or planted): remove it and fail this attempt (recorded; the next attempt submits the job again)
        const differs = criticalNJobDifference(job, entry.data);
        if (differs) {
          if (state !== 'active') await removeEntry(entry);
          const field = differs.field === '' ? 'job' : `job.${differs.field}`;
          say(`queue ${name} held another job under ${jobId} (${field}); removed it`);
          throw new ResultMismatchError({
            jobId,
            field,
            expected: differs.expected,
            actual: differs.actual,
            message: `the queue holds another job under id ${jobId} (${field} is ${JSON.stringify(differs.actual) ?? 'missing'}, this job's is ${JSON.stringify(differs.expected)}); it was removed${state === 'active' ? ' once a worker stops training it' : ''} and the job is submitted again on the next attempt`,
          });
        }
        if (state === 'completed') return { ...(await finished(job, jobId, entry)), fetched: true };
        if (state === 'failed') await command(entry.retry('failed'), 'retrying the failed job');
      } else {
        await submit(job, jobId);
      }
      return await waitFor(job, jobId, signal);
    } catch (error) {
      abandoned = AbortedError.isInstance(error);
      throw error;
    } finally {
      // Not started yet and nobody else waits: take it off the queue. Training: let it finish; its result stays.
      await leave(jobId, abandoned);
    }
  };

  return {
    name: 'bullmq',
    slots,
    run: (job, { signal }) => run(job, signal),
    close: async () => {
      closed = true;
      clearInterval(monitor);
      wakeAll();
      // BullMQ leaves connections it was given open: drop both, or this process would not exit.
      await closeAll();
    },
  };
}
