import { InvalidArgumentError } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { createBm25Retriever } from '../lexical/bm25-retriever.js';
import { evaluateRetriever } from './evaluate-retriever.js';
import { topKToRun } from './top-k-to-run.js';
import { toMtebResult } from '../report/mteb-result.js';
import { createNgramRetriever } from '../lexical/ngram-retriever.js';
import { formatResultsTable, metricLabel } from '../report/results-table.js';
import type { RetrievalDataset } from './retrieval-dataset.js';

const dataset: RetrievalDataset = {
  corpus: [
    { _id: 'Ann', title: '', text: 'Ann likes Quokkas, River Otters and Joshua Trees.' },
    { _id: 'Bob', title: '', text: 'Bob likes Apples, Quokkas and Jazz.' },
    { _id: 'Cid', title: '', text: 'Cid likes Apples, Joshua Trees and Chess.' },
    { _id: 'Dee', title: '', text: 'Dee likes Chess, Jazz and River Otters.' },
  ],
  queries: [
    { _id: 'q0', text: 'Who likes Quokkas?' },
    { _id: 'q1', text: 'Who likes Joshua Trees?' },
    { _id: 'q2', text: 'Who likes Chess?' },
  ],
  qrels: [
    { queryId: 'q0', docId: 'Ann', score: 1 },
    { queryId: 'q0', docId: 'Bob', score: 1 },
    { queryId: 'q1', docId: 'Ann', score: 1 },
    { queryId: 'q1', docId: 'Cid', score: 1 },
    { queryId: 'q2', docId: 'Cid', score: 1 },
    { queryId: 'q2', docId: 'Dee', score: 1 },
  ],
};

describe('evaluateRetriever', () => {
  it('BM25 and n-gram retrieve both relevant documents first on a toy LIMIT-style dataset', async () => {
    for (const retriever of [createBm25Retriever(), createNgramRetriever({ blockSize: 3 })]) {
      const r = await evaluateRetriever(dataset, retriever, { k: [1, 2, 10] });
      expect(r.evaluation.mean.recall_at_2, retriever.name).toBe(1);
      expect(r.evaluation.mean.recall_at_1).toBe(0.5);
      expect(Object.keys(r.run.q0!)).toHaveLength(4); // every document shares 'likes' (BM25) and n-grams with the query
    }
  });
  it('rejects qrels naming unknown ids and empty queries, naming the entry', async () => {
    const bad = { ...dataset, qrels: [...dataset.qrels, { queryId: 'q0', docId: 'Zed', score: 1 }] };
    const e = await evaluateRetriever(bad, createBm25Retriever()).catch((x: unknown) => x);
    expect(InvalidArgumentError.isInstance(e) && e.parameter).toBe('qrels[6].docId');
    const e2 = await evaluateRetriever({ ...dataset, qrels: [{ queryId: 'q9', docId: 'Ann', score: 1 }] }, createBm25Retriever()).catch((x: unknown) => x);
    expect(InvalidArgumentError.isInstance(e2) && e2.parameter).toBe('qrels[0].queryId');
    const e3 = await evaluateRetriever({ ...dataset, queries: [{ _id: 'q0', text: ' ' }] }, createBm25Retriever()).catch((x: unknown) => x);
    expect(InvalidArgumentError.isInstance(e3) && e3.parameter).toBe('queries[0].text');
    const e4 = await evaluateRetriever({ ...dataset, queries: [] }, createBm25Retriever()).catch((x: unknown) => x);
    expect(InvalidArgumentError.isInstance(e4) && e4.parameter).toBe('queries');
  });
  it('topKToRun skips empty slots', () => {
    const run = topKToRun({ rows: 1, k: 3, indices: Int32Array.of(1, 0, -1), scores: Float32Array.of(2, 1, -Infinity) }, ['q'], ['a', 'b']);
    expect(run).toEqual({ q: { b: 2, a: 1 } });
  });
});

describe('results formats', () => {
  it('MTEB JSON carries every metric per split with main_score = recall_at_2', async () => {
    const r = await evaluateRetriever(dataset, createBm25Retriever());
    const json = toMtebResult(r.evaluation, { taskName: 'LIMITSmallRetrieval', evaluationTime: r.seconds });
    const scores = json.scores.test![0]!;
    expect(scores.main_score).toBe(scores.recall_at_2);
    expect(scores.hf_subset).toBe('default');
    for (const key of ['ndcg_at_10', 'map_at_100', 'mrr_at_1000', 'precision_at_3', 'recall_at_20']) expect(typeof scores[key]).toBe('number');
    expect(() => toMtebResult(r.evaluation, { taskName: 'x', mainScore: 'recall_at_7' })).toThrow(InvalidArgumentError);
  });
  it('markdown table prints percentages and dashes', () => {
    expect(formatResultsTable([{ label: 'bm25', scores: { recall_at_2: 0.8571 } }], ['recall_at_2', 'recall_at_10'])).toBe(
      '| retriever | R@2 | R@10 |\n| --- | ---: | ---: |\n| bm25 | 85.7 | – |',
    );
    expect(metricLabel('ndcg_at_10')).toBe('nDCG@10');
  });
});
