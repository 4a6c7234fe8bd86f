import { DataFormatError, InvalidArgumentError } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { formatTrecQrels, parseTrecQrels } from './trec-qrels.js';
import { formatTrecRun, parseTrecRun } from './trec-run.js';

function lineOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (e) {
    if (DataFormatError.isInstance(e)) return e.line;
    throw e;
  }
  return undefined;
}

describe('TREC qrels and run text', () => {
  it('round-trips qrels and runs (scores at full precision, ranks from scores)', () => {
    const qrels = { q1: { d1: 1, d2: 0 }, q2: { doc_3: 2 } };
    expect(parseTrecQrels(formatTrecQrels(qrels))).toEqual(qrels);
    const run = { q1: { a: 0.1 + 0.2, b: 1e-30, c: -3 } };
    const text = formatTrecRun(run, { tag: 'bm25' });
    expect(text.split('\n')[0]).toBe(`q1 Q0 a 1 ${0.1 + 0.2} bm25`);
    expect(parseTrecRun(text)).toEqual(run);
    expect(formatTrecRun(run, { depth: 1 }).trim().split('\n')).toHaveLength(1);
  });
  it('reports the file and 1-based line of bad input', () => {
    expect(lineOf(() => parseTrecQrels('q1 0 d1 1\n\nq1 0 d2\n', 'x.qrels'))).toBe(3);
    expect(lineOf(() => parseTrecQrels('q1 0 d1 one\n'))).toBe(1);
    expect(lineOf(() => parseTrecQrels('q1 0 d1 1\nq1 0 d1 0\n'))).toBe(2);
    expect(lineOf(() => parseTrecRun('q1 Q0 d1 1 0.5 t\nq1 Q0 d2 2 abc t\n'))).toBe(2);
    expect(lineOf(() => parseTrecRun('q1 Q0 d1 1 0.5 t\nq1 Q0 d1 2 0.4 t\n'))).toBe(2);
    expect(lineOf(() => parseTrecRun('q1 Q0 d1 x 0.5 t\n'))).toBe(1);
    try {
      parseTrecRun('bad', 'my.run');
    } catch (e) {
      expect(DataFormatError.isInstance(e) && e.file).toBe('my.run');
    }
    expect(() => formatTrecRun({}, { tag: 'a b' })).toThrow(InvalidArgumentError);
  });
});
