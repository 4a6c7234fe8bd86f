import { readFile } from 'node:fs/promises';
import { DataFormatError, decodeUtf8 } from '@limit/core';
import { writeFileAtomic } from '@limit/core/node';
import { fromOfficialRow, parameterSignature, toOfficialRow, type ExperimentParameters, type ResultRow } from '../results/official-schema.js';

export type { ResultRow } from '../results/official-schema.js';

/** Options of {@link ResultsFile.open}. */
export interface ResultsFileOptions {
  /** Refuse rows of another dimension (a results file holds one d). */
  readonly d?: number;
  /** Called with a note about input that was accepted with a change (an exact duplicate row dropped). */
  readonly onNote?: (message: string) => void;
}

/**
 * A critical-n results file: a JSON array of `{ parameters, metrics, data }` rows in the official script's
 * snake_case schema (so tools written for its files read ours), held in memory in camelCase — converted in
 * one place, `official-schema.ts`. Rows are looked up by {@link parameterSignature}; every
 * {@link ResultsFile.append} rewrites the whole file atomically (temporary file + rename), one row per
 * line, so a crash or Ctrl-C leaves either the old or the new file and at most the run in progress is lost.
 *
 * An existing file that is not such an array (unreadable, invalid JSON or UTF-8, another program's data), or
 * with a row of another d, an unknown field, or two rows of one run (same parameters) with different results,
 * is never overwritten: {@link ResultsFile.open} throws a {@link DataFormatError} naming the file and line
 * instead of starting afresh, choosing a row, or dropping what it cannot represent (unlike the official
 * script). An exact duplicate row is dropped, with a note (`onNote`).
 *
 * @example
 * ```ts
 * const results = await ResultsFile.open('results/critical-n/d4-k2.json', { d: 4 });
 * const cached = results.find(parameters);
 * if (!cached) await results.append({ parameters, metrics, data: {} });
 * ```
 */
export class ResultsFile {
  private readonly bySignature = new Map<string, ResultRow>();

  private constructor(
    /** Path of the file. */
    readonly file: string,
    private readonly rowList: ResultRow[],
  ) {
    for (const row of rowList) this.bySignature.set(parameterSignature(row.parameters), row);
  }

  /**
   * Opens (or starts) a results file. A missing or empty file starts an empty list.
   *
   * @param file - path of the JSON file.
   * @param options - `d`: refuse rows of another dimension; `onNote`: told about dropped exact duplicates.
   * @throws DataFormatError (file, line) when the file exists but cannot be read, is not UTF-8 or not a
   *   results array, has a row with an unknown field or a wrong type, a row of another d, or two rows of one
   *   run with different results; the file is left untouched.
   */
  static async open(file: string, options: ResultsFileOptions = {}): Promise<ResultsFile> {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new ResultsFile(file, []);
      throw new DataFormatError({ file, line: 0, message: `cannot read the results file (${(error as Error).message}); it was left untouched`, cause: error });
    }
    let text: string;
    try {
      // never decode with replacement: a U+FFFD written back on the next append would destroy the byte
      text = decodeUtf8(bytes, file);
    } catch (error) {
      const e = error as DataFormatError;
      throw new DataFormatError({ file, line: e.line, message: `${e.message.slice(e.message.indexOf(': ') + 2)}; it was left untouched`, cause: error });
    }
    if (text.trim() === '') return new ResultsFile(file, []);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new DataFormatError({
        file,
        line: lineOfJsonError(text, error),
        message: `the results file is not valid JSON (${(error as Error).message}); it was left untouched — move it away or choose another output`,
        cause: error,
      });
    }
    if (!Array.isArray(parsed)) {
      throw new DataFormatError({ file, line: 1, message: 'not a results file (expected a JSON array of { parameters, metrics } rows); it was left untouched' });
    }
    const lines = elementLines(text);
    const rows: ResultRow[] = [];
    const first = new Map<string, { line: number; json: string }>();
    parsed.forEach((json: unknown, i) => {
      const line = lines[i] ?? 0;
      const row = fromOfficialRow(json, { file, line });
      if (options.d !== undefined && row.parameters.d !== options.d) {
        throw new DataFormatError({ file, line, message: `row ${i} is for d = ${row.parameters.d}, this file holds d = ${options.d}; it was left untouched` });
      }
      const signature = parameterSignature(row.parameters);
      const canonical = JSON.stringify(toOfficialRow(row));
      const seen = first.get(signature);
      if (seen === undefined) {
        first.set(signature, { line, json: canonical });
        rows.push(row);
      } else if (seen.json === canonical) {
        options.onNote?.(`${file}:${line}: row ${i} repeats line ${seen.line} exactly; the copy is dropped (the file is rewritten without it on the next save)`);
      } else {
        const p = row.parameters;
        throw new DataFormatError({
          file,
          line,
          message:
            `row ${i} records the same run as line ${seen.line} (n = ${p.n}, d = ${p.d}, k = ${p.k}, seed ${String(p.seed)}, same settings) with different results; ` +
            'one run has one outcome, so the file is refused and left untouched — remove the row that is wrong',
        });
      }
    });
    return new ResultsFile(file, rows);
  }

  /** All rows, in file order. */
  get rows(): readonly ResultRow[] {
    return this.rowList;
  }

  /** The row whose parameters have the same signature, if any. */
  find(parameters: ExperimentParameters): ResultRow | undefined {
    return this.bySignature.get(parameterSignature(parameters));
  }

  /** Adds (or replaces, same signature) a row and writes the file atomically. */
  async append(row: ResultRow): Promise<void> {
    const signature = parameterSignature(row.parameters);
    const existing = this.bySignature.get(signature);
    if (existing !== undefined) this.rowList.splice(this.rowList.indexOf(existing), 1);
    this.rowList.push(row);
    this.bySignature.set(signature, row);
    // One row per line: errors can name the line of a row, and diffs stay readable.
    const body = this.rowList.map((r) => JSON.stringify(toOfficialRow(r))).join(',\n');
    await writeFileAtomic(this.file, `[\n${body}\n]\n`);
  }
}

/** 1-based line on which each top-level array element starts. */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let depth = 0;
  let line = 1;
  let inString = false;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') continue;
    if (depth === 1 && expectElement) {
      lines.push(line);
      expectElement = false;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth === 1) expectElement = true;
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expectElement = true;
  }
  return lines;
}

function lineOfJsonError(text: string, error: unknown): number {
  const match = /position (\d+)/.exec(String((error as Error)?.message));
  if (!match) return 0;
  const position = Number(match[1]);
  return text.slice(0, position).split('\n').length;
}
