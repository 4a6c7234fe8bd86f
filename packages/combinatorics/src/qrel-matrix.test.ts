import { InvalidArgumentError } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { assertQrelMatrix, createQrelMatrix } from './qrel-matrix.js';
import { qrelMatrixFromRows } from './qrel-matrix-from-rows.js';

describe('createQrelMatrix', () => {
  it('accepts valid CSR parts without copying', () => {
    const offsets = Int32Array.of(0, 2, 3);
    const docs = Int32Array.of(0, 2, 1);
    const q = createQrelMatrix({ numQueries: 2, numDocs: 3, offsets, docs });
    expect(q.offsets).toBe(offsets);
    expect(q.docs).toBe(docs);
  });

  it.each([
    ['offsets', { offsets: Int32Array.of(0, 2) }],
    ['offsets', { offsets: Int32Array.of(1, 2, 3) }],
    ['offsets', { offsets: Int32Array.of(0, 2, 2) }],
    ['offsets', { offsets: Int32Array.of(0, 3, 2), docs: Int32Array.of(0, 1) }],
    ['docs', { docs: Int32Array.of(0, 3, 1) }],
    ['docs', { docs: Int32Array.of(2, 0, 1) }],
    ['docs', { docs: Int32Array.of(-1, 0, 1) }],
    ['numDocs', { numDocs: -3 }],
  ] as const)('rejects a broken invariant naming %s', (parameter, patch) => {
    const good = { numQueries: 2, numDocs: 3, offsets: Int32Array.of(0, 2, 3), docs: Int32Array.of(0, 2, 1) };
    try {
      createQrelMatrix({ ...good, ...patch });
      expect.unreachable();
    } catch (e) {
      expect(InvalidArgumentError.isInstance(e)).toBe(true);
      expect((e as InvalidArgumentError).parameter).toBe(parameter);
    }
  });
});

describe('qrelMatrixFromRows', () => {
  it('sorts each row into CSR form', () => {
    const q = qrelMatrixFromRows([[2, 0], [1], []], 3);
    expect([...q.offsets]).toEqual([0, 2, 3, 3]);
    expect([...q.docs]).toEqual([0, 2, 1]);
    expect(q.numQueries).toBe(3);
  });

  it('rejects duplicates and out-of-range indices naming the row', () => {
    expect(() => qrelMatrixFromRows([[1, 1]], 3)).toThrow(/parameter rows\[0\]/);
    expect(() => qrelMatrixFromRows([[0], [3]], 3)).toThrow(/parameter rows\[1\]/);
    expect(() => qrelMatrixFromRows([[0.5]], 3)).toThrow(InvalidArgumentError);
  });
});

describe('assertQrelMatrix', () => {
  const of = (rows: number[][], numDocs: number) => qrelMatrixFromRows(rows, numDocs);

  it('accepts a valid matrix and names the prefix for a broken invariant', () => {
    expect(() => assertQrelMatrix(of([[0, 2], [1]], 3))).not.toThrow();
    const broken = { numQueries: 1, numDocs: 3, offsets: Int32Array.of(0, 2), docs: Int32Array.of(2, 1) };
    expect(() => assertQrelMatrix(broken, 'init.qrels')).toThrow(expect.objectContaining({ parameter: 'init.qrels.docs' }) as unknown as Error);
  });

  it('enforces the per-query bounds, naming the query', () => {
    const rules = { relevantPerQuery: { min: 1, max: 2 } };
    expect(() => assertQrelMatrix(of([[0], [1, 2]], 3), 'qrels', rules)).not.toThrow();
    for (const rows of [[[0], []], [[0, 1, 2]]]) {
      try {
        assertQrelMatrix(of(rows, 3), 'qrels', rules);
        expect.unreachable();
      } catch (e) {
        expect(InvalidArgumentError.isInstance(e)).toBe(true);
        expect((e as InvalidArgumentError).parameter).toBe('qrels');
        expect((e as Error).message).toMatch(/query \d has [03] relevant documents; every query needs between 1 and 2/);
      }
    }
  });

  it('refuses a non-object', () => {
    expect(() => assertQrelMatrix(null as never)).toThrow(InvalidArgumentError);
  });
});
