// The local executor with real worker processes (the built child script): typed errors cross the process
// boundary whole, and engines registered in a user's module are found by id in the workers.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@limit/core';
import { runCriticalNExperiment } from '../src/critical-n/run-experiment.js';
import { getEngineProvider } from '../src/engines/registry.js';
import { createLocalExecutor } from '../src/node/local-executor.js';
import { CriticalNResultsFolder } from '../src/node/results-folder.js';

const entry = new URL('../dist/critical-n-child.js', import.meta.url);
const engineModule = fileURLToPath(new URL('./fixtures/register-echo-js.mjs', import.meta.url));
const quick = { maxIterations: 600, logInterval: 50, earlyStopping: false as const };

describe('local executor (worker processes)', () => {
  it('a ConvergenceError thrown in a worker reaches failures.json with its class and message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'limit-local-'));
    const folder = await CriticalNResultsFolder.open(dir);
    const executor = createLocalExecutor({ workers: 1, entry });
    try {
      // temperature 1e-300 makes the first loss NaN: trainFreeEmbeddings throws ConvergenceError in the worker
      const result = await runCriticalNExperiment({ dimensions: [3], training: { ...quick, temperature: 1e-300 }, engine: 'js', executor, store: folder, maxN: 4 });
      expect(result.failedRuns.length).toBeGreaterThan(0);
      expect(result.failedRuns.every((r) => r.errorClass === 'ConvergenceError')).toBe(true);
    } finally {
      await executor.close();
      await folder.close();
    }
    const failures = JSON.parse(readFileSync(join(dir, 'failures.json'), 'utf8')) as { errorClass: string; error: string }[];
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) {
      expect(failure.errorClass).toBe('ConvergenceError');
      expect(failure.error).toMatch(/^the loss became NaN at step 0/);
    }
  });

  it('trains with an engine registered in a user module, by id, in two workers; the table equals the js engine in-process', async () => {
    const executor = createLocalExecutor({ workers: 2, entry, engineModules: [engineModule] });
    // the coordinator resolves the engine by id too: register it here as the CLI's --engine-module does
    await import(engineModule);
    try {
      expect(getEngineProvider('echo-js').description).toMatch(/user module/);
      const local = await runCriticalNExperiment({ dimensions: [3, 4], training: quick, engine: 'echo-js', executor });
      const inProcess = await runCriticalNExperiment({ dimensions: [3, 4], training: quick, engine: 'js' });
      expect(local.dimensions.map((r) => [r.d, r.criticalN, r.largestSolvedN])).toEqual(inProcess.dimensions.map((r) => [r.d, r.criticalN, r.largestSolvedN]));
      expect(local.failedRuns).toEqual([]);
      expect(local.dimensions.every((r) => r.engine === 'echo-js')).toBe(true);
    } finally {
      await executor.close();
    }
  });

  it('refuses an unregistered provider object before any work', async () => {
    const executor = createLocalExecutor({ workers: 1, entry });
    try {
      const mine = { ...getEngineProvider('js'), id: 'not-registered' };
      const error = await runCriticalNExperiment({ dimensions: [3], engine: mine, executor }).catch((e: unknown) => e);
      expect(InvalidArgumentError.isInstance(error) && error.parameter).toBe('engine');
      expect((error as Error).message).toMatch(/registerEngineProvider/);
    } finally {
      await executor.close();
    }
  });
});
