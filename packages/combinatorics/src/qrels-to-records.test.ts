import { describe, expect, it } from 'vitest';
import { allCombinationQrels } from './all-combination-qrels.js';
import { qrelMatrixFromRows } from './qrel-matrix-from-rows.js';
import { qrelsToRecords } from './qrels-to-records.js';

describe('qrelsToRecords', () => {
  it('uses query_i / doc_j ids by default', () => {
    expect(qrelsToRecords(allCombinationQrels(3, 2))).toEqual({
      query_0: { doc_0: 1, doc_1: 1 },
      query_1: { doc_0: 1, doc_2: 1 },
      query_2: { doc_1: 1, doc_2: 1 },
    });
  });

  it('applies custom id functions and keeps empty queries', () => {
    const q = qrelMatrixFromRows([[1], []], 2);
    expect(qrelsToRecords(q, { queryId: (i) => `q${i}`, docId: (j) => ['Ann', 'Bo'][j]! })).toEqual({ q0: { Bo: 1 }, q1: {} });
  });

  it('rejects id functions that collide', () => {
    expect(() => qrelsToRecords(allCombinationQrels(3, 2), { docId: () => 'same' })).toThrow(/parameter docId/);
    expect(() => qrelsToRecords(allCombinationQrels(3, 2), { queryId: () => 'q' })).toThrow(/parameter queryId/);
  });
});
