import { join } from 'node:path';
import type { CorpusDocument, LimitDataset, Qrel, Query } from '../types.js';
import { readCorpus, readQrels, readQueries } from './read-jsonl.js';

/** File names of a dataset folder, as in the official LIMIT release. */
export const DATASET_FILES = Object.freeze({ corpus: 'corpus.jsonl', queries: 'queries.jsonl', qrels: 'qrels.jsonl' });

/**
 * Loads a dataset folder (`corpus.jsonl`, `queries.jsonl`, `qrels.jsonl`, MTEB/BEIR format as in
 * the official LIMIT release) into memory, streaming each file once and validating as it goes:
 * every qrel must name a known query and document.
 *
 * @param dir the folder.
 * @returns `{ corpus, queries, qrels }` in file order (the same shape `generateLimitDataset` returns).
 * @throws DataFormatError naming the file and line of the first problem (missing file: line 0).
 * @example
 * const { corpus, queries, qrels } = await readDataset('data/limit-small');
 */
export async function readDataset(dir: string): Promise<LimitDataset> {
  const queries: Query[] = [];
  const queryIds = new Set<string>();
  for await (const q of readQueries(join(dir, DATASET_FILES.queries))) {
    queries.push(q);
    queryIds.add(q._id);
  }
  const corpus: CorpusDocument[] = [];
  const docIds = new Set<string>();
  for await (const d of readCorpus(join(dir, DATASET_FILES.corpus))) {
    corpus.push(d);
    docIds.add(d._id);
  }
  const qrels: Qrel[] = [];
  for await (const r of readQrels(join(dir, DATASET_FILES.qrels), { queryIds, docIds })) qrels.push(r);
  return { corpus, queries, qrels };
}
