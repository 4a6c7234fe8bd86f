/**
 * Typed errors shared by every limit package.
 *
 * Each class carries a `Symbol.for(...)` marker so that `isInstance` keeps working when two copies
 * of `@limit/core` end up in one dependency tree (where `instanceof` would fail).
 */

const LIMIT_ERROR = Symbol.for('limit.error');

/** Base class of every error thrown by the limit packages. */
export class LimitError extends Error {
  private readonly [LIMIT_ERROR] = true;
  /** Machine-readable error name, e.g. `'InvalidArgumentError'`. */
  override readonly name: string = 'LimitError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }

  /** True when `error` is any limit error, even one from another copy of this package. */
  static isInstance(error: unknown): error is LimitError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[LIMIT_ERROR] === true;
  }
}

function markerCheck(name: string) {
  return (error: unknown): boolean => LimitError.isInstance(error) && error.name === name;
}

/**
 * A caller passed a bad value for a named parameter.
 *
 * @example
 * throw new InvalidArgumentError({ parameter: 'k', value: 5, message: 'k (5) must be ≤ n (3)' });
 * // message: "Invalid argument for parameter k: k (5) must be ≤ n (3)"
 */
export class InvalidArgumentError extends LimitError {
  override readonly name = 'InvalidArgumentError';
  /** Name of the offending parameter (a dotted path for option fields, e.g. `earlyStopping.patience`). */
  readonly parameter: string;
  /** The value that was rejected. */
  readonly value: unknown;

  constructor({ parameter, value, message, cause }: { parameter: string; value: unknown; message: string; cause?: unknown }) {
    super(`Invalid argument for parameter ${parameter}: ${message}`, { cause });
    this.parameter = parameter;
    this.value = value;
  }

  static override isInstance(error: unknown): error is InvalidArgumentError {
    return markerCheck('InvalidArgumentError')(error);
  }
}

/** Two inputs (or an input and an expectation) have incompatible shapes. */
export class ShapeMismatchError extends LimitError {
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
  }: {
    parameter: string;
    expected: readonly number[];
    actual: readonly number[];
    message?: string;
  }) {
    const fmt = (s: readonly number[]) => `[${s.map((v) => (v < 0 ? '?' : String(v))).join(', ')}]`;
    super(
      `Shape mismatch for parameter ${parameter}: expected ${fmt(expected)}, got ${fmt(actual)}` +
        (message ? ` (${message})` : ''),
    );
    this.parameter = parameter;
    this.expected = expected;
    this.actual = actual;
  }

  static override isInstance(error: unknown): error is ShapeMismatchError {
    return markerCheck('ShapeMismatchError')(error);
  }
}

/** A combinatorial quantity does not fit where it must go (e.g. C(n, k) past 2^53 as a number). */
export class CombinatorialOverflowError extends LimitError {
  override readonly name = 'CombinatorialOverflowError';
  /** The exact value that overflowed, when known. */
  readonly exact: bigint | undefined;

  constructor(message: string, exact?: bigint) {
    super(message);
    this.exact = exact;
  }

  static override isInstance(error: unknown): error is CombinatorialOverflowError {
    return markerCheck('CombinatorialOverflowError')(error);
  }
}

/** A requested compute backend is unknown or cannot be used in this environment. */
export class BackendUnavailableError extends LimitError {
  override readonly name = 'BackendUnavailableError';
  /** The backend that was requested. */
  readonly backend: string;
  /** The backends that are available here. */
  readonly available: readonly string[];

  constructor({ backend, available, reason, cause }: { backend: string; available: readonly string[]; reason?: string; cause?: unknown }) {
    super(
      `Backend "${backend}" is not available${reason ? ` (${reason})` : ''}; available backends: ${
        available.length > 0 ? available.join(', ') : '(none)'
      }`,
      { cause },
    );
    this.backend = backend;
    this.available = available;
  }

  static override isInstance(error: unknown): error is BackendUnavailableError {
    return markerCheck('BackendUnavailableError')(error);
  }
}

/** A data file (or stream) is malformed. `line` is 1-based; 0 means the whole file. */
export class DataFormatError extends LimitError {
  override readonly name = 'DataFormatError';
  /** The file (or stream label) the bad data came from. */
  readonly file: string;
  /** 1-based line number, or 0 when the problem is not tied to one line. */
  readonly line: number;

  constructor({ file, line, message, cause }: { file: string; line: number; message: string; cause?: unknown }) {
    super(`${file}${line > 0 ? `:${line}` : ''}: ${message}`, { cause });
    this.file = file;
    this.line = line;
  }

  static override isInstance(error: unknown): error is DataFormatError {
    return markerCheck('DataFormatError')(error);
  }
}

/** An operation was cancelled through an `AbortSignal`. */
export class AbortedError extends LimitError {
  override readonly name = 'AbortedError';

  constructor(message = 'The operation was aborted') {
    super(message);
  }

  static override isInstance(error: unknown): error is AbortedError {
    return markerCheck('AbortedError')(error);
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
  override readonly name = 'EngineStateError';
  /** A short name of the state that refused the call, e.g. `'disposed'`, `'busy'`, `'locked'`. */
  readonly state: string;

  constructor({ state, message, cause }: { state: string; message: string; cause?: unknown }) {
    super(message, { cause });
    this.state = state;
  }

  static override isInstance(error: unknown): error is EngineStateError {
    return markerCheck('EngineStateError')(error);
  }
}

/**
 * A numerical procedure did not converge or produced non-finite values (e.g. a loss that became
 * NaN, an iteration that ran out of steps where a result was required).
 */
export class ConvergenceError extends LimitError {
  override readonly name = 'ConvergenceError';
  /** The iteration (step) at which the problem was detected, when known. */
  readonly iteration: number | undefined;

  constructor({ message, iteration, cause }: { message: string; iteration?: number; cause?: unknown }) {
    super(message, { cause });
    this.iteration = iteration;
  }

  static override isInstance(error: unknown): error is ConvergenceError {
    return markerCheck('ConvergenceError')(error);
  }
}
