import * as ort from 'onnxruntime-node';
import { createRng } from '@limit/core';
import { createOnnxEngine } from '../src/engines/onnx-engine.js';

function setup(n: number, d: number, blockSize: number) {
  const pairs: number[] = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) pairs.push(a, b);
  const q = pairs.length / 2;
  const offsets = Int32Array.from({ length: q + 1 }, (_, i) => 2 * i);
  const rng = createRng(42);
  const norm = (rows: number) => {
    const a = new Float32Array(rows * d);
    for (let i = 0; i < a.length; i++) a[i] = rng.normal();
    for (let r = 0; r < rows; r++) { let s = 0; for (let j = 0; j < d; j++) s += a[r*d+j]! ** 2; s = Math.sqrt(s); for (let j = 0; j < d; j++) a[r*d+j]! /= s; }
    return { rows, cols: d, data: a };
  };
  return { queries: norm(q), documents: norm(n), qrels: { numQueries: q, numDocs: n, offsets, docs: Int32Array.from(pairs) }, learningRate: 0.01, temperature: 0.1, adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, blockSize };
}
const [n, d, bs, steps] = process.argv.slice(2).map(Number);
const e = await createOnnxEngine(setup(n!, d!, bs!), { ort: ort as never, intraOpNumThreads: Number(process.env.THREADS ?? 2), sessionOptions: process.env.NOSPIN ? { extra: { session: { intra_op: { allow_spinning: "0" } } } } : {} });
await e.step();
const t0 = performance.now();
let loss = 0;
for (let i = 0; i < steps!; i++) loss = await e.step();
const dt = (performance.now() - t0) / 1000;
console.log(`n=${n} d=${d} bs=${bs} steps/s=${(steps! / dt).toFixed(1)} loss=${loss.toFixed(4)} acc=${await e.accuracy()}`);
