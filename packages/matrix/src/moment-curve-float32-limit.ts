import { assertInteger } from '@limit/core';
import { momentCurveEmbedding } from './moment-curve-embedding.js';

/** Options of {@link momentCurveFloat32Limit}. */
export interface MomentCurveFloat32LimitOptions {
  /** Stop after this many consecutive n where float32 fails (default 8). */
  readonly consecutiveFailures?: number;
  /** Never scan beyond this n (default 5,000). */
  readonly maxN?: number;
}

/** What {@link momentCurveFloat32Limit} found. */
export interface MomentCurveFloat32Limit {
  readonly k: number;
  /** Dimension of the construction, 2k. */
  readonly dimension: number;
  /** The largest n such that float32 realises every k-subset at every n′ = k + 1 … n (exhaustively checked). */
  readonly largestN: number;
  /** The first n at which some k-subset fails in float32 (largestN + 1), or null when none failed up to maxN. */
  readonly firstFailureN: number | null;
  /** n above the first failure at which float32 happens to realise every set again (rounding luck). */
  readonly sporadicPasses: readonly number[];
  /** float64 margin (full gap) of the construction at `largestN`. */
  readonly float64MarginAtLimit: number;
  /** float32 margin at `largestN`. */
  readonly float32MarginAtLimit: number;
  /** Every n checked (k + 1 … the last scanned). */
  readonly scannedTo: number;
}

/**
 * How far float32 carries the moment-curve construction ({@link momentCurveEmbedding}): every k-subset of
 * any number of documents is an exact top-k in exact arithmetic (d = 2k), but its margin shrinks like
 * (2π/n)^{2k}, and an index that stores and scores float32 vectors loses sets once the margin nears
 * float32 rounding. This scans n = k + 1, k + 2, … checking every k-subset in float32 (vectors rounded,
 * every product and partial sum rounded) until `consecutiveFailures` n in a row fail. Near the threshold
 * rounding is erratic, so single n above the first failure may pass again: they are listed, and `largestN`
 * is the last n before the first failure. Costs about C(n, k)·n·2k multiply-adds per n (seconds for k = 2).
 *
 * @param k - relevant documents per query (≥ 1).
 * @param options - see {@link MomentCurveFloat32LimitOptions}.
 * @returns the limit, the first failure and the margins at the limit.
 * @throws InvalidArgumentError for a bad k or option.
 * @example
 * ```ts
 * momentCurveFloat32Limit(2).largestN; // 166: float32 realises every pair of up to 166 documents in ℝ⁴
 * ```
 */
export function momentCurveFloat32Limit(k: number, options: MomentCurveFloat32LimitOptions = {}): MomentCurveFloat32Limit {
  assertInteger('k', k, { min: 1 });
  const window = assertInteger('consecutiveFailures', options.consecutiveFailures ?? 8, { min: 1 });
  const maxN = assertInteger('maxN', options.maxN ?? 5000, { min: k + 1 });
  let largestN = k;
  let firstFailureN: number | null = null;
  let margins = { float64: Infinity, float32: Infinity };
  const sporadicPasses: number[] = [];
  let failuresInRow = 0;
  let n = k + 1;
  for (; n <= maxN; n++) {
    const v = momentCurveEmbedding(n, k).verify({ maxSubsets: Number.MAX_SAFE_INTEGER });
    const ok = v.float32.accuracy === 1 && v.float32.minMargin > 0;
    if (ok) {
      failuresInRow = 0;
      if (firstFailureN === null) {
        largestN = n;
        margins = { float64: v.float64.minMargin, float32: v.float32.minMargin };
      } else sporadicPasses.push(n);
    } else {
      firstFailureN ??= n;
      failuresInRow += 1;
      if (failuresInRow >= window) break;
    }
  }
  return {
    k,
    dimension: 2 * k,
    largestN,
    firstFailureN,
    sporadicPasses,
    float64MarginAtLimit: margins.float64,
    float32MarginAtLimit: margins.float32,
    scannedTo: Math.min(n, maxN),
  };
}
