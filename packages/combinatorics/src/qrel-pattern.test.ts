import { InvalidArgumentError, createRng } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { combinations } from './combinations.js';
import { degreeHistogram } from './document-degrees.js';
import type { QrelMatrix } from './qrel-matrix.js';
import { qrelPattern, type QrelPatternOptions } from './qrel-pattern.js';

function rows(q: QrelMatrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < q.numQueries; i++) out.push([...q.docs.subarray(q.offsets[i]!, q.offsets[i + 1]!)]);
  return out;
}

function expectDistinctRowsOfK(q: QrelMatrix, k: number): void {
  const r = rows(q);
  expect(r.length).toBe(q.numQueries);
  for (const row of r) {
    expect(row.length).toBe(k);
    for (let i = 1; i < row.length; i++) expect(row[i]!).toBeGreaterThan(row[i - 1]!);
    for (const d of row) expect(d >= 0 && d < q.numDocs).toBe(true);
  }
  expect(new Set(r.map((x) => x.join(','))).size).toBe(r.length);
}

describe('qrelPattern', () => {
  it('dense reproduces LIMIT-small: the first 1000 itertools pairs of 46 docs', () => {
    const q = qrelPattern({ pattern: 'dense', numDocs: 46, numQueries: 1000, k: 2 });
    expect(q.numQueries).toBe(1000);
    expect(q.numDocs).toBe(46);
    const expected: number[][] = [];
    for (const c of combinations(46, 2)) {
      if (expected.length === 1000) break;
      expected.push(c);
    }
    expect(rows(q)).toEqual(expected);
    // The published degree structure: 37 docs × 45 queries, 2 × 38, 7 × 37.
    expect(degreeHistogram(q)).toEqual([
      [45, 37],
      [38, 2],
      [37, 7],
    ]);
  });

  it('dense on a wider corpus leaves the extra documents unused', () => {
    const q = qrelPattern({ pattern: 'dense', numDocs: 50_000, numQueries: 1000, k: 2 });
    expect(q.numDocs).toBe(50_000);
    expect(Math.max(...q.docs)).toBe(45);
    expect(degreeHistogram(q)[3]).toEqual([0, 50_000 - 46]);
  });

  it('dense with k = 3 uses the smallest n with C(n, 3) ≥ numQueries', () => {
    const q = qrelPattern({ pattern: 'dense', numDocs: 20, numQueries: 1000, k: 3 });
    expectDistinctRowsOfK(q, 3);
    expect(rows(q)[999]).toEqual([...combinations(20, 3)][999]);
  });

  it('random: distinct k-subsets, deterministic per rng seed', () => {
    const a = qrelPattern({ pattern: 'random', numDocs: 46, numQueries: 1000, k: 2, rng: createRng(1) });
    const b = qrelPattern({ pattern: 'random', numDocs: 46, numQueries: 1000, k: 2, rng: createRng(1) });
    expectDistinctRowsOfK(a, 2);
    expect(a.docs).toEqual(b.docs);
    // Spread over all 46 docs.
    expect(new Set(a.docs).size).toBe(46);
    const c = qrelPattern({ pattern: 'random', numDocs: 46, numQueries: 1000, k: 2, rng: createRng(2) });
    expect(c.docs).not.toEqual(a.docs);
  });

  it('cycle: query i gets i … i + k − 1 mod numDocs', () => {
    const q = qrelPattern({ pattern: 'cycle', numDocs: 5, numQueries: 5, k: 3 });
    expect(rows(q)).toEqual([
      [0, 1, 2],
      [1, 2, 3],
      [2, 3, 4],
      [0, 3, 4],
      [0, 1, 4],
    ]);
    expect(degreeHistogram(q)).toEqual([[3, 5]]);
  });

  it('disjoint: query i gets block i', () => {
    const q = qrelPattern({ pattern: 'disjoint', numDocs: 7, numQueries: 3, k: 2 });
    expect(rows(q)).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    expect(degreeHistogram(q)).toEqual([
      [1, 6],
      [0, 1],
    ]);
  });

  it('supports k = 1 and k = numDocs', () => {
    expect(rows(qrelPattern({ pattern: 'dense', numDocs: 4, numQueries: 3, k: 1 }))).toEqual([[0], [1], [2]]);
    expect(rows(qrelPattern({ pattern: 'cycle', numDocs: 3, numQueries: 1, k: 3 }))).toEqual([[0, 1, 2]]);
  });

  const base: QrelPatternOptions = { pattern: 'dense', numDocs: 46, numQueries: 1000, k: 2 };
  it.each([
    ['k', { k: 0 }],
    ['k', { k: 47 }],
    ['k', { k: -2 }],
    ['k', { k: 2.5 }],
    ['k', { k: Number.NaN }],
    ['numDocs', { numDocs: -1 }],
    ['numDocs', { numDocs: Number.NaN }],
    ['numQueries', { numQueries: 0.5 }],
    ['numQueries', { numQueries: 1036 }],
    ['numQueries', { numDocs: 45 }],
    ['numQueries', { pattern: 'random', numQueries: 1036 }],
    ['numQueries', { pattern: 'cycle', numDocs: 10, numQueries: 11 }],
    ['numDocs', { pattern: 'disjoint', numDocs: 1999 }],
    ['pattern', { pattern: 'diagonal' }],
    ['rng', { pattern: 'random', rng: 42 }],
  ] as const)('rejects bad input naming %s: %j', (parameter, patch) => {
    try {
      qrelPattern({ ...base, ...(patch as object) } as QrelPatternOptions);
      expect.unreachable();
    } catch (e) {
      expect(InvalidArgumentError.isInstance(e)).toBe(true);
      expect((e as InvalidArgumentError).parameter).toBe(parameter);
    }
  });
});
