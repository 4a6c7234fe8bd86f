// How hard is the generated LIMIT for BM25, next to the official release? Generates LIMIT-small and
// (unless --small-only) full LIMIT at a seed, prints the text statistics of `datasetStats` and the
// repo's BM25 recall (the same retriever as `limit evaluate --retriever bm25`).
//   node bench/limit-hardness.mjs [--seed 0] [--small-only] [--check]   (in packages/eval, after building datasets and eval)
// --check exits 1 unless issue 22's targets hold (and issue 12's text statistics): words per document
// and per item within 10% of the official LIMIT-small's, items sharing a word ≥ 75% of it; query-word
// reach ≥ 3.6; at most 3 "and" queries per 1,000; every query length (3 … 7 words) within ±20% of the
// release's count (580 / 335 / 61 / 18 / 6); BM25 LIMIT-small R@2 within 97.8 ± 1.0, full LIMIT
// R@2 ≤ 87.5 and R@100 within 93.6 ± 2.5.
import { datasetStats, generateLimitDataset } from '@limit/datasets';
import { createBm25Retriever, evaluateRetriever } from '../dist/index.js';

const args = process.argv.slice(2);
const seed = Number(args[args.indexOf('--seed') + 1] ?? 0) || 0;
const sizes = args.includes('--small-only') ? ['small'] : ['small', 'full'];
const official = { wordsPerDocument: '73.1 (63–84)', wordsPerItem: 1.54, itemsSharingWord: 0.34, queryWordReach: 3.9 };
const paper = { small: { recall_at_2: 97.8, recall_at_10: 100, recall_at_20: 100 }, full: { recall_at_2: 85.7, recall_at_10: 90.4, recall_at_100: 93.6 } };
const out = { seed, date: new Date().toISOString().slice(0, 10), official, paper };
for (const size of sizes) {
  const t0 = Date.now();
  const ds = generateLimitDataset({ size, seed });
  const s = datasetStats(ds);
  const r = await evaluateRetriever(ds, createBm25Retriever(), { cutoffs: [2, 10, 20, 100] });
  const andQueries = ds.queries.filter((q) => / and /i.test(q.text.replace(/^Who likes /, ''))).length;
  const pct = (x) => Math.round(x * 1000) / 10;
  out[size] = {
    text: { ...s.text, wordsPerDocument: { ...s.text.wordsPerDocument, mean: Math.round(s.text.wordsPerDocument.mean * 10) / 10 }, andQueries },
    bm25: Object.fromEntries(['recall_at_2', 'recall_at_10', 'recall_at_20', 'recall_at_100'].map((m) => [m, pct(r.evaluation.mean[m])])),
    seconds: (Date.now() - t0) / 1000,
  };
  process.stderr.write(`${size}: ${JSON.stringify(out[size])}\n`);
}
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
if (args.includes('--check')) {
  const failed = [];
  const want = (ok, what) => ok || failed.push(what);
  const t = out.small.text;
  want(Math.abs(t.wordsPerDocument.mean - 73.1) / 73.1 <= 0.1, `words per document ${t.wordsPerDocument.mean}`);
  want(Math.abs(t.wordsPerItem - 1.54) / 1.54 <= 0.1, `words per item ${t.wordsPerItem}`);
  want(t.itemsSharingWord >= 0.75 * 0.34, `items sharing a word ${t.itemsSharingWord}`);
  want(t.queryWordReach >= 3.6, `query-word reach ${t.queryWordReach} (≥ 3.6)`);
  want(t.andQueries <= 3, `"and" queries ${t.andQueries} (≤ 3)`);
  const release = { 3: 580, 4: 335, 5: 61, 6: 18, 7: 6 };
  const lengths = Object.fromEntries(t.queryWords);
  for (const [words, count] of Object.entries(release)) {
    want(Math.abs((lengths[words] ?? 0) - count) <= 0.2 * count, `${words}-word queries ${lengths[words] ?? 0} (release ${count} ± 20%)`);
  }
  want(Math.abs(out.small.bm25.recall_at_2 - 97.8) <= 1.0, `LIMIT-small R@2 ${out.small.bm25.recall_at_2}`);
  if (out.full) {
    want(Math.abs(out.full.bm25.recall_at_100 - 93.6) <= 2.5, `full R@100 ${out.full.bm25.recall_at_100}`);
    want(out.full.bm25.recall_at_2 <= 87.5, `full R@2 ${out.full.bm25.recall_at_2} (≤ 87.5)`);
  }
  process.stderr.write(failed.length ? `targets missed: ${failed.join('; ')}\n` : 'all targets met\n');
  process.exitCode = failed.length ? 1 : 0;
}
