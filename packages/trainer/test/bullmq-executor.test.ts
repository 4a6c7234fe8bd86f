import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendUnavailableError } from '@limit/core';
import { createBullmqExecutor, startCriticalNWorker, type CriticalNWorkerHandle } from '../src/bullmq.js';
import { createInProcessExecutor } from '../src/executors/in-process.js';
import { createMemoryRunStore } from '../src/executors/memory-run-store.js';
import { runCriticalNExperiment } from '../src/critical-n/run-experiment.js';
import { summarizeCriticalN } from '../src/critical-n/summary.js';
import { freePort, startRedis, type TestRedis } from './redis-server.js';

// The local worker processes run the built child script (build the package first: pnpm --filter @limit/trainer build).
const entry = new URL('../dist/critical-n-child.js', import.meta.url);
const quick = { dimensions: [3, 4], training: { maxIterations: 2000, earlyStopping: { patience: 300 } }, engine: 'onnx' } as const;

describe('BullMQ executor (real redis-server on 127.0.0.1)', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  }, 120_000);
  afterAll(async () => {
    await redis?.stop();
  });

  it('reports an unreachable Redis within seconds, naming the URL', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const started = Date.now();
    const error = await createBullmqExecutor({ redis: url }).catch((e: unknown) => e);
    expect(BackendUnavailableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(url);
    expect(Date.now() - started).toBeLessThan(5000);
    await expect(createBullmqExecutor({ redis: 'localhost:6379' })).rejects.toMatchObject({ parameter: 'redis' });
  });

  it('a worker checks its engines before it takes any job: one that cannot run here refuses to start, naming it', async () => {
    const started = Date.now();
    const error = await startCriticalNWorker({ redis: redis.url, queue: `test-refused-${Date.now()}`, entry, engines: [{ engine: 'webgpu', precision: 'float32' }] }).catch((e: unknown) => e);
    expect(BackendUnavailableError.isInstance(error)).toBe(true);
    expect((error as BackendUnavailableError).backend).toBe('webgpu');
    expect((error as Error).message).toContain('@limit/webgpu');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('gives the in-process table; a re-submitted experiment trains nothing (finished jobs are fetched); failures are reported', async () => {
    const queue = `test-${Date.now()}`;
    const trainedByWorkers: string[] = [];
    const workers: CriticalNWorkerHandle[] = [];
    for (let i = 0; i < 2; i++) {
      workers.push(
        await startCriticalNWorker({ redis: redis.url, queue, entry, concurrency: 1, threads: 1, onEvent: (line) => line.startsWith('training') && trainedByWorkers.push(line) }),
      );
    }
    const executor = await createBullmqExecutor({ redis: redis.url, queue });
    try {
      expect(executor.slots).toBe(2); // the two workers advertise concurrency 1 each
      const inProcess = await runCriticalNExperiment({ ...quick, executor: createInProcessExecutor() });
      const store = createMemoryRunStore();
      const queued = await runCriticalNExperiment({ ...quick, executor, store });
      expect(queued.failedRuns.map((r) => r.error)).toEqual([]);
      expect(summarizeCriticalN(queued)).toEqual(summarizeCriticalN(inProcess));
      expect(new Set(trainedByWorkers).size).toBe(trainedByWorkers.length); // no job trained twice
      expect(trainedByWorkers.length).toBe(queued.trainedRuns);

      // A fresh coordinator (empty store) submits the same jobs: all are fetched from Redis, none retrained.
      const before = trainedByWorkers.length;
      const again = await runCriticalNExperiment({ ...quick, executor, store: createMemoryRunStore() });
      expect(summarizeCriticalN(again)).toEqual(summarizeCriticalN(inProcess));
      expect(trainedByWorkers.length).toBe(before);
      expect(again.trainedRuns).toBe(0);
      // every run the protocol used came back from Redis
      expect(again.fetchedRuns).toBeGreaterThanOrEqual(again.dimensions.reduce((s, r) => s + r.evaluations, 0));

      // A job whose training throws (a temperature that makes the loss NaN: ConvergenceError on the worker)
      // is recorded as failed and the search goes on.
      const failing = await runCriticalNExperiment({ dimensions: [3], training: { ...quick.training, temperature: 1e-300 }, engine: 'js', executor, maxN: 5 });
      expect(failing.failedRuns.length).toBeGreaterThan(0);
      expect(failing.failedRuns[0]!.errorClass).toBe('ConvergenceError'); // typed across the queue
      expect(failing.failedRuns[0]!.error).toMatch(/^the loss became NaN/);
      // every run failed and each is reported once; with two slots a speculative run (one the sequential
      // protocol turns out not to need) may also have finished, and is reported too
      expect(failing.failedRuns.length).toBeGreaterThanOrEqual(failing.dimensions[0]!.evaluations);
      for (const run of failing.failedRuns) expect(`${run.errorClass}: ${run.error}`).toMatch(/^ConvergenceError: the loss became NaN/);
      const failedKeys = failing.failedRuns.map((r) => r.jobId);
      expect(new Set(failedKeys).size).toBe(failedKeys.length);
      expect(failing.dimensions[0]!.criticalN).toBeUndefined();
    } finally {
      await executor.close();
      await Promise.all(workers.map((w) => w.close()));
    }
  });
});
