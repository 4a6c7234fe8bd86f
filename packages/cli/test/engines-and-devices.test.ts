import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listEngineDevices, listEngineProviders } from '@limit/trainer';
import { CRITICAL_N_EXECUTORS } from '@limit/trainer/node';

const here = dirname(fileURLToPath(import.meta.url));
const cli = resolve(here, '../dist/cli.js');
const engineModule = resolve(here, 'fixtures/my-js-engine.mjs');
const run = (args: string[]) => {
  const started = Date.now();
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { ...result, seconds: (Date.now() - started) / 1000 };
};
const tmp = () => mkdtempSync(join(tmpdir(), 'limit-engines-'));
const quick = ['--max-iterations', '2000', '--patience', '300'];
type Summary = { executor: string; trainedRuns: number; cachedRuns: number; dimensions: { d: number; criticalN: number | null; largestSolvedN: number | null; successRates: unknown[] }[] };
const summaryOf = (out: string) => JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;

describe('engines, devices and executors in the CLI', () => {
  it('help texts list the trainer tables: every engine, every device with engines here, every executor', () => {
    for (const command of ['critical-n', 'train', 'bench-step', 'worker']) {
      const help = run([command, '--help']).stdout.replace(/\s+/g, ' ');
      for (const provider of listEngineProviders()) expect(help, `${command} --help`).toContain(provider.id);
      for (const { device } of listEngineDevices('node')) expect(help, `${command} --help`).toContain(`${device} (`);
      expect(help).toContain('--engine-module');
    }
    const help = run(['critical-n', '--help']).stdout;
    expect(help).toMatch(/native/);
    expect(help).toMatch(/webgpu/);
    for (const executor of CRITICAL_N_EXECUTORS) expect(help.replace(/\s+/g, ' ')).toContain(`${executor.id} (`);
    expect(help).not.toMatch(/onnxruntime threads per worker/);
  });

  it('an engine that cannot run fails in seconds with status 2, naming it, and leaves --out untouched', () => {
    for (const args of [
      ['--engine', 'webgpu'],
      ['--device', 'cuda'],
    ]) {
      const out = join(tmp(), 'never-written');
      const result = run(['critical-n', '--d', '4', ...args, '--out', out]);
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr).toMatch(args[0] === '--engine' ? /webgpu/ : /cuda/);
      expect(result.stderr).toMatch(/BackendUnavailableError/);
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack
      expect(result.seconds).toBeLessThan(5);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('usage errors of the new flags exit with status 2, naming the flag', () => {
    const cases: [string[], string][] = [
      [['train', '--n', '10', '--d', '4', '--device', 'gpu'], '--device'],
      [['train', '--n', '10', '--d', '4', '--engine', 'native', '--device', 'cuda'], '--device'],
      [['critical-n', '--d', '3', '--executor', 'ray', '--out', join(tmp(), 'x')], '--executor'],
      [['critical-n', '--d', '3', '--executor', 'in-process', '--workers', '3', '--out', join(tmp(), 'x')], '--workers'],
      [['critical-n', '--d', '3', '--engine-module', './no-such-module.mjs', '--out', join(tmp(), 'x')], '--engine-module'],
      [['bench-step', '--n', '10', '--d', '4', '--device', 'tpu'], '--device'],
      [['worker', '--redis', 'redis://127.0.0.1:1', '--threads', '0'], '--threads'],
    ];
    for (const [args, flag] of cases) {
      const result = run(args);
      expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(2);
      expect(result.stderr, args.join(' ')).toContain(flag);
    }
  });

  it('train --device cpu trains on the cpu device (its first engine that loads)', () => {
    // the issue's command (n = 10 is d = 4's threshold: it trains, whether or not seed 42 solves it)
    const issue = run(['train', '--n', '10', '--d', '4', '--device', 'cpu', '--json']);
    expect(issue.status, issue.stderr).toBe(0);
    const ten = (JSON.parse(issue.stdout) as { metrics: { iterations: number; engine: string } }).metrics;
    expect(ten.iterations).toBeGreaterThan(0);
    expect(ten.engine).toMatch(/^native/); // DEVICE_ENGINES.cpu[0] where its prebuilt binary loads
    const result = run(['train', '--n', '9', '--d', '4', '--device', 'cpu', '--json']);
    expect(result.status, result.stderr).toBe(0);
    const { metrics } = JSON.parse(result.stdout) as { metrics: { solved: boolean; engine: string } };
    expect(metrics.solved).toBe(true);
    expect(metrics.engine).toMatch(/^native/);
  });

  it('bench-step --engine all prints a row per engine that runs here and says why the others cannot', () => {
    const result = run(['bench-step', '--n', '30', '--d', '4', '--engine', 'all', '--steps', '3', '--repeats', '1']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^native\s+native-\S+\s+\d/m);
    expect(result.stdout).toMatch(/^js\s+js\s+\d/m);
    expect(result.stdout).toMatch(/^webgpu: unavailable \(.+\)$/m);
    expect(result.stdout).toMatch(/^tfjs-webgl: unavailable \(not supported in node\)$/m);
  });

  it('a provider registered by id in --engine-module trains a search with --workers 2 (and on threads), with the in-process table', () => {
    const [single, local, threads] = [tmp(), tmp(), tmp()];
    const common = ['critical-n', '--d', '3,4', '--engine', 'my-js', '--engine-module', engineModule, ...quick];
    const a = run([...common, '--executor', 'in-process', '--out', single]);
    expect(a.status, a.stderr).toBe(0);
    const b = run([...common, '--workers', '2', '--out', local]);
    expect(b.status, b.stderr).toBe(0);
    const c = run([...common, '--out', threads]);
    expect(c.status, c.stderr).toBe(0);
    const [sa, sb, sc] = [summaryOf(single), summaryOf(local), summaryOf(threads)];
    expect([sa.executor, sb.executor, sc.executor]).toEqual(['in-process', 'local', 'threads']);
    expect(sb.dimensions).toEqual(sa.dimensions);
    expect(sc.dimensions).toEqual(sa.dimensions);
    expect(sa.dimensions.every((d) => d.criticalN !== null)).toBe(true);
    expect(a.stdout).toContain('my-js'); // the table's engine column
    for (const out of [local, threads]) {
      const rows = JSON.parse(readFileSync(join(out, 'd4-k2.json'), 'utf8')) as { metrics: { engine: string } }[];
      expect(new Set(rows.map((r) => r.metrics.engine))).toEqual(new Set(['my-js']));
    }
  });

  it('train and bench-step find an engine of --engine-module by id', () => {
    const train = run(['train', '--n', '6', '--d', '4', '--engine', 'my-js', '--engine-module', engineModule, '--json']);
    expect(train.status, train.stderr).toBe(0);
    expect((JSON.parse(train.stdout) as { metrics: { engine: string; finalAccuracy: number } }).metrics).toMatchObject({ engine: 'my-js', finalAccuracy: 1 });
    const bench = run(['bench-step', '--n', '10', '--d', '4', '--engine', 'my-js', '--engine-module', engineModule, '--steps', '2', '--repeats', '1', '--json']);
    expect(bench.status, bench.stderr).toBe(0);
    expect((JSON.parse(bench.stdout) as { results: { backend: string; engine: string }[] }).results).toMatchObject([{ backend: 'my-js', engine: 'my-js' }]);
    // without the module the id is unknown: status 2, naming it
    const missing = run(['train', '--n', '6', '--d', '4', '--engine', 'my-js']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/my-js/);
  });

  it('the progress line counts finished d and runs; the last line says how many were trained and read back', () => {
    const out = tmp();
    const first = run(['critical-n', '--d', '3,4', '--engine', 'js', ...quick, '--out', out]);
    expect(first.status, first.stderr).toBe(0);
    const trained = summaryOf(out).trainedRuns;
    expect(first.stderr).toMatch(new RegExp(`critical-n 2/2 d \\S+ ${trained} runs trained, 0 read back from ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; done in`));
    const again = run(['critical-n', '--d', '3,4', '--engine', 'js', ...quick, '--out', out]);
    expect(again.status, again.stderr).toBe(0);
    const summary = summaryOf(out);
    expect(summary.trainedRuns).toBe(0);
    expect(again.stderr).toMatch(new RegExp(`critical-n 2/2 d \\S+ 0 runs trained, ${summary.cachedRuns} read back from`));
  });
});
