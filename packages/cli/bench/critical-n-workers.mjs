#!/usr/bin/env node
// Benchmark: `limit critical-n --redis` wall time on 1 vs 2 `limit worker --threads 1` processes, same table.
// Usage: node packages/cli/bench/critical-n-workers.mjs [--d 10..13] [--workers 1,2] [--extra "--max-iterations 3000"]
// Starts Debian's redis-server on 127.0.0.1 (free port, no persistence) and stops it after; needs an idle
// machine for meaningful ratios (the lead re-runs it quietly). Prints a JSON report on stdout.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const flag = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const dims = flag('--d', '10..13');
const workerCounts = flag('--workers', '1,2').split(',').map(Number);
const extra = flag('--extra', '').split(' ').filter(Boolean);
const cli = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/cli.js');

const freePort = () =>
  new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

const port = await freePort();
const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', mkdtempSync(join(tmpdir(), 'bench-redis-'))], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const url = `redis://127.0.0.1:${port}`;
const results = [];
try {
  for (const count of workerCounts) {
    const queue = `bench-${count}-${Date.now()}`;
    const workers = Array.from({ length: count }, () =>
      spawn(process.execPath, [cli, 'worker', '--redis', url, '--queue', queue, '--threads', '1'], { stdio: ['ignore', 'ignore', 'pipe'] }),
    );
    await new Promise((r) => setTimeout(r, 2000));
    const out = mkdtempSync(join(tmpdir(), 'bench-cn-'));
    const t0 = performance.now();
    const run = spawnSync(process.execPath, [cli, 'critical-n', '--d', dims, '--seed', '42', '--redis', url, '--queue', queue, '--slots', String(count), '--out', out, ...extra], {
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
    });
    const seconds = (performance.now() - t0) / 1000;
    for (const w of workers) w.kill('SIGTERM');
    if (run.status !== 0) throw new Error(`critical-n failed with ${count} worker(s):\n${run.stderr}`);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    results.push({ workers: count, seconds, trainedRuns: summary.trainedRuns, unusedRuns: summary.unusedRuns, table: summary.dimensions.map((r) => [r.d, r.criticalN]) });
    process.stderr.write(`${count} worker(s): ${seconds.toFixed(1)} s, ${summary.trainedRuns} runs\n`);
  }
} finally {
  redis.kill('SIGTERM');
}
const base = results[0];
process.stdout.write(
  `${JSON.stringify(
    {
      command: `node packages/cli/bench/critical-n-workers.mjs --d ${dims} --workers ${workerCounts.join(',')}${extra.length ? ` --extra "${extra.join(' ')}"` : ''}`,
      date: new Date().toISOString(),
      cpus: cpus().length,
      load: (await import('node:os')).loadavg(),
      results,
      speedup: results.map((r) => ({ workers: r.workers, speedup: base.seconds / r.seconds })),
      sameTable: results.every((r) => JSON.stringify(r.table) === JSON.stringify(base.table)),
    },
    null,
    2,
  )}\n`,
);
