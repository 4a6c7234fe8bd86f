import { assertInteger, createRng, InvalidArgumentError } from '@limit/core';
import type { DenseMatrix, Seed } from '@limit/core';
import { binomial } from '@limit/combinatorics';

/** Options for {@link MomentCurveEmbedding.verify}. */
export interface MomentCurveVerifyOptions {
  /** Check every k-subset when C(n, k) ≤ this; otherwise check this many random k-subsets (default 250,000). */
  maxSubsets?: number;
  /** Seed for the random sample (default 0). */
  seed?: Seed;
}

/** What {@link MomentCurveEmbedding.verify} found in one floating-point precision. */
export interface MomentCurvePrecisionReport {
  /** Fraction of checked subsets whose top-k is exactly the subset (strictly, no ties). */
  accuracy: number;
  /** Number of checked subsets that were exact top-k. */
  correct: number;
  /** Minimum over checked subsets of (lowest relevant score − highest irrelevant score); ≤ 0 means a failure. */
  minMargin: number;
  /** A subset attaining `minMargin`. */
  worstSubset: number[];
}

/** Result of {@link MomentCurveEmbedding.verify}. */
export interface MomentCurveVerification {
  n: number;
  k: number;
  dimension: number;
  /** C(n, k). */
  totalSubsets: bigint;
  subsetsChecked: number;
  /** True when every k-subset was checked. */
  exhaustive: boolean;
  /** Scores from float64 vectors in float64 arithmetic. */
  float64: MomentCurvePrecisionReport;
  /** Scores from float32-rounded vectors in float32 arithmetic (as an embedding index would store them). */
  float32: MomentCurvePrecisionReport;
}

/** An exact construction from {@link momentCurveEmbedding}. */
export interface MomentCurveEmbedding {
  readonly n: number;
  readonly k: number;
  /** Embedding dimension 2k. */
  readonly dimension: number;
  /** Document angles t_j = 2πj / n. */
  readonly angles: Float64Array;
  /** n × 2k unit-norm document vectors (cos t, sin t, cos 2t, sin 2t, …, cos kt, sin kt) / √k. */
  readonly documents: DenseMatrix<Float64Array>;
  /**
   * The unit-norm query whose top-k documents are exactly `subset` (k distinct indices in [0, n)).
   * @throws InvalidArgumentError when the subset has the wrong size, repeats or is out of range.
   */
  queryFor(subset: readonly number[]): Float64Array;
  /** float64 margin of `queryFor(subset)`: lowest relevant score − highest irrelevant score. */
  marginOf(subset: readonly number[]): number;
  /** Checks every k-subset (or a random sample) in float64 and float32. */
  verify(options?: MomentCurveVerifyOptions): MomentCurveVerification;
}

/**
 * n documents on the trigonometric moment curve in ℝ^{2k}, with, for every k-subset S, a query
 * whose top-k is exactly S: the "exact configurations exist" side of the LIMIT argument.
 *
 * Document j sits at angle t_j = 2πj/n: d_j = (cos t_j, sin t_j, …, cos k t_j, sin k t_j)/√k (unit
 * norm). For S, the trigonometric polynomial p(t) = Π_{i∈S} (1 − cos(t − t_i)) has degree k, is ≥ 0
 * and vanishes exactly at the t_i, i ∈ S. Writing p(t) = a₀ + Σ_m (a_m cos mt + b_m sin mt), the
 * query q ∝ −(a₁, b₁, …, a_k, b_k) scores q·d_j ∝ a₀ − p(t_j): maximal (equal) on S, strictly lower
 * elsewhere. The margin shrinks like (2π/n)^{2k}: for k = 2 the worst case (two neighbours) is
 * ~(2π/n)⁴ / ‖q_raw‖, so float32 stops sufficing at a few hundred documents (see the README).
 *
 * @param n documents, an integer > k.
 * @param k relevant documents per query, an integer ≥ 1.
 * @throws InvalidArgumentError when n or k is not an integer or n ≤ k.
 * @example
 * const emb = momentCurveEmbedding(100, 2);              // 100 documents in ℝ⁴
 * const q = emb.queryFor([3, 57]);                       // top-2 is exactly {3, 57}
 * emb.verify().float64.minMargin > 0;                    // true: all 4,950 pairs are exact
 */
export function momentCurveEmbedding(n: number, k: number): MomentCurveEmbedding {
  assertInteger('k', k, { min: 1 });
  assertInteger('n', n, { min: k + 1 });
  const dim = 2 * k;
  const angles = new Float64Array(n);
  const docs = new Float64Array(n * dim);
  const inv = 1 / Math.sqrt(k);
  for (let j = 0; j < n; j++) {
    const t = (2 * Math.PI * j) / n;
    angles[j] = t;
    for (let m = 1; m <= k; m++) {
      docs[j * dim + 2 * (m - 1)] = Math.cos(m * t) * inv;
      docs[j * dim + 2 * (m - 1) + 1] = Math.sin(m * t) * inv;
    }
  }
  // Laurent coefficients of p, index m + k for e^{imt}; scratch reused by queryInto.
  const re = new Float64Array(2 * k + 1);
  const im = new Float64Array(2 * k + 1);
  const nre = new Float64Array(2 * k + 1);
  const nim = new Float64Array(2 * k + 1);

  /** Writes the unit query for the (validated) subset into out[0..dim). */
  const queryInto = (subset: ArrayLike<number>, out: Float64Array): void => {
    re.fill(0);
    im.fill(0);
    re[k] = 1;
    for (let s = 0; s < subset.length; s++) {
      const ti = angles[subset[s]!]!;
      const ch = -0.5 * Math.cos(ti);
      const sh = 0.5 * Math.sin(ti);
      // factor: 1 + c₊ e^{it} + c₋ e^{−it}, c₊ = −½e^{−i tᵢ} = (ch, sh), c₋ = −½e^{i tᵢ} = (ch, −sh)
      nre.fill(0);
      nim.fill(0);
      for (let idx = 0; idx <= 2 * k; idx++) {
        const a = re[idx]!;
        const b = im[idx]!;
        if (a === 0 && b === 0) continue;
        nre[idx] = nre[idx]! + a;
        nim[idx] = nim[idx]! + b;
        if (idx + 1 <= 2 * k) {
          nre[idx + 1] = nre[idx + 1]! + a * ch - b * sh;
          nim[idx + 1] = nim[idx + 1]! + a * sh + b * ch;
        }
        if (idx - 1 >= 0) {
          nre[idx - 1] = nre[idx - 1]! + a * ch + b * sh;
          nim[idx - 1] = nim[idx - 1]! - a * sh + b * ch;
        }
      }
      re.set(nre);
      im.set(nim);
    }
    let norm = 0;
    for (let m = 1; m <= k; m++) {
      const am = 2 * re[k + m]!;
      const bm = -2 * im[k + m]!;
      out[2 * (m - 1)] = -am;
      out[2 * (m - 1) + 1] = -bm;
      norm += am * am + bm * bm;
    }
    norm = Math.sqrt(norm);
    for (let i = 0; i < dim; i++) out[i] = out[i]! / norm;
  };

  const validate = (subset: readonly number[]): Int32Array => {
    if (!Array.isArray(subset) || subset.length !== k) {
      throw new InvalidArgumentError({ parameter: 'subset', value: subset, message: `subset must list exactly k = ${k} document indices` });
    }
    const sorted = Int32Array.from(subset).sort();
    for (let i = 0; i < k; i++) {
      const v = subset[i]!;
      if (!Number.isInteger(v) || v < 0 || v >= n) {
        throw new InvalidArgumentError({ parameter: 'subset', value: subset, message: `subset entry ${String(v)} is not an index in [0, ${n})` });
      }
      if (i > 0 && sorted[i] === sorted[i - 1]) {
        throw new InvalidArgumentError({ parameter: 'subset', value: subset, message: `subset repeats document ${sorted[i]}` });
      }
    }
    return sorted;
  };

  const docs32 = new Float32Array(docs);
  const q64 = new Float64Array(dim);
  const q32 = new Float32Array(dim);
  const fround = Math.fround;
  const scores64 = new Float64Array(n);
  // |fl32(q·d) − q·d| ≤ (dim + 2)·2⁻²⁴·‖q‖‖d‖ for rounded inputs, rounded products and dim − 1
  // rounded sums (standard dot-product error bound); one extra unit of slack.
  const float32DotError = (dim + 3) * 2 ** -24;
  /** Score of document j from float32 vectors in float32 arithmetic. */
  const score32 = (j: number): number => {
    let s = 0;
    const o = j * dim;
    for (let m = 0; m < dim; m++) s = fround(s + fround(q32[m]! * docs32[o + m]!));
    return s;
  };

  /** Scores every document; returns [margin64, margin32]. `sorted` is ascending. */
  const margins = (sorted: Int32Array): [number, number] => {
    queryInto(sorted, q64);
    for (let i = 0; i < dim; i++) q32[i] = q64[i]!;
    if (dim === 4) {
      const a = q64[0]!, b = q64[1]!, c = q64[2]!, d = q64[3]!;
      for (let j = 0, o = 0; j < n; j++, o += 4) scores64[j] = a * docs[o]! + b * docs[o + 1]! + c * docs[o + 2]! + d * docs[o + 3]!;
    } else {
      for (let j = 0, o = 0; j < n; j++, o += dim) {
        let s = 0;
        for (let m = 0; m < dim; m++) s += q64[m]! * docs[o + m]!;
        scores64[j] = s;
      }
    }
    let minIn64 = Infinity;
    let minIn32 = Infinity;
    for (let i = 0; i < k; i++) {
      const j = sorted[i]!;
      if (scores64[j]! < minIn64) minIn64 = scores64[j]!;
      const s32 = score32(j);
      if (s32 < minIn32) minIn32 = s32;
      scores64[j] = -Infinity;
    }
    let maxOut64 = -Infinity;
    for (let j = 0; j < n; j++) if (scores64[j]! > maxOut64) maxOut64 = scores64[j]!;
    // Every float32 score is within float32DotError of its float64 score (unit vectors), so only
    // documents within twice that of the float64 maximum can hold the float32 maximum.
    const cutoff = maxOut64 - 2 * float32DotError;
    let maxOut32 = -Infinity;
    for (let j = 0; j < n; j++) {
      if (scores64[j]! >= cutoff) {
        const s32 = score32(j);
        if (s32 > maxOut32) maxOut32 = s32;
      }
    }
    return [minIn64 - maxOut64, minIn32 - maxOut32];
  };

  return {
    n,
    k,
    dimension: dim,
    angles,
    documents: { rows: n, cols: dim, data: docs },
    queryFor(subset) {
      const sorted = validate(subset);
      const out = new Float64Array(dim);
      queryInto(sorted, out);
      return out;
    },
    marginOf(subset) {
      return margins(validate(subset))[0];
    },
    verify(options = {}) {
      const maxSubsets = assertInteger('maxSubsets', options.maxSubsets ?? 250_000, { min: 1 });
      const total = binomial(n, k);
      const exhaustive = total <= BigInt(maxSubsets);
      const checked = exhaustive ? Number(total) : maxSubsets;
      const r64 = { correct: 0, minMargin: Infinity, worst: new Int32Array(k) };
      const r32 = { correct: 0, minMargin: Infinity, worst: new Int32Array(k) };
      const record = (c: Int32Array) => {
        const [m64, m32] = margins(c);
        if (m64 > 0) r64.correct++;
        if (m32 > 0) r32.correct++;
        if (m64 < r64.minMargin) {
          r64.minMargin = m64;
          r64.worst.set(c);
        }
        if (m32 < r32.minMargin) {
          r32.minMargin = m32;
          r32.worst.set(c);
        }
      };
      const c = Int32Array.from({ length: k }, (_, i) => i);
      if (exhaustive) {
        for (let r = 0; r < checked; r++) {
          record(c);
          let i = k - 1;
          while (i >= 0 && c[i] === n - k + i) i--;
          if (i < 0) break;
          c[i]!++;
          for (let j = i + 1; j < k; j++) c[j] = c[j - 1]! + 1;
        }
      } else {
        const rng = createRng(options.seed ?? 0);
        const chosen = new Set<number>();
        for (let r = 0; r < checked; r++) {
          // Floyd's algorithm: a uniform k-subset of [0, n)
          chosen.clear();
          for (let j = n - k; j < n; j++) {
            const t = rng.integer(j + 1);
            chosen.add(chosen.has(t) ? j : t);
          }
          let i = 0;
          for (const v of chosen) c[i++] = v;
          c.sort();
          record(c);
        }
      }
      const report = (r: typeof r64): MomentCurvePrecisionReport => ({
        accuracy: r.correct / checked,
        correct: r.correct,
        minMargin: r.minMargin,
        worstSubset: Array.from(r.worst),
      });
      return { n, k, dimension: dim, totalSubsets: total, subsetsChecked: checked, exhaustive, float64: report(r64), float32: report(r32) };
    },
  };
}
