// Fault tests of the BullMQ executor (issue 23): a real redis-server on 127.0.0.1 (free port, no persistence),
// real worker processes, Redis killed and restarted on the same port. Short runs (d = 3, 4; 1500 steps).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { AbortedError, InfrastructureError, InvalidArgumentError, ResultMismatchError } from '@limit/core';
import { createBullmqExecutor, startCriticalNWorker, type CriticalNWorkerHandle } from '../src/bullmq.js';
import { createInProcessExecutor } from '../src/executors/in-process.js';
import { runCriticalNExperiment } from '../src/critical-n/run-experiment.js';
import { summarizeCriticalN } from '../src/critical-n/summary.js';
import { criticalNJobId, initialCriticalN, resolveTrainingSettings, type CriticalNJob } from '../src/critical-n/job.js';
import { criticalNJobParameters } from '../src/critical-n/train-run.js';
import { startRedis, type TestRedis } from './redis-server.js';

const entry = new URL('../dist/critical-n-child.js', import.meta.url);
const training = { maxIterations: 1500, earlyStopping: { patience: 200 } };
const quick = { dimensions: [3, 4], training, engine: 'js', retryDelayMs: 200 } as const;
const jobOf = (d: number, n: number, seed = 42): CriticalNJob => ({ d, k: 2, n, seed, training: resolveTrainingSettings(training), engine: 'js', precision: 'float32', certificate: false });

describe('BullMQ executor faults (real redis-server on 127.0.0.1)', () => {
  let redis: TestRedis;
  let inProcess: ReturnType<typeof summarizeCriticalN>;
  beforeAll(async () => {
    redis = await startRedis();
    inProcess = summarizeCriticalN(await runCriticalNExperiment({ ...quick, executor: createInProcessExecutor() }));
  }, 120_000);
  afterAll(async () => {
    await redis?.stop();
  });

  const workersOn = async (url: string, queue: string, count = 2) => {
    const workers: CriticalNWorkerHandle[] = [];
    for (let i = 0; i < count; i++) workers.push(await startCriticalNWorker({ redis: url, queue, entry, concurrency: 1, threads: 1, lockDuration: 3000 }));
    return workers;
  };

  it('refuses configuration errors up front, typed: a database the server does not have, a queue name with ":"', async () => {
    const started = Date.now();
    for (const make of [
      () => createBullmqExecutor({ redis: `${redis.url}/99` }),
      () => startCriticalNWorker({ redis: `${redis.url}/99`, entry }),
    ]) {
      const error = await make().catch((e: unknown) => e);
      expect(InvalidArgumentError.isInstance(error) && error.parameter === 'redis', String(error)).toBe(true);
      expect((error as Error).message).toMatch(/database 99/);
    }
    for (const make of [() => createBullmqExecutor({ redis: redis.url, queue: 'a:b' }), () => startCriticalNWorker({ redis: redis.url, queue: 'a:b', entry })]) {
      const error = await make().catch((e: unknown) => e);
      expect(InvalidArgumentError.isInstance(error) && error.parameter === 'queue', String(error)).toBe(true);
    }
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses results planted under its job ids (n = 6 for n = 10, seed 7 for 42), records them typed, retrains: the table is right', async () => {
    const queue = `planted-${Date.now()}`;
    // a rogue worker answers the two first jobs of d = 3 and d = 4 with another job's results
    const rogueConnection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const d4 = jobOf(4, initialCriticalN(4, 2));
    const d3 = jobOf(3, initialCriticalN(3, 2));
    const wrong: Record<string, unknown> = {
      [criticalNJobId(d4)]: { job: { ...d4, n: 6 }, row: { parameters: criticalNJobParameters({ ...d4, n: 6 }), metrics: { solved: true, maxAccuracyObserved: 1 }, data: {} } },
      [criticalNJobId(d3)]: { job: d3, row: { parameters: criticalNJobParameters({ ...d3, seed: 7 }), metrics: { solved: false, maxAccuracyObserved: 0.5 }, data: {} } },
    };
    const plantQueue = new Queue(queue, { connection: rogueConnection });
    for (const job of [d4, d3]) await plantQueue.add('train', job, { jobId: criticalNJobId(job), removeOnComplete: false });
    const rogue = new Worker(queue, async (job) => wrong[job.id!], { connection: rogueConnection });
    await new Promise<void>((resolve) => {
      let done = 0;
      rogue.on('completed', () => ++done === 2 && resolve());
    });
    await rogue.close();
    await plantQueue.close();
    rogueConnection.disconnect();

    const workers = await workersOn(redis.url, queue);
    const executor = await createBullmqExecutor({ redis: redis.url, queue });
    const refused: string[] = [];
    try {
      const result = await runCriticalNExperiment({
        ...quick,
        executor,
        onRunFailure: ({ error, willRetry }) => {
          expect(ResultMismatchError.isInstance(error), String(error)).toBe(true);
          expect(willRetry).toBe(true);
          refused.push((error as ResultMismatchError).field);
        },
      });
      expect(refused.sort()).toEqual(['job.n', 'row.parameters.seed']);
      expect(summarizeCriticalN(result)).toEqual(inProcess);
      expect(result.failedRuns).toEqual([]);
    } finally {
      await executor.close();
      await Promise.all(workers.map((w) => w.close()));
    }
  });

  it('two coordinators on one queue: the one interrupted never removes the jobs the other waits for (no hang); no listener leaks', async () => {
    const queue = `shared-${Date.now()}`;
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    const a = await createBullmqExecutor({ redis: redis.url, queue, slots: 12 });
    const b = await createBullmqExecutor({ redis: redis.url, queue, slots: 12 });
    let workers: CriticalNWorkerHandle[] = [];
    try {
      // both submit the same jobs before any worker runs; then A is interrupted
      const stopA = new AbortController();
      const runA = runCriticalNExperiment({ ...quick, executor: a, signal: stopA.signal });
      const runB = runCriticalNExperiment({ ...quick, executor: b });
      await new Promise((r) => setTimeout(r, 1500));
      stopA.abort();
      await expect(runA).rejects.toSatisfy((e: unknown) => AbortedError.isInstance(e));
      workers = await workersOn(redis.url, queue);
      const result = await runB;
      expect(summarizeCriticalN(result)).toEqual(inProcess);
      // more than 10 runs went through each executor's shared signal and queue: no MaxListenersExceededWarning
      expect(result.trainedRuns + result.fetchedRuns).toBeGreaterThan(10);
      expect(warnings.filter((w) => /MaxListeners/.test(w)), warnings.join("\n")).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await a.close();
      await b.close();
      await Promise.all(workers.map((w) => w.close()));
    }
  }, 120_000);

  it('Redis restarted without its data mid-run: reported typed within seconds, the runs resubmitted, the table right', async () => {
    const own = await startRedis();
    const queue = `restart-${Date.now()}`;
    let workers = await workersOn(own.url, queue);
    const executor = await createBullmqExecutor({ redis: own.url, queue, redisTimeoutMs: 20_000 });
    const events: string[] = [];
    const failures: { error: unknown; at: number }[] = [];
    let restartedAt = 0;
    try {
      let finished = false;
      const running = runCriticalNExperiment({ ...quick, executor, onRunFailure: ({ error }) => failures.push({ error, at: Date.now() }) }).finally(() => (finished = true));
      // two runs in, Redis dies and comes back empty on the same port
      let runs = 0;
      await new Promise<void>((resolve) => {
        const timer = setInterval(async () => {
          const probe = new Redis(own.url, { maxRetriesPerRequest: 1 });
          runs = await probe.zcard(`bull:${queue}:completed`).catch(() => 0);
          probe.disconnect();
          if (runs >= 2) {
            clearInterval(timer);
            resolve();
          }
        }, 50);
      });
      expect(finished).toBe(false); // runs are left to train when Redis dies
      own.process.kill('SIGKILL');
      await new Promise((r) => own.process.once('exit', r));
      const again = await startRedis(own.port);
      restartedAt = Date.now();
      Object.assign(own, { process: again.process, stop: again.stop });
      const result = await running;
      expect(summarizeCriticalN(result)).toEqual(inProcess);
      expect(result.failedRuns).toEqual([]);
      const typed = failures.filter((f) => InfrastructureError.isInstance(f.error));
      expect(typed.length, failures.map((f) => String(f.error)).join('\n')).toBeGreaterThan(0);
      expect(typed[0]!.at - restartedAt).toBeLessThan(10_000);
      expect(String((typed[0]!.error as Error).message)).toMatch(/lost its data|lost the connection|did not answer/);
    } finally {
      void events;
      await executor.close();
      await Promise.all(workers.map((w) => w.close()));
      workers = [];
      await own.stop();
    }
  }, 180_000);

  it('Redis gone for good mid-run: waiting runs fail typed within seconds, the d are incomplete, nothing hangs', async () => {
    const own = await startRedis();
    const queue = `gone-${Date.now()}`;
    const workers = await workersOn(own.url, queue, 1);
    const executor = await createBullmqExecutor({ redis: own.url, queue, redisTimeoutMs: 2000, pollMs: 200 });
    try {
      let finished = false;
      const running = runCriticalNExperiment({ ...quick, dimensions: [4, 5, 6, 7], executor, retries: 1 }).finally(() => (finished = true));
      // once the first run is in, Redis dies for good (the search has many runs left)
      await new Promise<void>((resolve) => {
        const timer = setInterval(async () => {
          const probe = new Redis(own.url, { maxRetriesPerRequest: 1 });
          const done = await probe.zcard(`bull:${queue}:completed`).catch(() => 0);
          probe.disconnect();
          if (done >= 1) {
            clearInterval(timer);
            resolve();
          }
        }, 50);
      });
      expect(finished).toBe(false);
      const killedAt = Date.now();
      own.process.kill('SIGKILL');
      const result = await running;
      expect(Date.now() - killedAt).toBeLessThan(30_000);
      expect(result.dimensions.some((d) => d.incomplete !== undefined)).toBe(true);
      for (const run of result.failedRuns) {
        expect(run.incomplete).toBe(true);
        expect(run.errorClass).toBe('InfrastructureError');
      }
    } finally {
      await executor.close();
      await Promise.all(workers.map((w) => Promise.race([w.close(), new Promise((r) => setTimeout(r, 3000))])));
      await own.stop();
    }
  }, 120_000);
});
