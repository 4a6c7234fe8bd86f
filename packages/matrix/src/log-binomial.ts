import { binomial } from '@limit/combinatorics';
import { InvalidArgumentError } from '@limit/core';

/**
 * Up to this many factors (j = min(k, n − k)) ln C(n, k) comes from the exact bigint binomial; above
 * it, from Stirling's series, which is then accurate to float64 rounding and takes constant time.
 */
export const LOG_BINOMIAL_EXACT_LIMIT = 1000;

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
 * ln C(n, k) for any size, in constant time beyond small k.
 *
 * - j = min(k, n − k) ≤ {@link LOG_BINOMIAL_EXACT_LIMIT}: from the exact bigint binomial (via
 *   `@limit/combinatorics`), so huge n (10⁹, 10¹⁸ …) with small k is exact to float64 rounding.
 * - larger j: Stirling's series with m = n − k, written without cancellation,
 *   ln C = k·ln(n/k) + m·ln(n/m) + ½·ln(n / (2π·k·m)) + s(n) − s(k) − s(m),
 *   s(x) = 1/(12x) − 1/(360x³) + 1/(1260x⁵) (error < 1/(1680 x⁷), negligible for x > 1000).
 *   `limit bounds --n 1e6 --k 500000` thus answers at once; the relative error is ~1e-15.
 *
 * @param n set size, a non-negative integer (number or bigint).
 * @param k subset size, an integer with 0 ≤ k ≤ n.
 * @throws InvalidArgumentError when n or k is not a non-negative integer, or k > n (parameter `k`).
 * @example
 * logBinomial(100, 2);              // ln 4950 ≈ 8.5073
 * logBinomial(10n ** 9n, 2);        // ≈ 40.753
 * logBinomial(1_000_000, 500_000);  // ≈ 693139.4 (instant)
 */
export function logBinomial(n: number | bigint, k: number | bigint): number {
  const nn = toBig('n', n);
  const kk = toBig('k', k);
  if (kk > nn) throw new InvalidArgumentError({ parameter: 'k', value: k, message: `k (${kk}) must be ≤ n (${nn})` });
  const j = kk < nn - kk ? kk : nn - kk;
  if (j <= BigInt(LOG_BINOMIAL_EXACT_LIMIT)) return logBigInt(binomial(nn, j));
  return logBinomialStirling(Number(nn), Number(j));
}

/** Stirling-series remainder s(x) = ln Γ(x + 1) − (x ln x − x + ½ ln(2πx)). */
function stirlingTail(x: number): number {
  const x2 = x * x;
  return (1 / 12 - (1 / 360 - 1 / (1260 * x2)) / x2) / x;
}

/** ln C(n, j) by Stirling's series (see {@link logBinomial}); n, j > LOG_BINOMIAL_EXACT_LIMIT. */
function logBinomialStirling(n: number, j: number): number {
  const m = n - j;
  // m·ln(n/m) = −m·log1p(−j/n): accurate when j ≪ n
  return j * Math.log(n / j) - m * Math.log1p(-j / n) + 0.5 * Math.log(n / (2 * Math.PI * j * m)) + stirlingTail(n) - stirlingTail(j) - stirlingTail(m);
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
