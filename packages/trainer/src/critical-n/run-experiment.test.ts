import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AbortedError, BackendUnavailableError, ConvergenceError, DataFormatError, EngineStateError, InfrastructureError, InvalidArgumentError } from '@limit/core';
import { verifyEmbeddings } from '../node/certificate-file.js';
import type { CriticalNExecutor } from '../executors/executor.js';
import { initialCriticalN, resolveTrainingSettings, restartSeed, type CriticalNJob } from './job.js';
import { CriticalNResultsFolder } from '../node/results-folder.js';
import { runCriticalNExperiment } from './run-experiment.js';
import { createInProcessExecutor } from '../executors/in-process.js';
import { criticalNJobParameters } from './train-run.js';

const training = { maxIterations: 1500, earlyStopping: { patience: 200 } };
const tmp = () => mkdtempSync(join(tmpdir(), 'limit-cnx-'));

/** An executor that "trains" instantly: solved when table(d, n, seed) says so. Counts its calls. */
function fakeExecutor(table: (d: number, n: number, seed: number) => boolean, slots = 1, fail?: (job: CriticalNJob, attempt: number) => unknown) {
  const calls: string[] = [];
  const executor: CriticalNExecutor = {
    name: 'fake',
    slots,
    run: async (job) => {
      const key = `${job.d}/${job.n}/${job.seed}`;
      calls.push(key);
      await new Promise((r) => setTimeout(r, (job.n * 7 + job.d) % 5));
      const failure = fail?.(job, calls.filter((c) => c === key).length);
      if (failure !== undefined && failure !== false) throw failure === true ? new Error(`out of memory at n = ${job.n}`) : failure;
      return runFor(job, table(job.d, job.n, job.seed));
    },
    close: async () => {},
  };
  return { executor, calls };
}

const runFor = (job: CriticalNJob, solved: boolean) => ({
  job,
  row: { parameters: criticalNJobParameters(job), metrics: { maxAccuracyObserved: solved ? 1 : 0.9, solved, iterations: 10, optimizationDurationSeconds: 0.01 }, data: {} },
});

// Non-monotone near the threshold: d + 6 solves, d + 5 does not (seed 42), n ≤ 2d + 4 otherwise.
const table = (d: number, n: number, seed: number) => (n === d * 2 + 3 && seed === 42 ? false : n <= d * 2 + 4 + (seed % 2));
/** The answer of `table` for one d from an executor that never fails. */
const cleanCritical = async (d: number) =>
  (await runCriticalNExperiment({ dimensions: [d], training: { maxIterations: 1500, earlyStopping: { patience: 200 } }, engine: 'js', executor: fakeExecutor(table).executor })).dimensions[0]!.criticalN;

describe('runCriticalNExperiment', () => {
  it('trains, records every run once in the locked folder, then resumes without training; certificates verify', async () => {
    const dir = tmp();
    const trained: number[] = [];
    const folder = await CriticalNResultsFolder.open(dir);
    const first = await runCriticalNExperiment({ dimensions: [3], engine: 'js', training, certificates: true, store: folder, onRunStart: ({ n }) => trained.push(n) });
    await folder.close();
    const d3 = first.dimensions[0]!;
    expect(trained.length).toBe(d3.trials.length);
    const rows = JSON.parse(readFileSync(join(dir, 'd3-k2.json'), 'utf8')) as { parameters: { n: number }; metrics: { solved: boolean }; data: { certificate?: string } }[];
    expect(rows.map((r) => r.parameters.n).sort((a, b) => a - b)).toEqual(d3.trials.map((t) => t.n));
    const solvedNs = rows.filter((r) => r.metrics.solved).map((r) => r.parameters.n);
    expect(d3.largestSolvedN).toBe(Math.max(...solvedNs));
    // the critical n (binary search) is a solved n whose n + 1 failed
    expect(solvedNs).toContain(d3.criticalN);
    expect(rows.find((r) => r.parameters.n === d3.criticalN! + 1)?.metrics.solved).toBe(false);
    for (const row of rows.filter((r) => r.metrics.solved)) {
      expect(existsSync(row.data.certificate!)).toBe(true);
      expect(await verifyEmbeddings(row.data.certificate!)).toMatchObject({ verified: true, accuracy: 1 });
    }
    const bytes = readFileSync(join(dir, 'd3-k2.json'), 'utf8');
    const again = await CriticalNResultsFolder.open(dir);
    const fake = fakeExecutor(() => true);
    const second = await runCriticalNExperiment({ dimensions: [3], engine: 'js', training, store: again, executor: fake.executor });
    await again.close();
    expect(fake.calls).toEqual([]);
    expect(second.trainedRuns).toBe(0);
    expect(second.dimensions[0]!.criticalN).toBe(d3.criticalN);
    expect(readFileSync(join(dir, 'd3-k2.json'), 'utf8')).toBe(bytes);
  });

  it('refuses a second writer into the same folder at once, naming the holder', async () => {
    const dir = tmp();
    const folder = await CriticalNResultsFolder.open(dir, { command: 'limit critical-n --d 4..10' });
    const started = Date.now();
    const second = CriticalNResultsFolder.open(dir);
    await expect(second).rejects.toSatisfy((e: unknown) => EngineStateError.isInstance(e) && e.state === 'locked');
    await expect(CriticalNResultsFolder.open(dir)).rejects.toThrow(new RegExp(`process ${process.pid} on ${hostname()}.*limit critical-n --d 4\\.\\.10`));
    expect(Date.now() - started).toBeLessThan(2000);
    await folder.close();
    const third = await CriticalNResultsFolder.open(dir);
    await third.close();
  });

  it('takes over a lock whose holder died on this host', async () => {
    const dir = tmp();
    const folder = await CriticalNResultsFolder.open(dir);
    // simulate a holder killed with SIGKILL: its lock folder stays, its pid is gone
    writeFileSync(join(dir, '.limit-results.lock.json'), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), startedAt: 'then' }));
    const next = await CriticalNResultsFolder.open(dir);
    await next.close();
    await folder.close().catch(() => {});
  });

  it('an abort loses only the run in progress', async () => {
    const dir = tmp();
    const folder = await CriticalNResultsFolder.open(dir);
    const controller = new AbortController();
    let runs = 0;
    const promise = runCriticalNExperiment({
      dimensions: [3],
      engine: 'js',
      training,
      store: folder,
      // one run at a time (the Node default trains one per core): runs 1 and 2 are finished when 3 starts
      executor: createInProcessExecutor(),
      signal: controller.signal,
      onRunStart: () => {
        runs += 1;
        if (runs === 3) controller.abort();
      },
    });
    await expect(promise).rejects.toSatisfy((e: unknown) => AbortedError.isInstance(e));
    await folder.close();
    expect((JSON.parse(readFileSync(join(dir, 'd3-k2.json'), 'utf8')) as unknown[]).length).toBe(2);
  });

  it('refuses a foreign results file, leaves it untouched and releases the lock', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'd3-k2.json'), '{"something": "else"}');
    await expect(CriticalNResultsFolder.open(dir)).rejects.toSatisfy((e: unknown) => DataFormatError.isInstance(e));
    expect(readFileSync(join(dir, 'd3-k2.json'), 'utf8')).toBe('{"something": "else"}');
    expect(existsSync(join(dir, '.limit-results.lock'))).toBe(false);
  });

  it('gives the same table on 1 and 6 slots (speculative runs recorded once each), and pending() agrees with the files', async () => {
    const one = fakeExecutor(table, 1);
    const six = fakeExecutor(table, 6);
    const options = { dimensions: [4, 5, 6, 7, 9], restarts: 2, statistic: 'any' as const, training, engine: 'js' };
    const dirA = tmp();
    const dirB = tmp();
    const a = await CriticalNResultsFolder.open(dirA);
    const b = await CriticalNResultsFolder.open(dirB);
    const ra = await runCriticalNExperiment({ ...options, executor: one.executor, store: a });
    const rb = await runCriticalNExperiment({ ...options, executor: six.executor, store: b });
    const strip = (r: typeof ra) =>
      r.dimensions.map((d) => ({ ...d, trials: d.trials.map((t) => ({ ...t, runs: t.runs.map((run) => ({ n: run.n, seed: run.seed, solved: run.solved })) })) }));
    expect(strip(rb)).toEqual(strip(ra));
    expect(ra.dimensions.find((d) => d.d === 5)!.nonMonotone).toEqual([]); // seed 43 solves n = 13
    expect(new Set(six.calls).size).toBe(six.calls.length); // nothing trained twice
    expect(b.rows.length).toBe(six.calls.length); // every run recorded exactly once
    expect(rb.trainedRuns).toBe(six.calls.length);
    expect(rb.unusedRuns).toBe(six.calls.length - one.calls.length);
    const jobFor = (d: number) => (n: number, seed: number): CriticalNJob => ({ d, k: 2, n, seed, training: resolveTrainingSettings(training), engine: 'js', precision: 'float32', certificate: false });
    const searches = options.dimensions.map((d) => ({ d, protocol: { initialN: initialCriticalN(d, 2), minN: 3, restarts: 2, statistic: 'any' as const }, seed: 42, jobFor: jobFor(d) }));
    expect(a.pending(searches).every((p) => p.done)).toBe(true);
    await a.close();
    await b.close();

    // A partial folder: pending() names exactly the run the experiment trains first.
    const dirC = tmp();
    const c = await CriticalNResultsFolder.open(dirC);
    let first: string | undefined;
    const partial = fakeExecutor(table, 1);
    const stop = new AbortController();
    await expect(
      runCriticalNExperiment({ ...options, dimensions: [6], executor: partial.executor, store: c, signal: stop.signal, onRun: () => partial.calls.length === 4 && stop.abort() }),
    ).rejects.toThrow(AbortedError);
    const [pending] = c.pending(searches.filter((s) => s.d === 6));
    await runCriticalNExperiment({ ...options, dimensions: [6], executor: fakeExecutor(table).executor, store: c, onRunStart: (job) => (first ??= `${job.n}/${job.seed}`) });
    expect(pending!.done).toBe(false);
    expect(first).toBe(`${pending!.next!.n}/${pending!.next!.seed}`);
    await c.close();
  });

  it('counts a training failure (ConvergenceError) as not solved, records it, and goes on', async () => {
    const dir = tmp();
    const folder = await CriticalNResultsFolder.open(dir);
    const diverged = new ConvergenceError({ message: 'the loss became NaN at step 3', iteration: 3 });
    const fake = fakeExecutor(table, 2, (job) => job.n === 12 && job.d === 4 && diverged);
    const result = await runCriticalNExperiment({ dimensions: [4, 5], training, engine: 'js', executor: fake.executor, store: folder, retryDelayMs: 1 });
    await folder.close();
    expect(result.failedRuns.map((r) => [r.d, r.n, r.errorClass, r.error])).toEqual([[4, 12, 'ConvergenceError', 'the loss became NaN at step 3']]);
    expect(fake.calls.filter((c) => c === '4/12/42')).toHaveLength(1); // a training outcome: not retried
    expect(result.dimensions[1]!.criticalN).toBe(14); // d = 5 unaffected: seed 42 solves n ≤ 2·5 + 4 (13 excepted)
    const failures = JSON.parse(readFileSync(join(dir, 'failures.json'), 'utf8')) as { n: number; errorClass: string }[];
    expect(failures).toMatchObject([{ n: 12, errorClass: 'ConvergenceError' }]);
    expect(result.dimensions[0]!.trials.find((t) => t.n === 12)!.solved).toBe(false);
    expect(result.dimensions[0]!.incomplete).toBeUndefined();
    expect(restartSeed(42, 1)).toBe(43);
  });

  it('retries runs that crash on infrastructure, never counting them; when the retries run out the d is incomplete', async () => {
    const baseline = await runCriticalNExperiment({ dimensions: [4, 5], training, engine: 'js', executor: fakeExecutor(table, 2).executor });
    const dir = tmp();
    const folder = await CriticalNResultsFolder.open(dir);
    const died = (job: CriticalNJob) => new InfrastructureError({ service: 'local worker 1', message: `the worker died training n = ${job.n}` });
    // d = 4: n = 10's first two attempts crash (the third succeeds); d = 5: n = 15 crashes every time
    const fake = fakeExecutor(table, 2, (job, attempt) => ((job.d === 4 && job.n === 10 && attempt <= 2) || (job.d === 5 && job.n === 15)) && died(job));
    const failed: string[] = [];
    const result = await runCriticalNExperiment({
      dimensions: [4, 5],
      training,
      engine: 'js',
      executor: fake.executor,
      store: folder,
      retryDelayMs: 1,
      onRunFailure: ({ job, attempt, willRetry }) => failed.push(`${job.d}/${job.n}#${attempt}${willRetry ? ' retry' : ''}`),
    });
    await folder.close();
    // d = 4 exactly as without crashes
    expect(result.dimensions[0]!.criticalN).toBe(baseline.dimensions[0]!.criticalN);
    expect(result.dimensions[0]!.trials).toEqual(baseline.dimensions[0]!.trials.map((t) => ({ ...t, runs: t.runs.map((r) => expect.objectContaining({ n: r.n, solved: r.solved })) })));
    expect(failed).toEqual(expect.arrayContaining(['4/10#1 retry', '4/10#2 retry', '5/15#1 retry', '5/15#2 retry', '5/15#3']));
    // d = 5 stops at n = 15: neither solved nor unsolved
    const d5 = result.dimensions[1]!;
    expect(d5.incomplete).toEqual({ n: 15, restart: 0 });
    expect(d5.criticalN).toBeUndefined();
    expect(d5.trials.some((t) => t.n === 15)).toBe(false);
    expect(result.failedRuns.map((r) => [r.d, r.n, r.errorClass, r.incomplete])).toEqual([[5, 15, 'InfrastructureError', true]]);
    // failures.json holds only what is still open: n = 15 of d = 5, not d = 4's recovered run
    const failures = JSON.parse(readFileSync(join(dir, 'failures.json'), 'utf8')) as { d: number; n: number; errorClass: string; attempt: number }[];
    expect(failures).toMatchObject([{ d: 5, n: 15, errorClass: 'InfrastructureError', attempt: 3 }]);
    expect(existsSync(join(dir, 'd5-k2.json')) && readFileSync(join(dir, 'd5-k2.json'), 'utf8').includes('"n":15')).toBe(false);

    // the next run resumes: n = 15 trains now, the d completes, failures.json is emptied (removed)
    const again = await CriticalNResultsFolder.open(dir);
    expect(again.recordedFailures.map((f) => f.n)).toEqual([15]);
    const second = await runCriticalNExperiment({ dimensions: [4, 5], training, engine: 'js', executor: fakeExecutor(table, 2).executor, store: again });
    await again.close();
    expect(second.dimensions.map((d) => d.criticalN)).toEqual(baseline.dimensions.map((d) => d.criticalN));
    expect(existsSync(join(dir, 'failures.json'))).toBe(false);
  });

  it('refuses a result for another job (ResultMismatchError, recorded) and retries it; never records the wrong row', async () => {
    const dir = tmp();
    const folder = await CriticalNResultsFolder.open(dir);
    const asked: string[] = [];
    let planted = 0;
    const executor: CriticalNExecutor = {
      name: 'planted',
      slots: 1,
      run: async (job) => {
        asked.push(`${job.n}/${job.seed}`);
        // a stale queue entry answers the first request for n = 10 with the run of n = 6, then one with seed 7
        if (job.n === 10 && planted < 2) {
          planted += 1;
          const other = planted === 1 ? { ...job, n: 6 } : { ...job, seed: 7 };
          return planted === 1 ? runFor(other, true) : { ...runFor(job, true), row: runFor(other, true).row };
        }
        return runFor(job, table(job.d, job.n, job.seed));
      },
      close: async () => {},
    };
    const errors: string[] = [];
    const result = await runCriticalNExperiment({ dimensions: [4], training, engine: 'js', executor, store: folder, retryDelayMs: 1, onRunFailure: ({ error }) => errors.push(`${(error as Error).name}: ${(error as Error).message}`) });
    await folder.close();
    expect(errors).toEqual([
      expect.stringMatching(/^ResultMismatchError: the result for job cn-d4-k2-n10-s42-\S+ is for another job: job\.n is 6, the job asked for 10$/),
      expect.stringMatching(/^ResultMismatchError: .*row\.parameters\.seed is 7, the job asked for 42$/),
    ]);
    expect(asked.filter((a) => a === '10/42')).toHaveLength(3);
    const rows = JSON.parse(readFileSync(join(dir, 'd4-k2.json'), 'utf8')) as { parameters: { n: number; seed: number } }[];
    expect(rows.every((r) => r.parameters.seed === 42)).toBe(true);
    expect(rows.filter((r) => r.parameters.n === 10)).toHaveLength(1);
    expect(result.dimensions[0]!.criticalN).toBe(await cleanCritical(4));
    expect(existsSync(join(dir, 'failures.json'))).toBe(false); // retried and recorded: nothing open
  });

  it('retries a run whose row could not be saved (disk full) without training it again, never counting it', async () => {
    const dir = tmp();
    const folder = await CriticalNResultsFolder.open(dir);
    const record = folder.record.bind(folder);
    let full = 2;
    folder.record = async (job, run) => {
      if (job.n === 10 && full-- > 0) throw Object.assign(new Error(`cannot write ${dir}/d4-k2.json: ENOSPC: no space left on device`), { code: 'ENOSPC' });
      return record(job, run);
    };
    const fake = fakeExecutor(table, 1);
    const result = await runCriticalNExperiment({ dimensions: [4], training, engine: 'js', executor: fake.executor, store: folder, retryDelayMs: 1 });
    await folder.close();
    expect(fake.calls.filter((c) => c === '4/10/42')).toHaveLength(1); // trained once, saved on the third try
    expect(result.failedRuns).toEqual([]);
    expect(result.dimensions[0]!.criticalN).toBe(await cleanCritical(4));
  });

  it('stops at once, typed, when the folder lock is lost (nothing more is written)', async () => {
    const dir = tmp();
    const folder = await CriticalNResultsFolder.open(dir);
    let runs = 0;
    const promise = runCriticalNExperiment({
      dimensions: [4],
      training,
      engine: 'js',
      executor: fakeExecutor(table, 1).executor,
      store: folder,
      onRun: () => {
        runs += 1;
        // another host took the folder over
        if (runs === 2) writeFileSync(join(dir, '.limit-results.lock.json'), JSON.stringify({ pid: 1, host: 'elsewhere', startedAt: 'now', token: 'x' }));
      },
    });
    await expect(promise).rejects.toSatisfy((e: unknown) => EngineStateError.isInstance(e) && e.state === 'lock-lost');
    const rows = JSON.parse(readFileSync(join(dir, 'd4-k2.json'), 'utf8')) as unknown[];
    expect(rows).toHaveLength(2);
    await folder.close();
  });

  it('re-trains cached solved runs that lack a certificate when certificates are wanted', async () => {
    const dir = tmp();
    const folder = await CriticalNResultsFolder.open(dir);
    const first = await runCriticalNExperiment({ dimensions: [3], engine: 'js', training, store: folder });
    const solved = first.dimensions[0]!.trials.filter((t) => t.solved).map((t) => t.n);
    const retrained: number[] = [];
    const second = await runCriticalNExperiment({ dimensions: [3], engine: 'js', training, store: folder, certificates: true, onRunStart: ({ n }) => retrained.push(n) });
    await folder.close();
    expect(retrained.sort((a, b) => a - b)).toEqual(solved);
    expect(second.certificateRetrains).toBe(solved.length);
    const rows = JSON.parse(readFileSync(join(dir, 'd3-k2.json'), 'utf8')) as { parameters: { n: number }; metrics: { solved: boolean }; data: { certificate?: string } }[];
    for (const row of rows.filter((r) => r.metrics.solved)) expect(await verifyEmbeddings(row.data.certificate!)).toMatchObject({ verified: true });
    expect(rows.length).toBe(first.dimensions[0]!.trials.length); // replaced, not added
  });

  it('refuses a dimension whose first run cannot fit in memory, up front and typed', async () => {
    const started = Date.now();
    const error = await runCriticalNExperiment({ dimensions: [4, 2000], executor: fakeExecutor(table).executor }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(error) && error.parameter === 'dimensions[1]', String(error)).toBe(true);
    expect((error as Error).message).toMatch(/needs about .* of memory/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('stops at an engine that cannot run where runs train (BackendUnavailableError), recording nothing as failed', async () => {
    const dir = tmp();
    const folder = await CriticalNResultsFolder.open(dir);
    const seen: CriticalNJob[] = [];
    const executor: CriticalNExecutor = {
      name: 'fake',
      slots: 2,
      run: async (job) => {
        seen.push(job);
        throw new BackendUnavailableError({ backend: 'onnx-cuda', available: ['onnx-cpu'], reason: 'this onnxruntime build has no cuda execution provider' });
      },
      close: async () => {},
    };
    const error = await runCriticalNExperiment({ dimensions: [4, 5], training, engine: 'js', device: 'cpu', executor, store: folder }).catch((e: unknown) => e);
    await folder.close();
    expect(BackendUnavailableError.isInstance(error)).toBe(true);
    expect((error as BackendUnavailableError).backend).toBe('onnx-cuda');
    // not galloping down through "failed" runs: the first answers stop the experiment, and no failure is recorded
    expect(seen.length).toBeLessThanOrEqual(2);
    expect(existsSync(join(dir, 'failures.json'))).toBe(false);
    // the device travels with every job (a worker resolves the same engine and execution provider)
    expect(seen.every((job) => job.device === 'cpu' && job.engine === 'js')).toBe(true);
  });

  it('asks the executor to check every engine it will use before the first run (prepare), once per engine', async () => {
    const checked: unknown[] = [];
    const fake = fakeExecutor(table, 2);
    const executor: CriticalNExecutor = {
      ...fake.executor,
      prepare: async (engines) => {
        checked.push(engines);
        expect(fake.calls).toEqual([]);
      },
    };
    await runCriticalNExperiment({ dimensions: [4, 5], training, engine: 'js', precision: 'float64', executor });
    expect(checked).toEqual([[{ engine: 'js', precision: 'float64' }]]);
    const refused = fakeExecutor(table, 2);
    const error = await runCriticalNExperiment({
      dimensions: [4],
      training,
      engine: 'js',
      executor: { ...refused.executor, prepare: async () => Promise.reject(new BackendUnavailableError({ backend: 'js', available: [], reason: 'not in the workers' })) },
    }).catch((e: unknown) => e);
    expect(BackendUnavailableError.isInstance(error)).toBe(true);
    expect(refused.calls).toEqual([]);
  });

  it('refuses a results file with a row of another d or an unknown field, naming file and line, and leaves it untouched', async () => {
    const dir = tmp();
    const folder = await CriticalNResultsFolder.open(dir);
    await runCriticalNExperiment({ dimensions: [3], maxN: 3, engine: 'js', training, store: folder });
    await folder.close();
    const resultsFile = join(dir, 'd3-k2.json');
    const written = readFileSync(resultsFile, 'utf8');
    const rows = JSON.parse(written) as { parameters: Record<string, unknown>; metrics: Record<string, unknown> }[];
    expect(rows.length).toBeGreaterThan(0);
    const cases: Array<[string, RegExp]> = [
      [`[\n${JSON.stringify(rows[0])},\n${JSON.stringify({ ...rows[0], parameters: { ...rows[0]!.parameters, d: 4 } })}\n]\n`, /d = 4/],
      [`[\n${JSON.stringify(rows[0])},\n${JSON.stringify({ ...rows[0], metrics: { ...rows[0]!.metrics, recall_at_2: 0.5 } })}\n]\n`, /unknown field metrics\.recall_at_2/],
    ];
    for (const [content, message] of cases) {
      writeFileSync(resultsFile, content);
      const error = await CriticalNResultsFolder.open(dir).catch((e: unknown) => e);
      expect(DataFormatError.isInstance(error), String(error)).toBe(true);
      expect((error as DataFormatError).file).toBe(resultsFile);
      expect((error as DataFormatError).line).toBe(3);
      expect((error as Error).message).toMatch(message);
      expect(readFileSync(resultsFile, 'utf8')).toBe(content);
    }
  });
});
