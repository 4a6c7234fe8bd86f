import { join } from 'node:path';
import { InvalidArgumentError } from '@limit/core';
import { createAtomicWriteStream } from '@limit/core/node';
import {
  checkCorpusRecord,
  checkQrelMemoryRecord,
  checkQueryRecord,
  corpusLine,
  qrelLine,
  queryLine,
  type Checked,
} from '../internal/records.js';
import type { CorpusDocument, Qrel, Query } from '../types.js';
import { DATASET_FILES } from './read-dataset.js';

type Source<T> = Iterable<T> | AsyncIterable<T>;

/** What {@link writeDataset} writes: arrays or (async) iterables, so a corpus can be streamed. */
export interface DatasetSource {
  readonly corpus: Source<CorpusDocument>;
  readonly queries: Source<Query>;
  readonly qrels: Source<Qrel>;
}

/** Options of {@link writeDataset}. */
export interface WriteDatasetOptions {
  /** Called after each batch of lines with the file name and the records written to it so far. */
  onProgress?: (file: string, written: number) => void;
}

const BATCH_BYTES = 1 << 18;

/**
 * Writes a dataset folder in the official LIMIT format — `corpus.jsonl` (`{"_id","title","text"}`),
 * `queries.jsonl` (`{"_id","text"}`), `qrels.jsonl` (`{"query-id","corpus-id","score"}`), one JSON
 * object per line, keys in that order, `\n` line ends — so the same dataset always gives the same
 * bytes.
 *
 * Records are validated and serialised one at a time into temporary files (the corpus is never
 * held a second time as text); only when all three files are complete are they renamed into
 * place. Any failure deletes the temporary files and leaves `dir` as it was.
 *
 * @param dir output folder (created if missing).
 * @param dataset corpus, queries and qrels as arrays or (async) iterables.
 * @param options progress callback.
 * @returns the paths written.
 * @throws InvalidArgumentError (parameter e.g. `dataset.corpus[12]._id`) for a missing or mistyped
 *   field, a duplicate id, or a qrel naming an unknown query or document; file-system errors
 *   propagate as they are.
 * @example
 * await writeDataset('out/limit-small', generateLimitDataset({ size: 'small' }));
 */
export async function writeDataset(
  dir: string,
  dataset: DatasetSource,
  options: WriteDatasetOptions = {},
): Promise<{ corpus: string; queries: string; qrels: string }> {
  const paths = {
    corpus: join(dir, DATASET_FILES.corpus),
    queries: join(dir, DATASET_FILES.queries),
    qrels: join(dir, DATASET_FILES.qrels),
  };
  const streams: Awaited<ReturnType<typeof createAtomicWriteStream>>[] = [];
  try {
    const docIds = new Set<string>();
    const corpusStream = await createAtomicWriteStream(paths.corpus);
    streams.push(corpusStream);
    await writeRecords(corpusStream, dataset.corpus, 'dataset.corpus', checkCorpusRecord, corpusLine, (d, where) => {
      if (docIds.has(d._id)) throw invalid(`${where}._id`, d._id, `duplicate document _id ${JSON.stringify(d._id)}`);
      docIds.add(d._id);
    }, (n) => options.onProgress?.(DATASET_FILES.corpus, n));

    const queryIds = new Set<string>();
    const queryStream = await createAtomicWriteStream(paths.queries);
    streams.push(queryStream);
    await writeRecords(queryStream, dataset.queries, 'dataset.queries', checkQueryRecord, queryLine, (q, where) => {
      if (queryIds.has(q._id)) throw invalid(`${where}._id`, q._id, `duplicate query _id ${JSON.stringify(q._id)}`);
      queryIds.add(q._id);
    }, (n) => options.onProgress?.(DATASET_FILES.queries, n));

    const qrelStream = await createAtomicWriteStream(paths.qrels);
    streams.push(qrelStream);
    await writeRecords(qrelStream, dataset.qrels, 'dataset.qrels', checkQrelMemoryRecord, qrelLine, (r, where) => {
      if (!queryIds.has(r.queryId)) throw invalid(`${where}.queryId`, r.queryId, `unknown query ${JSON.stringify(r.queryId)}`);
      if (!docIds.has(r.docId)) throw invalid(`${where}.docId`, r.docId, `unknown document ${JSON.stringify(r.docId)}`);
    }, (n) => options.onProgress?.(DATASET_FILES.qrels, n));

    for (const s of streams) await s.commit();
    return paths;
  } catch (error) {
    await Promise.all(streams.map((s) => s.abort()));
    throw error;
  }
}

function invalid(parameter: string, value: unknown, message: string): InvalidArgumentError {
  return new InvalidArgumentError({ parameter, value, message });
}

async function writeRecords<T>(
  stream: { write(chunk: string): Promise<void> },
  source: Source<T>,
  label: string,
  check: (v: unknown) => Checked<T>,
  line: (r: T) => string,
  extra: (r: T, where: string) => void,
  progress: (written: number) => void,
): Promise<void> {
  if (source === null || typeof source !== 'object' || !(Symbol.iterator in source || Symbol.asyncIterator in source)) {
    throw invalid(label, source, `${label} must be an array or an (async) iterable`);
  }
  let buffer = '';
  let i = 0;
  for await (const record of source as AsyncIterable<T>) {
    const where = `${label}[${i}]`;
    const r = check(record);
    if (!r.ok) throw invalid(where, record, r.message);
    extra(r.value, where);
    buffer += `${line(r.value)}\n`;
    i++;
    if (buffer.length >= BATCH_BYTES) {
      await stream.write(buffer);
      buffer = '';
      progress(i);
    }
  }
  if (buffer.length > 0) await stream.write(buffer);
  progress(i);
}
