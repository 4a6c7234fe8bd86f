import { createRng } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { datasetStats } from '../dataset-stats.js';
import { generateLimitDataset } from '../generate-limit-dataset.js';
import { chooseQueryItems } from './choose-query-items.js';

describe('query items follow the release (580 / 335 / 61 / 18 / 6 queries of 3 … 7 words, ≤ 1 "and" item per 1,000)', () => {
  for (const seed of [0, 1, 2]) {
    it(`generated LIMIT-small, seed ${seed}: the release's query-length histogram exactly, one "and" query at most`, () => {
      const ds = generateLimitDataset({ size: 'small', seed });
      const lengths = Object.fromEntries(datasetStats(ds).text.queryWords);
      expect(lengths).toEqual({ 3: 580, 4: 335, 5: 61, 6: 18, 7: 6 });
      expect(ds.queries.filter((q) => / and /.test(q.text)).length).toBeLessThanOrEqual(1);
    });
  }
  it('seed 0 reaches the release\'s query-word reach (≥ 3.6; release 3.9)', () => {
    expect(datasetStats(generateLimitDataset({ size: 'small', seed: 0 })).text.queryWordReach).toBeGreaterThanOrEqual(3.6);
  });
  it('scales to other query counts by largest remainders, and fills from other lengths when a vocabulary lacks one', () => {
    const vocab = Array.from({ length: 400 }, (_, i) => (i % 2 ? `Item${i}` : `Two Item${i}`));
    const { queryItems, fillers } = chooseQueryItems(vocab, 100, createRng(1));
    expect(queryItems).toHaveLength(100);
    expect(new Set([...queryItems, ...fillers]).size).toBe(400);
    // the release's shares of 1- and 2-word items are 58% and 33.5%; the 3-5-word 8.5% come from the rest
    const two = queryItems.filter((a) => a.includes(' ')).length;
    expect(two).toBeGreaterThanOrEqual(34);
    const small = chooseQueryItems(['A', 'B b', 'C c c', 'D and E', 'F'], 3, createRng(2));
    expect(small.queryItems.filter((a) => / and /.test(a)).length).toBe(0); // round(3 / 1000) = 0 "and" items
  });
});
