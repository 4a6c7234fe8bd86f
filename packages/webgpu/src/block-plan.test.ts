import { BackendUnavailableError, InvalidArgumentError } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { GRADIENT_SLICE, planBlocks } from './block-plan.js';

const paper = { q: 195_625, n: 626, d: 45, numPairs: 391_250, blockSizeCap: 1 << 20, maxBindingBytes: 2 ** 30 };

describe('planBlocks', () => {
  it('sums every buffer by the documented formula', () => {
    const plan = planBlocks({ ...paper, maxBufferBytes: 2 ** 30 });
    const { q, n, d, numPairs } = paper;
    const B = plan.blockSize;
    // each buffer is rounded up to 16 bytes
    expect(plan.buffers.queriesA + plan.buffers.queriesB + plan.buffers.queryMoments - 16 * q * d).toBeLessThan(48);
    expect(plan.buffers.gradientRows - 4 * B * n).toBeLessThan(16);
    expect(plan.buffers.gradientPartials - 4 * Math.ceil(B / GRADIENT_SLICE) * n * d).toBeLessThan(16);
    expect(plan.buffers.qrels - 4 * (q + 1 + numPairs)).toBeLessThan(16);
    expect(plan.total).toBe(Object.values(plan.buffers).reduce((a, b) => a + b, 0));
    expect(plan.numBlocks).toBe(Math.ceil(q / B));
  });

  it('uses the largest evenly split block that fits the budget, the binding limit and 65,535 workgroups', () => {
    for (const maxBufferBytes of [200 * 2 ** 20, 256 * 2 ** 20, 2 ** 30, 4 * 2 ** 30]) {
      const plan = planBlocks({ ...paper, maxBufferBytes });
      expect(plan.total).toBeLessThanOrEqual(maxBufferBytes);
      expect(plan.blockSize).toBeLessThanOrEqual(65_535);
      // a larger budget never needs more blocks
      expect(planBlocks({ ...paper, maxBufferBytes: 2 * maxBufferBytes }).numBlocks).toBeLessThanOrEqual(plan.numBlocks);
    }
    expect(planBlocks({ ...paper, maxBufferBytes: 2 ** 30, blockSizeCap: 1000 }).blockSize).toBe(Math.ceil(paper.q / Math.ceil(paper.q / 1000)));
    expect(planBlocks({ ...paper, maxBufferBytes: 4 * 2 ** 30, maxBindingBytes: 128 * 2 ** 20 }).buffers.gradientRows).toBeLessThanOrEqual(128 * 2 ** 20);
  });

  it('names maxBufferBytes when nothing fits, and the device limit when a fixed buffer cannot be bound', () => {
    const tooSmall = (() => {
      try {
        planBlocks({ ...paper, maxBufferBytes: 100 * 2 ** 20 });
      } catch (error) {
        return error;
      }
    })();
    expect(InvalidArgumentError.isInstance(tooSmall) && tooSmall.parameter).toBe('options.maxBufferBytes');
    expect(() => planBlocks({ ...paper, maxBufferBytes: 2 ** 32, maxBindingBytes: 16 * 2 ** 20 })).toThrow(BackendUnavailableError);
  });

  it('adds the hinge\'s score rows per block and, for centroid queries, the transposed qrels instead of the query moments', () => {
    const small = { q: 45, n: 10, d: 4, numPairs: 90, blockSizeCap: 64, maxBufferBytes: 2 ** 30, maxBindingBytes: 2 ** 30 };
    const plain = planBlocks(small);
    expect(plain.buffers.scoreRows).toBe(16);
    expect(plain.buffers.transposedQrels).toBe(16);
    const to16 = (bytes: number) => Math.ceil(bytes / 16) * 16;
    const hinge = planBlocks({ ...small, scoreRows: true });
    expect(hinge.buffers.scoreRows).toBe(to16(4 * hinge.blockSize * small.n));
    expect(hinge.total - plain.total).toBe(to16(4 * hinge.blockSize * small.n) - 16);
    const centroid = planBlocks({ ...small, centroid: true });
    expect(centroid.buffers.queryMoments).toBe(16);
    expect(centroid.buffers.transposedQrels).toBe(to16(4 * (small.n + 1 + small.numPairs)));
    expect(centroid.total).toBe(Object.values(centroid.buffers).reduce((a, b) => a + b, 0));
    // the score rows count against the budget: a tight budget needs more blocks with them
    const tight = { ...paper, maxBufferBytes: 256 * 2 ** 20 };
    expect(planBlocks({ ...tight, scoreRows: true }).numBlocks).toBeGreaterThan(planBlocks(tight).numBlocks);
  });
});
