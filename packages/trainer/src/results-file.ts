import { readFile } from 'node:fs/promises';
import { DataFormatError } from '@limit/core';
import { writeJsonAtomic } from '@limit/core/node';
import { parameterSignature } from './experiment-parameters.js';

/** One row of a results file, in the official script's schema. */
export interface ResultRow {
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly metrics: Readonly<Record<string, unknown>>;
  readonly data: Readonly<Record<string, unknown>>;
}

/**
 * A critical-n results file: a JSON array of `{ parameters, metrics, data }` rows, compatible with the
 * official script's output. Rows are looked up by {@link parameterSignature}; every {@link ResultsFile.append}
 * rewrites the whole file atomically (temporary file + rename), so a crash or Ctrl-C leaves either the old or
 * the new file, never a torn one, and at most the run in progress is lost.
 *
 * An existing file that is not such an array (unreadable, invalid JSON, another program's data) is never
 * overwritten: {@link ResultsFile.open} throws a {@link DataFormatError} naming it instead of starting afresh,
 * unlike the official script.
 *
 * @example
 * ```ts
 * const results = await ResultsFile.open('results/critical-n/d4-k2.json');
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
   * @throws DataFormatError when the file exists but cannot be read or is not a results array; the file is left untouched.
   */
  static async open(file: string): Promise<ResultsFile> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new ResultsFile(file, []);
      throw new DataFormatError({
        file,
        line: 0,
        message: `cannot read the results file (${(error as Error).message}); it was left untouched`,
        cause: error,
      });
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
      throw new DataFormatError({ file, line: 0, message: 'not a results file (expected a JSON array of { parameters, metrics } rows); it was left untouched' });
    }
    parsed.forEach((row: unknown, i) => {
      const r = row as Partial<ResultRow> | null;
      if (r === null || typeof r !== 'object' || typeof r.parameters !== 'object' || r.parameters === null || typeof r.metrics !== 'object' || r.metrics === null) {
        throw new DataFormatError({ file, line: 0, message: `row ${i} is not a { parameters, metrics } object: not a results file; it was left untouched` });
      }
    });
    return new ResultsFile(
      file,
      (parsed as ResultRow[]).map((r) => ({ parameters: r.parameters, metrics: r.metrics, data: r.data ?? {} })),
    );
  }

  /** All rows, in file order. */
  get rows(): readonly ResultRow[] {
    return this.rowList;
  }

  /** The row whose parameters have the same signature, if any. */
  find(parameters: Readonly<Record<string, unknown>>): ResultRow | undefined {
    return this.bySignature.get(parameterSignature(parameters));
  }

  /** Adds (or replaces, same signature) a row and writes the file atomically. */
  async append(row: ResultRow): Promise<void> {
    const signature = parameterSignature(row.parameters);
    const existing = this.bySignature.get(signature);
    if (existing !== undefined) this.rowList.splice(this.rowList.indexOf(existing), 1);
    this.rowList.push(row);
    this.bySignature.set(signature, row);
    await writeJsonAtomic(this.file, this.rowList.map(toJsonSafe));
  }
}

/** JSON has no Infinity/NaN: write them as null (as Python's json writes them, they would be invalid JSON). */
function toJsonSafe(row: ResultRow): unknown {
  return JSON.parse(JSON.stringify(row, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value)));
}

function lineOfJsonError(text: string, error: unknown): number {
  const match = /position (\d+)/.exec(String((error as Error)?.message));
  if (!match) return 0;
  const position = Number(match[1]);
  return text.slice(0, position).split('\n').length;
}
