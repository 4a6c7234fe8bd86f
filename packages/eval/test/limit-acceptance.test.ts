/**
 * Acceptance on generated LIMIT data (@limit/datasets), against the paper's numbers:
 * BM25 on LIMIT-small recall@2 ≥ 0.95 (paper 97.8), BM25 on full LIMIT (50,000 documents)
 * recall@100 ≥ 0.90 (paper 93.6). The n-gram encoder's full-LIMIT recall@100 (paper 93.9, target
 * ≥ 0.85) takes ~20 CPU-seconds and is measured by bench/limit-retrieval.bench.ts (README); here it
 * is checked on a 5,000-document LIMIT (same 46 relevant documents, fewer distractors).
 */
import { generateLimitDataset } from '@limit/datasets';
import { describe, expect, it } from 'vitest';
import { createBm25Retriever } from '../src/lexical/bm25-retriever.js';
import { evaluateRetriever } from '../src/retrieval/evaluate-retriever.js';
import { createNgramRetriever } from '../src/lexical/ngram-retriever.js';

describe('LIMIT acceptance', () => {
  it('BM25 on a generated LIMIT-small: recall@2 ≥ 0.95', async () => {
    const data = generateLimitDataset({ size: 'small', seed: 0 });
    expect(data.corpus).toHaveLength(46);
    const { evaluation } = await evaluateRetriever(data, createBm25Retriever());
    expect(evaluation.numQueries).toBe(1000);
    expect(evaluation.mean.recall_at_2).toBeGreaterThanOrEqual(0.95);
  }, 60_000);
  it('BM25 on a generated full LIMIT (50,000 documents): recall@100 ≥ 0.90', async () => {
    const data = generateLimitDataset({ size: 'full', seed: 0 });
    expect(data.corpus).toHaveLength(50_000);
    const { evaluation } = await evaluateRetriever(data, createBm25Retriever(), { k: [2, 10, 100] });
    expect(evaluation.mean.recall_at_100).toBeGreaterThanOrEqual(0.9);
  }, 180_000);
  it('n-gram hashing on a 5,000-document LIMIT: recall@100 ≥ 0.85', async () => {
    const data = generateLimitDataset({ size: 'full', numDocs: 5000, seed: 1 });
    const { evaluation } = await evaluateRetriever(data, createNgramRetriever(), { k: [2, 10, 100] });
    expect(evaluation.mean.recall_at_100).toBeGreaterThanOrEqual(0.85);
  }, 180_000);
});
