import { assertInteger } from '@limit/core';

/** The best `k` documents of each query: row q holds its hits best first. Empty slots have index −1. */
export interface TopKResult {
  /** Number of queries. */
  readonly rows: number;
  /** Slots per query. */
  readonly k: number;
  /** Corpus indices, `[rows × k]` row-major, best first; −1 where fewer than k documents exist. */
  readonly indices: Int32Array;
  /** Scores matching `indices`, `[rows × k]`; −Infinity in empty slots. */
  readonly scores: Float32Array;
}

/**
 * A running top-k per query: a bounded min-heap per row, so scoring a block of documents costs
 * O(block · log k) without sorting the block. Ties are broken by the smaller corpus index (the
 * document seen first wins), so results do not depend on the block size.
 *
 * @example
 * const acc = new TopKAccumulator(1, 2);
 * acc.push(0, 0.5, 7); acc.push(0, 0.9, 3); acc.push(0, 0.1, 4);
 * acc.result().indices; // Int32Array [3, 7]
 */
export class TopKAccumulator {
  /** Number of query rows. */
  readonly rows: number;
  /** Capacity per row. */
  readonly k: number;
  private readonly heapScores: Float32Array;
  private readonly heapIndices: Int32Array;
  private readonly sizes: Int32Array;
  /**
   * Per-row admission threshold: a score strictly below it can never enter the row's heap. Exposed
   * so hot loops can skip the call (`if (s >= acc.thresholds[q]) acc.push(...)`).
   */
  readonly thresholds: Float32Array;

  /**
   * @param rows - Number of queries (≥ 0).
   * @param k - Hits kept per query (≥ 1).
   * @throws InvalidArgumentError for a bad rows or k.
   */
  constructor(rows: number, k: number) {
    this.rows = assertInteger('rows', rows, { min: 0 });
    this.k = assertInteger('k', k, { min: 1 });
    this.heapScores = new Float32Array(rows * k);
    this.heapIndices = new Int32Array(rows * k);
    this.sizes = new Int32Array(rows);
    this.thresholds = new Float32Array(rows).fill(Number.NEGATIVE_INFINITY);
  }

  /**
   * Offers document `index` with `score` to query `row`: kept when the row has room or the hit beats
   * the row's worst kept hit (higher score, or equal score and lower index). NaN scores are ignored.
   */
  push(row: number, score: number, index: number): void {
    if (!(score >= this.thresholds[row]!)) return;
    const k = this.k;
    const base = row * k;
    const hs = this.heapScores;
    const hi = this.heapIndices;
    const size = this.sizes[row]!;
    if (size < k) {
      // sift up
      let i = size;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!worse(score, index, hs[base + parent]!, hi[base + parent]!)) break;
        hs[base + i] = hs[base + parent]!;
        hi[base + i] = hi[base + parent]!;
        i = parent;
      }
      hs[base + i] = score;
      hi[base + i] = index;
      this.sizes[row] = size + 1;
      if (size + 1 === k) this.thresholds[row] = hs[base]!;
      return;
    }
    // full: replace the root (the worst kept hit) when the newcomer is better
    if (!worse(hs[base]!, hi[base]!, score, index)) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= k) break;
      const r = l + 1;
      let c = l;
      if (r < k && worse(hs[base + r]!, hi[base + r]!, hs[base + l]!, hi[base + l]!)) c = r;
      if (!worse(hs[base + c]!, hi[base + c]!, score, index)) break;
      hs[base + i] = hs[base + c]!;
      hi[base + i] = hi[base + c]!;
      i = c;
    }
    hs[base + i] = score;
    hi[base + i] = index;
    this.thresholds[row] = hs[base]!;
  }

  /** The hits so far, best first per row (score descending, then corpus index ascending). */
  result(): TopKResult {
    const { rows, k } = this;
    const indices = new Int32Array(rows * k).fill(-1);
    const scores = new Float32Array(rows * k).fill(Number.NEGATIVE_INFINITY);
    for (let q = 0; q < rows; q++) {
      const size = this.sizes[q]!;
      const order = Array.from({ length: size }, (_, j) => q * k + j);
      order.sort((a, b) => (worse(this.heapScores[a]!, this.heapIndices[a]!, this.heapScores[b]!, this.heapIndices[b]!) ? 1 : -1));
      for (let j = 0; j < size; j++) {
        indices[q * k + j] = this.heapIndices[order[j]!]!;
        scores[q * k + j] = this.heapScores[order[j]!]!;
      }
    }
    return { rows, k, indices, scores };
  }
}

/** True when hit (s1, i1) ranks below hit (s2, i2). */
function worse(s1: number, i1: number, s2: number, i2: number): boolean {
  return s1 < s2 || (s1 === s2 && i1 > i2);
}
