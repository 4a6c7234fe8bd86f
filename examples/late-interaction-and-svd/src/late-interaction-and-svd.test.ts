import { qrelMatrixFromRows } from '@limit/combinatorics';
import { generateLimitDataset } from '@limit/datasets';
import { describe, expect, it } from 'vitest';
import { encodeMean, encodeTokens, exactTopKShare, formatReport, groupRepeats, randomWordVectors, runLateInteractionAndSvd } from './late-interaction-and-svd.js';

describe('late interaction and SVD example', () => {
  it('exact top-k share: strict gap required, by hand', () => {
    const qrels = qrelMatrixFromRows([[0, 1], [1, 2], [0, 2]], 3);
    // query 0: docs 0, 1 on top (exact); query 1: a tie between relevant 2 and irrelevant 0 (not exact);
    // query 2: doc 1 (irrelevant) above doc 2 (not exact)
    const scores = Float64Array.from([3, 2, 1, 5, 4, 5, 3, 2, 1]);
    expect(exactTopKShare(scores, qrels)).toBeCloseTo(1 / 3, 15);
  });

  it('encoders: unit mean vectors, one token vector per word', () => {
    const words = randomWordVectors(['Who likes Quokkas?', 'Ann likes Quokkas and Tea.'], 8, 1);
    const tokens = encodeTokens(words, ['Who likes Quokkas?']);
    expect(tokens.offsets[1]).toBe(words.tokenize('Who likes Quokkas?').length);
    const mean = encodeMean(words, ['Who likes Quokkas?', 'Ann likes Quokkas and Tea.']);
    for (let i = 0; i < 2; i++) expect(Math.hypot(...mean.data.subarray(i * 8, i * 8 + 8))).toBeCloseTo(1, 6);
  });

  it('at a small size: recall from @limit/eval equals a brute-force MaxSim recount; Eckart–Young holds; rank 46 is exact', async () => {
    const result = await runLateInteractionAndSvd({ dims: [16], ranks: [4, 46], freeEmbeddingDims: [16], seed: 0 });
    // brute force: MaxSim scores of every (query, document), recall@2 counted directly
    const dataset = generateLimitDataset({ size: 'small', seed: 0 });
    const words = randomWordVectors([...dataset.corpus.map((d) => d.text), ...dataset.queries.map((q) => q.text)], 16, 1);
    const q = encodeTokens(words, dataset.queries.map((x) => x.text));
    const d = encodeTokens(words, dataset.corpus.map((x) => x.text));
    const relevant = new Map<string, Set<string>>();
    for (const r of dataset.qrels) relevant.set(r.queryId, (relevant.get(r.queryId) ?? new Set()).add(r.docId));
    let found = 0;
    let total = 0;
    dataset.queries.forEach((query, i) => {
      const scores = dataset.corpus.map((doc, j) => {
        let s = 0;
        for (let a = q.offsets[i]!; a < q.offsets[i + 1]!; a++) {
          let best = -Infinity;
          for (let b = d.offsets[j]!; b < d.offsets[j + 1]!; b++) {
            let dot = 0;
            for (let t = 0; t < 16; t++) dot += q.data[a * 16 + t]! * d.data[b * 16 + t]!;
            best = Math.max(best, dot);
          }
          s += best;
        }
        return { id: doc._id, s };
      });
      scores.sort((x, y) => y.s - x.s);
      const rel = relevant.get(query._id)!;
      found += scores.slice(0, 2).filter((x) => rel.has(x.id)).length;
      total += rel.size;
    });
    expect(result.scorers[0]!.maxSim.r2).toBeCloseTo(found / total, 3);
    expect(result.scorers[0]!.maxSim.r2).toBeGreaterThan(result.scorers[0]!.single.r2);
    for (const row of result.ranks) expect(row.error).toBeCloseTo(row.predictedError, 9);
    expect(result.rankOfA).toBe(46);
    expect(result.ranks[1]).toMatchObject({ rank: 46, exactTop2: 1 });
    expect(result.freeEmbeddings[0]).toMatchObject({ d: 16, exactTop2: 1, stopReason: 'solved' });
    expect(formatReport(result)).toContain(`| 16 | ${(100 * result.scorers[0]!.single.r2).toFixed(1)} |`);
  });

  it('groups repeated singular values', () => {
    expect(groupRepeats(['9.36', '6.63', '6.63', '6.63', '5.54'])).toBe('9.36, 6.63 (×3), 5.54');
  });
});
