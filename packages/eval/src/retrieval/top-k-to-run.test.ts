import { InvalidArgumentError, ShapeMismatchError } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { topKToRun } from './top-k-to-run.js';

describe('topKToRun', () => {
  it('rejects id lists shorter than the hits instead of writing "undefined" keys', () => {
    const hits = { rows: 2, k: 2, indices: Int32Array.of(0, 2, 1, -1), scores: Float32Array.of(3, 2, 1, -Infinity) };
    const caught = (fn: () => unknown): unknown => {
      try {
        fn();
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const e1 = caught(() => topKToRun(hits, ['q0'], ['a', 'b', 'c']));
    expect(e1).toBeInstanceOf(ShapeMismatchError);
    expect((e1 as ShapeMismatchError).parameter).toBe('queryIds');
    const e2 = caught(() => topKToRun(hits, ['q0', 'q1'], ['a', 'b']));
    expect(InvalidArgumentError.isInstance(e2) && e2.parameter).toBe('docIds');
    const e3 = caught(() => topKToRun({ ...hits, indices: Int32Array.of(0, -2, 1, -1) }, ['q0', 'q1'], ['a', 'b', 'c']));
    expect(InvalidArgumentError.isInstance(e3) && e3.parameter).toBe('hits.indices');
    const e4 = caught(() => topKToRun({ ...hits, indices: Int32Array.of(0, 2, 1) }, ['q0', 'q1'], ['a', 'b', 'c']));
    expect(e4).toBeInstanceOf(ShapeMismatchError);
    expect(topKToRun(hits, ['q0', 'q1'], ['a', 'b', 'c'])).toEqual({ q0: { a: 3, c: 2 }, q1: { b: 1 } });
  });
});
