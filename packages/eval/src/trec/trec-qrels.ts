import { DataFormatError } from '@limit/core';
import type { Qrels } from '../qrels.js';
import { decodeTrecId, trecToken } from './trec-ids.js';
import type { ParseTrecOptions } from './trec-run.js';

/**
 * Parses TREC qrels text: one judgement per line, `queryId iteration docId relevance`, separated
 * by whitespace (the iteration column is ignored, as trec_eval ignores it). Blank lines are skipped.
 * Ids are decoded with `decodeTrecId` unless `decodeIds` is false (as `parseTrecRun`).
 *
 * @param text - The file's contents.
 * @param file - Label used in errors (usually the file path).
 * @param options - `decodeIds` (default true).
 * @returns `queryId → docId → relevance`.
 * @throws DataFormatError{file, line} for a line without exactly 4 fields, a relevance that is not
 *   an integer, or a (query, document) pair judged twice.
 * @example
 * parseTrecQrels('q1 0 d1 1\nq1 0 d2 0\n'); // { q1: { d1: 1, d2: 0 } }
 */
export function parseTrecQrels(text: string, file = 'qrels', options: ParseTrecOptions = {}): Qrels {
  const decode = options.decodeIds ?? true;
  const qrels: Record<string, Record<string, number>> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const fields = line.split(/\s+/);
    if (fields.length !== 4) {
      throw new DataFormatError({ file, line: i + 1, message: `expected 4 fields "queryId iteration docId relevance", got ${fields.length}` });
    }
    const [qidToken, , docToken, relText] = fields as [string, string, string, string];
    const where = { file, line: i + 1 };
    const qid = decode ? decodeTrecId(qidToken, where) : qidToken;
    const docId = decode ? decodeTrecId(docToken, where) : docToken;
    if (!/^-?\d+$/.test(relText)) {
      throw new DataFormatError({ file, line: i + 1, message: `relevance ${JSON.stringify(relText)} is not an integer` });
    }
    const judgements = (qrels[qid] ??= {});
    if (Object.hasOwn(judgements, docId)) {
      throw new DataFormatError({ file, line: i + 1, message: `duplicate judgement for query ${qid}, document ${docId}` });
    }
    judgements[docId] = Number.parseInt(relText, 10);
  }
  return qrels;
}

/**
 * Formats qrels as TREC text (`queryId 0 docId relevance` per line, queries and documents in
 * insertion order, trailing newline).
 *
 * @param qrels - `queryId → docId → relevance`.
 * @param options - `encodeIds`: write ids through `encodeTrecId` (as `formatTrecRun`); default false.
 * @throws InvalidArgumentError (parameter `queryId` / `docId`, naming the id) for an id containing
 *   whitespace or `%XX` without `encodeIds`.
 * @example
 * formatTrecQrels({ q1: { d1: 1 } }); // 'q1 0 d1 1\n'
 */
export function formatTrecQrels(qrels: Qrels, options: { encodeIds?: boolean } = {}): string {
  const encode = options.encodeIds ?? false;
  const out: string[] = [];
  for (const [qid, judgements] of Object.entries(qrels)) {
    const q = trecToken(qid, encode, 'queryId');
    for (const [docId, rel] of Object.entries(judgements)) out.push(`${q} 0 ${trecToken(docId, encode, 'docId')} ${rel}\n`);
  }
  return out.join('');
}
