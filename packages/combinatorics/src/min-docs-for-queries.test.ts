import { InvalidArgumentError } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { binomial } from './binomial.js';
import { minDocsForQueries } from './min-docs-for-queries.js';

describe('minDocsForQueries', () => {
  it('LIMIT: 1000 queries with k = 2 need 46 documents', () => {
    expect(minDocsForQueries(1000, 2)).toBe(46);
    expect(minDocsForQueries(1000, 3)).toBe(20);
  });

  it('is the smallest n with C(n, k) ≥ q (checked against binomial by brute force)', () => {
    for (let k = 1; k <= 5; k++) {
      for (let q = 1; q <= 300; q += 7) {
        const n = minDocsForQueries(q, k);
        expect(binomial(n, k) >= BigInt(q)).toBe(true);
        expect(n === k || binomial(n - 1, k) < BigInt(q)).toBe(true);
      }
    }
    expect(minDocsForQueries(1e12, 1)).toBe(1e12);
  });

  it('rejects k = 0 and bad counts', () => {
    for (const [parameter, q, k] of [
      ['k', 10, 0],
      ['numQueries', -1, 2],
      ['k', 10, Number.NaN],
    ] as const) {
      try {
        minDocsForQueries(q, k);
        expect.unreachable();
      } catch (e) {
        expect(InvalidArgumentError.isInstance(e)).toBe(true);
        expect((e as InvalidArgumentError).parameter).toBe(parameter);
      }
    }
  });
});
