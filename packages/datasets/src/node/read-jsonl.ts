import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { DataFormatError } from '@limit/core';
import { checkCorpusRecord, checkQrelFileRecord, checkQueryRecord, type Checked } from '../internal/records.js';
import type { CorpusDocument, Qrel, Query } from '../types.js';

/**
 * Streams the non-blank lines of a JSONL file as parsed JSON with their 1-based line numbers.
 * Blank lines (e.g. a trailing one) are skipped; a UTF-8 BOM is ignored; CRLF is accepted.
 */
async function* jsonLines(file: string): AsyncGenerator<{ value: unknown; line: number }> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  try {
    await opened;
  } catch (error) {
    throw new DataFormatError({
      file,
      line: 0,
      message: `cannot read file (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      cause: error,
    });
  }
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (const raw of lines) {
      line++;
      const text = line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new DataFormatError({ file, line, message: `malformed JSON (${(error as Error).message})`, cause: error });
      }
      yield { value, line };
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}

async function* records<T>(
  file: string,
  check: (v: unknown) => Checked<T>,
  idOf: ((r: T) => string) | undefined,
): AsyncGenerator<T> {
  const seen = idOf ? new Set<string>() : undefined;
  for await (const { value, line } of jsonLines(file)) {
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
 * @returns an async iterator of {@link CorpusDocument}.
 * @throws DataFormatError naming the file and 1-based line: unreadable file (line 0), malformed
 *   JSON, a missing or mistyped field, or a duplicate `_id`.
 * @example
 * for await (const doc of readCorpus('limit/corpus.jsonl')) console.log(doc._id);
 */
export function readCorpus(file: string): AsyncGenerator<CorpusDocument> {
  return records(file, checkCorpusRecord, (d) => d._id);
}

/**
 * Streams the queries of a `queries.jsonl` file (`{"_id", "text"}` per line).
 *
 * @param file path of the JSONL file.
 * @returns an async iterator of {@link Query}.
 * @throws DataFormatError naming file and line (as {@link readCorpus}).
 * @example
 * for await (const q of readQueries('limit/queries.jsonl')) console.log(q.text);
 */
export function readQueries(file: string): AsyncGenerator<Query> {
  return records(file, checkQueryRecord, (q) => q._id);
}

/**
 * Streams the relevance judgements of a `qrels.jsonl` file (`{"query-id", "corpus-id", "score"}`
 * per line) as `{ queryId, docId, score }`. Pass the known ids to check references as they stream.
 *
 * @param file path of the JSONL file.
 * @param known optional sets of valid query and document ids.
 * @returns an async iterator of {@link Qrel}.
 * @throws DataFormatError naming file and line: malformed JSON, missing or mistyped field, a
 *   duplicate (query, document) pair, or an id not in `known`.
 * @example
 * for await (const r of readQrels('limit/qrels.jsonl')) console.log(r.queryId, r.docId);
 */
export async function* readQrels(
  file: string,
  known: { queryIds?: ReadonlySet<string>; docIds?: ReadonlySet<string> } = {},
): AsyncGenerator<Qrel> {
  const pairs = new Set<string>();
  for await (const { value, line } of jsonLines(file)) {
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
