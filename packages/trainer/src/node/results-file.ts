import { readFile } from 'node:fs/promises';
import { DataFormatError } from '@limit/core';
import { writeFileAtomic } from '@limit/core/node';
import { fromOfficialRow, parameterSignature, toOfficialRow, type ExperimentParameters, type ResultRow } from '../results/official-schema.js';

export type { ResultRow } from '../results/official-schema.js';

/** Options of {@link ResultsFile.open}. */
export interface ResultsFileOptions {
  /** Refuse rows of another dimension (a results file holds one d). */
  readonly d?: number;
}

/**
 * A critical-n results file: a JSON array of `{ parameters, metrics, data }` rows in the official script's
 * snake_case schema (so tools written for its files read ours), held in memory in camelCase — converted in
 * one place, `official-schema.ts`. Rows are looked up by {@link parameterSignature}; every
 * {@link ResultsFile.append} rewrites the whole file atomically (temporary file + rename), one row per
 * line, so a crash or Ctrl-C leaves either the old or the new file and at most the run in progress is lost.
 *
 * An existing file that is not such an array (unreadable, invalid JSON, another program's data), or with a
 * row of another d or an unknown field, is never overwritten: {@link ResultsFile.open} throws a
 * {@link DataFormatError} naming the file and line instead of starting afresh or dropping what it cannot
 * represent (unlike the official script).
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
   * @param options - `d`: refuse rows of another dimension.
   * @throws DataFormatError (file, line) when the file exists but cannot be read, is not a results array,
   *   has a row with an unknown field or a wrong type, or a row of another d; the file is left untouched.
   */
  static async open(file: string, options: ResultsFileOptions = {}): Promise<ResultsFile> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new ResultsFile(file, []);
      throw new DataFormatError({ file, line: 0, message: `cannot read the results file (${(error as Error).message}); it was left untouched`, cause: error });
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
    const rows = parsed.map((json: unknown, i) => {
      const line = lines[i] ?? 0;
      const row = fromOfficialRow(json, { file, line });
      if (options.d !== undefined && row.parameters.d !== options.d) {
        throw new DataFormatError({ file, line, message: `row ${i} is for d = ${row.parameters.d}, this file holds d = ${options.d}; it was left untouched` });
      }
      return row;
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
