#!/usr/bin/env node
// What each objective and query mode costs in the native kernel: steps/s of every (objective, query mode)
// beside the paper's InfoNCE with free queries, measured in the same run and interleaved (InfoNCE, hinge,
// sigmoid, … then the next round), the best of --rounds rounds of --seconds s each. Ratios against InfoNCE
// are what count on a shared machine. Two measures: wall-clock steps/s, and the process's CPU time per step
// (user + system over all its threads, process.cpuUsage): on a machine other jobs keep busy, waiting for a core
// inflates the first and not the second, so the CPU-time ratio is the steadier comparison of the arithmetic. The problem is the paper's: every pair of n documents is one query's
// relevant set (k = 2, q = C(n, 2)), seeded unit rows, learning rate 0.01, each objective at its defaults
// (OBJECTIVE_DEFAULTS of @limit/step-engine).
//
// Usage: node bench/objectives.bench.mjs [--sizes 300x16,40x8] [--threads N] [--seconds 2] [--rounds 3]
//                                        [--instruction-set auto|avx2|generic] [--json]
// Needs a build (pnpm --filter @limit/kernels... build). The table goes to stdout, then one JSON line
// (--json: the JSON only); progress to stderr.
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createDenseMatrix, createRng } from '@limit/core';
import { OBJECTIVE_DEFAULTS } from '@limit/step-engine';
import { createNativeStepEngine } from '../dist/index.js';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '300x16,40x8' },
    threads: { type: 'string', default: String(availableParallelism()) },
    seconds: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '3' },
    'instruction-set': { type: 'string', default: 'auto' },
    json: { type: 'boolean', default: false },
  },
});
const threads = Number(args.threads);
const seconds = Number(args.seconds);
const rounds = Number(args.rounds);
const instructionSet = args['instruction-set'];
const sizes = args.sizes.split(',').map((s) => s.split('x').map(Number));
const log = (m) => process.stderr.write(`[objectives.bench] ${m}\n`);
const SETTINGS = ['infoNce', 'hinge', 'sigmoid'].flatMap((name) => ['free', 'centroid'].map((queryMode) => ({ name, queryMode })));

function unitRows(rows, cols, seed) {
  const data = createRng(seed).normals(rows * cols);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += data[r * cols + c] ** 2;
    for (let c = 0; c < cols; c++) data[r * cols + c] /= Math.sqrt(s);
  }
  return createDenseMatrix(rows, cols, data);
}

/** The paper's setting (k = 2, every pair a query) with the given objective and query mode. */
function pairsInit(n, d, { name, queryMode }) {
  const docs = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) docs.push(a, b);
  const q = docs.length / 2;
  return {
    queries: unitRows(q, d, 1),
    documents: unitRows(n, d, 2),
    qrels: { numQueries: q, numDocs: n, offsets: Int32Array.from({ length: q + 1 }, (_, i) => 2 * i), docs: Int32Array.from(docs) },
    learningRate: 0.01,
    objective: { ...OBJECTIVE_DEFAULTS[name] },
    queryMode,
    adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    blockSize: 64,
  };
}

async function stepsPerSecond(n, d, setting) {
  const init = pairsInit(n, d, setting);
  const engine = await createNativeStepEngine(init, { threads, instructionSet });
  for (let i = 0; i < 3; i++) await engine.step();
  let steps = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  while (performance.now() - start < seconds * 1000 || steps < 5) {
    await engine.step();
    steps++;
  }
  const elapsed = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const name = engine.name;
  await engine.dispose();
  return { stepsPerSecond: steps / elapsed, cpuMsPerStep: (cpu.user + cpu.system) / 1000 / steps, q: init.qrels.numQueries, engine: name };
}

const best = new Map();
let engineName = '';
const loadBefore = loadavg()[0];
for (let round = 1; round <= rounds; round++) {
  for (const [n, d] of sizes) {
    for (const setting of SETTINGS) {
      const key = `${n}x${d} ${setting.name} ${setting.queryMode}`;
      log(`round ${round}: n=${n} d=${d} ${setting.name}, ${setting.queryMode} queries`);
      const r = await stepsPerSecond(n, d, setting);
      engineName = r.engine;
      const entry = best.get(key) ?? { n, d, q: r.q, objective: setting.name, queryMode: setting.queryMode, stepsPerSecond: 0, cpuMsPerStep: Infinity };
      entry.stepsPerSecond = Math.max(entry.stepsPerSecond, r.stepsPerSecond);
      entry.cpuMsPerStep = Math.min(entry.cpuMsPerStep, r.cpuMsPerStep);
      best.set(key, entry);
    }
  }
}
const rows = [...best.values()].map((r) => {
  const yardstick = best.get(`${r.n}x${r.d} infoNce free`);
  return { ...r, relativeToInfoNceFree: r.stepsPerSecond / yardstick.stepsPerSecond, cpuTimeRelativeToInfoNceFree: r.cpuMsPerStep / yardstick.cpuMsPerStep };
});
const report = {
  date: new Date().toISOString(),
  command: `node bench/objectives.bench.mjs ${process.argv.slice(2).join(' ')}`.trim(),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', logicalCpus: cpus().length, availableParallelism: availableParallelism(), loadAverage: [loadBefore, loadavg()[0]] },
  node: process.version,
  engine: engineName,
  threads,
  rounds,
  secondsPerMeasurement: seconds,
  objectives: OBJECTIVE_DEFAULTS,
  rows,
};

if (!args.json) {
  console.log(`native step per objective and query mode — ${report.date}, ${report.machine.cpu}, ${threads} threads, ${engineName}, best of ${rounds} × ${seconds} s (load ${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)})`);
  console.log('   n    d        q  objective  queries    steps/s  speed vs InfoNCE (free)  CPU ms/step  CPU time vs InfoNCE (free)');
  for (const r of rows) {
    console.log(
      `${String(r.n).padStart(4)} ${String(r.d).padStart(4)} ${String(r.q).padStart(8)}  ${r.objective.padEnd(9)}  ${r.queryMode.padEnd(8)} ${r.stepsPerSecond.toFixed(1).padStart(10)}  ${(r.relativeToInfoNceFree.toFixed(2) + '×').padStart(23)}  ${r.cpuMsPerStep.toPrecision(3).padStart(11)}  ${(r.cpuTimeRelativeToInfoNceFree.toFixed(2) + '×').padStart(26)}`,
    );
  }
}
console.log(JSON.stringify(report));
