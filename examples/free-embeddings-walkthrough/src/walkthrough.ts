/**
 * The free-embedding experiment of the LIMIT paper, walked through: for each d, the critical-n search (gallop,
 * binary search, sweep) over real training runs, recorded in results files in the official script's schema;
 * the accuracy-vs-n plot; and every field of a results row, with its official name, ours, and its meaning.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { accuracyVsNChartSpec } from '@limit/charts';
import { writeChart } from '@limit/charts/node';
import { assertKnownOptions } from '@limit/core';
import { RESULT_FIELDS, runCriticalNExperiment, summarizeCriticalN, type CriticalNSummaryRow } from '@limit/trainer';
import { CriticalNResultsFolder } from '@limit/trainer/node';

/** Options of {@link runWalkthrough}. */
export interface WalkthroughOptions {
  /** Dimensions to search (default 4, 5, 6). */
  readonly dimensions?: readonly number[];
  /** Base seed (default 42, the official script's). */
  readonly seed?: number;
  /** Results folder: `d<d>-k2.json` per d and the chart; a second run reads the runs back instead of training. */
  readonly out: string;
  /** Largest n a search may try (default unbounded). */
  readonly maxN?: number;
  /** Progress lines (stderr in the app). */
  readonly onProgress?: (line: string) => void;
}

/** One results row, as the file holds it (snake_case) — the form the official tools read. */
export interface FileRow {
  readonly parameters: Record<string, unknown>;
  readonly metrics: Record<string, unknown>;
}

export interface WalkthroughResult {
  readonly seed: number;
  readonly rows: readonly CriticalNSummaryRow[];
  /** Runs trained now and runs read back from `out`. */
  readonly trainedRuns: number;
  readonly cachedRuns: number;
  /** The engine each d ran on. */
  readonly engines: Readonly<Record<number, string>>;
  /** The chart's files. */
  readonly chart: { readonly spec: string; readonly svg: string; readonly png: string };
  /** For the smallest d: its rows at the critical n (solved) and at the next n it tried (not solved), as written. */
  readonly example: { readonly d: number; readonly file: string; readonly solved: FileRow; readonly unsolved: FileRow | null };
  readonly seconds: number;
}

/** Runs the experiment into `out`, draws the chart and reads example rows back from the results file. */
export async function runWalkthrough(options: WalkthroughOptions): Promise<WalkthroughResult> {
  assertKnownOptions('options', options, ['dimensions', 'seed', 'out', 'maxN', 'onProgress']);
  const started = performance.now();
  const dimensions = options.dimensions ?? [4, 5, 6];
  const seed = options.seed ?? 42;
  const log = options.onProgress ?? (() => {});
  const folder = await CriticalNResultsFolder.open(options.out);
  let result;
  try {
    result = await runCriticalNExperiment({
      dimensions,
      seed,
      store: folder,
      ...(options.maxN !== undefined ? { maxN: options.maxN } : {}),
      onTrial: (d, trial) => log(`d = ${d}: n = ${trial.n} ${trial.solved ? 'solved' : 'not solved'} (${trial.phase})`),
    });
  } finally {
    await folder.close();
  }
  const rows = summarizeCriticalN(result);
  const spec = accuracyVsNChartSpec({
    k: result.k,
    title: `Free embeddings, k = ${result.k}: best accuracy against n (seed ${seed})`,
    traces: rows.map((r) => ({
      d: r.d,
      ...(r.criticalN !== null ? { criticalN: r.criticalN } : {}),
      trials: [...r.successRates].sort((a, b) => a.n - b.n).map((t) => ({ n: t.n, accuracy: t.maxAccuracy, solved: t.successRate > 0 })),
    })),
  });
  const chart = await writeChart(options.out, 'accuracy-vs-n', spec);

  // the results file as written: a JSON array of { parameters, metrics, data } rows, official names
  const first = rows[0]!;
  const file = join(options.out, `d${first.d}-k${result.k}.json`);
  const fileRows = JSON.parse(await readFile(file, 'utf8')) as FileRow[];
  const rowAt = (n: number) => fileRows.find((row) => row.parameters['n'] === n && row.parameters['seed'] === seed) ?? null;
  const critical = first.criticalN ?? first.largestSolvedN;
  const solved = critical === null ? null : rowAt(critical);
  if (solved === null) throw new Error(`no solved run at d = ${first.d}: raise maxN`);
  const tried = first.successRates.map((t) => t.n).filter((n) => n > critical!).sort((a, b) => a - b);
  const unsolvedN = tried.find((n) => first.successRates.find((t) => t.n === n)!.successRate === 0);
  return {
    seed,
    rows,
    trainedRuns: result.trainedRuns,
    cachedRuns: result.cachedRuns,
    engines: Object.fromEntries(result.dimensions.map((r) => [r.d, r.engine])),
    chart,
    example: { d: first.d, file, solved, unsolved: unsolvedN === undefined ? null : rowAt(unsolvedN) },
    seconds: (performance.now() - started) / 1000,
  };
}

/** A value as the field table prints it: lists shortened to their first and last entries. */
export function showValue(value: unknown): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) {
    const items = value.map((v) => showValue(v));
    return value.length <= 4 ? `[${items.join(', ')}]` : `[${items.slice(0, 2).join(', ')}, … ${items.at(-1)}] (${value.length})`;
  }
  if (typeof value === 'number' && !Number.isInteger(value)) return Number(value.toPrecision(4)).toString();
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The report printed on stdout. */
export function formatReport(result: WalkthroughResult): string {
  const { example } = result;
  const critical = example.solved.parameters['n'];
  const unsolvedN = example.unsolved?.parameters['n'];
  const lines = [
    `Free embeddings (k = 2, seed ${result.seed}): for each d, the largest n for which every pair of n documents`,
    'can be made the exact top-2 of its own query, by optimising the query and document vectors directly.',
    '',
    '| d | critical n (binary search) | largest solved n | paper | n tried | engine |',
    '| ---: | ---: | ---: | ---: | ---: | --- |',
    ...result.rows.map((r) => `| ${r.d} | ${r.criticalN ?? '–'} | ${r.largestSolvedN ?? '–'} | ${r.paper ?? '–'} | ${r.nEvaluated} | ${result.engines[r.d]} |`),
    '',
    `${result.trainedRuns} runs trained, ${result.cachedRuns} read back from the results folder. Single-seed values near the`,
    "threshold differ from the paper's by a few documents: our initial embeddings are not JAX's draws.",
    '',
    `Chart: ${result.chart.svg} (and .png, .vl.json): best accuracy against n per d, filled markers where a`,
    'run solved n, hollow where none did, the critical n marked.',
    '',
    `The results file ${example.file} holds one row per run, in the official script's schema. Its rows for`,
    `d = ${example.d} at n = ${critical} (solved)${unsolvedN !== undefined ? ` and n = ${unsolvedN} (not solved)` : ''}, field by field (official name → ours):`,
    '',
    `| section | file (official) | ours (camelCase) | origin | n = ${critical} | ${unsolvedN !== undefined ? `n = ${unsolvedN}` : ''} | meaning |`,
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const field of RESULT_FIELDS) {
    const a = example.solved[field.section][field.fileName];
    const b = example.unsolved?.[field.section][field.fileName];
    if (a === undefined && b === undefined) continue;
    lines.push(`| ${field.section} | ${field.fileName} | ${field.name} | ${field.origin} | ${showValue(a)} | ${showValue(b)} | ${field.meaning} |`);
  }
  lines.push(
    '',
    'Two accuracies: final_accuracy / accuracies / max_accuracy_observed are the official script\'s (the share of',
    'relevant documents inside each query\'s top-k); final_exact_top_k and its kin are ours (the share of queries',
    'whose top-k is exactly the relevant set). Training stops, and a run counts as solved, when the exact one is 1.',
    'The full glossary: docs/results-fields.md.',
  );
  return `${lines.join('\n')}\n`;
}
