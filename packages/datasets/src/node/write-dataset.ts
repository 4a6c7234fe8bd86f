import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { EngineStateError, InvalidArgumentError } from '@limit/core';
import { assertWritableOutput, createAtomicWriteStream, syncDirectory, writeFileAtomic, type AtomicWriteStream } from '@limit/core/node';
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
import { COMMIT_JOURNAL, DATASET_FILES, recoverDatasetFolder } from './read-dataset.js';
import type { GeneratorRecord } from '../generate-limit-dataset.js';
import { DATASET_METADATA_FILE, writeDatasetMetadata } from './dataset-metadata.js';
import { foreignDatasetFiles } from './foreign-dataset-files.js';

type Source<T> = Iterable<T> | AsyncIterable<T>;

/** What {@link writeDataset} writes: arrays or (async) iterables, so a corpus can be streamed. */
export interface DatasetSource {
  readonly corpus: Source<CorpusDocument>;
  readonly queries: Source<Query>;
  readonly qrels: Source<Qrel>;
  /** How the records were generated (set by `generateLimitDataset`): written to `limit-dataset.json` with the files' digest. */
  readonly generator?: GeneratorRecord;
}

/** Options of {@link writeDataset}. */
export interface WriteDatasetOptions {
  /** Called after each batch of lines with the file name and the records written to it so far. */
  onProgress?: (file: string, written: number) => void;
  /**
   * Which dataset files already in `dir` may be replaced: `'any'` (default), or `'generated'`: only a dataset this
   * package generated (its `limit-dataset.json` matches the files; see {@link foreignDatasetFiles}) — anything else
   * is refused and left untouched.
   */
  replace?: 'any' | 'generated';
}

const BATCH_BYTES = 1 << 18;

/**
 * Writes a dataset folder in the official LIMIT format — `corpus.jsonl` (`{"_id","title","text"}`),
 * `queries.jsonl` (`{"_id","text"}`), `qrels.jsonl` (`{"query-id","corpus-id","score"}`), one JSON
 * object per line, keys in that order, `\n` line ends — so the same dataset always gives the same
 * bytes.
 *
 * The folder is committed as a whole:
 * 1. records are validated and serialised one at a time into temporary files beside the targets
 *    (`.corpus.jsonl.<pid>.<hex>.tmp` …; every write checked, so a full disk is an error, never a
 *    truncated file), each fsync'd;
 * 2. a small journal, `.limit-dataset-commit.json`, naming the three temporary files is written
 *    atomically — this is the commit point;
 * 3. the temporaries are renamed over the targets and the journal is deleted.
 *
 * A failure or crash before step 2 leaves the previous dataset byte-identical (the temporaries are
 * deleted, or removed by the next `writeDataset` once their process is gone). A crash during
 * step 3 leaves the journal: {@link readDataset} then reads the journal's files, so it always sees
 * one whole dataset, and the next `writeDataset` finishes the renames first. Why a journal rather
 * than swapping in a sibling folder: a folder swap needs two renames with no dataset at `dir` in
 * between, fails when `dir` is a mount point or a symlink, and would drop other files kept in the
 * folder (a README); the journal keeps the official layout (no manifest that other tools would
 * have to know) and needs no space beyond the new files.
 *
 * A dataset that carries `generator` (what `generateLimitDataset` returns) also gets
 * `limit-dataset.json`: the generator's name and every option, seed included, with the digest of the
 * three files (so it is ignored once the files change); after writing a dataset without one, an
 * earlier record is removed.
 *
 * @param dir output folder (created if missing).
 * @param dataset corpus, queries and qrels as arrays or (async) iterables.
 * @param options progress callback.
 * @returns the paths written.
 * @throws InvalidArgumentError (parameter `dir`) when `dir` is a file or cannot be created;
 *   EngineStateError (`state: 'foreign-files'`) with `replace: 'generated'` when `dir` holds dataset files this
 *   package did not generate (left untouched);
 *   (parameter e.g. `dataset.corpus[12]._id`) for a missing or mistyped field, a duplicate id, or a
 *   qrel naming an unknown query or document. File-system errors (code `ENOSPC` …) propagate with
 *   the file named; in every case the previous dataset in `dir` is left as it was.
 * @example
 * await writeDataset('out/limit-small', generateLimitDataset({ size: 'small' }));
 */
export async function writeDataset(
  dir: string,
  dataset: DatasetSource,
  options: WriteDatasetOptions = {},
): Promise<{ corpus: string; queries: string; qrels: string }> {
  await assertWritableOutput('dir', dir, { kind: 'directory' });
  const paths = {
    corpus: join(dir, DATASET_FILES.corpus),
    queries: join(dir, DATASET_FILES.queries),
    qrels: join(dir, DATASET_FILES.qrels),
  };
  if (options.replace !== undefined && options.replace !== 'any' && options.replace !== 'generated') {
    throw invalid('options.replace', options.replace, "options.replace must be 'any' or 'generated'");
  }
  if (options.replace === 'generated') {
    const foreign = await foreignDatasetFiles(dir);
    if (foreign.length > 0) {
      throw new EngineStateError({
        state: 'foreign-files',
        message: `${dir} holds ${foreign.join(', ')}, not written by this generator (no ${DATASET_METADATA_FILE} that matches them); they were left untouched`,
      });
    }
  }
  await mkdir(dir, { recursive: true });
  // Finish an interrupted commit and drop killed runs' temporaries before adding ours.
  await recoverDatasetFolder(dir);
  const streams: AtomicWriteStream[] = [];
  let committed = false;
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

    for (const s of streams) await s.finish();
    // The commit point: once the journal exists, the new dataset is the dataset.
    const journal: Record<string, string> = {};
    for (const s of streams) journal[basename(s.file)] = basename(s.tempFile);
    await writeFileAtomic(join(dir, COMMIT_JOURNAL), `${JSON.stringify({ version: 1, files: journal })}\n`);
    committed = true;
  } catch (error) {
    await Promise.all(streams.map((s) => s.abort()));
    throw error;
  }
  if (committed) {
    for (const s of streams) await rename(s.tempFile, s.file);
    await syncDirectory(dir);
    await rm(join(dir, COMMIT_JOURNAL), { force: true });
    await syncDirectory(dir);
  }
  // an earlier dataset's record no longer applies (readers ignore it anyway: its digest differs)
  if (dataset.generator !== undefined) await writeDatasetMetadata(dir, dataset.generator);
  else await rm(join(dir, DATASET_METADATA_FILE), { force: true });
  return paths;
}

function invalid(parameter: string, value: unknown, message: string): InvalidArgumentError {
  return new InvalidArgumentError({ parameter, value, message });
}

async function writeRecords<T>(
  stream: Pick<AtomicWriteStream, 'write'>,
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
