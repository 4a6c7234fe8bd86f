import { readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFormatError } from '@limit/core';
import { removeStaleTempFiles, syncDirectory } from '@limit/core/node';
import type { CorpusDocument, LimitDataset, Qrel, Query } from '../types.js';
import { readCorpus, readQrels, readQueries, type ReadJsonlOptions } from './read-jsonl.js';

/** File names of a dataset folder, as in the official LIMIT release. */
export const DATASET_FILES = Object.freeze({ corpus: 'corpus.jsonl', queries: 'queries.jsonl', qrels: 'qrels.jsonl' });

/**
 * The commit journal `writeDataset` writes between finishing its temporary files and renaming them
 * into place (see `writeDataset`); absent in a settled folder.
 */
export const COMMIT_JOURNAL = '.limit-dataset-commit.json';

const DATASET_NAMES = Object.values(DATASET_FILES);

async function readJournal(dir: string): Promise<Record<string, string> | undefined> {
  const file = join(dir, COMMIT_JOURNAL);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw new DataFormatError({ file, line: 0, message: `cannot read the commit journal (${(error as NodeJS.ErrnoException).code ?? String(error)})`, cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DataFormatError({ file, line: 1, message: 'malformed commit journal', cause: error });
  }
  const files = (parsed as { files?: unknown }).files;
  const ok =
    typeof files === 'object' &&
    files !== null &&
    Object.entries(files).every(([k, v]) => DATASET_NAMES.includes(k as never) && typeof v === 'string' && !v.includes('/') && !v.includes('\\'));
  if (!ok) throw new DataFormatError({ file, line: 1, message: 'malformed commit journal (expected {"files": {"corpus.jsonl": ".corpus.jsonl.….tmp", …}})' });
  return files as Record<string, string>;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * The paths to read for each file of a dataset folder. Normally `dir/corpus.jsonl` …; when a
 * `writeDataset` was killed after its commit point but before all renames, the journal's
 * not-yet-renamed temporary files are the dataset's current files. Read-only.
 */
async function datasetPaths(dir: string): Promise<{ corpus: string; queries: string; qrels: string }> {
  const journal = await readJournal(dir);
  const pick = async (name: string) => {
    const pending = journal?.[name];
    if (pending !== undefined && (await exists(join(dir, pending)))) return join(dir, pending);
    return join(dir, name);
  };
  return { corpus: await pick(DATASET_FILES.corpus), queries: await pick(DATASET_FILES.queries), qrels: await pick(DATASET_FILES.qrels) };
}

/**
 * Brings a dataset folder to a settled state before it is written again: finishes a commit that a
 * killed `writeDataset` left half-done (renames the journal's remaining temporary files into place,
 * deletes the journal) and deletes temporary files of processes that no longer run. Files of a
 * process still running are kept. `writeDataset` calls this first; call it yourself to clean a
 * folder without writing.
 *
 * @param dir the dataset folder (a missing folder is fine).
 * @returns the temporary files deleted.
 * @throws DataFormatError for an unreadable or malformed journal.
 * @example
 * await recoverDatasetFolder('data/limit');
 */
export async function recoverDatasetFolder(dir: string): Promise<string[]> {
  const journal = await readJournal(dir);
  if (journal) {
    for (const [name, pending] of Object.entries(journal)) {
      if (await exists(join(dir, pending))) await rename(join(dir, pending), join(dir, name));
    }
    await syncDirectory(dir);
    await rm(join(dir, COMMIT_JOURNAL), { force: true });
  }
  return removeStaleTempFiles(dir, [...DATASET_NAMES, COMMIT_JOURNAL]);
}

/** Options of {@link readDataset}. */
export type ReadDatasetOptions = Pick<ReadJsonlOptions, 'onWarning'>;

/**
 * Loads a dataset folder (`corpus.jsonl`, `queries.jsonl`, `qrels.jsonl`, MTEB/BEIR format as in
 * the official LIMIT release) into memory, streaming each file once and validating as it goes:
 * every qrel must name a known query and document. A folder whose last `writeDataset` was killed
 * mid-commit is read as the committed dataset (see `writeDataset`); temporary files are ignored.
 *
 * @param dir the folder.
 * @param options `onWarning` (see `readCorpus`).
 * @returns `{ corpus, queries, qrels }` in file order (the same shape `generateLimitDataset` returns).
 * @throws DataFormatError naming the file and line of the first problem: a missing, unreadable or
 *   folder-in-place-of-a-file path (line 0), invalid UTF-8, malformed JSON, bad fields or scores,
 *   and any of the three files without a single record (line 0) — a dataset without documents,
 *   queries or judgements cannot be evaluated.
 * @example
 * const { corpus, queries, qrels } = await readDataset('data/limit-small');
 */
export async function readDataset(dir: string, options: ReadDatasetOptions = {}): Promise<LimitDataset> {
  const paths = await datasetPaths(dir);
  const opts: ReadJsonlOptions = { ...options, requireRecords: true };
  const queries: Query[] = [];
  const queryIds = new Set<string>();
  for await (const q of readQueries(paths.queries, opts)) {
    queries.push(q);
    queryIds.add(q._id);
  }
  const corpus: CorpusDocument[] = [];
  const docIds = new Set<string>();
  for await (const d of readCorpus(paths.corpus, opts)) {
    corpus.push(d);
    docIds.add(d._id);
  }
  const qrels: Qrel[] = [];
  for await (const r of readQrels(paths.qrels, { queryIds, docIds }, opts)) qrels.push(r);
  return { corpus, queries, qrels };
}
