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

/**
 * Asserts that an options object has only known keys, so a misspelt or foreign-style option
 * (`learning_rate` for `learningRate`) is a typed error instead of a silently ignored value.
 *
 * @param parameter - name of the options parameter, used as the prefix of the reported key
 *   (`'options'` reports `options.learning_rate`; `''` reports the bare key).
 * @param options - the object to check; `undefined` passes.
 * @param allowed - the valid keys.
 * @param hints - optional advice per unknown key, e.g. `{ scale: 'temperature = 1/scale' }`.
 * @throws {@link InvalidArgumentError} naming the first unknown key and listing the valid ones.
 * @example
 * assertKnownOptions('options', { learning_rate: 0.1 }, ['learningRate', 'temperature']);
 * // InvalidArgumentError: Invalid argument for parameter options.learning_rate:
 * //   unknown option learning_rate; valid options: learningRate, temperature
 */
export function assertKnownOptions(
  parameter: string,
  options: unknown,
  allowed: readonly string[],
  hints: Readonly<Record<string, string>> = {},
): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidArgumentError({
      parameter: parameter || 'options',
      value: options,
      message: `${parameter || 'options'} must be a plain object`,
    });
  }
  for (const key of Object.keys(options)) {
    if (allowed.includes(key)) continue;
    const hint = Object.prototype.hasOwnProperty.call(hints, key) ? hints[key] : suggestKey(key, allowed);
    throw new InvalidArgumentError({
      parameter: parameter ? `${parameter}.${key}` : key,
      value: (options as Record<string, unknown>)[key],
      message:
        `unknown option ${key}${hint ? ` (${hint})` : ''}; valid options: ` +
        (allowed.length > 0 ? [...allowed].sort().join(', ') : '(none)'),
    });
  }
}

/** `learning_rate` → "did you mean learningRate?" when a camelCase spelling of the key is allowed. */
function suggestKey(key: string, allowed: readonly string[]): string | undefined {
  const camel = key.replace(/[_-]([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  if (camel !== key && allowed.includes(camel)) return `did you mean ${camel}?`;
  const lower = key.toLowerCase();
  const ci = allowed.find((a) => a.toLowerCase() === lower);
  return ci ? `did you mean ${ci}?` : undefined;
}
