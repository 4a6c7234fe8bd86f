import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, createRng } from '@limit/core';
import { initialEmbeddings } from './initial-embeddings.js';

describe('initialEmbeddings', () => {
  it('draws unit rows, deterministically from the seed', () => {
    const a = initialEmbeddings({ numQueries: 10, numDocs: 5, d: 4 }, 7);
    const b = initialEmbeddings({ numQueries: 10, numDocs: 5, d: 4 }, 7);
    expect(Array.from(a.queries.data)).toEqual(Array.from(b.queries.data));
    for (const m of [a.queries, a.documents]) {
      for (let r = 0; r < m.rows; r++) expect(Math.hypot(...m.data.subarray(r * 4, r * 4 + 4))).toBeCloseTo(1, 6);
    }
    const c = initialEmbeddings({ numQueries: 10, numDocs: 5, d: 4 }, 8);
    expect(Array.from(c.queries.data)).not.toEqual(Array.from(a.queries.data));
  });

  it('is the normalised N(0, 1) draw of the first child stream (queries) and second (documents)', () => {
    const root = createRng(3);
    const raw = root.split().normals(6);
    const norm = Math.hypot(raw[0]!, raw[1]!, raw[2]!);
    const { queries } = initialEmbeddings({ numQueries: 2, numDocs: 2, d: 3 }, 3);
    expect(queries.data[0]).toBeCloseTo(raw[0]! / norm, 6);
  });

  it('draws documents independently of the number of queries', () => {
    const small = initialEmbeddings({ numQueries: 3, numDocs: 6, d: 2 }, 1);
    const large = initialEmbeddings({ numQueries: 300, numDocs: 6, d: 2 }, 1);
    expect(Array.from(small.documents.data)).toEqual(Array.from(large.documents.data));
  });

  it('rejects non-integer sizes', () => {
    expect(() => initialEmbeddings({ numQueries: 0, numDocs: 2, d: 2 }, 1)).toThrow(expect.objectContaining({ parameter: 'numQueries' }) as unknown as Error);
    try {
      initialEmbeddings({ numQueries: 2, numDocs: 2, d: 1.5 }, 1);
      expect.unreachable();
    } catch (error) {
      expect(InvalidArgumentError.isInstance(error) && error.parameter).toBe('d');
    }
  });
});
