import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, memoryBudget } from '@limit/core';
import { assertTrainingFits } from './assert-training-fits.js';
import { trainFreeEmbeddings } from './train-free-embeddings.js';

const caught = async (work: () => unknown) => {
  try {
    await work();
  } catch (e) {
    return e as InvalidArgumentError;
  }
  throw new Error('did not throw');
};

describe('assertTrainingFits', () => {
  it('passes the paper sizes, refuses one buffer past 2^32 − 1 elements naming d, and too many queries naming n', async () => {
    expect(() => assertTrainingFits({ n: 46, d: 32, k: 2 })).not.toThrow();
    const long = await caught(() => assertTrainingFits({ n: 3, d: 1e9, k: 2 }));
    expect(InvalidArgumentError.isInstance(long) && long.parameter === 'd').toBe(true);
    // q = 3, 3 · 3 · 1e9 = 9e9 elements in one buffer; bytes = 4 · (2 · 3 · 3e9 + 4 · 6 · 1e9) = 168 GB
    expect(long.message).toMatch(/d 1000000000: training n = 3, d = 1000000000, k = 2 \(q = C\(n, k\) ≈ 3 queries\) needs about 168\.0 GB of memory: one optimiser buffer of q × 3d = 9\.00e\+9 elements/);
    const queries = await caught(() => assertTrainingFits({ n: 1e6, d: 4, k: 3 }, { n: '--n', d: '--d' }));
    expect(queries.parameter).toBe('--n');
    // the machine's budget: a size just past half of memory is refused, one below it passes
    const budget = memoryBudget().budgetBytes!;
    const d = Math.floor(budget / (4 * (2 * 3 * 3 + 4 * 6)));
    expect(() => assertTrainingFits({ n: 3, d: Math.floor(d / 2), k: 2 })).not.toThrow();
    expect(() => assertTrainingFits({ n: 3, d: d + 10, k: 2 })).toThrow(/more than half of this machine's/);
  });

  it('trainFreeEmbeddings({ n: 3, d: 1e9 }) throws the typed error within a second, allocating nothing', async () => {
    const before = process.memoryUsage().arrayBuffers;
    const started = performance.now();
    const error = await caught(() => trainFreeEmbeddings({ n: 3, d: 1e9 }));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(InvalidArgumentError.isInstance(error) && error.parameter === 'd').toBe(true);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 2 ** 20);
    // float64 runs need twice the bytes; explicit qrels count their own queries
    const f64 = await caught(() => trainFreeEmbeddings({ n: 3, d: 5e8, precision: 'float64', engine: 'js' }));
    expect(f64.message).toMatch(/needs about 168\.0 GB/);
  });
});
