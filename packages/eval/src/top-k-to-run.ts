import type { Run } from './qrels.js';
import type { TopKResult } from './top-k.js';

/**
 * Converts a {@link TopKResult} (indices into the query and corpus lists) to a {@link Run}
 * (`queryId → docId → score`); empty slots are skipped.
 *
 * @example
 * const run = topKToRun(hits, queries.map((q) => q._id), corpus.map((d) => d._id));
 */
export function topKToRun(hits: TopKResult, queryIds: readonly string[], docIds: readonly string[]): Run {
  const run: Record<string, Record<string, number>> = {};
  for (let q = 0; q < hits.rows; q++) {
    const scores: Record<string, number> = {};
    for (let j = 0; j < hits.k; j++) {
      const d = hits.indices[q * hits.k + j]!;
      if (d >= 0) scores[docIds[d]!] = hits.scores[q * hits.k + j]!;
    }
    run[queryIds[q]!] = scores;
  }
  return run;
}
