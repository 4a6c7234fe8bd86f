import { generateLimitDataset } from '@limit/datasets';
import { evaluateRetriever } from '/work/main/packages/eval/src/evaluate-retriever.ts';
import { createNgramRetriever } from '/work/main/packages/eval/src/ngram-retriever.ts';
import { createBm25Retriever } from '/work/main/packages/eval/src/bm25-retriever.ts';
const full = generateLimitDataset({ size: 'full', seed: 0 });
const small = generateLimitDataset({ size: 'small', seed: 0 });
for (const [n, d] of [['small', small]] as const) {
  const r = await evaluateRetriever(d, createBm25Retriever());
  const m = r.evaluation.mean;
  console.log(n, 'bm25', m.recall_at_2, m.recall_at_10, m.recall_at_20, m.recall_at_100);
}
for (const analyzer of ['char_wb', 'char'] as const) {
  const c = process.cpuUsage();
  const r = await evaluateRetriever(full, createNgramRetriever({ analyzer }));
  const m = r.evaluation.mean;
  console.log(analyzer, 'R@2', m.recall_at_2, 'R@10', m.recall_at_10, 'R@100', m.recall_at_100, 'wall', r.seconds, 'cpu', process.cpuUsage(c).user / 1e6);
}
{
  const c = process.cpuUsage();
  const r = await evaluateRetriever(full, createBm25Retriever());
  const m = r.evaluation.mean;
  console.log('full bm25', m.recall_at_2, m.recall_at_10, m.recall_at_100, 'wall', r.seconds, 'cpu', process.cpuUsage(c).user / 1e6);
}
