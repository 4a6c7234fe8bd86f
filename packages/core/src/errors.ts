/**
 * Typed errors shared by every limit package.
 *
 * Each class carries its own `Symbol.for('limit.error.<Name>')` marker (and every one the base marker), so
 * `isInstance` keeps working when two copies of `@limit/core` end up in one dependency tree, where
 * `instanceof` would fail, and never mistakes one class for another that merely shares its `name`.
 * Constructors take one options object with an optional `cause` (positional forms of the first release are
 * still accepted, deprecated).
 */

const BASE_MARKER = 'limit.error';
const BASE_SYMBOL = Symbol.for(BASE_MARKER);

const symbolOf = (name: string) => Symbol.for(`${BASE_MARKER}.${name}`);

function hasMarker(error: unknown, name: string): boolean {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[symbolOf(name)] === true;
}

/** Options every limit error takes. */
export interface LimitErrorOptions {
  readonly message: string;
  /** The underlying error, kept as `error.cause`. */
  readonly cause?: unknown;
}

/** Base class of every error thrown by the limit packages. */
export class LimitError extends Error {
  private readonly [BASE_SYMBOL] = true;
  /** Machine-readable error name, e.g. `'InvalidArgumentError'`. */
  override readonly name: string = 'LimitError';

  /**
   * @param options - `{ message, cause? }` (a message string and `{ cause }` are accepted too, deprecated).
   */
  constructor(options: LimitErrorOptions | string, legacy?: { cause?: unknown }) {
    const { message, cause } = typeof options === 'string' ? { message: options, cause: legacy?.cause } : options;
    super(message, cause === undefined ? undefined : { cause });
    // Each class's marker: set for the whole chain, so a subclass instance is an instance of its bases.
    for (let proto = Object.getPrototypeOf(this); proto && proto !== Error.prototype; proto = Object.getPrototypeOf(proto)) {
      const name = (proto.constructor as { errorName?: string }).errorName;
      if (name) Object.defineProperty(this, symbolOf(name), { value: true, enumerable: false });
    }
  }

  /** The class's marker name (`limit.error.<errorName>`). */
  static readonly errorName: string = 'LimitError';

  /** True when `error` is any limit error, even one from another copy of this package. */
  static isInstance(error: unknown): error is LimitError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[BASE_SYMBOL] === true;
  }
}

/**
 * A caller passed a bad value for a named parameter.
 *
 * @example
 * throw new InvalidArgumentError({ parameter: 'k', value: 5, message: 'k (5) must be ≤ n (3)' });
 * // message: "Invalid argument for parameter k: k (5) must be ≤ n (3)"
 */
export class InvalidArgumentError extends LimitError {
  static override readonly errorName: string = 'InvalidArgumentError';
  override readonly name = 'InvalidArgumentError';
  /** Name of the offending parameter (a dotted path for option fields, e.g. `earlyStopping.patience`). */
  readonly parameter: string;
  /** The value that was rejected. */
  readonly value: unknown;

  constructor({ parameter, value, message, cause }: { parameter: string; value: unknown; message: string; cause?: unknown }) {
    super({ message: `Invalid argument for parameter ${parameter}: ${message}`, cause });
    this.parameter = parameter;
    this.value = value;
  }

  static override isInstance(error: unknown): error is InvalidArgumentError {
    return hasMarker(error, 'InvalidArgumentError');
  }
}

/** Two inputs (or an input and an expectation) have incompatible shapes. */
export class ShapeMismatchError extends LimitError {
  static override readonly errorName: string = 'ShapeMismatchError';
  override readonly name = 'ShapeMismatchError';
  /** Name of the parameter whose shape is wrong. */
  readonly parameter: string;
  /** The expected shape (use -1 for "any"). */
  readonly expected: readonly number[];
  /** The shape that was received. */
  readonly actual: readonly number[];

  constructor({
    parameter,
    expected,
    actual,
    message,
    cause,
  }: {
    parameter: string;
    expected: readonly number[];
    actual: readonly number[];
    message?: string;
    cause?: unknown;
  }) {
    const fmt = (s: readonly number[]) => `[${s.map((v) => (v < 0 ? '?' : String(v))).join(', ')}]`;
    super({ message: `Shape mismatch for parameter ${parameter}: expected ${fmt(expected)}, got ${fmt(actual)}` + (message ? ` (${message})` : ''), cause });
    this.parameter = parameter;
    this.expected = expected;
    this.actual = actual;
  }

  static override isInstance(error: unknown): error is ShapeMismatchError {
    return hasMarker(error, 'ShapeMismatchError');
  }
}

/** A combinatorial quantity does not fit where it must go (e.g. C(n, k) past 2^53 as a number). */
export class CombinatorialOverflowError extends LimitError {
  static override readonly errorName: string = 'CombinatorialOverflowError';
  override readonly name = 'CombinatorialOverflowError';
  /** The exact value that overflowed, when known. */
  readonly exact: bigint | undefined;

  /**
   * @param options - `{ message, exact?, cause? }` (`(message, exact)` is accepted too, deprecated).
   */
  constructor(options: { message: string; exact?: bigint; cause?: unknown } | string, exact?: bigint) {
    const o = typeof options === 'string' ? { message: options, exact } : options;
    super({ message: o.message, cause: o.cause });
    this.exact = o.exact;
  }

  static override isInstance(error: unknown): error is CombinatorialOverflowError {
    return hasMarker(error, 'CombinatorialOverflowError');
  }
}

/** A requested compute backend is unknown or cannot be used in this environment. */
export class BackendUnavailableError extends LimitError {
  static override readonly errorName: string = 'BackendUnavailableError';
  override readonly name = 'BackendUnavailableError';
  /** The backend that was requested. */
  readonly backend: string;
  /** The backends that are available here. */
  readonly available: readonly string[];
  /** Why it is unavailable, when known. */
  readonly reason: string | undefined;

  constructor({ backend, available, reason, cause }: { backend: string; available: readonly string[]; reason?: string; cause?: unknown }) {
    super({
      message: `Backend "${backend}" is not available${reason ? ` (${reason})` : ''}${available.length > 0 ? `; available backends: ${available.join(', ')}` : ''}`,
      cause,
    });
    this.backend = backend;
    this.available = available;
    this.reason = reason;
  }

  static override isInstance(error: unknown): error is BackendUnavailableError {
    return hasMarker(error, 'BackendUnavailableError');
  }
}

/** A data file (or stream) is malformed. `line` is 1-based; 0 means the whole file. */
export class DataFormatError extends LimitError {
  static override readonly errorName: string = 'DataFormatError';
  override readonly name = 'DataFormatError';
  /** The file (or stream label) the bad data came from. */
  readonly file: string;
  /** 1-based line number, or 0 when the problem is not tied to one line. */
  readonly line: number;

  constructor({ file, line, message, cause }: { file: string; line: number; message: string; cause?: unknown }) {
    super({ message: `${file}${line > 0 ? `:${line}` : ''}: ${message}`, cause });
    this.file = file;
    this.line = line;
  }

  static override isInstance(error: unknown): error is DataFormatError {
    return hasMarker(error, 'DataFormatError');
  }
}

/** An operation was cancelled through an `AbortSignal`. */
export class AbortedError extends LimitError {
  static override readonly errorName: string = 'AbortedError';
  override readonly name = 'AbortedError';

  /**
   * @param options - `{ message?, cause? }` (a message string is accepted too, deprecated).
   */
  constructor(options: { message?: string; cause?: unknown } | string = {}) {
    const o = typeof options === 'string' ? { message: options } : options;
    super({ message: o.message ?? 'The operation was aborted', cause: o.cause });
  }

  static override isInstance(error: unknown): error is AbortedError {
    return hasMarker(error, 'AbortedError');
  }
}

/**
 * An object was used in a state that does not allow the call (a disposed engine, a busy writer,
 * a lock held by another process). Not the fault of any argument.
 *
 * @example
 * throw new EngineStateError({ state: 'disposed', message: 'step() called after dispose()' });
 */
export class EngineStateError extends LimitError {
  static override readonly errorName: string = 'EngineStateError';
  override readonly name = 'EngineStateError';
  /** A short name of the state that refused the call, e.g. `'disposed'`, `'busy'`, `'locked'`. */
  readonly state: string;

  constructor({ state, message, cause }: { state: string; message: string; cause?: unknown }) {
    super({ message, cause });
    this.state = state;
  }

  static override isInstance(error: unknown): error is EngineStateError {
    return hasMarker(error, 'EngineStateError');
  }
}

/**
 * A numerical procedure did not converge or produced non-finite values (e.g. a loss that became
 * NaN, an iteration that ran out of steps where a result was required).
 */
export class ConvergenceError extends LimitError {
  static override readonly errorName: string = 'ConvergenceError';
  override readonly name = 'ConvergenceError';
  /** The iteration (step) at which the problem was detected, when known. */
  readonly iteration: number | undefined;

  constructor({ message, iteration, cause }: { message: string; iteration?: number; cause?: unknown }) {
    super({ message, cause });
    this.iteration = iteration;
  }

  static override isInstance(error: unknown): error is ConvergenceError {
    return hasMarker(error, 'ConvergenceError');
  }
}

/**
 * The place a run trains, or a service it depends on, failed — not the computation: a worker process that
 * died, a Redis that lost its connection or its data, a disk that refused a write. Such a failure says nothing
 * about the result, so callers retry it (never count it as an outcome).
 *
 * @example
 * throw new InfrastructureError({ service: 'local worker 4211', message: 'the worker process exited (SIGKILL) while training' });
 */
export class InfrastructureError extends LimitError {
  static override readonly errorName: string = 'InfrastructureError';
  override readonly name = 'InfrastructureError';
  /** What failed, e.g. `redis at redis://10.0.0.5:6379`, `local worker 4211`, `results folder out/`. */
  readonly service: string;

  constructor({ service, message, cause }: { service: string; message: string; cause?: unknown }) {
    super({ message, cause });
    this.service = service;
  }

  static override isInstance(error: unknown): error is InfrastructureError {
    return hasMarker(error, 'InfrastructureError');
  }
}

/**
 * A result came back for a different job than the one asked for (a stale or planted queue entry, a worker
 * that trained other settings): it is refused, never recorded.
 *
 * @example
 * throw new ResultMismatchError({ jobId: 'cn-d4-k2-n10-s42', field: 'n', expected: 10, actual: 6 });
 * // message: "the result for job cn-d4-k2-n10-s42 is for another job: n is 6, the job asked for 10"
 */
export class ResultMismatchError extends LimitError {
  static override readonly errorName: string = 'ResultMismatchError';
  override readonly name = 'ResultMismatchError';
  /** The id of the job that was asked for. */
  readonly jobId: string;
  /** The first field that differs (a dotted path such as `training.learningRate`). */
  readonly field: string;
  readonly expected: unknown;
  readonly actual: unknown;

  constructor({ jobId, field, expected, actual, message, cause }: { jobId: string; field: string; expected: unknown; actual: unknown; message?: string; cause?: unknown }) {
    super({
      message:
        message ??
        `the result for job ${jobId} is for another job: ${field} is ${JSON.stringify(actual) ?? 'missing'}, the job asked for ${JSON.stringify(expected) ?? 'none'}`,
      cause,
    });
    this.jobId = jobId;
    this.field = field;
    this.expected = expected;
    this.actual = actual;
  }

  static override isInstance(error: unknown): error is ResultMismatchError {
    return hasMarker(error, 'ResultMismatchError');
  }
}
