import { assertInteger, InvalidArgumentError } from '@limit/core';
import { binomial } from '@limit/combinatorics';
import { logBigInt, logBinomial } from './log-binomial.js';

/** Singular values of the all-k-subsets sign matrix, from {@link subsetSignMatrixSpectrum}. */
export interface SubsetSignMatrixSpectrum {
  /** Rows q = C(n, k), exact (computed when first read: O(min(k, n − k)) bigint steps). */
  readonly queries: bigint;
  /** The singular value along the all-ones direction, sqrt(q + (n − 1)·b). */
  sigmaOnes: number;
  /** The singular value of multiplicity n − 1, sqrt(q − b). */
  sigmaRest: number;
  /** Spectral norm ‖2A − 1‖₂ = max(sigmaOnes, sigmaRest) (Infinity beyond float64 range; see logSpectralNorm). */
  spectralNorm: number;
  /** ln ‖2A − 1‖₂, finite for any n and k. */
  logSpectralNorm: number;
  /** Forster's sign-rank lower bound sqrt(q · n) / ‖2A − 1‖₂. */
  forsterBound: number;
}

/**
 * Closed-form singular values of M = 2A − 1 for the qrel matrix of all k-subsets of n documents,
 * for any n and k, in constant time.
 *
 * Every column of M has q = C(n, k) entries ±1, and two distinct columns agree on the subsets that
 * contain both or neither and disagree on those containing exactly one, so
 *   MᵀM = (q − b)·I + b·J,  b = C(n−2, k−2) + C(n−2, k) − 2·C(n−2, k−1) = q·((n − 2k)² − n) / (n(n − 1)),
 * whose eigenvalues are q + (n − 1)·b = q·(n − 2k)²/n (the all-ones vector) and
 * q − b = q·4k(n − k)/(n(n − 1)) (n − 1 times). Forster's bound sqrt(q·n/λmax) therefore needs only
 * n and k (exact bigint rationals); q enters the singular values through ln C(n, k)
 * (`logBinomial`), so nothing is slow for n = 10⁶, k = 5·10⁵. `queries` (the exact bigint C(n, k))
 * is computed only when read.
 *
 * @param n documents, an integer ≥ 2 (number or bigint).
 * @param k relevant documents per query, 1 ≤ k ≤ n − 1.
 * @throws InvalidArgumentError for bad n or k.
 * @example
 * subsetSignMatrixSpectrum(600, 2).spectralNorm; // ≈ 10314.42 for the 179,700 × 600 matrix
 */
export function subsetSignMatrixSpectrum(n: number | bigint, k: number | bigint): SubsetSignMatrixSpectrum {
  const N = typeof n === 'bigint' ? n : BigInt(assertInteger('n', n, { min: 2 }));
  const K = typeof k === 'bigint' ? k : BigInt(assertInteger('k', k, { min: 1 }));
  if (N < 2n) throw new InvalidArgumentError({ parameter: 'n', value: n, message: `n (${N}) must be ≥ 2` });
  if (K < 1n || K > N - 1n) throw new InvalidArgumentError({ parameter: 'k', value: k, message: `k (${K}) must be in [1, n − 1] = [1, ${N - 1n}]` });
  // λ/q as exact rationals num/den
  const onesNum = (N - 2n * K) ** 2n; // over N
  const restNum = 4n * K * (N - K); // over N(N − 1)
  const onesBigger = onesNum * (N - 1n) > restNum; // compare over the common denominator N(N − 1)
  const lnQ = logBinomial(N, K);
  const logSqrtRatio = (num: bigint, den: bigint): number => (num <= 0n ? Number.NEGATIVE_INFINITY : 0.5 * (lnQ + logBigInt(num) - logBigInt(den)));
  const logOnes = logSqrtRatio(onesNum, N);
  const logRest = logSqrtRatio(restNum, N * (N - 1n));
  const sigmaOnes = Math.exp(logOnes);
  const sigmaRest = Math.exp(logRest);
  // forster² = q·n / λmax = n / (λmax/q): exact rational, evaluated with 60 extra bits.
  const [num, den] = onesBigger ? [N * N, onesNum] : [N * N * (N - 1n), restNum];
  const forster = Math.sqrt(Number((num << 60n) / den) / 2 ** 60);
  let queries: bigint | undefined;
  return {
    get queries() {
      return (queries ??= binomial(N, K));
    },
    sigmaOnes,
    sigmaRest,
    spectralNorm: Math.max(sigmaOnes, sigmaRest),
    logSpectralNorm: Math.max(logOnes, logRest),
    forsterBound: forster,
  };
}
