/**
 * The one number parser of the CLI: every command reads its numeric flags through these, so `--k 0x10`,
 * `--k 1e3`, `--k 2.0` and `--seed ""` are refused the same way everywhere, with the flag named.
 *
 * Integers are plain decimal digits (an optional leading minus where negatives are allowed; `_` is not
 * accepted). Reals are decimal numbers with an optional exponent (`0.1`, `1e-3`, `.5`), never hex,
 * `Infinity` or `NaN`.
 */
import { InvalidArgumentError } from '@limit/core';

const DECIMAL_INTEGER = /^-?\d+$/;
const DECIMAL_REAL = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Bounds for {@link parseInteger} and {@link parseReal}. */
export interface NumberBounds {
  min?: number;
  max?: number;
  /** For reals: the lower bound is exclusive (`> min`). */
  exclusiveMin?: boolean;
}

function describeBounds(bounds: NumberBounds): string {
  const parts: string[] = [];
  if (bounds.min !== undefined) parts.push(`${bounds.exclusiveMin ? '>' : '≥'} ${bounds.min}`);
  if (bounds.max !== undefined) parts.push(`≤ ${bounds.max}`);
  return parts.length > 0 ? ` ${parts.join(' and ')}` : '';
}

function checkBounds(flag: string, text: string, value: number, kind: string, bounds: NumberBounds): number {
  const low = bounds.min === undefined || (bounds.exclusiveMin ? value > bounds.min : value >= bounds.min);
  const high = bounds.max === undefined || value <= bounds.max;
  if (!low || !high) {
    throw new InvalidArgumentError({ parameter: flag, value: text, message: `${flag} must be ${kind}${describeBounds(bounds)}, got ${JSON.stringify(text)}` });
  }
  return value;
}

/**
 * Parses a decimal integer flag value.
 *
 * @param flag - the flag as the user types it, e.g. `--k` (used in the error).
 * @param text - the raw option text.
 * @param bounds - inclusive bounds.
 * @returns the integer.
 * @throws InvalidArgumentError (parameter = the flag) for anything but decimal digits in a safe range.
 * @example
 * ```ts
 * parseInteger('--k', '2', { min: 1 }); // 2
 * parseInteger('--k', '0x10');          // throws: --k must be a decimal integer
 * ```
 */
export function parseInteger(flag: string, text: string | undefined, bounds: NumberBounds = {}): number {
  const raw = text ?? '';
  const t = raw.trim();
  const value = Number(t);
  if (!DECIMAL_INTEGER.test(t) || !Number.isSafeInteger(value)) {
    throw new InvalidArgumentError({ parameter: flag, value: raw, message: `${flag} must be a decimal integer${describeBounds(bounds)}, got ${JSON.stringify(raw)}` });
  }
  return checkBounds(flag, raw, value, 'an integer', bounds);
}

/**
 * Parses a finite decimal real flag value (`0.1`, `1e-3`).
 *
 * @param flag - the flag, e.g. `--learning-rate`.
 * @param text - the raw option text.
 * @param bounds - bounds (`exclusiveMin` for `> min`).
 * @returns the number.
 * @throws InvalidArgumentError (parameter = the flag) for empty, hex, non-finite or out-of-range input.
 * @example
 * ```ts
 * parseReal('--temperature', '0.05', { min: 0, exclusiveMin: true }); // 0.05
 * ```
 */
export function parseReal(flag: string, text: string | undefined, bounds: NumberBounds = {}): number {
  const raw = text ?? '';
  const t = raw.trim();
  const value = Number(t);
  if (!DECIMAL_REAL.test(t) || !Number.isFinite(value)) {
    throw new InvalidArgumentError({ parameter: flag, value: raw, message: `${flag} must be a decimal number${describeBounds(bounds)}, got ${JSON.stringify(raw)}` });
  }
  return checkBounds(flag, raw, value, 'a number', bounds);
}

/**
 * Parses a comma-separated list of decimal integers (`32,64,128`); duplicates removed, sorted ascending.
 *
 * @throws InvalidArgumentError naming the flag when the list is empty or an entry is not an integer in bounds.
 * @example
 * ```ts
 * parseIntegerList('--cutoffs', '10,1,5', { min: 1 }); // [1, 5, 10]
 * ```
 */
export function parseIntegerList(flag: string, text: string | undefined, bounds: NumberBounds = {}): number[] {
  const raw = text ?? '';
  const parts = raw.split(',').map((s) => s.trim());
  if (raw.trim() === '' || parts.some((p) => p === '')) {
    throw new InvalidArgumentError({ parameter: flag, value: raw, message: `${flag} must be a comma-separated list of integers, got ${JSON.stringify(raw)}` });
  }
  const values = parts.map((p) => {
    try {
      return parseInteger(flag, p, bounds);
    } catch {
      throw new InvalidArgumentError({
        parameter: flag,
        value: raw,
        message: `${flag} must be a comma-separated list of decimal integers${describeBounds(bounds)}, got ${JSON.stringify(raw)}`,
      });
    }
  });
  return [...new Set(values)].sort((a, b) => a - b);
}

/**
 * Checks that a flag takes one of a fixed set of values.
 *
 * @throws InvalidArgumentError naming the flag.
 */
export function parseChoice<T extends string>(flag: string, text: string | undefined, choices: readonly T[]): T {
  if (text !== undefined && (choices as readonly string[]).includes(text)) return text as T;
  throw new InvalidArgumentError({ parameter: flag, value: text, message: `${flag} must be one of ${choices.join(', ')}, got ${JSON.stringify(text ?? '')}` });
}

/**
 * Runs library code whose typed errors name internal parameters (`numDocs`, `k1`, `options.batchSize`)
 * and renames them to the CLI flags the user typed, so every error points at a flag.
 *
 * @param flags - internal parameter name → flag, e.g. `{ numDocs: '--docs', 'options.batchSize': '--batch-size' }`.
 * @param work - the library call.
 * @throws the same error class, with `parameter` and the message naming the flag.
 */
export async function withFlagNames<T>(flags: Readonly<Record<string, string>>, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw renameParameter(error, flags);
  }
}

/** The synchronous form of {@link withFlagNames}. */
export function withFlagNamesSync<T>(flags: Readonly<Record<string, string>>, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw renameParameter(error, flags);
  }
}

function renameParameter(error: unknown, flags: Readonly<Record<string, string>>): unknown {
  if (!InvalidArgumentError.isInstance(error)) return error;
  const parameter = (error as InvalidArgumentError).parameter;
  const flag = flags[parameter];
  if (flag === undefined) return error;
  const escaped = parameter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const message = error.message
    .replace(/^Invalid argument for parameter [^:]+: /, '')
    .replace(new RegExp(`(^|[^\\w.-])${escaped}(?![\\w])`, 'g'), `$1${flag}`);
  return new InvalidArgumentError({ parameter: flag, value: (error as InvalidArgumentError).value, message, cause: error });
}
