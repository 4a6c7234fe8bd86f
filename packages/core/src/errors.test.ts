import { describe, expect, it } from 'vitest';
import {
  BackendUnavailableError,
  CombinatorialOverflowError,
  DataFormatError,
  InvalidArgumentError,
  LimitError,
  ShapeMismatchError,
} from './errors.js';

describe('typed errors', () => {
  it('InvalidArgumentError names the parameter and value', () => {
    const e = new InvalidArgumentError({ parameter: 'k', value: 5, message: 'k (5) must be ≤ n (3)' });
    expect(e.message).toBe('Invalid argument for parameter k: k (5) must be ≤ n (3)');
    expect(e.parameter).toBe('k');
    expect(e.value).toBe(5);
    expect(e).toBeInstanceOf(Error);
    expect(InvalidArgumentError.isInstance(e)).toBe(true);
    expect(LimitError.isInstance(e)).toBe(true);
    expect(DataFormatError.isInstance(e)).toBe(false);
  });

  it('isInstance works across copies of the package (marker, not prototype)', () => {
    // Simulate an error from a duplicate install: a plain object carrying the shared marker.
    const foreign = Object.assign(new Error('x'), { name: 'DataFormatError', [Symbol.for('limit.error')]: true });
    expect(DataFormatError.isInstance(foreign)).toBe(true);
    expect(LimitError.isInstance(foreign)).toBe(true);
    expect(LimitError.isInstance(new Error('plain'))).toBe(false);
    expect(LimitError.isInstance(null)).toBe(false);
  });

  it('DataFormatError names file and line', () => {
    const e = new DataFormatError({ file: 'qrels.jsonl', line: 7, message: 'missing field "score"' });
    expect(e.message).toBe('qrels.jsonl:7: missing field "score"');
    expect(e.file).toBe('qrels.jsonl');
    expect(e.line).toBe(7);
    expect(new DataFormatError({ file: 'a', line: 0, message: 'm' }).message).toBe('a: m');
  });

  it('ShapeMismatchError formats shapes', () => {
    const e = new ShapeMismatchError({ parameter: 'labels', expected: [3, -1], actual: [2, 4] });
    expect(e.message).toBe('Shape mismatch for parameter labels: expected [3, ?], got [2, 4]');
    expect(ShapeMismatchError.isInstance(e)).toBe(true);
  });

  it('BackendUnavailableError lists the available backends', () => {
    const e = new BackendUnavailableError({ backend: 'webgpu', available: ['cpu', 'wasm'] });
    expect(e.message).toContain('"webgpu"');
    expect(e.message).toContain('cpu, wasm');
    expect(e.available).toEqual(['cpu', 'wasm']);
  });

  it('CombinatorialOverflowError keeps the exact value', () => {
    const e = new CombinatorialOverflowError('too big', 2n ** 60n);
    expect(e.exact).toBe(2n ** 60n);
    expect(CombinatorialOverflowError.isInstance(e)).toBe(true);
  });
});
