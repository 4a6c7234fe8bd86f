import { InvalidArgumentError } from '@limit/core';

/**
 * Checks a count argument (n, k, a rank...) that may be a number or a bigint and returns it as a
 * bigint. Numbers must be safe integers (NaN, ±Infinity and fractions are rejected); both kinds
 * must be ≥ `min`.
 */
export function toCount(parameter: string, value: unknown, min = 0n): bigint {
  let big: bigint;
  if (typeof value === 'bigint') {
    big = value;
  } else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new InvalidArgumentError({
        parameter,
        value,
        message: `${parameter} (${String(value)}) must be an integer (a safe-integer number or a bigint)`,
      });
    }
    big = BigInt(value);
  } else {
    throw new InvalidArgumentError({
      parameter,
      value,
      message: `${parameter} (${String(value)}) must be a number or a bigint, got ${typeof value}`,
    });
  }
  if (big < min) {
    throw new InvalidArgumentError({ parameter, value, message: `${parameter} (${String(value)}) must be ≥ ${min}` });
  }
  return big;
}

/** Largest value a JavaScript number holds exactly as an integer (2^53 − 1). */
export const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Checks a size argument that must be a plain safe-integer number ≥ `min` (array lengths, doc
 * counts) and returns it.
 */
export function toSize(parameter: string, value: unknown, min = 0): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new InvalidArgumentError({
      parameter,
      value,
      message: `${parameter} (${String(value)}) must be an integer`,
    });
  }
  if (value < min) {
    throw new InvalidArgumentError({ parameter, value, message: `${parameter} (${value}) must be ≥ ${min}` });
  }
  return value;
}

/** Throws when `k > n` (the caller names the parameters). */
export function assertKAtMostN(k: number | bigint, n: number | bigint, kName = 'k', nName = 'n'): void {
  if (BigInt(k) > BigInt(n)) {
    throw new InvalidArgumentError({
      parameter: kName,
      value: k,
      message: `${kName} (${String(k)}) must be ≤ ${nName} (${String(n)})`,
    });
  }
}
