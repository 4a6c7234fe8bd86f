import { describe, expect, it } from 'vitest';
import { createDenseMatrix, createRng } from '@limit/core';
import { allCombinationQrels } from '@limit/combinatorics';
import { momentCurveEmbedding } from '@limit/matrix';
import { qrelsFromSets } from '@limit/step-engine/testing';
import { refitQueries } from './query-refit.js';

/** Margin of query q for set R over documents D (rows), a plain loop: min over R − max off R. */
function gap(q: number[], D: number[][], R: number[]): number {
  const s = D.map((d) => d.reduce((a, x, c) => a + x * q[c]!, 0));
  return Math.min(...R.map((j) => s[j]!)) - Math.max(...s.filter((_, j) => !R.includes(j)));
}

describe('refitQueries (LP certificates of what documents allow)', () => {
  it('moment curve, n = 30, d = 4: every one of the 435 pairs is admitted, and the exact margin is at least the construction’s own', async () => {
    const emb = momentCurveEmbedding(30, 2);
    const qrels = allCombinationQrels(30, 2);
    const refit = await refitQueries({ documents: emb.documents, qrels }, { exactMargins: true });
    expect(refit).toMatchObject({ numQueries: 435, admitted: 435, notAdmitted: 0, undecided: 0 });
    // the construction's query is one unit query: the largest margin over all unit queries is at least its margin
    let constructionMin = Infinity;
    for (let i = 0; i < qrels.numQueries; i++) {
      const set = [qrels.docs[2 * i]!, qrels.docs[2 * i + 1]!];
      constructionMin = Math.min(constructionMin, emb.marginOf(set));
    }
    expect(refit.exactMargin!).toBeGreaterThanOrEqual(constructionMin * (1 - 1e-9));
    const tight = refit.tightest!;
    expect(tight.exactMargin!).toBeGreaterThanOrEqual(emb.marginOf([...tight.relevant]) * (1 - 1e-9));
    expect(tight.exactMargin!).toBeLessThanOrEqual(tight.marginUpperBound + 1e-9);
  });

  it('a document at the centroid of three others: no query puts it alone on top (hand argument: its score is their mean)', async () => {
    const rng = createRng(11);
    const unit = () => {
      const v = [rng.normal(), rng.normal(), rng.normal()];
      const norm = Math.hypot(...v);
      return v.map((x) => x / norm);
    };
    const others = [unit(), unit(), unit(), unit()];
    const centroid = [0, 1, 2].map((c) => (others[0]![c]! + others[1]![c]! + others[2]![c]!) / 3);
    const D = [centroid, ...others]; // document 0 = mean of documents 1, 2, 3; document 4 is free
    const documents = createDenseMatrix(5, 3, Float64Array.from(D.flat()));
    // k = 1: ⟨q, d₀⟩ = mean of ⟨q, d₁..₃⟩ ≤ their max, so {0} is never the top-1; every other singleton is a vertex
    const single = await refitQueries({ documents, qrels: qrelsFromSets([[0], [1], [2], [3], [4]], 5) });
    expect(single.listed.filter((s) => s.verdict !== 'admitted').map((s) => [s.relevant, s.verdict])).toEqual([[[0], 'not-admitted']]);
    expect(single.admitted).toBe(4);
    // k = 2: {0, 4} needs ⟨q,d₀⟩ above ⟨q,d₁⟩, ⟨q,d₂⟩, ⟨q,d₃⟩ — impossible for their mean; {0, j ≤ 3} are not blocked by it
    const pairs = allCombinationQrels(5, 2);
    const refit = await refitQueries({ documents, qrels: pairs });
    const blocked = refit.listed.filter((s) => s.verdict === 'not-admitted').map((s) => s.relevant.join(','));
    expect(blocked).toEqual(['0,4']);
    expect(refit.undecided).toBe(0);
    for (const s of refit.listed) if (s.verdict === 'not-admitted') expect(s.marginUpperBound).toBeLessThanOrEqual(1e-9);
    // a second witness for the admitted pairs containing 0: random unit queries that realise them
    for (const R of [[0, 1], [0, 2], [0, 3]]) {
      let best = -Infinity;
      const search = createRng(R.join('-'));
      for (let t = 0; t < 20_000 && best <= 0; t++) best = Math.max(best, gap([search.normal(), search.normal(), search.normal()], D, R));
      expect(best, `a random query realises {${R}}`).toBeGreaterThan(0);
    }
  });

  it('every admitted verdict is a recomputed positive margin, every bound brackets it', async () => {
    const rng = createRng(3);
    const n = 12;
    const d = 3;
    const documents = createDenseMatrix(n, d, Float64Array.from({ length: n * d }, () => rng.normal()));
    const refit = await refitQueries({ documents, qrels: allCombinationQrels(n, 2) }, { exactMargins: true, maxListed: 1000 });
    expect(refit.admitted + refit.notAdmitted + refit.undecided).toBe(66);
    expect(refit.notAdmitted).toBeGreaterThan(0); // 12 random points in ℝ³ cannot realise every pair
    for (const s of refit.listed) {
      if (s.verdict === 'admitted') expect(s.marginLowerBound).toBeGreaterThan(1e-9);
      expect(s.marginLowerBound).toBeLessThanOrEqual(s.marginUpperBound + 1e-9);
    }
  });
});
