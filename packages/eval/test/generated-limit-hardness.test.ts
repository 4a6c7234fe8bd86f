import { generateLimitDataset } from '@limit/datasets';
import { describe, expect, it } from 'vitest';
import { createBm25Retriever } from '../src/lexical/bm25-retriever.js';
import { evaluateRetriever } from '../src/retrieval/evaluate-retriever.js';

// The paper (and our evaluator on the official files) gives BM25 R@2 = 97.8 on LIMIT-small; the
// generated LIMIT-small must be as hard: within ±1.0 point. (Full LIMIT: bench/limit-hardness.mjs.)
describe('generated LIMIT-small is as hard for BM25 as the official one', () => {
  it('seed 0: R@2 within 97.8 ± 1.0, R@10 = R@20 = 100', async () => {
    const r = await evaluateRetriever(generateLimitDataset({ size: 'small', seed: 0 }), createBm25Retriever(), { k: [2, 10, 20] });
    expect(Math.abs(r.evaluation.mean.recall_at_2! * 100 - 97.8)).toBeLessThanOrEqual(1.0);
    expect(r.evaluation.mean.recall_at_10).toBe(1);
    expect(r.evaluation.mean.recall_at_20).toBe(1);
  });
});
