import {
  AbortedError,
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

/**
 * An error as plain JSON-safe data, to cross a process or machine boundary (IPC, a job queue, a file) and be
 * rebuilt as the same typed error on the other side with {@link deserializeError}.
 */
export interface SerializedError {
  /** The class name, e.g. `ConvergenceError` (any `Error`'s `name` for foreign errors). */
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  /** The class's own fields (`parameter`, `file`, `line`, `backend`, `state`, `iteration`, …), JSON-safe. */
  readonly fields?: Readonly<Record<string, unknown>>;
  readonly cause?: SerializedError;
}

/** Fields each limit error class carries, and how to rebuild it from them. */
const REBUILD: Record<string, (f: Record<string, unknown>, message: string, cause: unknown) => LimitError> = {
  LimitError: (_f, message, cause) => new LimitError({ message, cause }),
  InvalidArgumentError: (f, message, cause) => new InvalidArgumentError({ parameter: String(f.parameter), value: f.value, message, cause }),
  ShapeMismatchError: (f, _message, cause) =>
    new ShapeMismatchError({ parameter: String(f.parameter), expected: numbers(f.expected), actual: numbers(f.actual), cause }),
  CombinatorialOverflowError: (f, message, cause) =>
    new CombinatorialOverflowError({ message, cause, ...(typeof f.exact === 'string' && /^-?\d+$/.test(f.exact) ? { exact: BigInt(f.exact) } : {}) }),
  BackendUnavailableError: (f, _message, cause) =>
    new BackendUnavailableError({
      backend: String(f.backend),
      available: Array.isArray(f.available) ? f.available.map(String) : [],
      ...(typeof f.reason === 'string' ? { reason: f.reason } : {}),
      cause,
    }),
  DataFormatError: (f, message, cause) => new DataFormatError({ file: String(f.file), line: Number(f.line) || 0, message, cause }),
  AbortedError: (_f, message, cause) => new AbortedError({ message, cause }),
  EngineStateError: (f, message, cause) => new EngineStateError({ state: String(f.state), message, cause }),
  ConvergenceError: (f, message, cause) => new ConvergenceError({ message, cause, ...(typeof f.iteration === 'number' ? { iteration: f.iteration } : {}) }),
  InfrastructureError: (f, message, cause) => new InfrastructureError({ service: String(f.service), message, cause }),
  ResultMismatchError: (f, message, cause) =>
    new ResultMismatchError({ jobId: String(f.jobId), field: String(f.field), expected: f.expected, actual: f.actual, message, cause }),
};

const numbers = (value: unknown): number[] => (Array.isArray(value) ? value.map(Number) : []);

/** A JSON-safe copy of a field value (bigints as decimal strings, typed arrays as arrays, others described). */
function jsonSafe(value: unknown, depth = 0): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === undefined) return undefined;
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>).slice(0, 64).map((v) => jsonSafe(v, depth + 1));
  if (Array.isArray(value)) return depth > 3 ? `[array of ${value.length}]` : value.slice(0, 64).map((v) => jsonSafe(v, depth + 1));
  if (typeof value === 'object') {
    if (depth > 3) return '[object]';
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = jsonSafe(v, depth + 1);
    return out;
  }
  return String(value);
}

/**
 * Turns any thrown value into plain JSON-safe data: name, message, stack, the class's own fields and the
 * cause chain (up to 8 deep). A limit error rebuilt from it by {@link deserializeError} is of the same class.
 *
 * @param error - anything thrown.
 * @returns the serialised error.
 * @example
 * ```ts
 * process.send({ type: 'failed', error: serializeError(error) });
 * ```
 */
export function serializeError(error: unknown, depth = 0): SerializedError {
  if (!(error instanceof Error) && !LimitError.isInstance(error)) {
    return { name: 'Error', message: typeof error === 'string' ? error : String(jsonSafe(error)) };
  }
  const e = error as Error & Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(e)) {
    if (key === 'name' || key === 'message' || key === 'stack' || key === 'cause') continue;
    const value = jsonSafe(e[key]);
    if (value !== undefined) fields[key] = value;
  }
  const cause = e.cause !== undefined && depth < 8 ? serializeError(e.cause, depth + 1) : undefined;
  return {
    name: e.name,
    message: e.message,
    ...(e.stack !== undefined ? { stack: e.stack } : {}),
    ...(Object.keys(fields).length > 0 ? { fields } : {}),
    ...(cause !== undefined ? { cause } : {}),
  };
}

/**
 * Rebuilds an error from {@link serializeError}'s data: a limit error of the same class (with its fields, its
 * original message and the sender's stack), or a plain `Error` with the same name for any other error.
 *
 * @param data - the serialised error.
 * @returns the error, ready to throw.
 * @throws InvalidArgumentError naming `data` when it is not a serialised error.
 * @example
 * ```ts
 * const error = deserializeError(message.error);
 * ConvergenceError.isInstance(error); // true when a ConvergenceError was thrown on the other side
 * ```
 */
export function deserializeError(data: SerializedError): Error {
  if (data === null || typeof data !== 'object' || typeof data.name !== 'string' || typeof data.message !== 'string') {
    throw new InvalidArgumentError({ parameter: 'data', value: data, message: 'data must be a serialised error { name, message, … }' });
  }
  const cause = data.cause !== undefined ? deserializeError(data.cause) : undefined;
  const rebuild = REBUILD[data.name];
  const error: Error = rebuild ? rebuild({ ...(data.fields ?? {}) }, data.message, cause) : new Error(data.message, cause === undefined ? undefined : { cause });
  if (!rebuild) Object.defineProperty(error, 'name', { value: data.name, enumerable: false, configurable: true, writable: true });
  // The sender's exact message and stack (constructors format messages; keep what was thrown).
  Object.defineProperty(error, 'message', { value: data.message, enumerable: false, configurable: true, writable: true });
  if (data.stack !== undefined) Object.defineProperty(error, 'stack', { value: data.stack, enumerable: false, configurable: true, writable: true });
  if (!rebuild && data.fields) Object.assign(error, data.fields);
  return error;
}
