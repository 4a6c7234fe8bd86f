import { InvalidArgumentError } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { mapAtK } from './map-at-k.js';
import { mrrAtK } from './mrr-at-k.js';
import { ndcgAtK } from './ndcg-at-k.js';
import { precisionAtK } from './precision-at-k.js';
import { compareCodePoints, rankDocuments } from '../rank-documents.js';
import { recallAtK } from './recall-at-k.js';
import { successAtK } from './success-at-k.js';

// Hand-computed values. ranked: r1 relevant(1), r2 not judged, r3 relevant(2), r4 judged 0; a 5th relevant doc never retrieved.
const ranked = ['r1', 'x', 'r3', 'z'];
const judged = { r1: 1, r3: 2, z: 0, missing: 1 };

describe('per-query metrics (hand-computed)', () => {
  it('recall@k = hits / |relevant|', () => {
    expect(recallAtK(ranked, judged, 1)).toBeCloseTo(1 / 3, 12);
    expect(recallAtK(ranked, judged, 3)).toBeCloseTo(2 / 3, 12);
    expect(recallAtK(ranked, judged, 1000)).toBeCloseTo(2 / 3, 12);
    expect(recallAtK(ranked, { z: 0 }, 3)).toBe(0);
    expect(recallAtK(ranked, judged, 3, 2)).toBeCloseTo(1, 12); // only r3 is relevant at level 2
  });
  it('precision@k divides by k even past the end of the ranking', () => {
    expect(precisionAtK(ranked, judged, 2)).toBeCloseTo(0.5, 12);
    expect(precisionAtK(ranked, judged, 10)).toBeCloseTo(0.2, 12);
  });
  it('nDCG@k uses linear gains and log2(rank+1) discounts', () => {
    const dcg3 = 1 + 2 / Math.log2(4);
    const idcg3 = 2 + 1 / Math.log2(3) + 1 / Math.log2(4);
    expect(ndcgAtK(ranked, judged, 3)).toBeCloseTo(dcg3 / idcg3, 12);
    expect(ndcgAtK(ranked, judged, 1)).toBeCloseTo(1 / 2, 12);
    expect(ndcgAtK(ranked, { z: 0 }, 5)).toBe(0);
  });
  it('MAP@k divides by all relevant documents', () => {
    expect(mapAtK(ranked, judged, 3)).toBeCloseTo((1 + 2 / 3) / 3, 12);
    expect(mapAtK(ranked, judged, 1)).toBeCloseTo(1 / 3, 12);
  });
  it('MRR@k and success@k look at the first relevant document within k', () => {
    expect(mrrAtK(['x', 'y', 'r1'], judged, 3)).toBeCloseTo(1 / 3, 12);
    expect(mrrAtK(['x', 'y', 'r1'], judged, 2)).toBe(0);
    expect(successAtK(['x', 'y', 'r1'], judged, 2)).toBe(0);
    expect(successAtK(['x', 'y', 'r1'], judged, 3)).toBe(1);
  });
  it('rejects k that is not a positive integer', () => {
    for (const fn of [recallAtK, precisionAtK, ndcgAtK, mapAtK, mrrAtK, successAtK]) {
      expect(() => fn(ranked, judged, 0)).toThrow(InvalidArgumentError);
      expect(() => fn(ranked, judged, 1.5)).toThrow(InvalidArgumentError);
    }
  });
});

describe('duplicate document ids in a ranking', () => {
  const parameterOf = (fn: () => unknown): string | false => {
    try {
      fn();
    } catch (e) {
      return InvalidArgumentError.isInstance(e) && e.parameter;
    }
    return false;
  };
  it('are rejected by every metric (they would give recall 1.5, nDCG > 1, MAP 2)', () => {
    const dup = ['r1', 'r1', 'r3'];
    const qrels = { r1: 1, r3: 1 };
    for (const fn of [recallAtK, precisionAtK, ndcgAtK, mapAtK, mrrAtK, successAtK]) {
      expect(parameterOf(() => fn(dup, qrels, 3))).toBe('ranked');
      expect(parameterOf(() => fn(['x', 'r1', 'x'], qrels, 3))).toBe('ranked');
    }
  });
  it('beyond the cutoff do not matter, and distinct rankings stay within [0, 1]', () => {
    const qrels = { r1: 1, r3: 1 };
    expect(recallAtK(['r1', 'x', 'r1'], qrels, 2)).toBeCloseTo(0.5, 12);
    expect(mapAtK(['r1', 'x', 'r1'], qrels, 2)).toBeCloseTo(0.5, 12);
    expect(recallAtK(['r1', 'r3'], qrels, 2)).toBe(1);
    expect(mapAtK(['r1', 'r3'], qrels, 2)).toBe(1);
    expect(ndcgAtK(['r1', 'r3'], qrels, 2)).toBeCloseTo(1, 12);
  });
  it('are caught when a larger cutoff reaches them on an array already scored at a smaller one', () => {
    const qrels = { r1: 1, r3: 1 };
    const shared = ['r1', 'x', 'r3', 'r1'];
    expect(recallAtK(shared, qrels, 3)).toBe(1);
    expect(mapAtK(shared, qrels, 3)).toBeCloseTo((1 + 2 / 3) / 2, 12);
    expect(parameterOf(() => recallAtK(shared, qrels, 4))).toBe('ranked');
    expect(parameterOf(() => ndcgAtK(shared, qrels, 10))).toBe('ranked');
  });
});

describe('rankDocuments', () => {
  it('sorts by score descending then docid descending in code point order', () => {
    expect(rankDocuments({ a: 1, b: 2, c: 1 })).toEqual(['b', 'c', 'a']);
    expect(rankDocuments({ d10: 1, d9: 1, D1: 1 })).toEqual(['d9', 'd10', 'D1']);
    // U+1F600 (a surrogate pair in UTF-16) sorts after U+FF21 in byte order
    expect(compareCodePoints('\u{1F600}', '\uFF21')).toBeGreaterThan(0);
    expect(rankDocuments({ '\uFF21': 0, '\u{1F600}': 0 })).toEqual(['\u{1F600}', '\uFF21']);
  });
});
