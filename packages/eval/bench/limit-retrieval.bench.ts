/**
 * BM25 and the character n-gram hashing encoder on generated LIMIT (LIMIT-small: 46 documents;
 * full LIMIT: 50,000 documents; 1,000 queries, 2 relevant each): index and query timings, and the
 * recall each reaches (printed once), next to the paper's numbers. Run: pnpm bench (packages/eval).
 */
import { generateLimitDataset } from '@limit/datasets';
import { bench, describe } from 'vitest';
import { Bm25Index } from '../src/lexical/bm25-index.js';
import { createBm25Retriever } from '../src/lexical/bm25-retriever.js';
import { evaluateRetriever } from '../src/retrieval/evaluate-retriever.js';
import { createNgramRetriever } from '../src/lexical/ngram-retriever.js';
import { documentText } from '../src/retrieval/retrieval-dataset.js';

const small = generateLimitDataset({ size: 'small', seed: 0 });
const full = generateLimitDataset({ size: 'full', seed: 0 });
const docs = full.corpus.map(documentText);
const queries = full.queries.map((q) => q.text);
const once = { iterations: 3, time: 0, warmupIterations: 0, warmupTime: 0 };

for (const [name, data] of [['LIMIT-small', small], ['full LIMIT', full]] as const) {
  for (const retriever of [createBm25Retriever(), createNgramRetriever()]) {
    const r = await evaluateRetriever(data, retriever);
    const m = r.evaluation.mean;
    console.log(
      `${name} ${retriever.name}: R@2 ${(m.recall_at_2! * 100).toFixed(1)}  R@10 ${(m.recall_at_10! * 100).toFixed(1)}  R@20 ${(m.recall_at_20! * 100).toFixed(1)}  R@100 ${(m.recall_at_100! * 100).toFixed(1)}  nDCG@10 ${(m.ndcg_at_10! * 100).toFixed(1)}  (${r.seconds.toFixed(1)} s end to end)`,
    );
  }
}

let index: Bm25Index | undefined;
describe('BM25 on full LIMIT (50,000 documents, 1,000 queries)', () => {
  bench('index 50,000 documents', () => {
    index = new Bm25Index(docs);
  }, once);
  bench('answer 1,000 queries, k = 100', () => {
    (index ??= new Bm25Index(docs)).search(queries, { k: 100 });
  }, once);
});

describe('n-gram hashing on full LIMIT', () => {
  bench('encode + search 50,000 documents × 1,000 queries, k = 100', async () => {
    await createNgramRetriever().retrieve(queries, docs, { k: 100 });
  }, { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 });
});
