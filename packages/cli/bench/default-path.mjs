#!/usr/bin/env node
// The default is the fast path: wall time of `limit critical-n` with no flags (worker threads, one run per core)
// against the yardstick `--workers 2 --threads 1` (two worker processes, one step thread each), in the same run,
// interleaved in ABBA order (default, yardstick, yardstick, default, …), with the critical-n tables compared; and one trainFreeEmbeddings
// run at small n (n = 12, d = 4: 66 queries, a step of microseconds, where per-step overhead shows) with the
// native engine's default threads against 1 and against every CPU (the former default).
//
// Usage: node packages/cli/bench/default-path.mjs [--d 4..8] [--repeats 3] [--long [--long-repeats 2] [--concurrent]] [--save FILE]
//   --long         also time `critical-n --d 4..20` each way, --long-repeats rounds (tens of minutes; a quiet machine)
//   --concurrent   run the long pair at the same time: on a shared machine whose load drifts over tens of minutes,
//                  both then see the same outside load (each has about half the CPUs); the ratio is what counts
//   --baseline CLI  also time another build's default in the same rounds (e.g. a checkout of main: dist/cli.js)
//   --save   write the JSON report to FILE (e.g. packages/cli/bench/default-path.results.json)
// Needs a build (pnpm turbo run build --filter=@limit/cli...). Progress on stderr; the JSON report on stdout.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const cli = resolve(here, '../dist/cli.js');
const { values: args } = parseArgs({
  options: {
    d: { type: 'string', default: '4..8' },
    repeats: { type: 'string', default: '3' },
    long: { type: 'boolean', default: false },
    'long-repeats': { type: 'string', default: '2' },
    concurrent: { type: 'boolean', default: false },
    baseline: { type: 'string' },
    save: { type: 'string' },
  },
});
const repeats = Number(args.repeats);
const log = (m) => process.stderr.write(`[default-path] ${m}\n`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const haveTime = existsSync('/usr/bin/time');
const env = { ...process.env, CI: 'true' };

/** Starts one CLI run; resolves with wall, user and sys seconds (GNU time when present) and the table it wrote. */
function startCli(label, extra, dims, program = cli) {
  const out = mkdtempSync(join(tmpdir(), 'default-path-'));
  const argv = ['critical-n', '--d', dims, '--out', out, ...extra];
  const command = haveTime ? ['/usr/bin/time', ['-f', '@@time %e %U %S', process.execPath, program, ...argv]] : [process.execPath, [program, ...argv]];
  const t0 = performance.now();
  const child = spawn(command[0], command[1], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-20000)));
  return new Promise((resolvePromise, reject) =>
    child.once('exit', (status) => {
      const wall = (performance.now() - t0) / 1000;
      if (status !== 0) return reject(new Error(`${label} failed (${status}):\n${stderr.slice(-3000)}`));
      const times = /@@time ([\d.]+) ([\d.]+) ([\d.]+)/.exec(stderr);
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      const table = summary.dimensions.map((r) => ({ d: r.d, criticalN: r.criticalN, largestSolvedN: r.largestSolvedN }));
      log(`${label}: ${wall.toFixed(2)} s wall${times ? `, ${times[2]} s user, ${times[3]} s sys` : ''}; ${summary.executor}, ${summary.trainedRuns} runs trained`);
      resolvePromise({ wall, user: times ? Number(times[2]) : null, sys: times ? Number(times[3]) : null, executor: summary.executor, trainedRuns: summary.trainedRuns, table });
    }),
  );
}

/**
 * Default against the yardstick: one after the other in ABBA order, or (`concurrent`) both at once, so that on a
 * shared machine both see the same outside load (each then has about half the CPUs). Medians, the ratio, and
 * whether the tables agree.
 */
async function compare(dims, rounds, concurrent = false) {
  const configs = [
    { label: `limit critical-n --d ${dims}`, extra: [] },
    { label: `limit critical-n --d ${dims} --workers 2 --threads 1`, extra: ['--workers', '2', '--threads', '1'] },
    // another build's default (e.g. the main branch's dist/cli.js), for a before/after in the same run
    ...(args.baseline && !concurrent ? [{ label: `${args.baseline} critical-n --d ${dims}`, extra: [], program: resolve(args.baseline) }] : []),
  ];
  const samples = configs.map(() => []);
  // ABBA order (default, yardstick, yardstick, default, …): a machine whose load drifts favours neither
  for (let r = 0; r < rounds; r++) {
    if (concurrent) {
      const both = await Promise.all(configs.map((c) => startCli(`${c.label} (round ${r + 1}, both at once)`, c.extra, dims)));
      both.forEach((sample, i) => samples[i].push(sample));
    } else {
      const order = configs.map((_, i) => i);
      for (const i of r % 2 === 0 ? order : order.reverse()) samples[i].push(await startCli(`${configs[i].label} (round ${r + 1})`, configs[i].extra, dims, configs[i].program));
    }
  }
  const rows = configs.map((c, i) => ({
    command: c.label,
    executor: samples[i][0].executor,
    wallSeconds: samples[i].map((s) => s.wall),
    medianWallSeconds: median(samples[i].map((s) => s.wall)),
    medianUserSeconds: samples[i][0].user === null ? null : median(samples[i].map((s) => s.user)),
    medianSysSeconds: samples[i][0].sys === null ? null : median(samples[i].map((s) => s.sys)),
    trainedRuns: samples[i].map((s) => s.trainedRuns),
  }));
  const tables = samples.flat().map((s) => JSON.stringify(s.table));
  return {
    dims,
    rounds,
    mode: concurrent ? 'both at once' : 'one after the other, ABBA',
    rows,
    ratioDefaultToYardstick: rows[0].medianWallSeconds / rows[1].medianWallSeconds,
    ...(rows[2] ? { ratioDefaultToBaseline: rows[0].medianWallSeconds / rows[2].medianWallSeconds } : {}),
    tablesIdentical: new Set(tables).size === 1,
    table: samples[0][0].table,
  };
}

/** trainFreeEmbeddings at n = 12, d = 4 in this process: seconds and steps/s per thread setting (medians). */
async function smallRun() {
  const { trainFreeEmbeddings } = await import('@limit/trainer');
  const settings = [
    { label: 'default threads', engineOptions: undefined },
    { label: 'threads: 1', engineOptions: { threads: 1 } },
    { label: `threads: ${availableParallelism()} (every CPU: the former default)`, engineOptions: { threads: availableParallelism() } },
  ];
  const out = [];
  for (const s of settings) {
    const runs = [];
    for (let r = 0; r < repeats; r++) {
      const cpu0 = process.cpuUsage();
      const { metrics } = await trainFreeEmbeddings({ n: 12, d: 4, seed: 42, engine: 'native', ...(s.engineOptions ? { engineOptions: s.engineOptions } : {}) });
      const cpu = process.cpuUsage(cpu0);
      runs.push({ seconds: metrics.optimizationDurationSeconds, stepsPerSecond: metrics.stepsPerSecond, iterations: metrics.iterations, sysSeconds: cpu.system / 1e6 });
    }
    const row = {
      setting: s.label,
      iterations: runs[0].iterations,
      medianSeconds: median(runs.map((x) => x.seconds)),
      medianStepsPerSecond: median(runs.map((x) => x.stepsPerSecond)),
      medianSysSeconds: median(runs.map((x) => x.sysSeconds)),
    };
    log(`trainFreeEmbeddings n=12 d=4 native, ${s.label}: ${row.medianSeconds.toFixed(3)} s, ${Math.round(row.medianStepsPerSecond)} steps/s, ${row.medianSysSeconds.toFixed(3)} s sys`);
    out.push(row);
  }
  return { run: 'trainFreeEmbeddings({ n: 12, d: 4, seed: 42, engine: "native" })', repeats, rows: out, ratioDefaultToOneThread: out[0].medianSeconds / out[1].medianSeconds };
}

const report = {
  command: `node packages/cli/bench/default-path.mjs ${process.argv.slice(2).join(' ')}`.trim(),
  date: new Date().toISOString(),
  machine: { cpus: availableParallelism(), model: cpus()[0]?.model, loadAverageAtStart: loadavg().map((x) => Number(x.toFixed(2))), node: process.version },
  criticalN: await compare(args.d, repeats),
  smallRun: await smallRun(),
};
if (args.long) report.criticalNLong = await compare('4..20', Number(args['long-repeats']), args.concurrent);
report.machine.loadAverageAtEnd = loadavg().map((x) => Number(x.toFixed(2)));
const text = `${JSON.stringify(report, null, 2)}\n`;
if (args.save) writeFileSync(args.save, text);
process.stdout.write(text);
for (const key of ['criticalN', 'criticalNLong']) {
  const c = report[key];
  if (!c) continue;
  log(`--d ${c.dims}: default ${c.rows[0].medianWallSeconds.toFixed(2)} s vs --workers 2 --threads 1 ${c.rows[1].medianWallSeconds.toFixed(2)} s: ratio ${c.ratioDefaultToYardstick.toFixed(3)}; tables identical: ${c.tablesIdentical}`);
}
