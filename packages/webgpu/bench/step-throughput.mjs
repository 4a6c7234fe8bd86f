#!/usr/bin/env node
// Throughput of the WebGPU step engine: steps/s and GFLOP/s (6·q·n·d floating-point operations per
// step: the logits, ∇Q and ∇D products), at k = 2 with all C(n, 2) queries, next to the numpy
// yardstick (../../../../shared/bench/numpy_reference.py, or $LIMIT_NUMPY_REFERENCE) measured in the
// same run. Median over interleaved rounds (shared machines are noisy).
//
// On a machine without a GPU this runs on SwiftShader (a CPU implementation of Vulkan): those numbers
// are NOT GPU numbers and say nothing about GPU speed. On a real GPU, run it with the GPU's Vulkan
// driver (Linux: leave VK_ICD_FILENAMES unset, or point it at e.g. /usr/share/vulkan/icd.d/nvidia_icd.json):
//
//   pnpm --filter @limit/webgpu... build
//   node packages/webgpu/bench/step-throughput.mjs --sizes 300x16,626x45 --steps 20 --rounds 3
//
// Options: --sizes NxD,... (default 100x8,300x16)  --steps S (default 10)  --rounds R (default 3)
//          --block B (queries per block cap, default 65535)  --no-numpy  --json
//          --objective infoNce|hinge|sigmoid (default infoNce, the paper's; each at @limit/step-engine's
//          OBJECTIVE_DEFAULTS)  --queries free|centroid (default free, the paper's). numpy_reference.py
//          times the paper's InfoNCE step whatever the objective: the yardstick stays the same.
// stdout: a table (or JSON with --json); progress on stderr.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '@limit/core';
import { OBJECTIVE_DEFAULTS } from '@limit/step-engine';
import { create } from 'webgpu';

const here = dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]?.startsWith('--') || all[i + 1] === undefined ? 'true' : all[i + 1]]] : acc), []),
);
const sizes = (args.sizes ?? '100x8,300x16').split(',').map((s) => s.split('x').map(Number));
const steps = Number(args.steps ?? 10);
const rounds = Number(args.rounds ?? 3);
const blockSize = Number(args.block ?? 65_535);
const objective = args.objective ?? 'infoNce';
const queryMode = args.queries ?? 'free';
if (!(objective in OBJECTIVE_DEFAULTS)) throw new Error(`--objective must be one of ${Object.keys(OBJECTIVE_DEFAULTS).join(', ')} (got ${objective})`);
if (queryMode !== 'free' && queryMode !== 'centroid') throw new Error(`--queries must be free or centroid (got ${queryMode})`);
const numpyScript = process.env.LIMIT_NUMPY_REFERENCE ?? resolve(here, '../../../../shared/bench/numpy_reference.py');
const { createWebGpuStepEngine } = await import(resolve(here, '../dist/index.js'));

if (process.env.VK_ICD_FILENAMES === undefined && process.env.VK_DRIVER_FILES === undefined && process.argv.includes('--swiftshader')) {
  process.env.VK_ICD_FILENAMES = '/usr/lib/chromium/vk_swiftshader_icd.json';
}
const gpu = create([]);

function pairsInit(n, d) {
  const docs = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) docs.push(a, b);
  const q = docs.length / 2;
  const rng = createRng(42);
  const unit = (rows) => {
    const data = rng.normals(rows * d);
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += data[r * d + j] ** 2;
      for (let j = 0; j < d; j++) data[r * d + j] /= Math.sqrt(s);
    }
    return { rows, cols: d, data };
  };
  const documents = unit(n);
  const queries = unit(q);
  const qrels = { numQueries: q, numDocs: n, offsets: Int32Array.from({ length: q + 1 }, (_, i) => 2 * i), docs: Int32Array.from(docs) };
  return { queries, documents, qrels, learningRate: 0.01, objective: { ...OBJECTIVE_DEFAULTS[objective] }, queryMode, adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, blockSize };
}

function numpyStepsPerSecond(n, d) {
  if (args['no-numpy'] === 'true' || !existsSync(numpyScript)) return undefined;
  try {
    const out = execFileSync('python3', [numpyScript, 'steps', String(n), String(d), String(steps)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return Number(/steps\/s=([0-9.]+)/.exec(out)?.[1]);
  } catch {
    return undefined;
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
for (const [n, d] of sizes) {
  const init = pairsInit(n, d);
  const q = init.queries.rows;
  const engine = await createWebGpuStepEngine(init, { gpu });
  const adapter = `${engine.adapter.vendor} ${engine.adapter.architecture} ${engine.adapter.description}`.trim();
  await engine.step(); // warm-up (pipelines, first dispatch)
  const gpuRates = [];
  const numpyRates = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let s = 0; s < steps; s++) await engine.step();
    gpuRates.push(steps / ((performance.now() - t0) / 1000));
    const numpy = numpyStepsPerSecond(n, d);
    if (numpy !== undefined) numpyRates.push(numpy);
    console.error(`n=${n} d=${d} round ${r + 1}/${rounds}: webgpu ${gpuRates.at(-1).toFixed(2)} steps/s${numpy !== undefined ? `, numpy ${numpy.toFixed(2)} steps/s` : ''}`);
  }
  const stepsPerSecond = median(gpuRates);
  const numpy = numpyRates.length > 0 ? median(numpyRates) : undefined;
  rows.push({
    n, d, q, objective, queryMode, adapter, swiftshader: /swiftshader/i.test(adapter),
    blockSize: engine.blockSize, numBlocks: engine.numBlocks, peakBufferBytes: engine.peakBufferBytes,
    stepsPerSecond, gflops: (6 * q * n * d * stepsPerSecond) / 1e9,
    numpyStepsPerSecond: numpy, ratioToNumpy: numpy !== undefined ? stepsPerSecond / numpy : undefined,
  });
  await engine.dispose();
}

if (rows.some((r) => r.swiftshader)) {
  console.error('NOTE: these ran on SwiftShader, a CPU implementation of Vulkan — they are not GPU numbers.');
}
if (args.json === 'true') {
  console.log(JSON.stringify({ date: new Date().toISOString(), steps, rounds, rows }, null, 2));
} else {
  console.log('| n | d | q | objective, queries | adapter | blocks | peak buffers | webgpu steps/s | GFLOP/s | numpy (InfoNCE) steps/s | webgpu / numpy |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(`| ${r.n} | ${r.d} | ${r.q} | ${r.objective}, ${r.queryMode} | ${r.adapter} | ${r.numBlocks} × ≤${r.blockSize} | ${(r.peakBufferBytes / 2 ** 20).toFixed(1)} MiB | ${r.stepsPerSecond.toFixed(2)} | ${r.gflops.toFixed(3)} | ${r.numpyStepsPerSecond?.toFixed(2) ?? '–'} | ${r.ratioToNumpy?.toFixed(2) ?? '–'} |`);
  }
}
