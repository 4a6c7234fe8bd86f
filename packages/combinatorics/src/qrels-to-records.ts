import { InvalidArgumentError } from '@limit/core';
import type { QrelMatrix } from './qrel-matrix.js';

/** Naming options of {@link qrelsToRecords}. */
export interface QrelsToRecordsOptions {
  /** Id of query i. Default `query_${i}` (the LIMIT release's query ids). */
  queryId?: (i: number) => string;
  /** Id of document j. Default `doc_${j}`. */
  docId?: (j: number) => string;
}

/**
 * Converts a {@link QrelMatrix} to the nested-record qrels used by evaluation tools
 * (pytrec_eval / MTEB style): `{ [queryId]: { [docId]: 1 } }`. Every query appears, even one with
 * no relevant document (as `{}`).
 *
 * @param qrels a CSR qrel matrix.
 * @param options id functions for queries and documents.
 * @returns a record keyed by query id whose values map relevant doc ids to score 1.
 * @throws InvalidArgumentError (parameter `queryId` or `docId`) when the id functions produce a
 *   non-string or a duplicate id.
 * @example
 * qrelsToRecords(allCombinationQrels(3, 2), { docId: (j) => `d${j}` });
 * // { query_0: { d0: 1, d1: 1 }, query_1: { d0: 1, d2: 1 }, query_2: { d1: 1, d2: 1 } }
 */
export function qrelsToRecords(
  qrels: QrelMatrix,
  options: QrelsToRecordsOptions = {},
): Record<string, Record<string, number>> {
  const queryId = options.queryId ?? ((i: number) => `query_${i}`);
  const docId = options.docId ?? ((j: number) => `doc_${j}`);
  const { numQueries, offsets, docs } = qrels;
  const out: Record<string, Record<string, number>> = {};
  const docNames = new Map<number, string>();
  const seenDocNames = new Set<string>();
  for (let i = 0; i < numQueries; i++) {
    const qid = queryId(i);
    if (typeof qid !== 'string') {
      throw new InvalidArgumentError({ parameter: 'queryId', value: qid, message: `queryId(${i}) must return a string` });
    }
    if (Object.prototype.hasOwnProperty.call(out, qid)) {
      throw new InvalidArgumentError({ parameter: 'queryId', value: qid, message: `queryId(${i}) repeats the id "${qid}"` });
    }
    const row: Record<string, number> = {};
    for (let p = offsets[i]!; p < offsets[i + 1]!; p++) {
      const j = docs[p]!;
      let name = docNames.get(j);
      if (name === undefined) {
        name = docId(j);
        if (typeof name !== 'string') {
          throw new InvalidArgumentError({ parameter: 'docId', value: name, message: `docId(${j}) must return a string` });
        }
        if (seenDocNames.has(name)) {
          throw new InvalidArgumentError({ parameter: 'docId', value: name, message: `docId(${j}) repeats the id "${name}"` });
        }
        seenDocNames.add(name);
        docNames.set(j, name);
      }
      row[name] = 1;
    }
    out[qid] = row;
  }
  return out;
}
