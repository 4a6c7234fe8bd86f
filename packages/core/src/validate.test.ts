import { describe, expect, it } from 'vitest';
import { ConvergenceError, EngineStateError, InvalidArgumentError, LimitError } from './errors.js';
import { assertInteger, assertKnownOptions } from './validate.js';

describe('assertKnownOptions', () => {
  it('passes known keys and undefined', () => {
    expect(() => assertKnownOptions('options', { a: 1, b: 2 }, ['a', 'b', 'c'])).not.toThrow();
    expect(() => assertKnownOptions('options', undefined, ['a'])).not.toThrow();
    expect(() => assertKnownOptions('options', {}, [])).not.toThrow();
  });

  it('names the unknown key, suggests the camelCase spelling and lists the valid keys', () => {
    let caught: unknown;
    try {
      assertKnownOptions('options', { n: 6, learning_rate: 0.1 }, ['n', 'learningRate', 'd']);
    } catch (e) {
      caught = e;
    }
    expect(InvalidArgumentError.isInstance(caught)).toBe(true);
    const e = caught as InvalidArgumentError;
    expect(e.parameter).toBe('options.learning_rate');
    expect(e.value).toBe(0.1);
    expect(e.message).toBe(
      'Invalid argument for parameter options.learning_rate: unknown option learning_rate (did you mean learningRate?); valid options: d, learningRate, n',
    );
  });

  it('uses a caller-supplied hint and a bare key when parameter is empty', () => {
    expect(() => assertKnownOptions('', { scale: 20 }, ['temperature'], { scale: 'temperature = 1/scale' })).toThrow(
      'Invalid argument for parameter scale: unknown option scale (temperature = 1/scale); valid options: temperature',
    );
  });

  it('rejects non-objects', () => {
    expect(() => assertKnownOptions('options', 3, ['a'])).toThrow(InvalidArgumentError);
    expect(() => assertKnownOptions('options', null, ['a'])).toThrow('options must be a plain object');
    expect(() => assertKnownOptions('options', [1], ['a'])).toThrow(InvalidArgumentError);
  });
});

describe('state and convergence errors', () => {
  it('carry their fields and markers', () => {
    const s = new EngineStateError({ state: 'disposed', message: 'step() after dispose()' });
    expect(s.message).toBe('step() after dispose()');
    expect(s.state).toBe('disposed');
    expect(EngineStateError.isInstance(s)).toBe(true);
    expect(InvalidArgumentError.isInstance(s)).toBe(false);
    expect(LimitError.isInstance(s)).toBe(true);
    const c = new ConvergenceError({ message: 'loss is NaN', iteration: 12 });
    expect(c.iteration).toBe(12);
    expect(ConvergenceError.isInstance(c)).toBe(true);
    expect(EngineStateError.isInstance(c)).toBe(false);
  });
});

describe('assertInteger', () => {
  it('returns the value and checks bounds', () => {
    expect(assertInteger('k', 3, { min: 1, max: 5 })).toBe(3);
    expect(() => assertInteger('k', 0, { min: 1 })).toThrow('k (0) must be ≥ 1');
    expect(() => assertInteger('k', 1.5)).toThrow('k (1.5) must be an integer');
  });
});
