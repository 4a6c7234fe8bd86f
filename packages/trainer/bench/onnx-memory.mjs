#!/usr/bin/env node
// Peak memory of the onnxruntime step engine at n = 626, d = 45, k = 2 (q = C(626, 2) = 195,625
// queries): builds the engine with the trainer's default block size (about 2^21 logits per block),
// runs a few steps and one accuracy pass, and prints the peak resident set size. Target: < 1.5 GB.
//
// Usage (after `pnpm turbo run build --filter=@limit/trainer...`):
//   node packages/trainer/bench/onnx-memory.mjs [--n 626] [--d 45] [--steps 3] [--block B] [--json]
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '@limit/core';

const here = dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]?.startsWith('--') || all[i + 1] === undefined ? 'true' : all[i + 1]]] : acc), []),
);
const n = Number(args.n ?? 626);
const d = Number(args.d ?? 45);
const steps = Number(args.steps ?? 3);
const engineModule = process.env.LIMIT_TRAINER_MODULE ?? resolve(here, '../dist/index.js');
const { createStepEngine } = await import(engineModule);

const mb = (bytes) => (bytes / 2 ** 20).toFixed(0);
const rssBaseline = process.memoryUsage().rss;

const docs = new Int32Array(n * (n - 1));
let p = 0;
for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) (docs[p++] = a), (docs[p++] = b);
const q = docs.length / 2;
const rng = createRng(42);
const unit = (rows) => {
  const data = new Float32Array(rows * d);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (data[r * d + j] = rng.normal()) ** 2;
    for (let j = 0; j < d; j++) data[r * d + j] /= Math.sqrt(s);
  }
  return { rows, cols: d, data };
};
const init = {
  queries: unit(q),
  documents: unit(n),
  qrels: { numQueries: q, numDocs: n, offsets: Int32Array.from({ length: q + 1 }, (_, i) => 2 * i), docs },
  learningRate: 0.01,
  temperature: 0.1,
  adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
  blockSize: Number(args.block ?? Math.max(1, Math.floor(2 ** 21 / n))),
};

const t0 = performance.now();
const engine = await createStepEngine('onnx', init, {});
const tCreate = performance.now() - t0;
const losses = [];
const t1 = performance.now();
for (let s = 0; s < steps; s++) losses.push(await engine.step());
const tSteps = (performance.now() - t1) / steps;
const accuracy = await engine.accuracy();
await engine.dispose();
// maxRSS is in kilobytes; it covers everything the process ever held (V8 heap, typed arrays, ORT arenas).
const peak = process.resourceUsage().maxRSS * 1024;
const result = {
  n,
  d,
  q,
  // The engine caps blocks at ⌊2^19 / n⌋ queries (cache-sized); init.blockSize is an upper bound.
  blockSize: Math.min(init.blockSize, Math.max(1, Math.floor(2 ** 19 / n))),
  steps,
  secondsPerStep: tSteps / 1000,
  createSeconds: tCreate / 1000,
  losses,
  accuracy,
  baselineRssMB: Number(mb(rssBaseline)),
  peakRssMB: Number(mb(peak)),
  underLimit: peak < 1.5 * 2 ** 30,
};
if (args.json === 'true') console.log(JSON.stringify(result, null, 2));
else {
  console.log(
    `n=${n} d=${d} q=${q} block=${result.blockSize}: ${steps} steps, ${(tSteps / 1000).toFixed(2)} s/step, ` +
      `losses ${losses.map((l) => l.toFixed(4)).join(' ')}, accuracy ${accuracy.toFixed(4)}; ` +
      `peak RSS ${mb(peak)} MB (baseline ${mb(rssBaseline)} MB) — ${result.underLimit ? 'under' : 'OVER'} 1.5 GB`,
  );
}
