import { DataFormatError, InvalidArgumentError } from '@limit/core';
import type { Run } from '../qrels.js';
import { compareCodePoints, rankDocuments } from '../rank-documents.js';
import { decodeTrecId, encodeTrecId, trecToken } from './trec-ids.js';

/**
 * Parses a TREC run: one line per retrieved document, `queryId Q0 docId rank score tag`, separated
 * by whitespace. The rank column must be an integer but is otherwise ignored: like trec_eval,
 * ranking comes from the scores (see {@link rankDocuments}). Blank lines are skipped. Ids are
 * decoded with {@link decodeTrecId} (undoing `encodeIds`; `%XX` → UTF-8) unless `decodeIds` is false.
 *
 * @param text - The file's contents.
 * @param file - Label used in errors (usually the file path).
 * @param options - `decodeIds` (default true).
 * @returns `queryId → docId → score`.
 * @throws DataFormatError{file, line} for a line without exactly 6 fields, a non-integer rank, a
 *   score that is not a finite number, or a document listed twice for one query.
 * @example
 * parseTrecRun('q1 Q0 d1 1 12.5 bm25\n'); // { q1: { d1: 12.5 } }
 */
export function parseTrecRun(text: string, file = 'run', options: ParseTrecOptions = {}): Run {
  const decode = options.decodeIds ?? true;
  const run: Record<string, Record<string, number>> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const fields = line.split(/\s+/);
    if (fields.length !== 6) {
      throw new DataFormatError({ file, line: i + 1, message: `expected 6 fields "queryId Q0 docId rank score tag", got ${fields.length}` });
    }
    const [qidToken, , docToken, rankText, scoreText] = fields as [string, string, string, string, string];
    const where = { file, line: i + 1 };
    const qid = decode ? decodeTrecId(qidToken, where) : qidToken;
    const docId = decode ? decodeTrecId(docToken, where) : docToken;
    if (!/^-?\d+$/.test(rankText)) throw new DataFormatError({ file, line: i + 1, message: `rank ${JSON.stringify(rankText)} is not an integer` });
    const score = Number(scoreText);
    if (scoreText === '' || !Number.isFinite(score)) {
      throw new DataFormatError({ file, line: i + 1, message: `score ${JSON.stringify(scoreText)} is not a finite number` });
    }
    const scores = (run[qid] ??= {});
    if (Object.hasOwn(scores, docId)) {
      throw new DataFormatError({ file, line: i + 1, message: `document ${docId} listed twice for query ${qid}` });
    }
    scores[docId] = score;
  }
  return run;
}

/** Options of {@link parseTrecRun} and `parseTrecQrels`. */
export interface ParseTrecOptions {
  /** Decode `%XX` in ids (undo `encodeIds`). Default true; pass false for files whose ids contain a literal `%XX`. */
  decodeIds?: boolean;
}

/** Options of {@link formatTrecRun}. */
export interface FormatTrecRunOptions {
  /** Run tag in the last column (default `'limit'`; no whitespace). */
  tag?: string;
  /** Keep only the best `depth` documents per query, cut with the evaluation's tie rule (default: all). */
  depth?: number;
  /**
   * Write ids through {@link encodeTrecId} (whitespace and `%` as `%XX`), so ids such as LIMIT's
   * "Geneva Durben" fit in one field. Default false: an id with whitespace is refused.
   */
  encodeIds?: boolean;
}

/**
 * Formats a run as TREC text, each query's documents in trec_eval order (score descending, ties by
 * document id descending, {@link rankDocuments}) with ranks 1, 2, …; scores are written with full
 * precision so the file reads back to the same numbers, and a `depth` cut keeps the same documents
 * the evaluation ranks first. trec_eval re-sorts by (score, docno) — with `encodeIds` its docnos are
 * the encoded ids, so ties whose order encoding would change (an id with whitespace against one
 * with `!"#$` at the same place) are refused rather than silently scored differently.
 *
 * @param run - `queryId → docId → score`.
 * @param options - `tag`, `depth`, `encodeIds`.
 * @throws InvalidArgumentError for a tag containing whitespace, a bad depth, an id containing
 *   whitespace or `%XX` without `encodeIds` (parameter `queryId` / `docId`, naming the id), or a tie
 *   that trec_eval would order differently after encoding (parameter `run`).
 * @example
 * formatTrecRun({ q1: { d1: 0.5, d2: 0.9 } }, { tag: 'bm25' });
 * // 'q1 Q0 d2 1 0.9 bm25\nq1 Q0 d1 2 0.5 bm25\n'
 */
export function formatTrecRun(run: Run, options: FormatTrecRunOptions = {}): string {
  const tag = options.tag ?? 'limit';
  if (tag === '' || /\s/.test(tag)) throw new InvalidArgumentError({ parameter: 'tag', value: tag, message: 'tag must be non-empty without whitespace' });
  const depth = options.depth ?? Number.POSITIVE_INFINITY;
  if (!(depth >= 1)) throw new InvalidArgumentError({ parameter: 'depth', value: depth, message: 'depth must be ≥ 1' });
  const encode = options.encodeIds ?? false;
  const out: string[] = [];
  for (const [qid, scores] of Object.entries(run)) {
    const q = trecToken(qid, encode, 'queryId');
    const ranked = rankDocuments(scores);
    const n = Math.min(ranked.length, depth);
    let previous: string | undefined;
    for (let r = 0; r < n; r++) {
      const id = ranked[r]!;
      const token = trecToken(id, encode, 'docId');
      if (encode && r > 0 && scores[ranked[r - 1]!] === scores[id] && compareCodePoints(previous!, token) < 0) {
        throw new InvalidArgumentError({
          parameter: 'run',
          value: id,
          message: `query ${JSON.stringify(qid)}: documents ${JSON.stringify(ranked[r - 1])} and ${JSON.stringify(id)} tie at score ${scores[id]}, and their encoded ids would be ordered differently by trec_eval`,
        });
      }
      previous = token;
      out.push(`${q} Q0 ${token} ${r + 1} ${scores[id]} ${tag}\n`);
    }
  }
  return out.join('');
}
