import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@limit/core';
import { gapDimensionBound } from './gap-dimension-bound.js';
import { marginDimensionBound } from './margin-dimension-bound.js';

describe('gapDimensionBound (Theorem 1 at a full gap)', () => {
  it('is Theorem 1 at γ = G/2', () => {
    for (const [n, k, gap] of [[100, 2, 0.2], [1000, 2, 0.05], [50, 3, 0.01]] as const) {
      expect(gapDimensionBound({ n, k, gap })).toBe(marginDimensionBound({ n, k, margin: gap / 2 }));
    }
  });

  it('never exceeds a dimension where the gap is actually achieved (hand constructions)', () => {
    // d = 1: documents +1 and −1, queries ±1 realise both singletons with full gap 2
    expect(gapDimensionBound({ n: 2, k: 1, gap: 2 })).toBeLessThanOrEqual(1);
    // d = 2: four documents ±e1, ±e2, queries = documents: full gap 1 − 0 = 1
    expect(gapDimensionBound({ n: 4, k: 1, gap: 1 })).toBeLessThanOrEqual(2);
    // d = 2: three documents at 120°, queries = documents: full gap 1 − (−1/2) = 1.5
    expect(gapDimensionBound({ n: 3, k: 1, gap: 1.5 })).toBeLessThanOrEqual(2);
    // reading the theorem with γ = G instead would contradict the first and third constructions
    expect(marginDimensionBound({ n: 2, k: 1, margin: 2 })).toBeGreaterThan(1);
    expect(marginDimensionBound({ n: 3, k: 1, margin: 1.5 })).toBeGreaterThan(2);
  });

  it('refuses a non-positive gap, naming it', () => {
    expect(() => gapDimensionBound({ n: 10, k: 2, gap: 0 })).toThrow(InvalidArgumentError);
    try {
      gapDimensionBound({ n: 10, k: 2, gap: -1 });
    } catch (e) {
      expect((e as InvalidArgumentError).parameter).toBe('gap');
    }
  });
});
