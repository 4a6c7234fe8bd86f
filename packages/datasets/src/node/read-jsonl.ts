import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { DataFormatError, decodeUtf8 } from '@limit/core';
import { checkCorpusRecord, checkQrelFileRecord, checkQueryRecord, type Checked } from '../internal/records.js';
import type { CorpusDocument, Qrel, Query } from '../types.js';

/** Options of the JSONL readers. */
export interface ReadJsonlOptions {
  /**
   * Called with a message (and the file) for input that is valid but probably not what was meant:
   * a file without a single record. Libraries never print; pass e.g.
   * `(m) => process.stderr.write(m + '\n')`.
   */
  onWarning?: (message: string, file: string) => void;
  /** Throw DataFormatError (line 0) instead of warning when the file holds no record. Default false. */
  requireRecords?: boolean;
}

function cannotRead(file: string, error: unknown): DataFormatError {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file, ENOENT' : code === 'EACCES' ? 'permission denied, EACCES' : code === 'EISDIR' ? 'is a folder, expected a file' : (code ?? String(error));
  return new DataFormatError({ file, line: 0, message: `cannot read file (${why})`, cause: error });
}

/**
 * Streams the lines of a file as strings with their 1-based line numbers. Bytes are split on
 * `\n` first and each line is decoded on its own with a fatal UTF-8 decoder, so a bad byte is
 * reported at its own line (never replaced by U+FFFD, never blamed on a later record).
 *
 * Linear in the input, however long a line: the chunks of a line still open are kept in a list and
 * joined once, when its newline (or the end of the file) arrives — never re-copied per chunk.
 */
export async function* utf8Lines(file: string): AsyncGenerator<{ text: string; line: number }> {
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    throw cannotRead(file, error);
  }
  if (info.isDirectory()) throw new DataFormatError({ file, line: 0, message: 'cannot read file (is a folder, expected a file)' });
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  let line = 0;
  /** The pieces of the line being read (its newline not seen yet). */
  let open: Buffer[] = [];
  let openBytes = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let start = 0;
      for (let nl = chunk.indexOf(10, start); nl >= 0; nl = chunk.indexOf(10, start)) {
        line++;
        const tail = chunk.subarray(start, nl);
        const bytes = openBytes === 0 ? tail : Buffer.concat([...open, tail], openBytes + tail.length);
        open = [];
        openBytes = 0;
        yield { text: decodeUtf8(bytes, file, line), line };
        start = nl + 1;
      }
      if (start < chunk.length) {
        open.push(chunk.subarray(start));
        openBytes += chunk.length - start;
      }
    }
  } catch (error) {
    if (DataFormatError.isInstance(error)) throw error;
    throw cannotRead(file, error);
  } finally {
    stream.destroy();
  }
  if (openBytes > 0) {
    line++;
    yield { text: decodeUtf8(Buffer.concat(open, openBytes), file, line), line };
  }
}

/**
 * Streams the non-blank lines of a JSONL file as parsed JSON with their 1-based line numbers.
 * Blank lines (e.g. a trailing one) are skipped; a UTF-8 BOM is ignored; CRLF is accepted.
 */
async function* jsonLines(file: string, options: ReadJsonlOptions, what: string): AsyncGenerator<{ value: unknown; line: number }> {
  let records = 0;
  for await (const { text: raw, line } of utf8Lines(file)) {
    let text = line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new DataFormatError({ file, line, message: `malformed JSON (${(error as Error).message})`, cause: error });
    }
    records++;
    yield { value, line };
  }
  if (records === 0) {
    const message = `the file holds no ${what} (it is empty or blank)`;
    if (options.requireRecords) throw new DataFormatError({ file, line: 0, message });
    options.onWarning?.(message, file);
  }
}

async function* records<T>(
  file: string,
  check: (v: unknown) => Checked<T>,
  idOf: ((r: T) => string) | undefined,
  options: ReadJsonlOptions,
  what: string,
): AsyncGenerator<T> {
  const seen = idOf ? new Set<string>() : undefined;
  for await (const { value, line } of jsonLines(file, options, what)) {
    const r = check(value);
    if (!r.ok) throw new DataFormatError({ file, line, message: r.message });
    if (seen && idOf) {
      const id = idOf(r.value);
      if (seen.has(id)) throw new DataFormatError({ file, line, message: `duplicate _id ${JSON.stringify(id)}` });
      seen.add(id);
    }
    yield r.value;
  }
}

/**
 * Streams the documents of a `corpus.jsonl` file (`{"_id", "title", "text"}` per line) without
 * loading the file. Extra fields are ignored, a missing `title` reads as `""`, blank lines are
 * skipped.
 *
 * @param file path of the JSONL file.
 * @param options `onWarning` for a file without records (or `requireRecords` to refuse it).
 * @returns an async iterator of {@link CorpusDocument}.
 * @throws DataFormatError naming the file and 1-based line: a missing or unreadable file or a
 *   folder (line 0), invalid UTF-8 (the line of the bad byte), malformed JSON, a missing or
 *   mistyped field, or a duplicate `_id`.
 * @example
 * for await (const doc of readCorpus('limit/corpus.jsonl')) console.log(doc._id);
 */
export function readCorpus(file: string, options: ReadJsonlOptions = {}): AsyncGenerator<CorpusDocument> {
  return records(file, checkCorpusRecord, (d) => d._id, options, 'documents');
}

/**
 * Streams the queries of a `queries.jsonl` file (`{"_id", "text"}` per line).
 *
 * @param file path of the JSONL file.
 * @param options as {@link readCorpus}.
 * @returns an async iterator of {@link Query}.
 * @throws DataFormatError naming file and line (as {@link readCorpus}).
 * @example
 * for await (const q of readQueries('limit/queries.jsonl')) console.log(q.text);
 */
export function readQueries(file: string, options: ReadJsonlOptions = {}): AsyncGenerator<Query> {
  return records(file, checkQueryRecord, (q) => q._id, options, 'queries');
}

/**
 * Streams the relevance judgements of a `qrels.jsonl` file (`{"query-id", "corpus-id", "score"}`
 * per line) as `{ queryId, docId, score }`. Pass the known ids to check references as they stream.
 *
 * @param file path of the JSONL file.
 * @param known optional sets of valid query and document ids.
 * @param options as {@link readCorpus}.
 * @returns an async iterator of {@link Qrel}.
 * @throws DataFormatError naming file and line: as {@link readCorpus}, a score that is not a
 *   non-negative integer (relevance grades: 0, 1, 2 …), a duplicate (query, document) pair, or an
 *   id not in `known`.
 * @example
 * for await (const r of readQrels('limit/qrels.jsonl')) console.log(r.queryId, r.docId);
 */
export async function* readQrels(
  file: string,
  known: { queryIds?: ReadonlySet<string>; docIds?: ReadonlySet<string> } = {},
  options: ReadJsonlOptions = {},
): AsyncGenerator<Qrel> {
  const pairs = new Set<string>();
  for await (const { value, line } of jsonLines(file, options, 'relevance judgements')) {
    const r = checkQrelFileRecord(value);
    if (!r.ok) throw new DataFormatError({ file, line, message: r.message });
    const { queryId, docId } = r.value;
    if (known.queryIds && !known.queryIds.has(queryId)) {
      throw new DataFormatError({ file, line, message: `qrel names unknown query ${JSON.stringify(queryId)}` });
    }
    if (known.docIds && !known.docIds.has(docId)) {
      throw new DataFormatError({ file, line, message: `qrel names unknown document ${JSON.stringify(docId)}` });
    }
    const key = `${queryId}\u0000${docId}`;
    if (pairs.has(key)) {
      throw new DataFormatError({ file, line, message: `duplicate qrel for query ${JSON.stringify(queryId)} and document ${JSON.stringify(docId)}` });
    }
    pairs.add(key);
    yield r.value;
  }
}
