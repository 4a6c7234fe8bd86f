import { generateLimitDataset } from '@limit/datasets';
import { describe, expect, it } from 'vitest';
import { createBm25Retriever } from '../src/lexical/bm25-retriever.js';
import { evaluateRetriever } from '../src/retrieval/evaluate-retriever.js';

// The paper (and our evaluator on the official files) gives BM25 R@2 = 97.8 on LIMIT-small; the
// generated LIMIT-small must be as hard: within ±1.0 point. (Full LIMIT: bench/limit-hardness.mjs.)
// R@10: the release's is 100; since query items follow the release's word overlap (issue 22), one
// query in 1,000 of seed 0 keeps one relevant document just below rank 10 (R@10 = 99.95).
describe('generated LIMIT-small is as hard for BM25 as the official one', () => {
  it('seed 0: R@2 within 97.8 ± 1.0, R@10 ≥ 99.9, R@20 = 100', async () => {
    const r = await evaluateRetriever(generateLimitDataset({ size: 'small', seed: 0 }), createBm25Retriever(), { cutoffs: [2, 10, 20] });
    expect(Math.abs(r.evaluation.mean.recall_at_2! * 100 - 97.8)).toBeLessThanOrEqual(1.0);
    expect(r.evaluation.mean.recall_at_10).toBeGreaterThanOrEqual(0.999);
    expect(r.evaluation.mean.recall_at_20).toBe(1);
  });
});
