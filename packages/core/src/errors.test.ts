import { describe, expect, it } from 'vitest';
import {
  BackendUnavailableError,
  CombinatorialOverflowError,
  DataFormatError,
  InvalidArgumentError,
  LimitError,
  ShapeMismatchError,
  AbortedError,
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

  it('isInstance works across copies of the package (per-class markers, not prototypes or names)', () => {
    // Simulate an error from a duplicate install: a plain object carrying the shared markers.
    const foreign = Object.assign(new Error('x'), { name: 'DataFormatError', [Symbol.for('limit.error')]: true, [Symbol.for('limit.error.DataFormatError')]: true });
    expect(DataFormatError.isInstance(foreign)).toBe(true);
    expect(LimitError.isInstance(foreign)).toBe(true);
    // a name alone proves nothing: a LimitError that calls itself DataFormatError is not one
    const impostor = Object.assign(new LimitError({ message: 'x' }), { name: 'DataFormatError' });
    expect(DataFormatError.isInstance(impostor)).toBe(false);
    // a subclass of a limit error is an instance of its bases
    class MyError extends InvalidArgumentError {}
    const mine = new MyError({ parameter: 'p', value: 1, message: 'm' });
    expect(InvalidArgumentError.isInstance(mine) && LimitError.isInstance(mine)).toBe(true);
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
    const e = new CombinatorialOverflowError({ message: 'too big', exact: 2n ** 60n });
    expect(e.exact).toBe(2n ** 60n);
    expect(CombinatorialOverflowError.isInstance(e)).toBe(true);
    // the first release's positional form still works (deprecated)
    expect(new CombinatorialOverflowError('too big', 5n).exact).toBe(5n);
  });

  it('every constructor takes a cause', () => {
    const root = new Error('disk full');
    expect(new LimitError({ message: 'm', cause: root }).cause).toBe(root);
    expect(new AbortedError({ cause: root }).cause).toBe(root);
    expect(new AbortedError().message).toBe('The operation was aborted');
    expect(new ShapeMismatchError({ parameter: 'p', expected: [1], actual: [2], cause: root }).cause).toBe(root);
    expect(new BackendUnavailableError({ backend: 'b', available: [], reason: 'r', cause: root }).cause).toBe(root);
  });

  it('BackendUnavailableError does not claim "(none)" when nothing was listed', () => {
    const e = new BackendUnavailableError({ backend: 'webgpu', available: [], reason: 'cannot import @limit/webgpu' });
    expect(e.message).toBe('Backend "webgpu" is not available (cannot import @limit/webgpu)');
    expect(e.reason).toBe('cannot import @limit/webgpu');
  });
});
