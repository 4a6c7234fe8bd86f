import type { DenseMatrix, MatrixData } from '@limit/core';
import { InvalidArgumentError } from '@limit/core';
import type { EngineQrels } from './step-engine.js';

/** What {@link forEachQueryMargin} hands the visitor for one query (buffers are reused: copy what you keep). */
export interface QueryMarginRow {
  readonly query: number;
  /** ⟨q̂ᵢ, dⱼ⟩ for every document j, with q̂ᵢ = qᵢ/‖qᵢ‖₂ (float64, or float32 arithmetic when asked). */
  readonly scores: Float64Array;
  /** 1 where document j is relevant to this query. */
  readonly relevant: Uint8Array;
  /** Lowest relevant score. */
  readonly minRelevant: number;
  /**
   * The query's margin: lowest relevant score − highest non-relevant score of the unit query
   * (> 0: the top-k is exactly the relevant set; see {@link forEachQueryMargin}).
   */
  readonly margin: number;
}

/** Options of {@link forEachQueryMargin} and {@link queryMarginSummary}. */
export interface QueryMarginOptions {
  /**
   * `'float64'` (default): every product and sum in float64. `'float32'`: the unit query and the documents
   * rounded to float32 and every product and partial sum rounded to float32 — what an index that stores
   * float32 vectors computes.
   */
  readonly precision?: 'float64' | 'float32';
}

/**
 * The one margin of the limit libraries, used by certificates (`verifyEmbeddings`, `limit verify`), by the
 * `margin` pass rule of the search, by the LP refit (`limit certify`) and by the constructions' rows.
 *
 * For query i with relevant set Rᵢ, documents dⱼ as given and the query scaled to unit length,
 *
 *   marginᵢ = min_{j∈Rᵢ} ⟨q̂ᵢ, dⱼ⟩ − max_{l∉Rᵢ} ⟨q̂ᵢ, dₗ⟩,   q̂ᵢ = qᵢ / ‖qᵢ‖₂,
 *
 * the **full gap** between the lowest relevant and the highest irrelevant score (> 0 exactly when the top-k
 * is the relevant set with no tie). Scaling the query changes no ranking, so it is divided out (centroid
 * queries are not unit vectors); documents are taken as given — they are unit vectors in every trained or
 * constructed configuration (the trainer re-normalises them each step, up to float32 rounding), and
 * re-normalising them would change which sets a configuration realises. A zero query scores every
 * document 0 (margin 0: not realised).
 *
 * How it relates to the published bounds: Theorem 1 of the LIMIT paper's ICLR version (arXiv 2508.21038:
 * realising all k-subsets with margin γ needs C(n, k) ≤ (1 + 1/γ)^d) holds when γ is **half** this full gap
 * (equivalently, relevant scores ≥ t + γ and irrelevant ≤ t − γ for some threshold t, the ±m margin of
 * Bangachev et al., arXiv 2605.23556, with t = 0). With the full gap G the packing argument gives
 * C(n, k) ≤ (1 + 2/G)^d, and (1 + 1/G)^d can fail: two antipodal documents in d = 1 have G = 2 and
 * C(2, 1) = 2 > 1 + 1/2. `@limit/matrix`'s `gapDimensionBound` applies the theorem to a measured full gap.
 * Wang et al.'s robust gap ε (arXiv 2601.20844, all vectors unit) is this full gap.
 *
 * @param queries - Q [q, d].
 * @param documents - D [n, d].
 * @param qrels - CSR qrels, q × n. Shapes are the caller's to check.
 * @param visit - called once per query, in order, with reused buffers.
 * @param options - see {@link QueryMarginOptions}.
 * @throws InvalidArgumentError naming `options.precision` for anything but float64 or float32.
 * @example
 * ```ts
 * let worst = Infinity;
 * forEachQueryMargin(queries, documents, qrels, ({ margin }) => (worst = Math.min(worst, margin)));
 * ```
 */
export function forEachQueryMargin(
  queries: DenseMatrix<MatrixData>,
  documents: DenseMatrix<MatrixData>,
  qrels: EngineQrels,
  visit: (row: QueryMarginRow) => void,
  options: QueryMarginOptions = {},
): void {
  const precision = options.precision ?? 'float64';
  if (precision !== 'float64' && precision !== 'float32') {
    throw new InvalidArgumentError({ parameter: 'options.precision', value: precision, message: `options.precision must be float64 or float32 (got ${String(precision)})` });
  }
  const d = queries.cols;
  const n = documents.rows;
  const scores = new Float64Array(n);
  const relevant = new Uint8Array(n);
  const unit = new Float64Array(d);
  const docs32 = precision === 'float32' ? Float32Array.from(documents.data as ArrayLike<number>) : undefined;
  const fround = Math.fround;
  for (let i = 0; i < qrels.numQueries; i++) {
    let norm = 0;
    for (let c = 0; c < d; c++) norm += queries.data[i * d + c]! * queries.data[i * d + c]!;
    norm = Math.sqrt(norm);
    for (let c = 0; c < d; c++) unit[c] = norm > 0 ? queries.data[i * d + c]! / norm : 0;
    if (docs32 === undefined) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let c = 0; c < d; c++) s += unit[c]! * documents.data[j * d + c]!;
        scores[j] = s;
      }
    } else {
      for (let c = 0; c < d; c++) unit[c] = fround(unit[c]!);
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let c = 0; c < d; c++) s = fround(s + fround(unit[c]! * docs32[j * d + c]!));
        scores[j] = s;
      }
    }
    const from = qrels.offsets[i]!;
    const to = qrels.offsets[i + 1]!;
    for (let p = from; p < to; p++) relevant[qrels.docs[p]!] = 1;
    let minRelevant = Infinity;
    let maxOther = -Infinity;
    for (let j = 0; j < n; j++) {
      if (relevant[j]) minRelevant = Math.min(minRelevant, scores[j]!);
      else maxOther = Math.max(maxOther, scores[j]!);
    }
    visit({ query: i, scores, relevant, minRelevant, margin: minRelevant - maxOther });
    for (let p = from; p < to; p++) relevant[qrels.docs[p]!] = 0;
  }
}

/** What {@link queryMarginSummary} found. */
export interface QueryMarginSummary {
  /** Queries with margin > 0 (top-k exactly the relevant set, no tie). */
  readonly realised: number;
  readonly numQueries: number;
  /** The smallest margin over all queries ({@link forEachQueryMargin}'s definition). */
  readonly minMargin: number;
  /** A query with the smallest margin. */
  readonly worstQuery: number;
}

/**
 * The margins of every query, summarised: how many queries are realised and the smallest margin (the full
 * gap of {@link forEachQueryMargin}, query scaled to unit length, float64 unless asked otherwise).
 *
 * @param queries - Q [q, d].
 * @param documents - D [n, d].
 * @param qrels - CSR qrels, q × n.
 * @param options - see {@link QueryMarginOptions}.
 * @returns realised count and minimum margin.
 * @throws InvalidArgumentError naming `options.precision` for a bad precision.
 * @example
 * ```ts
 * const { minMargin } = queryMarginSummary(queries, documents, qrels);
 * const passes = minMargin >= 0.05; // the `margin` pass rule at γ = 0.05
 * ```
 */
export function queryMarginSummary(queries: DenseMatrix<MatrixData>, documents: DenseMatrix<MatrixData>, qrels: EngineQrels, options: QueryMarginOptions = {}): QueryMarginSummary {
  let realised = 0;
  let minMargin = Infinity;
  let worstQuery = -1;
  forEachQueryMargin(
    queries,
    documents,
    qrels,
    ({ query, margin }) => {
      if (margin > 0) realised += 1;
      if (!(margin >= minMargin)) {
        minMargin = margin;
        worstQuery = query;
      }
    },
    options,
  );
  return { realised, numQueries: qrels.numQueries, minMargin, worstQuery };
}
