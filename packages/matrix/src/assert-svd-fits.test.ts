import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@limit/core';
import { assertSvdFits } from './assert-svd-fits.js';
import { svd } from './svd.js';

describe('assertSvdFits', () => {
  it('passes ordinary sizes and refuses 100000 × 100000 typed, naming the parameter, before allocating', () => {
    expect(() => assertSvdFits(1000, 800)).not.toThrow();
    let error: unknown;
    try {
      assertSvdFits(100_000, 100_000, { parameter: '--rows' });
    } catch (e) {
      error = e;
    }
    expect(InvalidArgumentError.isInstance(error) && error.parameter === '--rows').toBe(true);
    // 8 · (4 · 1e10 + 4 · 1e10) = 640 GB
    expect((error as Error).message).toMatch(/the SVD of a 100000 × 100000 matrix needs about 640\.0 GB of memory/);
  });

  it('svd() of a matrix too large to decompose throws at once (the input here is a shape only: no data is read)', () => {
    const started = performance.now();
    const huge = { rows: 200_000, cols: 200_000, data: new Float32Array(0) };
    expect(() => svd(huge)).toThrow(/needs about .* of memory/);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
