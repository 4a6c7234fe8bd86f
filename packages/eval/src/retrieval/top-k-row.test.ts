import { InvalidArgumentError } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../lexical/bm25-index.js';
import { topKRow } from './top-k-row.js';
import { topKToRun } from './top-k-to-run.js';

describe('topKRow', () => {
  const docs = ['apples and pears', 'apples', 'river otters', 'pears only'];
  const index = new Bm25Index(docs);
  const hits = index.search(['apples', 'otters', 'zebra'], { k: 3 });

  it("gives query i's ids and scores, best first, without the −1 padding, as views of the flat arrays", () => {
    const apples = topKRow(hits, 0);
    expect(Array.from(apples.indices)).toEqual([1, 0]); // the shorter document wins on BM25's length norm
    expect(apples.scores[0]!).toBeGreaterThan(apples.scores[1]!);
    expect(apples.scores.buffer).toBe(hits.scores.buffer);
    expect(Array.from(topKRow(hits, 1).indices)).toEqual([2]);
    expect(topKRow(hits, 2).indices.length).toBe(0); // no document contains "zebra"
    // agrees with the flat layout and with topKToRun
    const run = topKToRun(hits, ['a', 'o', 'z'], ['d0', 'd1', 'd2', 'd3']);
    expect(Object.keys(run.a!)).toEqual(Array.from(apples.indices, (i) => `d${i}`));
    expect(Object.values(run.a!)).toEqual(Array.from(apples.scores));
  });

  it('rejects a query index outside [0, rows)', () => {
    for (const i of [-1, 3, 0.5]) {
      try {
        topKRow(hits, i);
        expect.fail('expected an error');
      } catch (e) {
        expect(InvalidArgumentError.isInstance(e) && e.parameter).toBe('i');
      }
    }
  });
});
