import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BackendUnavailableError, InvalidArgumentError } from '@limit/core';
import { createInProcessExecutor } from '../executors/in-process.js';
import { createMemoryRunStore } from '../executors/memory-run-store.js';
import type { CriticalNExecutor } from '../executors/executor.js';
import { runCriticalNExperiment } from '../critical-n/run-experiment.js';
import { summarizeCriticalN } from '../critical-n/summary.js';
import { unregisterEngineProvider } from '../engines/registry.js';
import { importEngineModules } from './engine-modules.js';
import { createLocalExecutor } from './local-executor.js';
import { createThreadExecutor } from './thread-executor.js';
import { CRITICAL_N_EXECUTORS, createCriticalNExecutor } from './executors.js';

// The workers run the built entry (turbo builds before test; `pnpm build` by hand otherwise).
const entry = new URL('../../dist/critical-n-child.js', import.meta.url);
const engineModule = fileURLToPath(new URL('../../test/fixtures/register-echo-js.mjs', import.meta.url));
const quick = { dimensions: [3, 4], seed: 42, training: { maxIterations: 1500, earlyStopping: { patience: 200 } } } as const;
const tableOf = (result: Awaited<ReturnType<typeof runCriticalNExperiment>>) =>
  summarizeCriticalN(result).map((r) => ({ d: r.d, criticalN: r.criticalN, largestSolvedN: r.largestSolvedN, rates: r.successRates.map((t) => [t.n, t.successRate, t.phase]) }));

const open: CriticalNExecutor[] = [];
const track = (executor: CriticalNExecutor) => (open.push(executor), executor);
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.close()));
});
// `echo-js` registered in this thread too: the coordinator resolves every engine before it hands jobs out
beforeAll(() => importEngineModules([engineModule]));
afterAll(() => unregisterEngineProvider('echo-js'));

describe('createThreadExecutor', () => {
  it('trains on worker threads (one run per core by default) and gives the in-process table', async () => {
    const threads = track(createThreadExecutor({ entry }));
    expect(threads.name).toBe('threads');
    expect(threads.slots).toBeGreaterThanOrEqual(1);
    const inProcess = await runCriticalNExperiment({ ...quick, engine: 'js', executor: createInProcessExecutor() });
    const onThreads = await runCriticalNExperiment({ ...quick, engine: 'js', executor: threads, slots: 2 });
    expect(onThreads.executor).toBe('threads');
    expect(tableOf(onThreads)).toEqual(tableOf(inProcess));
  });

  it('checks every engine in a worker before the first run: an unknown engine there fails fast, nothing recorded', async () => {
    // registered here only: the workers were given no module that registers it
    const store = createMemoryRunStore();
    const started: number[] = [];
    const error = await runCriticalNExperiment({ ...quick, engine: 'echo-js', executor: track(createThreadExecutor({ entry, workers: 2 })), store, onRunStart: ({ n }) => started.push(n) }).catch((e: unknown) => e);
    expect(BackendUnavailableError.isInstance(error)).toBe(true);
    expect((error as BackendUnavailableError).backend).toBe('echo-js');
    expect(started).toEqual([]);
    expect(store.rows).toEqual([]);
  });
});

describe('engine modules in workers', () => {
  // (worker processes: test/local-executor.test.ts)
  it.each(['thread'] as const)(
    'a provider registered by id in a module trains a search on 2 %s workers, and its table equals the in-process one',
    async (transport) => {
      const inProcess = await runCriticalNExperiment({ ...quick, engine: 'echo-js', executor: createInProcessExecutor() });
      const executor = track(createLocalExecutor({ workers: 2, threads: 1, entry, engineModules: [engineModule], transport }));
      const store = createMemoryRunStore();
      const remote = await runCriticalNExperiment({ ...quick, engine: 'echo-js', executor, store });
      expect(remote.failedRuns).toEqual([]);
      expect(tableOf(remote)).toEqual(tableOf(inProcess));
      expect(remote.dimensions.every((d) => d.criticalN !== null)).toBe(true);
      // every row was trained by the module's provider (its engine name), in the workers
      expect(store.rows.length).toBeGreaterThan(0);
      expect(new Set(store.rows.map((r) => r.metrics.engine))).toEqual(new Set(['echo-js']));
    },
  );

  it('a module that cannot be imported is an InvalidArgumentError naming it, in this process and from a worker', async () => {
    const missing = './no-such-engine-module.mjs';
    const here = await importEngineModules([missing]).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(here)).toBe(true);
    expect((here as InvalidArgumentError).parameter).toBe('engineModules');
    expect((here as Error).message).toContain('no-such-engine-module.mjs');
    const executor = track(createThreadExecutor({ entry, workers: 1, engineModules: [missing] }));
    const there = await executor.prepare!([{ engine: 'js', precision: 'float32' }]).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(there)).toBe(true);
    expect((there as Error).message).toContain('no-such-engine-module.mjs');
  });
});

describe('CRITICAL_N_EXECUTORS', () => {
  it('lists threads, local, in-process and bullmq, and creates by id, refusing options a kind does not take', async () => {
    expect(CRITICAL_N_EXECUTORS.map((k) => k.id)).toEqual(['threads', 'local', 'in-process', 'bullmq']);
    const local = track(await createCriticalNExecutor('local', { workers: 3, threads: 1 }));
    expect([local.name, local.slots]).toEqual(['local', 3]);
    const inProcess = track(await createCriticalNExecutor('in-process', { threads: 1 }));
    expect([inProcess.name, inProcess.slots, inProcess.inProcess]).toEqual(['in-process', 1, true]);
    const unknown = await createCriticalNExecutor('ray', {}).catch((e: unknown) => e);
    expect((unknown as InvalidArgumentError).parameter).toBe('executor');
    const wrong = await createCriticalNExecutor('threads', { redis: 'redis://127.0.0.1:1' }).catch((e: unknown) => e);
    expect((wrong as InvalidArgumentError).parameter).toBe('redis');
    const lacking = await createCriticalNExecutor('bullmq', {}).catch((e: unknown) => e);
    expect((lacking as InvalidArgumentError).parameter).toBe('redis');
  });
});
