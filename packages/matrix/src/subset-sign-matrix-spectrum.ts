import { assertInteger, InvalidArgumentError } from '@limit/core';
import { binomial } from '@limit/combinatorics';
import { logBigInt } from './log-binomial.js';

/** Singular values of the all-k-subsets sign matrix, from {@link subsetSignMatrixSpectrum}. */
export interface SubsetSignMatrixSpectrum {
  /** Rows q = C(n, k). */
  queries: bigint;
  /** The singular value along the all-ones direction, sqrt(q + (n − 1)·b). */
  sigmaOnes: number;
  /** The singular value of multiplicity n − 1, sqrt(q − b). */
  sigmaRest: number;
  /** Spectral norm ‖2A − 1‖₂ = max(sigmaOnes, sigmaRest). */
  spectralNorm: number;
  /** Forster's sign-rank lower bound sqrt(q · n) / ‖2A − 1‖₂. */
  forsterBound: number;
}

/**
 * Closed-form singular values of M = 2A − 1 for the qrel matrix of all k-subsets of n documents,
 * exact for any n (bigint arithmetic).
 *
 * Every column of M has q = C(n, k) entries ±1, and two distinct columns agree on the subsets that
 * contain both or neither and disagree on those containing exactly one, so
 *   MᵀM = (q − b)·I + b·J,  b = C(n−2, k−2) + C(n−2, k) − 2·C(n−2, k−1),
 * whose eigenvalues are q + (n − 1)·b (the all-ones vector) and q − b (n − 1 times).
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
  const c = (a: bigint, b: bigint): bigint => (b < 0n || b > a ? 0n : binomial(a, b));
  const q = c(N, K);
  const b = c(N - 2n, K - 2n) + c(N - 2n, K) - 2n * c(N - 2n, K - 1n);
  const lambdaOnes = q + (N - 1n) * b;
  const lambdaRest = q - b;
  const sqrtBig = (x: bigint): number => (x <= 0n ? 0 : Math.exp(0.5 * logBigInt(x)));
  const lambdaMax = lambdaOnes > lambdaRest ? lambdaOnes : lambdaRest;
  // forster² = q·n / λmax ≤ n: an exact rational, evaluated with 60 extra bits.
  const scaled = (q * N << 60n) / lambdaMax;
  const forster = Math.sqrt(Number(scaled) / 2 ** 60);
  return {
    queries: q,
    sigmaOnes: sqrtBig(lambdaOnes),
    sigmaRest: sqrtBig(lambdaRest),
    spectralNorm: sqrtBig(lambdaMax),
    forsterBound: forster,
  };
}
