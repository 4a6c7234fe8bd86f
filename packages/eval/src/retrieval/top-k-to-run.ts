import { InvalidArgumentError, ShapeMismatchError } from '@limit/core';
import type { Run } from '../qrels.js';
import type { TopKResult } from './top-k.js';

/**
 * Converts a {@link TopKResult} (indices into the query and corpus lists) to a {@link Run}
 * (`queryId → docId → score`); empty slots (index −1) are skipped.
 *
 * @param hits - Top-k result, `rows × k` indices and scores.
 * @param queryIds - One id per hit row (length `hits.rows`).
 * @param docIds - Corpus ids; every non-empty index in `hits.indices` must be < `docIds.length`.
 * @returns the run, one entry per query.
 * @throws ShapeMismatchError (parameter `queryIds`) when `queryIds.length !== hits.rows`.
 * @throws ShapeMismatchError (parameter `hits.indices` / `hits.scores`) when they do not hold
 *   `rows × k` entries.
 * @throws InvalidArgumentError (parameter `docIds`) when an index is ≥ `docIds.length`
 *   (parameter `hits.indices` when it is below −1).
 * @example
 * const run = topKToRun(hits, queries.map((q) => q._id), corpus.map((d) => d._id));
 */
export function topKToRun(hits: TopKResult, queryIds: readonly string[], docIds: readonly string[]): Run {
  if (queryIds.length !== hits.rows) {
    throw new ShapeMismatchError({
      parameter: 'queryIds',
      expected: [hits.rows],
      actual: [queryIds.length],
      message: `need one query id per hit row (${hits.rows}), got ${queryIds.length}`,
    });
  }
  for (const [name, array] of [['hits.indices', hits.indices], ['hits.scores', hits.scores]] as const) {
    if (array.length !== hits.rows * hits.k) {
      throw new ShapeMismatchError({
        parameter: name,
        expected: [hits.rows * hits.k],
        actual: [array.length],
        message: `a ${hits.rows} × ${hits.k} top-k result needs ${hits.rows * hits.k} entries, got ${array.length}`,
      });
    }
  }
  const run: Record<string, Record<string, number>> = {};
  for (let q = 0; q < hits.rows; q++) {
    const scores: Record<string, number> = {};
    for (let j = 0; j < hits.k; j++) {
      const d = hits.indices[q * hits.k + j]!;
      if (d === -1) continue;
      if (d < -1 || d >= docIds.length) {
        throw new InvalidArgumentError({
          parameter: d < -1 ? 'hits.indices' : 'docIds',
          value: d,
          message: `query row ${q}, slot ${j} names document index ${d}, outside [0, docIds.length = ${docIds.length})`,
        });
      }
      scores[docIds[d]!] = hits.scores[q * hits.k + j]!;
    }
    run[queryIds[q]!] = scores;
  }
  return run;
}
