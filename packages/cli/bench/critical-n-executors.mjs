#!/usr/bin/env node
// Wall time of `limit critical-n` per executor, same seeds: in-process, --workers 2 (local processes), and
// --redis with two `limit worker --threads 1` processes, one of them SIGKILLed mid-run and replaced.
// Checks that the critical-n tables are identical and that every (d, k, n, seed) run is recorded once.
// Usage: node packages/cli/bench/critical-n-executors.mjs [--d 4..10] [--kill-after 30] [--extra "--max-iterations 3000"]
// Starts Debian's redis-server on 127.0.0.1 (free port, no persistence) and stops it after. JSON on stdout.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const flag = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const dims = flag('--d', '4..10');
const killAfter = Number(flag('--kill-after', '30'));
const extra = flag('--extra', '').split(' ').filter(Boolean);
const cli = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/cli.js');
const env = { ...process.env, CI: 'true' };
const base = ['critical-n', '--d', dims, '--seed', '42', ...extra];

const freePort = () =>
  new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
const rowsOf = (out) =>
  readdirSync(out)
    .filter((n) => /^d\d+-k\d+\.json$/.test(n))
    .flatMap((n) => JSON.parse(readFileSync(join(out, n), 'utf8')).map((r) => `${r.parameters.d}/${r.parameters.k}/${r.parameters.n}/${r.parameters.seed}`));
const report = (name, out, seconds) => {
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  const rows = rowsOf(out);
  return { executor: name, seconds, trainedRuns: summary.trainedRuns, unusedRuns: summary.unusedRuns, rows: rows.length, rowsUnique: new Set(rows).size === rows.length, table: summary.dimensions };
};
const timed = (name, extraArgs) => {
  const out = mkdtempSync(join(tmpdir(), 'cn-exec-'));
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [cli, ...base, '--out', out, ...extraArgs], { encoding: 'utf8', env });
  if (run.status !== 0) throw new Error(`${name} failed:\n${run.stderr}`);
  return report(name, out, (performance.now() - t0) / 1000);
};

const results = [timed('in-process', []), timed('local, --workers 2 --threads 1', ['--workers', '2', '--threads', '1'])];

const port = await freePort();
const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', mkdtempSync(join(tmpdir(), 'cn-redis-'))], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const url = `redis://127.0.0.1:${port}`;
const workers = [];
const startWorker = () => workers.push(spawn(process.execPath, [cli, 'worker', '--redis', url, '--threads', '1', '--lock-duration', '10000'], { stdio: 'ignore' }));
try {
  startWorker();
  startWorker();
  await new Promise((r) => setTimeout(r, 2000));
  const out = mkdtempSync(join(tmpdir(), 'cn-exec-'));
  const t0 = performance.now();
  const coordinator = spawn(process.execPath, [cli, ...base, '--out', out, '--redis', url], { stdio: ['ignore', 'ignore', 'pipe'], env });
  let stderr = '';
  coordinator.stderr.on('data', (c) => (stderr += c));
  const killer = setTimeout(() => {
    workers[0].kill('SIGKILL'); // by its own pid
    startWorker();
  }, killAfter * 1000);
  const code = await new Promise((ok) => coordinator.once('exit', ok));
  clearTimeout(killer);
  if (code !== 0) throw new Error(`redis coordinator failed:\n${stderr}`);
  results.push(report(`bullmq, 2 workers --threads 1, one SIGKILLed after ${killAfter} s and replaced`, out, (performance.now() - t0) / 1000));
} finally {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGTERM');
  redis.kill('SIGTERM');
}
const same = results.every((r) => JSON.stringify(r.table) === JSON.stringify(results[0].table));
process.stdout.write(
  `${JSON.stringify({ command: `node packages/cli/bench/critical-n-executors.mjs --d ${dims} --kill-after ${killAfter}`, date: new Date().toISOString(), cpus: cpus().length, loadBefore: loadavg(), sameTable: same, results: results.map(({ table, ...r }) => r), table: results[0].table.map((r) => [r.d, r.criticalN, r.paper, r.largestSolvedN]) }, null, 2)}\n`,
);
