import { readFile } from 'node:fs/promises';
import { DataFormatError } from '@limit/core';
import { writeFileAtomic } from '@limit/core/node';
import type { Qrels, Run } from '../qrels.js';
import { formatTrecQrels, parseTrecQrels } from './trec-qrels.js';
import { formatTrecRun, parseTrecRun } from './trec-run.js';
import type { FormatTrecRunOptions, ParseTrecOptions } from './trec-run.js';

/**
 * Reads a TREC qrels file (`qid 0 docid rel`), ids decoded as `parseTrecQrels` does.
 * @param options `decodeIds` (default true).
 * @throws DataFormatError{file, line} for a malformed line, invalid UTF-8, or an unreadable file or folder (line 0).
 * @example const qrels = await readTrecQrels('qrels.test.txt');
 */
export async function readTrecQrels(file: string, options: ParseTrecOptions = {}): Promise<Qrels> {
  return parseTrecQrels(await readTrecText(file), file, options);
}

/**
 * Reads a TREC run file (`qid Q0 docid rank score tag`), ids decoded as `parseTrecRun` does.
 * @param options `decodeIds` (default true).
 * @throws DataFormatError{file, line} for a malformed line, invalid UTF-8, or an unreadable file or folder (line 0).
 * @example const run = await readTrecRun('bm25.run');
 */
export async function readTrecRun(file: string, options: ParseTrecOptions = {}): Promise<Run> {
  return parseTrecRun(await readTrecText(file), file, options);
}

/** Writes a run as a TREC run file, atomically (temporary file + rename). @example await writeTrecRun('bm25.run', run, { tag: 'bm25' }); */
export async function writeTrecRun(file: string, run: Run, options: FormatTrecRunOptions = {}): Promise<void> {
  await writeFileAtomic(file, formatTrecRun(run, options));
}

/**
 * Writes qrels as a TREC qrels file, atomically.
 * @param options `encodeIds` (see `formatTrecQrels`).
 * @example await writeTrecQrels('qrels.txt', qrels, { encodeIds: true });
 */
export async function writeTrecQrels(file: string, qrels: Qrels, options: { encodeIds?: boolean } = {}): Promise<void> {
  await writeFileAtomic(file, formatTrecQrels(qrels, options));
}

/** Reads a file as UTF-8 with a fatal decoder; unreadable files and folders are DataFormatErrors naming the path. */
async function readTrecText(file: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataFormatError({ file, line: 0, message: `cannot read file (${code === 'EISDIR' ? 'is a folder, expected a file' : (code ?? String(error))})`, cause: error });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    // name the line of the first bad byte
    let line = 1;
    let good = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === 10) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(good, i));
        } catch {
          break;
        }
        good = i + 1;
        line++;
      }
    }
    throw new DataFormatError({ file, line, message: 'invalid UTF-8', cause: error });
  }
}
