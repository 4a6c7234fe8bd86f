import { describe, expect, it } from 'vitest';
import { sampleList } from './sample-list.js';

describe('sampleList', () => {
  it('keeps short lists whole', () => {
    expect(sampleList([1, 2, 3], 100)).toEqual([1, 2, 3]);
  });

  it('matches numpy linspace(0, 9, 4, dtype=int) = [0, 3, 6, 9]', () => {
    expect(sampleList([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 4)).toEqual([0, 3, 6, 9]);
  });

  it('matches numpy linspace(0, 249, 100, dtype=int) at its first entries and keeps the last', () => {
    const values = Array.from({ length: 250 }, (_, i) => i);
    const sampled = sampleList(values, 100);
    expect(sampled).toHaveLength(100);
    // np.linspace(0, 249, 100).astype(int)[:6] = [0, 2, 5, 7, 10, 12]
    expect(sampled.slice(0, 6)).toEqual([0, 2, 5, 7, 10, 12]);
    expect(sampled[99]).toBe(249);
  });
});
