#!/usr/bin/env node
/**
 * Prints wall-clock AND process CPU time (user + system, all threads) for the speed targets, so
 * numbers taken on a shared, loaded machine can be read honestly. Uses the built dist:
 *   pnpm turbo run build --filter=@limit/eval... && node bench/speed-report.mjs
 */
import { createDenseMatrix, createRng } from '@limit/core';
import { generateLimitDataset } from '@limit/datasets';
import { Bm25Index, createNgramRetriever, denseSearch, documentText } from '@limit/eval';
import { createOnnxRuntimeScorer } from '@limit/eval/node';
import { loadavg } from 'node:os';

async function measure(label, fn, repeats = 3) {
  const rows = [];
  for (let i = 0; i < repeats; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await fn();
    const wall = (performance.now() - t) / 1000;
    const u = process.cpuUsage(c);
    rows.push({ wall, cpu: (u.user + u.system) / 1e6 });
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`${label}: wall median ${med(rows.map((r) => r.wall)).toFixed(2)} s (min ${Math.min(...rows.map((r) => r.wall)).toFixed(2)}), CPU median ${med(rows.map((r) => r.cpu)).toFixed(2)} s  [load ${loadavg()[0].toFixed(1)}]`);
}

const full = generateLimitDataset({ size: 'full', seed: 0 });
const docs = full.corpus.map(documentText);
const queries = full.queries.map((q) => q.text);
let index;
await measure('BM25 index 50,000 docs', () => { index = new Bm25Index(docs); });
await measure('BM25 1,000 queries k=100', () => index.search(queries, { k: 100 }));
await measure('n-gram encode+search 50,000 × 1,000, k=100', () => createNgramRetriever().retrieve(queries, docs, { k: 100 }), 1);

const dim = 1024;
const rng = createRng(1);
const q = createDenseMatrix(1000, dim);
rng.fillNormal(q.data);
const d = createDenseMatrix(50_000, dim);
rng.fillNormal(d.data);
const scorer = await createOnnxRuntimeScorer();
await measure('dense 1000×50000×1024 cosine k=100, onnxruntime Gemm', () => denseSearch(q, d, { k: 100, similarity: 'cosine', scorer }));
const tenth = createDenseMatrix(5_000, dim, d.data.subarray(0, 5_000 * dim));
await measure('dense 1000×5000×1024 cosine k=100, JS dotBlock (×10 for 50k)', () => denseSearch(q, tenth, { k: 100, similarity: 'cosine' }), 1);
await scorer.dispose();
