import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataFormatError, InvalidArgumentError } from '@limit/core';
import { fromOfficialRow, parameterSignature, type ResultRow } from '../results/official-schema.js';
import { ResultsFile } from './results-file.js';

/** What {@link importOfficialResults} read from an official results file. */
export interface OfficialResultsImport {
  /** The rows in our format (camelCase), in file order; extra flags kept in `data.officialFlags`. */
  readonly rows: readonly ResultRow[];
  /** Parameter keys our schema does not know (absl's own flags such as `logtostderr`, `v`, `?`), with the value of their first row. */
  readonly extraFlags: Readonly<Record<string, unknown>>;
  /** Rows carrying at least one extra flag. */
  readonly rowsWithExtraFlags: number;
  /** `NaN` / `Infinity` / `-Infinity` literals read (Python's json writes them; JSON has none). */
  readonly nonFiniteValues: number;
}

/**
 * Reads a results file written by the official script (`free_embedding_experiment.py`), which our
 * strict reader (`ResultsFile.open`) refuses: the script stores `FLAGS.flag_values_dict()` in every
 * row's `parameters`, so rows also carry absl's own flags (`logtostderr`, `verbosity`, `?`, `help`, …)
 * and any other library's, and Python's `json` writes `NaN` and `Infinity` for a diverged loss or the
 * "no qrels" row. Here every parameter key our schema does not know is accepted, reported in
 * `extraFlags` and kept in the row's `data.officialFlags` (nothing is dropped); everything else is
 * checked exactly as the strict reader checks it (same conversion, `fromOfficialRow`), so a wrong
 * type or an unknown metrics key is still an error.
 *
 * @param text - The file's content (a JSON array of `{ parameters, metrics, data? }`).
 * @param file - Its path, for errors.
 * @returns The converted rows and what was relaxed.
 * @throws DataFormatError (file, line) for text that is not such an array, a row our schema rejects
 *   for any reason but an unknown parameter key, or two rows of the same run (same signature).
 * @example
 * const { rows, extraFlags } = importOfficialResults(readFileSync('d=4_k=2.json', 'utf8'), 'd=4_k=2.json');
 * Object.keys(extraFlags); // ['logtostderr', 'alsologtostderr', 'log_dir', 'v', …]
 */
export function importOfficialResults(text: string, file: string): OfficialResultsImport {
  let nonFiniteValues = 0;
  let parsed: unknown;
  try {
    parsed = JSON.parse(replaceNonFinite(text, () => nonFiniteValues++), (_key, value: unknown) =>
      typeof value === 'string' && NON_FINITE.has(value) ? NON_FINITE.get(value) : value,
    );
  } catch (error) {
    throw new DataFormatError({ file, line: lineOf(text, error), message: `not valid JSON (${(error as Error).message})`, cause: error });
  }
  if (!Array.isArray(parsed)) throw new DataFormatError({ file, line: 1, message: 'not a results file (expected a JSON array of { parameters, metrics } rows)' });
  const extraFlags: Record<string, unknown> = {};
  let rowsWithExtraFlags = 0;
  const seen = new Map<string, number>();
  const rows = parsed.map((json: unknown, i) => {
    const where = { file, line: 1 };
    const row = json as { parameters?: unknown; data?: unknown } | null;
    const extras: Record<string, unknown> = {};
    let candidate: unknown = json;
    if (row !== null && typeof row === 'object' && isRecord(row.parameters)) {
      const known: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(row.parameters)) {
        if (isKnownParameter(key)) known[key] = value;
        else extras[key] = value;
      }
      const data = isRecord(row.data) ? row.data : row.data === undefined ? {} : row.data;
      candidate = { ...row, parameters: known, data: Object.keys(extras).length > 0 && isRecord(data) ? { ...data, officialFlags: extras } : data };
    }
    let converted: ResultRow;
    try {
      converted = fromOfficialRow(candidate, where);
    } catch (error) {
      if (DataFormatError.isInstance(error)) throw new DataFormatError({ file, line: 1, message: `row ${i}: ${error.message}`, cause: error });
      throw error;
    }
    if (Object.keys(extras).length > 0) rowsWithExtraFlags++;
    for (const [key, value] of Object.entries(extras)) if (!Object.hasOwn(extraFlags, key)) extraFlags[key] = value;
    const signature = parameterSignature(converted.parameters);
    const before = seen.get(signature);
    if (before !== undefined) throw new DataFormatError({ file, line: 1, message: `rows ${before} and ${i} are the same run (same parameters); keep one` });
    seen.set(signature, i);
    return converted;
  });
  return { rows, extraFlags, rowsWithExtraFlags, nonFiniteValues };
}

/**
 * Imports an official results file into a results folder of ours: one `d{d}-k{k}.json` per
 * dimension and k (what `limit critical-n` and `ResultsFile` read). Nothing is written when any
 * target file already exists or any row is refused.
 *
 * @param file - The official results file.
 * @param outDir - The folder to write (created when missing).
 * @returns The import report and the files written.
 * @throws DataFormatError as {@link importOfficialResults}, or when the file cannot be read.
 * @throws InvalidArgumentError (parameter `outDir`) when a target file exists.
 * @example
 * const { files, extraFlags } = await importOfficialResultsFile('d=4_k=2.json', 'results/official');
 */
export async function importOfficialResultsFile(file: string, outDir: string): Promise<OfficialResultsImport & { files: string[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new DataFormatError({ file, line: 0, message: `cannot read (${(error as Error).message})`, cause: error });
  }
  const report = importOfficialResults(text, file);
  const groups = new Map<string, ResultRow[]>();
  for (const row of report.rows) {
    const name = `d${row.parameters.d}-k${row.parameters.k}.json`;
    const list = groups.get(name) ?? [];
    list.push(row);
    groups.set(name, list);
  }
  for (const name of groups.keys()) {
    if (existsSync(join(outDir, name))) throw new InvalidArgumentError({ parameter: 'outDir', value: join(outDir, name), message: `${join(outDir, name)} exists; import into an empty folder (nothing was written)` });
  }
  const files: string[] = [];
  for (const [name, rows] of groups) {
    const path = join(outDir, name);
    const results = await ResultsFile.open(path);
    for (const row of rows) await results.append(row);
    files.push(path);
  }
  return { ...report, files };
}

const NON_FINITE = new Map<string, number>([
  ['\u0000limit:NaN', NaN],
  ['\u0000limit:Infinity', Infinity],
  ['\u0000limit:-Infinity', -Infinity],
]);

/** Replaces the bare tokens NaN, Infinity and -Infinity (outside strings) by sentinel strings. */
function replaceNonFinite(text: string, onReplace: () => void): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      continue;
    }
    const token = text.startsWith('-Infinity', i) ? '-Infinity' : text.startsWith('Infinity', i) ? 'Infinity' : text.startsWith('NaN', i) ? 'NaN' : undefined;
    if (token !== undefined) {
      out += JSON.stringify(`\u0000limit:${token}`);
      i += token.length - 1;
      onReplace();
      continue;
    }
    out += c;
  }
  return out;
}

const knownCache = new Map<string, boolean>();

/** Whether our schema knows a parameter key: asks the strict reader itself (the one place the schema lives). */
function isKnownParameter(key: string): boolean {
  let known = knownCache.get(key);
  if (known === undefined) {
    try {
      fromOfficialRow({ parameters: { n: 1, d: 1, k: 1, [key]: PROBE }, metrics: {} }, { file: '', line: 0 });
      known = true;
    } catch (error) {
      known = !(DataFormatError.isInstance(error) && error.message.includes(`unknown field parameters.${key}`));
    }
    knownCache.set(key, known);
  }
  return known;
}
/** A value of no schema type: a known key fails on its type, an unknown one on its name. */
const PROBE = Symbol('probe');

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function lineOf(text: string, error: unknown): number {
  const m = /position (\d+)/.exec(String((error as Error)?.message));
  return m ? text.slice(0, Number(m[1])).split('\n').length : 0;
}
