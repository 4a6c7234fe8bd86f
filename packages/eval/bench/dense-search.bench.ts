/**
 * Exact dense search: 1,000 queries × 50,000 documents × 1024 float32 (51 GFLOP), top-100, with
 * the onnxruntime Gemm block scorer and with the plain JavaScript kernel (on 1/10 of the corpus,
 * which is linear in the corpus size). Run: pnpm bench (from packages/eval).
 */
import { createDenseMatrix, createRng } from '@limit/core';
import { bench, describe } from 'vitest';
import { denseSearch } from '../src/dense/dense-search.js';
import { createOnnxRuntimeScorer } from '../src/node/onnx-runtime-scorer.js';

const dim = 1024;
const rng = createRng(1);
const queries = createDenseMatrix(1000, dim);
rng.fillNormal(queries.data);
const corpus = createDenseMatrix(50_000, dim);
rng.fillNormal(corpus.data);
const corpusTenth = createDenseMatrix(5_000, dim, corpus.data.subarray(0, 5_000 * dim));
const scorer = await createOnnxRuntimeScorer();
const once = { iterations: 3, time: 0, warmupIterations: 1, warmupTime: 0 };

describe('denseSearch 1000 × 50000 × 1024, k = 100', () => {
  bench('onnxruntime Gemm scorer, cosine, blockSize 4096', async () => {
    await denseSearch(queries, corpus, { k: 100, similarity: 'cosine', blockSize: 4096, scorer });
  }, once);
  bench('JavaScript dotBlock kernel on 5,000 documents (×10 for 50,000)', async () => {
    await denseSearch(queries, corpusTenth, { k: 100, similarity: 'cosine', blockSize: 1024 });
  }, { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 });
});
