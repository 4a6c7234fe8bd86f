#!/usr/bin/env node
// Step benchmark of the native kernel against the numpy yardstick, in one run (ratios are what count on
// a shared machine): our steps/s and GFLOP/s (6·q·n·d per step) at each size, numpy_reference.py's
// steps/s at the same sizes, our blocked SGEMM peak and numpy's 2048² float32 matmul. Each measurement
// is repeated for --rounds rounds, interleaved (ours, numpy, ours, numpy, …), and the best of each is kept.
//
// Usage: node bench/step.bench.mjs [--sizes 300x16,100x8] [--threads N] [--seconds 3] [--rounds 2]
//                                  [--numpy-script PATH] [--python python3] [--json]
// Needs a build (pnpm --filter @limit/kernels build). The table goes to stdout, then one JSON line
// (--json: the JSON only); progress to stderr.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createDenseMatrix, createRng } from '@limit/core';
import { createNativeStepEngine, measureGemmPeak } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '300x16,100x8' },
    threads: { type: 'string', default: String(availableParallelism()) },
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '2' },
    'numpy-script': { type: 'string' },
    python: { type: 'string', default: 'python3' },
    json: { type: 'boolean', default: false },
    // also time the portable 128-bit build (SSE2, no FMA): a stand-in for a WebAssembly SIMD kernel
    generic: { type: 'boolean', default: true },
  },
});
const threads = Number(args.threads);
const seconds = Number(args.seconds);
const rounds = Number(args.rounds);
const sizes = args.sizes.split(',').map((s) => s.split('x').map(Number));
const log = (m) => process.stderr.write(`[step.bench] ${m}\n`);

function findNumpyScript() {
  if (args['numpy-script']) return resolve(args['numpy-script']);
  // the yardstick lives beside the repository checkout (../shared/bench), or beside its parent
  for (const up of ['../../..', '../../../..', '../../../../..']) {
    const candidate = join(here, up, 'shared/bench/numpy_reference.py');
    if (existsSync(candidate)) return resolve(candidate);
  }
  throw new Error('numpy_reference.py not found: pass --numpy-script PATH');
}
const numpyScript = findNumpyScript();
// numpy runs with OpenBLAS' own CPU detection: these two overrides are unset for its commands only
const numpyEnv = { ...process.env };
delete numpyEnv.OPENBLAS_CORETYPE;
delete numpyEnv.OPENBLAS_L2_SIZE;
const python = (argv) => execFileSync(args.python, argv, { env: numpyEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

function unitRows(rows, cols, seed) {
  const data = createRng(seed).normals(rows * cols);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += data[r * cols + c] ** 2;
    for (let c = 0; c < cols; c++) data[r * cols + c] /= Math.sqrt(s);
  }
  return createDenseMatrix(rows, cols, data);
}

/** The paper's setting: every pair of n documents is one query's relevant set (k = 2). */
function pairsInit(n, d) {
  const docs = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) docs.push(a, b);
  const q = docs.length / 2;
  const offsets = Int32Array.from({ length: q + 1 }, (_, i) => 2 * i);
  return {
    queries: unitRows(q, d, 1),
    documents: unitRows(n, d, 2),
    qrels: { numQueries: q, numDocs: n, offsets, docs: Int32Array.from(docs) },
    learningRate: 0.01,
    temperature: 0.1,
    adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    blockSize: 64,
  };
}

async function oursSteps(n, d, instructionSet = 'auto') {
  const init = pairsInit(n, d);
  const engine = await createNativeStepEngine(init, { threads, instructionSet });
  for (let i = 0; i < 3; i++) await engine.step();
  let steps = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000 || steps < 5) {
    await engine.step();
    steps++;
  }
  const elapsed = (performance.now() - start) / 1000;
  const name = engine.name;
  await engine.dispose();
  return { stepsPerSecond: steps / elapsed, q: init.qrels.numQueries, name };
}

const numpyGuess = new Map();
function numpySteps(n, d) {
  // aim at ~`seconds` of timed steps from the last measured rate (first guess: 2 GFLOP/s)
  const q = (n * (n - 1)) / 2;
  const rate = numpyGuess.get(`${n}x${d}`) ?? 2e9 / (6 * q * n * d);
  const iters = Math.max(5, Math.round(rate * seconds));
  const out = python([numpyScript, 'steps', String(n), String(d), String(iters)]);
  const match = /steps\/s=([0-9.]+)/.exec(out);
  if (!match) throw new Error(`unexpected numpy_reference.py output: ${out}`);
  const stepsPerSecond = Number(match[1]);
  numpyGuess.set(`${n}x${d}`, stepsPerSecond);
  return stepsPerSecond;
}

const NUMPY_MATMUL = `
import json, time, numpy as np
a = np.random.default_rng(0).standard_normal((2048, 2048), dtype=np.float32)
b = np.random.default_rng(1).standard_normal((2048, 2048), dtype=np.float32)
a @ b
best = min((lambda t: (a @ b, time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(5))
info = {}
try:
    from threadpoolctl import threadpool_info
    info = [{k: p.get(k) for k in ("internal_api", "version", "architecture", "num_threads")} for p in threadpool_info()]
except Exception as e:
    cfg = np.show_config(mode="dicts") if hasattr(np, "show_config") else {}
    blas = cfg.get("Build Dependencies", {}).get("blas", {}) if isinstance(cfg, dict) else {}
    info = {"threadpoolctl": "unavailable", "blas": blas.get("name"), "version": blas.get("version")}
print(json.dumps({"gflops": 2 * 2048 ** 3 / best / 1e9, "numpy": np.__version__, "blas": info}))
`;

const results = new Map();
let ourGemm = 0;
let numpyGemm = 0;
let numpyInfo;
let engineName = '';
for (let round = 1; round <= rounds; round++) {
  for (const [n, d] of sizes) {
    const key = `${n}x${d}`;
    const entry = results.get(key) ?? { n, d, q: 0, stepsPerSecond: 0, numpyStepsPerSecond: 0, genericStepsPerSecond: undefined };
    log(`round ${round}: ours n=${n} d=${d}`);
    const ours = await oursSteps(n, d);
    engineName = ours.name;
    entry.q = ours.q;
    entry.stepsPerSecond = Math.max(entry.stepsPerSecond, ours.stepsPerSecond);
    if (args.generic) {
      log(`round ${round}: ours (generic 128-bit build) n=${n} d=${d}`);
      entry.genericStepsPerSecond = Math.max(entry.genericStepsPerSecond ?? 0, (await oursSteps(n, d, 'generic')).stepsPerSecond);
    }
    log(`round ${round}: numpy n=${n} d=${d}`);
    entry.numpyStepsPerSecond = Math.max(entry.numpyStepsPerSecond, numpySteps(n, d));
    results.set(key, entry);
  }
  log(`round ${round}: GEMM peaks (2048²)`);
  ourGemm = Math.max(ourGemm, measureGemmPeak({ size: 2048, threads }));
  const np = JSON.parse(python(['-c', NUMPY_MATMUL]));
  numpyGemm = Math.max(numpyGemm, np.gflops);
  numpyInfo = { numpy: np.numpy, blas: np.blas };
}

const peak = Math.max(ourGemm, numpyGemm);
const TARGETS = { '300x16': { speedup: 8, fractionOfPeak: 0.2 }, '100x8': { speedup: 4 } };
const rows = [...results.values()].map((r) => {
  const gflopsPerSecond = (6 * r.q * r.n * r.d * r.stepsPerSecond) / 1e9;
  const speedup = r.stepsPerSecond / r.numpyStepsPerSecond;
  const fractionOfPeak = gflopsPerSecond / peak;
  const target = TARGETS[`${r.n}x${r.d}`];
  const meets = target ? speedup >= target.speedup && (target.fractionOfPeak === undefined || fractionOfPeak >= target.fractionOfPeak) : undefined;
  return { ...r, gflopsPerSecond, speedupVsNumpy: speedup, fractionOfPeak, target, meetsTarget: meets };
});
const report = {
  date: new Date().toISOString(),
  command: `node bench/step.bench.mjs ${process.argv.slice(2).join(' ')}`.trim(),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', logicalCpus: cpus().length, availableParallelism: availableParallelism() },
  node: process.version,
  engine: engineName,
  threads,
  rounds,
  secondsPerMeasurement: seconds,
  numpy: numpyInfo,
  gemm: { oursGflopsPerSecond: ourGemm, numpyGflopsPerSecond: numpyGemm, peakGflopsPerSecond: peak },
  sizes: rows,
};

if (!args.json) {
  const f = (x, digits = 1) => x.toFixed(digits);
  console.log(`native step vs numpy_reference.py — ${report.date}, ${report.machine.cpu}, ${threads} threads, ${engineName}`);
  console.log('   n    d        q   ours steps/s  numpy steps/s  speed-up  ours GFLOP/s  % of peak  target');
  for (const r of rows) {
    const t = r.target ? `≥${r.target.speedup}×${r.target.fractionOfPeak ? `, ≥${r.target.fractionOfPeak * 100}%` : ''}: ${r.meetsTarget ? 'met' : 'NOT met'}` : '';
    console.log(
      `${String(r.n).padStart(4)} ${String(r.d).padStart(4)} ${String(r.q).padStart(8)} ${f(r.stepsPerSecond).padStart(14)} ${f(r.numpyStepsPerSecond).padStart(14)} ${(f(r.speedupVsNumpy) + '×').padStart(9)} ${f(r.gflopsPerSecond).padStart(13)} ${(f(100 * r.fractionOfPeak) + '%').padStart(10)}  ${t}`,
    );
  }
  if (args.generic) {
    for (const r of rows) {
      console.log(`generic 128-bit build (SSE2, no FMA) at n=${r.n} d=${r.d}: ${f(r.genericStepsPerSecond)} steps/s = ${f(r.genericStepsPerSecond / r.numpyStepsPerSecond)}× numpy, ${f(r.stepsPerSecond / r.genericStepsPerSecond)}× slower than AVX2`);
    }
  }
  console.log(`GEMM 2048² float32: ours ${f(ourGemm)} GFLOP/s, numpy ${f(numpyGemm)} GFLOP/s → peak ${f(peak)} GFLOP/s`);
}
console.log(JSON.stringify(report));
