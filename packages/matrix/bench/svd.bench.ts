import { bench, describe } from 'vitest';
import { createRng } from '@limit/core';
import { singularValues, svd } from '../src/index.js';

// Compare with numpy on the same machine: python3 bench/numpy_svd.py
const gaussian = (rows: number, cols: number, seed: number) => ({
  rows,
  cols,
  data: createRng(seed).fillNormal(new Float64Array(rows * cols)),
});
const square = gaussian(500, 500, 1);
const tall = gaussian(2000, 100, 2);

describe('svd (U, S, V)', () => {
  bench('500 × 500', () => void svd(square), { iterations: 3, time: 0, warmupIterations: 0 });
  bench('2000 × 100', () => void svd(tall), { iterations: 10, time: 0 });
});

describe('singularValues (S only)', () => {
  bench('500 × 500', () => void singularValues(square), { iterations: 3, time: 0, warmupIterations: 0 });
  bench('2000 × 100', () => void singularValues(tall), { iterations: 10, time: 0 });
});
