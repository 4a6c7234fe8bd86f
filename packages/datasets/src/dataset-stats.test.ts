import { describe, expect, it } from 'vitest';
import { datasetStats } from './dataset-stats.js';

describe('datasetStats', () => {
  it('counts a hand-made dataset', () => {
    const s = datasetStats({
      corpus: [
        { _id: 'A B', title: '', text: 'A B likes Tea, Jazz, and Kites.' },
        { _id: 'C D', title: '', text: 'C D likes Tea and Golf.' },
        { _id: 'E F', title: '', text: 'not a LIMIT sentence' },
      ],
      queries: [
        { _id: 'q0', text: 'Who likes Tea?' },
        { _id: 'q1', text: 'Who likes Jazz?' },
      ],
      qrels: [
        { queryId: 'q0', docId: 'A B', score: 1 },
        { queryId: 'q0', docId: 'C D', score: 1 },
        { queryId: 'q1', docId: 'A B', score: 1 },
        { queryId: 'q1', docId: 'E F', score: 0 },
      ],
    });
    expect(s.numDocs).toBe(3);
    expect(s.numQueries).toBe(2);
    expect(s.numQrels).toBe(4);
    expect(s.degreeHistogram).toEqual([
      [2, 1],
      [1, 1],
      [0, 1],
    ]);
    expect(s.relevantPerQuery).toEqual([
      [2, 1],
      [1, 1],
    ]);
    expect(s.attributesPerDoc).toEqual([
      [3, 1],
      [2, 1],
    ]);
    expect(s.unparsedDocs).toBe(1);
  });
});
