// Fault tests of the distributed critical-n experiment: real redis-server (127.0.0.1, free port, no
// persistence), real `limit worker` processes, SIGKILL by pid. Bounded: d = 3..5 with short runs.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startRedis, type TestRedis } from '../../trainer/test/redis-server.js';

const cli = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/cli.js');
const env = { ...process.env, CI: 'true' };
const quick = ['--d', '3..5', '--seed', '42', '--max-iterations', '2000', '--patience', '300', '--backend', 'onnx'];
const tmp = () => mkdtempSync(join(tmpdir(), 'limit-cnr-'));

interface Proc {
  readonly child: ChildProcess;
  stderr: string;
  stdout: string;
  readonly exited: Promise<number | null>;
}
const started: Proc[] = [];
function start(args: string[]): Proc {
  const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const proc: Proc = {
    child,
    stderr: '',
    stdout: '',
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
  };
  child.stdout!.on('data', (c: Buffer) => (proc.stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (proc.stderr += c.toString()));
  started.push(proc);
  return proc;
}
const until = async (what: string, test: () => boolean, ms = 120_000) => {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};
const summaryOf = (out: string) => (JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { dimensions: unknown[] }).dimensions;
const runKeys = (out: string) =>
  readdirSync(out)
    .filter((n) => /^d\d+-k\d+\.json$/.test(n))
    .flatMap((n) => (JSON.parse(readFileSync(join(out, n), 'utf8')) as { parameters: { d: number; k: number; n: number; seed: number } }[]).map((r) => `${r.parameters.d}/${r.parameters.k}/${r.parameters.n}/${r.parameters.seed}`));
const trainedJobs = (procs: Proc[]) => procs.flatMap((p) => [...p.stderr.matchAll(/ training (\S+)/g)].map((m) => m[1]!));

describe('limit critical-n --redis with limit worker processes', () => {
  let redis: TestRedis;
  let inProcess: unknown[];
  let inProcessKeys: string[];
  const workers: Proc[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    const out = tmp();
    // one run at a time in this thread: the recorded runs are exactly the sequential protocol's
    const result = spawnSync(process.execPath, [cli, 'critical-n', ...quick, '--executor', 'in-process', '--out', out], { env, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    inProcess = summaryOf(out);
    inProcessKeys = runKeys(out);
  }, 240_000);
  afterAll(async () => {
    // everything this file started, by its own pid
    for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(started.map((p) => p.exited));
    await redis?.stop();
  });

  it('survives a worker SIGKILLed mid-job (stalled-job recovery) and refuses a second coordinator on the same --out', async () => {
    const queue = `q1-${process.pid}`;
    const workerArgs = ['worker', '--redis', redis.url, '--queue', queue, '--lock-duration', '4000'];
    workers.push(start(workerArgs), start(workerArgs));
    await until('workers ready', () => workers.every((w) => /serving queue/.test(w.stderr)), 30_000);
    const out = tmp();
    const coordinator = start(['critical-n', ...quick, '--redis', redis.url, '--queue', queue, '--out', out]);
    await until('the first run to start', () => / training /.test(workers[0]!.stderr) || / training /.test(workers[1]!.stderr));

    // a second coordinator into the same folder: refused at once, naming the holder
    const second = spawnSync(process.execPath, [cli, 'critical-n', ...quick, '--redis', redis.url, '--queue', queue, '--out', out], { env, encoding: 'utf8', timeout: 30_000 });
    expect(second.status).not.toBe(0);
    expect(second.stderr).toMatch(new RegExp(`in use by process ${coordinator.child.pid} on `));

    // SIGKILL a worker that is training, start another
    const victim = workers.find((w) => / training /.test(w.stderr))!;
    victim.child.kill('SIGKILL');
    await victim.exited;
    workers.push(start(workerArgs));

    expect(await coordinator.exited, coordinator.stderr).toBe(0);
    expect(summaryOf(out)).toEqual(inProcess);
    const keys = runKeys(out);
    expect(new Set(keys).size).toBe(keys.length); // every run recorded exactly once
    for (const key of inProcessKeys) expect(keys).toContain(key); // nothing the sequential protocol used is missing
    // the job the victim was killed in (started, never finished) was trained again elsewhere; nothing else twice
    const unfinished = trainedJobs([victim]).filter((id) => !victim.stderr.includes(`finished ${id} `));
    expect(unfinished.length).toBeLessThanOrEqual(1);
    const trained = trainedJobs(workers);
    const twice = trained.filter((id, i) => trained.indexOf(id) !== i);
    expect(twice.filter((id) => !unfinished.includes(id)), workers.map((w) => w.stderr).join('\n---\n')).toEqual([]);
  }, 300_000);

  it('resumes after the coordinator is SIGKILLed, training nothing twice', async () => {
    const queue = `q2-${process.pid}`;
    const live = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
    for (const w of live) w.child.kill('SIGTERM');
    await Promise.all(live.map((w) => w.exited));
    const fresh = [0, 1].map(() => start(['worker', '--redis', redis.url, '--queue', queue, '--lock-duration', '4000']));
    workers.push(...fresh);
    await until('workers ready', () => fresh.every((w) => /serving queue/.test(w.stderr)), 30_000);
    const out = tmp();
    const args = ['critical-n', ...quick, '--redis', redis.url, '--queue', queue, '--out', out];
    const first = start(args);
    await until('a few runs recorded', () => existsSync(join(out, 'd3-k2.json')) && runKeys(out).length >= 3);
    first.child.kill('SIGKILL');
    await first.exited;
    const second = start(args);
    expect(await second.exited, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/resuming from/);
    expect(summaryOf(out)).toEqual(inProcess);
    const keys = runKeys(out);
    expect(new Set(keys).size).toBe(keys.length);
    const trained = trainedJobs(fresh);
    expect(new Set(trained).size).toBe(trained.length); // no job trained twice across both coordinators
  }, 300_000);

  it('names an unreachable Redis within seconds and touches no results file', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const out = join(tmp(), 'never');
    const started = Date.now();
    const result = spawnSync(process.execPath, [cli, 'critical-n', ...quick, '--redis', url, '--out', out], { env, encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(url);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(existsSync(out)).toBe(false);
  });
});
