import { InvalidArgumentError } from './errors.js';

/**
 * Argument checks shared by the limit packages. Every check throws {@link InvalidArgumentError}
 * naming the parameter, and returns the value narrowed to its type.
 */

/** Asserts `value` is a finite number. */
export function assertFiniteNumber(parameter: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidArgumentError({ parameter, value, message: `${parameter} (${String(value)}) must be a finite number` });
  }
  return value;
}

/** Asserts `value` is a safe integer within `[min, max]` (inclusive, both optional). */
export function assertInteger(
  parameter: string,
  value: unknown,
  { min, max }: { min?: number; max?: number } = {},
): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new InvalidArgumentError({ parameter, value, message: `${parameter} (${String(value)}) must be an integer` });
  }
  if (min !== undefined && value < min) {
    throw new InvalidArgumentError({ parameter, value, message: `${parameter} (${value}) must be ≥ ${min}` });
  }
  if (max !== undefined && value > max) {
    throw new InvalidArgumentError({ parameter, value, message: `${parameter} (${value}) must be ≤ ${max}` });
  }
  return value;
}

/** Asserts `value` is a finite number strictly greater than zero. */
export function assertPositive(parameter: string, value: unknown): number {
  const v = assertFiniteNumber(parameter, value);
  if (!(v > 0)) throw new InvalidArgumentError({ parameter, value, message: `${parameter} (${v}) must be > 0` });
  return v;
}

/** Asserts `value` is a finite number ≥ 0. */
export function assertNonNegative(parameter: string, value: unknown): number {
  const v = assertFiniteNumber(parameter, value);
  if (!(v >= 0)) throw new InvalidArgumentError({ parameter, value, message: `${parameter} (${v}) must be ≥ 0` });
  return v;
}

/** Asserts `value` is one of `allowed`. */
export function assertOneOf<T extends string>(parameter: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidArgumentError({
      parameter,
      value,
      message: `${parameter} (${JSON.stringify(value)}) must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`,
    });
  }
  return value as T;
}
