import { DataFormatError, InvalidArgumentError } from '@limit/core';
import type { Run } from './qrels.js';
import { rankDocuments } from './rank-documents.js';

/**
 * Parses a TREC run: one line per retrieved document, `queryId Q0 docId rank score tag`, separated
 * by whitespace. The rank column must be an integer but is otherwise ignored: like trec_eval,
 * ranking comes from the scores (see {@link rankDocuments}). Blank lines are skipped.
 *
 * @param text - The file's contents.
 * @param file - Label used in errors (usually the file path).
 * @returns `queryId → docId → score`.
 * @throws DataFormatError{file, line} for a line without exactly 6 fields, a non-integer rank, a
 *   score that is not a finite number, or a document listed twice for one query.
 * @example
 * parseTrecRun('q1 Q0 d1 1 12.5 bm25\n'); // { q1: { d1: 12.5 } }
 */
export function parseTrecRun(text: string, file = 'run'): Run {
  const run: Record<string, Record<string, number>> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const fields = line.split(/\s+/);
    if (fields.length !== 6) {
      throw new DataFormatError({ file, line: i + 1, message: `expected 6 fields "queryId Q0 docId rank score tag", got ${fields.length}` });
    }
    const [qid, , docId, rankText, scoreText] = fields as [string, string, string, string, string];
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

/** Options of {@link formatTrecRun}. */
export interface FormatTrecRunOptions {
  /** Run tag in the last column (default `'limit'`; no whitespace). */
  tag?: string;
  /** Keep only the best `depth` documents per query (default: all). */
  depth?: number;
}

/**
 * Formats a run as TREC text, each query's documents in trec_eval order (score descending, ties by
 * document id descending) with ranks 1, 2, …; scores are written with full precision so the file
 * reads back to the same numbers.
 *
 * @param run - `queryId → docId → score`.
 * @throws InvalidArgumentError for a tag containing whitespace or a bad depth.
 * @example
 * formatTrecRun({ q1: { d1: 0.5, d2: 0.9 } }, { tag: 'bm25' });
 * // 'q1 Q0 d2 1 0.9 bm25\nq1 Q0 d1 2 0.5 bm25\n'
 */
export function formatTrecRun(run: Run, options: FormatTrecRunOptions = {}): string {
  const tag = options.tag ?? 'limit';
  if (tag === '' || /\s/.test(tag)) throw new InvalidArgumentError({ parameter: 'tag', value: tag, message: 'tag must be non-empty without whitespace' });
  const depth = options.depth ?? Number.POSITIVE_INFINITY;
  if (!(depth >= 1)) throw new InvalidArgumentError({ parameter: 'depth', value: depth, message: 'depth must be ≥ 1' });
  const out: string[] = [];
  for (const [qid, scores] of Object.entries(run)) {
    const ranked = rankDocuments(scores);
    const n = Math.min(ranked.length, depth);
    for (let r = 0; r < n; r++) out.push(`${qid} Q0 ${ranked[r]} ${r + 1} ${scores[ranked[r]!]} ${tag}\n`);
  }
  return out.join('');
}
