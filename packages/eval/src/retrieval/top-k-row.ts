import { assertInteger } from '@limit/core';
import type { TopKResult } from './top-k.js';

/** The hits of one query: corpus indices and scores, best first, without the −1 padding. */
export interface TopKRow {
  /** Corpus indices, best first (length ≤ k). */
  readonly indices: Int32Array;
  /** Scores matching `indices`. */
  readonly scores: Float32Array;
}

/**
 * The hits of query `i` of a {@link TopKResult} (BM25, n-gram, dense or MaxSim search): views into the
 * flat `[rows × k]` arrays (no copy), cut at the first empty slot, so `indices.length` is the number of
 * documents actually retrieved.
 *
 * @param hits - a top-k result.
 * @param i - query (row) index, 0 ≤ i < `hits.rows`.
 * @returns `{ indices, scores }` of query i, best first.
 * @throws InvalidArgumentError (parameter `i`) when i is not an integer in [0, rows).
 * @example
 * const hits = index.search(['blue whale'], { k: 10 });
 * const { indices, scores } = topKRow(hits, 0);
 * indices.forEach((doc, r) => console.log(r + 1, corpus[doc]._id, scores[r]));
 */
export function topKRow(hits: TopKResult, i: number): TopKRow {
  assertInteger('i', i, { min: 0, max: hits.rows - 1 });
  const start = i * hits.k;
  let length = 0;
  while (length < hits.k && hits.indices[start + length]! >= 0) length++;
  return { indices: hits.indices.subarray(start, start + length), scores: hits.scores.subarray(start, start + length) };
}
