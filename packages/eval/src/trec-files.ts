import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '@limit/core/node';
import type { Qrels, Run } from './qrels.js';
import { formatTrecQrels, parseTrecQrels } from './trec-qrels.js';
import { formatTrecRun, parseTrecRun } from './trec-run.js';
import type { FormatTrecRunOptions } from './trec-run.js';

/**
 * Reads a TREC qrels file (`qid 0 docid rel`).
 * @throws DataFormatError{file, line} for a malformed line.
 * @example const qrels = await readTrecQrels('qrels.test.txt');
 */
export async function readTrecQrels(file: string): Promise<Qrels> {
  return parseTrecQrels(await readFile(file, 'utf8'), file);
}

/**
 * Reads a TREC run file (`qid Q0 docid rank score tag`).
 * @throws DataFormatError{file, line} for a malformed line.
 * @example const run = await readTrecRun('bm25.run');
 */
export async function readTrecRun(file: string): Promise<Run> {
  return parseTrecRun(await readFile(file, 'utf8'), file);
}

/** Writes a run as a TREC run file, atomically (temporary file + rename). @example await writeTrecRun('bm25.run', run, { tag: 'bm25' }); */
export async function writeTrecRun(file: string, run: Run, options: FormatTrecRunOptions = {}): Promise<void> {
  await writeFileAtomic(file, formatTrecRun(run, options));
}

/** Writes qrels as a TREC qrels file, atomically. @example await writeTrecQrels('qrels.txt', qrels); */
export async function writeTrecQrels(file: string, qrels: Qrels): Promise<void> {
  await writeFileAtomic(file, formatTrecQrels(qrels));
}
