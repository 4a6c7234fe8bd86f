import { AbortedError, ShapeMismatchError, assertInteger, assertKnownOptions } from '@limit/core';
import type { SparseMatrix } from './sparse-matrix.js';
import { TopKAccumulator } from '../retrieval/top-k.js';
import type { TopKResult } from '../retrieval/top-k.js';

/**
 * Exact top-k by sparse dot product, streaming over the corpus: the queries are turned into an
 * inverted index (column → (query, weight)) once; each corpus row then scatters its non-zeros into
 * the scores of the queries that share a column, and those scores feed a running top-k per query.
 * Corpus blocks can be added one at a time ({@link SparseSearcher.add}), so a large corpus never
 * has to be encoded all at once.
 *
 * @example
 * const searcher = new SparseSearcher(encodeCharNgrams(queries), 100);
 * searcher.add(encodeCharNgrams(docs.slice(0, 5000)), 0);
 * searcher.add(encodeCharNgrams(docs.slice(5000)), 5000);
 * const hits = searcher.result();
 */
export class SparseSearcher {
  private readonly acc: TopKAccumulator;
  private readonly postStart: Int32Array;
  private readonly postQuery: Int32Array;
  private readonly postWeight: Float64Array;
  private readonly scores: Float64Array;
  private readonly touched: Int32Array;
  private readonly seen: Uint8Array;
  private readonly cols: number;
  /** Columns shared by many queries, stored densely: `denseSlot[c]` = slot or −1. */
  private readonly denseSlot: Int32Array;
  /** `[slots × nq]` weights of the dense columns. */
  private readonly denseWeights: Float64Array;

  /**
   * @param queries - `[nq, dims]` query vectors.
   * @param k - Hits kept per query (≥ 1).
   * @throws InvalidArgumentError for a bad k.
   */
  constructor(queries: SparseMatrix, k: number) {
    assertInteger('k', k, { min: 1 });
    this.acc = new TopKAccumulator(queries.rows, k);
    this.cols = queries.cols;
    const counts = new Int32Array(queries.cols + 1);
    for (let p = 0; p < queries.indices.length; p++) counts[queries.indices[p]! + 1]!++;
    for (let c = 0; c < queries.cols; c++) counts[c + 1]! += counts[c]!;
    this.postStart = counts;
    this.postQuery = new Int32Array(queries.indices.length);
    this.postWeight = new Float64Array(queries.indices.length);
    // Columns present in ≥ 1/8 of the queries (e.g. the n-grams of "Who likes" in every LIMIT
    // query) are scored as dense rows: a contiguous multiply-add over all queries instead of a
    // scatter through the postings.
    const nq = queries.rows;
    this.denseSlot = new Int32Array(queries.cols).fill(-1);
    let slots = 0;
    if (nq >= 16) {
      for (let c = 0; c < queries.cols; c++) if (counts[c + 1]! - counts[c]! >= nq / 8) this.denseSlot[c] = slots++;
    }
    this.denseWeights = new Float64Array(slots * nq);
    const fill = counts.slice(0, queries.cols);
    for (let q = 0; q < nq; q++) {
      for (let p = queries.indptr[q]!; p < queries.indptr[q + 1]!; p++) {
        const c = queries.indices[p]!;
        const slot = this.denseSlot[c]!;
        if (slot >= 0) {
          this.denseWeights[slot * nq + q] = queries.values[p]!;
          continue;
        }
        const at = fill[c]!++;
        this.postQuery[at] = q;
        this.postWeight[at] = queries.values[p]!;
      }
    }
    this.scores = new Float64Array(queries.rows);
    this.touched = new Int32Array(queries.rows);
    this.seen = new Uint8Array(queries.rows);
  }

  /**
   * Scores a block of corpus rows whose first row has corpus index `offset`.
   * @throws ShapeMismatchError when the block's column count differs from the queries'.
   */
  add(block: SparseMatrix, offset: number): void {
    if (block.cols !== this.cols) throw new ShapeMismatchError({ parameter: 'block', expected: [-1, this.cols], actual: [block.rows, block.cols] });
    const { postStart, postQuery, postWeight, scores, touched, seen, acc, denseSlot, denseWeights } = this;
    const thresholds = acc.thresholds;
    const nq = scores.length;
    for (let d = 0; d < block.rows; d++) {
      let nTouched = 0;
      let denseHits = 0;
      for (let p = block.indptr[d]!, end = block.indptr[d + 1]!; p < end; p++) {
        const c = block.indices[p]!;
        const w = block.values[p]!;
        const slot = denseSlot[c]!;
        if (slot >= 0) {
          const base = slot * nq;
          for (let q = 0; q < nq; q++) scores[q]! += w * denseWeights[base + q]!;
          denseHits++;
          continue;
        }
        for (let t = postStart[c]!, tEnd = postStart[c + 1]!; t < tEnd; t++) {
          const q = postQuery[t]!;
          if (seen[q] === 0) {
            seen[q] = 1;
            touched[nTouched++] = q;
          }
          scores[q]! += w * postWeight[t]!;
        }
      }
      const index = offset + d;
      if (denseHits > 0) {
        // every query may have a score: visit all of them
        for (let q = 0; q < nq; q++) {
          const sc = scores[q]!;
          if (sc !== 0 || seen[q] === 1) {
            if (sc >= thresholds[q]!) acc.push(q, sc, index);
            scores[q] = 0;
            seen[q] = 0;
          }
        }
        continue;
      }
      for (let i = 0; i < nTouched; i++) {
        const q = touched[i]!;
        const s = scores[q]!;
        if (s >= thresholds[q]!) acc.push(q, s, index);
        scores[q] = 0;
        seen[q] = 0;
      }
    }
  }

  /** The best hits so far, best first (ties: lower corpus index). */
  result(): TopKResult {
    return this.acc.result();
  }
}

/**
 * Exact top-k by sparse dot product of every query row with every corpus row (see
 * {@link SparseSearcher}; corpus rows sharing no column with a query are never returned for it).
 *
 * @param queries - `[nq, dims]` CSR.
 * @param corpus - `[nd, dims]` CSR.
 * @param options - `k` hits per query; `signal` to cancel.
 * @throws ShapeMismatchError when the column counts differ.
 * @example
 * const hits = sparseSearch(encodeCharNgrams(queries), encodeCharNgrams(docs), { k: 10 });
 */
export function sparseSearch(queries: SparseMatrix, corpus: SparseMatrix, options: { k: number; signal?: AbortSignal }): TopKResult {
  assertKnownOptions('options', options, ['k', 'signal'], { topK: 'k' });
  const searcher = new SparseSearcher(queries, options.k);
  if (options.signal?.aborted) throw new AbortedError();
  searcher.add(corpus, 0);
  return searcher.result();
}
