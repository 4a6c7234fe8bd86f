#!/usr/bin/env node
// Steps per second of the onnxruntime step engine against the numpy yardstick
// (../../shared/bench/numpy_reference.py, or $LIMIT_NUMPY_REFERENCE), measured in the same run with
// interleaved rounds, at the issue's two sizes: n = 100, d = 8 and n = 300, d = 16 (k = 2, all C(n, 2)
// queries). Reports the median over rounds (the machine is shared, timings are noisy).
//
// Usage (after `pnpm turbo run build --filter=@limit/trainer...`):
//   node packages/trainer/bench/onnx-step.mjs [--rounds 5] [--steps 30] [--threads T] [--block B] [--sizes 100x8,300x16] [--json]
// Plain JavaScript on purpose: it imports the built dist, so no TypeScript runner is needed.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '@limit/core';

const here = dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]?.startsWith('--') || all[i + 1] === undefined ? 'true' : all[i + 1]]] : acc), []),
);
const rounds = Number(args.rounds ?? 5);
const steps = Number(args.steps ?? 30);
const sizes = (args.sizes ?? '100x8,300x16').split(',').map((s) => s.split('x').map(Number));
const numpyScript = process.env.LIMIT_NUMPY_REFERENCE ?? resolve(here, '../../../../shared/bench/numpy_reference.py');
const engineModule = process.env.LIMIT_TRAINER_MODULE ?? resolve(here, '../dist/index.js');
const { createStepEngine } = await import(engineModule);

/** The engine contract's init for all C(n, 2) queries, unit-normalised N(0, 1) rows from a seeded RNG. */
function pairsInit(n, d, blockSize) {
  const docs = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) docs.push(a, b);
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
  return {
    queries: unit(q),
    documents: unit(n),
    qrels: { numQueries: q, numDocs: n, offsets: Int32Array.from({ length: q + 1 }, (_, i) => 2 * i), docs: Int32Array.from(docs) },
    learningRate: 0.01,
    temperature: 0.1,
    adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    // The trainer's default: about 2^21 logits per block.
    blockSize: Number(args.block ?? Math.max(1, Math.floor(2 ** 21 / n))),
  };
}

function numpySteps(n, d) {
  const out = execFileSync('python3', [numpyScript, 'steps', String(n), String(d), String(steps)], { encoding: 'utf8' });
  const match = /steps\/s=([\d.]+)/.exec(out);
  if (!match) throw new Error(`unexpected numpy output: ${out}`);
  return Number(match[1]);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const hasNumpy = existsSync(numpyScript);
const engineOptions = args.threads ? { threads: Number(args.threads) } : {};
const results = [];
for (const [n, d] of sizes) {
  const init = pairsInit(n, d, undefined);
  const engine = await createStepEngine('onnx', init, engineOptions);
  await engine.step(); // warm-up (session arenas, first-run allocations)
  const onnx = [];
  const numpy = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let s = 0; s < steps; s++) await engine.step();
    onnx.push(steps / ((performance.now() - t0) / 1000));
    if (hasNumpy) numpy.push(numpySteps(n, d));
  }
  await engine.dispose();
  const row = {
    n,
    d,
    q: init.qrels.numQueries,
    // The engine caps blocks at ⌊2^19 / n⌋ queries (cache-sized); init.blockSize is an upper bound.
    blockSize: Math.min(init.blockSize, Math.max(1, Math.floor(2 ** 19 / n)), init.qrels.numQueries),
    engine: engine.name,
    onnxStepsPerSecond: median(onnx),
    numpyStepsPerSecond: hasNumpy ? median(numpy) : null,
    ratio: hasNumpy ? median(onnx) / median(numpy) : null,
    onnxRounds: onnx,
    numpyRounds: numpy,
  };
  results.push(row);
  if (args.json !== 'true') {
    const f = (x) => x.toFixed(1);
    console.log(
      `n=${n} d=${d} q=${row.q} block=${row.blockSize}: ${row.engine} ${f(row.onnxStepsPerSecond)} steps/s` +
        (hasNumpy ? `, numpy ${f(row.numpyStepsPerSecond)} steps/s, ratio ${row.ratio.toFixed(2)}×` : ' (numpy reference not found)') +
        `  [onnx rounds ${onnx.map(f).join(' ')}${hasNumpy ? `; numpy rounds ${numpy.map(f).join(' ')}` : ''}]`,
    );
  }
}
if (args.json === 'true') console.log(JSON.stringify({ rounds, steps, results }, null, 2));
