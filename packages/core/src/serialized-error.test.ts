import { describe, expect, it } from 'vitest';
import {
  BackendUnavailableError,
  CombinatorialOverflowError,
  ConvergenceError,
  DataFormatError,
  EngineStateError,
  InfrastructureError,
  InvalidArgumentError,
  LimitError,
  ResultMismatchError,
  ShapeMismatchError,
} from './errors.js';
import { deserializeError, serializeError } from './serialized-error.js';

/** Through JSON, as a job queue or a file carries it. */
const roundTrip = (error: unknown) => deserializeError(JSON.parse(JSON.stringify(serializeError(error))));

describe('serializeError / deserializeError', () => {
  it('rebuilds every limit error as its own class, with its fields, message and stack', () => {
    const cases: Array<[Error, (e: unknown) => boolean, Record<string, unknown>]> = [
      [new ConvergenceError({ message: 'the loss became NaN at step 12', iteration: 12 }), ConvergenceError.isInstance, { iteration: 12 }],
      [new InvalidArgumentError({ parameter: 'k', value: 5n, message: 'k too large' }), InvalidArgumentError.isInstance, { parameter: 'k', value: '5' }],
      [new ShapeMismatchError({ parameter: 'queries', expected: [3, 2], actual: [4, 2] }), ShapeMismatchError.isInstance, { parameter: 'queries', expected: [3, 2], actual: [4, 2] }],
      [new DataFormatError({ file: 'a.json', line: 3, message: 'bad' }), DataFormatError.isInstance, { file: 'a.json', line: 3 }],
      [new BackendUnavailableError({ backend: 'webgpu', available: ['native'], reason: 'no adapter' }), BackendUnavailableError.isInstance, { backend: 'webgpu', available: ['native'], reason: 'no adapter' }],
      [new EngineStateError({ state: 'disposed', message: 'gone' }), EngineStateError.isInstance, { state: 'disposed' }],
      [new CombinatorialOverflowError({ message: 'big', exact: 2n ** 70n }), CombinatorialOverflowError.isInstance, { exact: 2n ** 70n }],
      [new InfrastructureError({ service: 'local worker 12', message: 'exited' }), InfrastructureError.isInstance, { service: 'local worker 12' }],
      [new ResultMismatchError({ jobId: 'cn-d4', field: 'n', expected: 10, actual: 6 }), ResultMismatchError.isInstance, { jobId: 'cn-d4', field: 'n', expected: 10, actual: 6 }],
    ];
    for (const [error, isInstance, fields] of cases) {
      const back = roundTrip(error);
      expect(isInstance(back), error.name).toBe(true);
      expect(LimitError.isInstance(back)).toBe(true);
      expect(back.name).toBe(error.name);
      expect(back.message).toBe(error.message);
      expect(back.stack).toBe(error.stack);
      for (const [key, value] of Object.entries(fields)) expect((back as unknown as Record<string, unknown>)[key], `${error.name}.${key}`).toEqual(value);
    }
  });

  it('keeps the cause chain and foreign errors by name', () => {
    const root = Object.assign(new Error('ENOSPC: no space left on device'), { name: 'SystemError', code: 'ENOSPC' });
    const error = new LimitError({ message: 'could not save the run', cause: root });
    const back = roundTrip(error);
    expect(back.message).toBe('could not save the run');
    const cause = back.cause as Error & { code?: string };
    expect(cause.name).toBe('SystemError');
    expect(cause.message).toMatch(/ENOSPC/);
    expect(cause.code).toBe('ENOSPC');
    expect(LimitError.isInstance(cause)).toBe(false);
    expect(roundTrip('a string').message).toBe('a string');
  });

  it('refuses data that is not a serialised error, naming the parameter', () => {
    expect(() => deserializeError({ message: 'x' } as never)).toThrow(/parameter data/);
  });
});
