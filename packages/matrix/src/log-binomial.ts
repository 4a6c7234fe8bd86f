import { binomial } from '@limit/combinatorics';
import { InvalidArgumentError } from '@limit/core';

/** Above this many factors the exact bigint product gets slow; a float64 log-sum is used instead. */
const EXACT_FACTOR_LIMIT = 20_000;

/**
 * Natural log of a positive bigint, accurate to float64 rounding even far beyond 2^1024: the top
 * 64 bits are converted exactly and the shift is added back as `shift · ln 2`.
 *
 * @throws InvalidArgumentError when x ≤ 0 (parameter `x`).
 * @example
 * logBigInt(10n ** 400n); // 921.034… (= 400 ln 10)
 */
export function logBigInt(x: bigint): number {
  if (x <= 0n) throw new InvalidArgumentError({ parameter: 'x', value: x, message: `x (${x}) must be > 0` });
  const hex = x.toString(16);
  const bits = (hex.length - 1) * 4 + Math.floor(Math.log2(parseInt(hex[0]!, 16))) + 1;
  if (bits <= 1000) return Math.log(Number(x));
  const shift = bits - 64;
  return Math.log(Number(x >> BigInt(shift))) + shift * Math.LN2;
}

/**
 * ln C(n, k), computed from the exact bigint binomial (via `@limit/combinatorics`) so that it stays
 * accurate for huge n (n = 10⁹, 10¹⁸ …). When min(k, n − k) exceeds 20,000 factors the exact product
 * gets slow and a float64 sum of ln((n − i)/(i + 1)) is used instead (relative error ~1e-13).
 *
 * @param n set size, a non-negative integer (number or bigint).
 * @param k subset size, an integer with 0 ≤ k ≤ n.
 * @throws InvalidArgumentError when n or k is not a non-negative integer, or k > n (parameter `k`).
 * @example
 * logBinomial(100, 2);              // ln 4950 ≈ 8.5073
 * logBinomial(10n ** 9n, 2);        // ≈ 40.753
 */
export function logBinomial(n: number | bigint, k: number | bigint): number {
  const nn = toBig('n', n);
  const kk = toBig('k', k);
  if (kk > nn) throw new InvalidArgumentError({ parameter: 'k', value: k, message: `k (${kk}) must be ≤ n (${nn})` });
  const j = kk < nn - kk ? kk : nn - kk;
  if (j <= BigInt(EXACT_FACTOR_LIMIT)) return logBigInt(binomial(nn, j));
  const N = Number(nn);
  const J = Number(j);
  let s = 0;
  for (let i = 0; i < J; i++) s += Math.log1p((N - 2 * i - 1) / (i + 1));
  return s;
}

function toBig(parameter: string, v: number | bigint): bigint {
  if (typeof v === 'bigint') {
    if (v < 0n) throw new InvalidArgumentError({ parameter, value: v, message: `${parameter} (${v}) must be ≥ 0` });
    return v;
  }
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new InvalidArgumentError({ parameter, value: v, message: `${parameter} (${String(v)}) must be a non-negative integer` });
  }
  return BigInt(v);
}
