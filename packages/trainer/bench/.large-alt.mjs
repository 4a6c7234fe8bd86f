#!/usr/bin/env node
// Memory check of the issue: n = 626, d = 45 (q = C(626, 2) = 195,625 queries) runs a few steps under 1.5 GB.
// Usage: node bench/large-step.mjs [backend=onnx] [steps=3] [n=626] [d=45]   (after `pnpm build`)
// Prints steps/s and the peak resident set size (process.resourceUsage().maxRSS).
import { allCombinationQrels } from '@limit/combinatorics';
import { createStepEngine, initialEmbeddings } from '../.alt-dist/index.js';

const [backend = 'onnx', stepsText = '3', nText = '626', dText = '45'] = process.argv.slice(2);
const [steps, n, d] = [Number(stepsText), Number(nText), Number(dText)];
const qrels = allCombinationQrels(n, 2);
const start = initialEmbeddings({ numQueries: qrels.numQueries, numDocs: n, d }, 42);
const engine = await createStepEngine(backend, {
  ...start,
  qrels,
  learningRate: 0.01,
  temperature: 0.1,
  adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
  blockSize: Math.floor((1 << 21) / n),
});
const t0 = performance.now();
let loss = 0;
for (let i = 0; i < steps; i++) loss = await engine.step();
const seconds = (performance.now() - t0) / 1000;
const accuracy = await engine.accuracy();
await engine.dispose();
const peakMiB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ backend: engine.name, n, d, q: qrels.numQueries, steps, stepsPerSecond: steps / seconds, loss, accuracy, peakRssMiB: Math.round(peakMiB) }));
