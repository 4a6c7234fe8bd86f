import { DataFormatError } from '@limit/core';
import type { Precision } from '../engines/contract.js';

/**
 * The parameters of one run, camelCase, as recorded in a results file (the official script's
 * `parameters`, converted by {@link toOfficialRow} / {@link fromOfficialRow}).
 */
export interface ExperimentParameters {
  readonly n: number;
  readonly d: number;
  readonly k: number;
  /** Query limit (`qLimit`), null for all C(n, k). */
  readonly q: number | null;
  readonly learningRate: number;
  readonly maxIterations: number;
  readonly temperature: number;
  readonly seed: number | string;
  readonly logInterval: number;
  /** Early stopping disabled is recorded as infinite patience (JSON: `Number.MAX_SAFE_INTEGER`). */
  readonly earlyStoppingPatience: number;
  readonly earlyStoppingMinDelta: number;
  readonly earlyStoppingMonitor: 'loss' | 'accuracy';
  readonly earlyStoppingRestoreBest: boolean;
  /** Engine that ran (ours), e.g. `onnx-cpu`; the file's `backend` key. */
  readonly engine?: string;
  /** Precision it ran in (ours); rows without it are read as float32, the official script's (JAX) precision. */
  readonly precision?: Precision;
  /** The official script's `device` (`gpu`, `cpu`); we write the engine there too. */
  readonly device?: string;
  /** The objective's label (`hinge-m0.1`, `sigmoid-t0.1-b-10`; see `objectiveLabel`), absent for the paper's InfoNCE. */
  readonly objective?: string;
  /** `centroid` when queries are their documents' centroids; absent for free queries (the paper's). */
  readonly queryMode?: 'free' | 'centroid';
  /** `margin` when the margin pass rule decided `solved`; absent for the official rule (the paper's). */
  readonly passRule?: 'official' | 'margin';
  /** γ of the margin pass rule. */
  readonly passMargin?: number;
  readonly showProgress?: boolean;
  /** Official search flags some files carry. */
  readonly initialN?: number;
  readonly resultsOutputPath?: string;
  readonly enableCriticalNSearch?: number;
}

/** The metrics of one run as recorded in a results file (all optional: official rows lack ours). */
export interface RecordedMetrics {
  /** The official accuracy (relevant documents inside each query's top-k) of the final embeddings. */
  readonly finalAccuracy?: number;
  readonly finalLoss?: number;
  readonly bestLossMonitored?: number | null;
  readonly bestAccuracyMonitored?: number | null;
  readonly losses?: readonly (number | null)[];
  readonly accuracies?: readonly (number | null)[];
  readonly maxAccuracyObserved?: number;
  readonly lastLoggedAccuracy?: number | null;
  readonly actualQGenerated?: number;
  readonly optimizationDurationSeconds?: number;
  readonly experimentDurationSeconds?: number;
  /** Official error rows. */
  readonly error?: string;
  readonly traceback?: string;
  /** Exact-set accuracy (ours): share of queries whose top-k is exactly the relevant set. */
  readonly finalExactTopK?: number;
  readonly exactAccuracies?: readonly (number | null)[];
  readonly maxExactTopKObserved?: number;
  readonly iterations?: number;
  readonly stopReason?: 'solved' | 'early_stopping' | 'max_iterations';
  readonly solved?: boolean;
  readonly stepsPerSecond?: number;
  readonly engine?: string;
  readonly precision?: Precision;
  /** Smallest query margin of the final embeddings (ours; `forEachQueryMargin`). */
  readonly minMargin?: number;
}

/** One row of a results file, in memory (camelCase). */
export interface ResultRow {
  readonly parameters: ExperimentParameters;
  readonly metrics: RecordedMetrics;
  readonly data: Readonly<Record<string, unknown>>;
}

export type Kind = 'number' | 'integer' | 'string' | 'boolean' | 'seed' | 'nullableNumber' | 'nullableInteger' | 'numberList' | 'monitor' | 'precision' | 'stopReason' | 'queryMode' | 'passRule';

/** camelCase name ↔ file name, with the type a file value must have. The one place the schemas meet (internal: not re-exported from the package; `RESULT_FIELDS` is the public view). */
export const PARAMETER_KEYS: readonly (readonly [keyof ExperimentParameters, string, Kind])[] = [
  ['n', 'n', 'integer'],
  ['d', 'd', 'integer'],
  ['k', 'k', 'integer'],
  ['q', 'q', 'nullableInteger'],
  ['learningRate', 'learning_rate', 'number'],
  ['maxIterations', 'num_iterations', 'integer'],
  ['temperature', 'temperature', 'number'],
  ['seed', 'seed', 'seed'],
  ['logInterval', 'log_interval', 'integer'],
  ['earlyStoppingPatience', 'early_stopping_patience', 'integer'],
  ['earlyStoppingMinDelta', 'early_stopping_min_delta', 'number'],
  ['earlyStoppingMonitor', 'early_stopping_monitor_metric', 'monitor'],
  ['earlyStoppingRestoreBest', 'early_stopping_restore_best_weights', 'boolean'],
  ['engine', 'backend', 'string'],
  ['precision', 'precision', 'precision'],
  ['device', 'device', 'string'],
  ['showProgress', 'show_progress', 'boolean'],
  ['initialN', 'initial_n', 'integer'],
  ['resultsOutputPath', 'results_output_path', 'string'],
  ['enableCriticalNSearch', 'enable_critical_n_search', 'integer'],
  ['objective', 'objective', 'string'],
  ['queryMode', 'query_mode', 'queryMode'],
  ['passRule', 'pass_rule', 'passRule'],
  ['passMargin', 'pass_margin', 'number'],
];

export const METRIC_KEYS: readonly (readonly [keyof RecordedMetrics, string, Kind])[] = [
  ['finalAccuracy', 'final_accuracy', 'number'],
  ['finalLoss', 'final_loss', 'nullableNumber'],
  ['bestLossMonitored', 'best_loss_monitored', 'nullableNumber'],
  ['bestAccuracyMonitored', 'best_accuracy_monitored', 'nullableNumber'],
  ['losses', 'losses', 'numberList'],
  ['accuracies', 'accuracies', 'numberList'],
  ['maxAccuracyObserved', 'max_accuracy_observed', 'number'],
  ['lastLoggedAccuracy', 'last_logged_accuracy', 'nullableNumber'],
  ['actualQGenerated', 'actual_q_generated', 'integer'],
  ['optimizationDurationSeconds', 'optimization_duration_seconds', 'number'],
  ['experimentDurationSeconds', 'experiment_duration_seconds', 'number'],
  ['error', 'error', 'string'],
  ['traceback', 'traceback', 'string'],
  ['finalExactTopK', 'final_exact_top_k', 'number'],
  ['exactAccuracies', 'exact_top_k_accuracies', 'numberList'],
  ['maxExactTopKObserved', 'max_exact_top_k_observed', 'number'],
  ['iterations', 'iterations', 'integer'],
  ['stopReason', 'stop_reason', 'stopReason'],
  ['solved', 'solved', 'boolean'],
  ['stepsPerSecond', 'steps_per_second', 'number'],
  ['engine', 'engine', 'string'],
  ['precision', 'precision', 'precision'],
  ['minMargin', 'min_margin', 'nullableNumber'],
];

/** The parameter keys that define a run's outcome (file names, sorted, as the official signature). */
const SIGNATURE_KEYS = [
  'd',
  'early_stopping_min_delta',
  'early_stopping_monitor_metric',
  'early_stopping_patience',
  'early_stopping_restore_best_weights',
  'k',
  'learning_rate',
  'log_interval',
  'n',
  'num_iterations',
  'objective',
  'pass_margin',
  'pass_rule',
  'precision',
  'q',
  'query_mode',
  'seed',
  'temperature',
] as const;

/**
 * Converts a row to the official script's snake_case schema (plus our own keys, also snake_case), with
 * non-finite numbers written as null (JSON has no Infinity/NaN). The engine goes to both `backend` and,
 * as before, the official `device`.
 *
 * @param row - the in-memory row.
 * @returns a JSON-ready `{ parameters, metrics, data }` object.
 * @example
 * ```ts
 * toOfficialRow(row).metrics.final_accuracy; // row.metrics.finalAccuracy
 * ```
 */
export function toOfficialRow(row: ResultRow): { parameters: Record<string, unknown>; metrics: Record<string, unknown>; data: Record<string, unknown> } {
  const parameters: Record<string, unknown> = {};
  for (const [camel, snake] of PARAMETER_KEYS) {
    const value = row.parameters[camel];
    if (value !== undefined) parameters[snake] = jsonSafe(value);
  }
  if (parameters['device'] === undefined && row.parameters.engine !== undefined) parameters['device'] = row.parameters.engine;
  if (parameters['show_progress'] === undefined) parameters['show_progress'] = false;
  const metrics: Record<string, unknown> = {};
  for (const [camel, snake] of METRIC_KEYS) {
    const value = row.metrics[camel];
    if (value !== undefined) metrics[snake] = jsonSafe(value);
  }
  return { parameters, metrics, data: JSON.parse(JSON.stringify(row.data ?? {})) as Record<string, unknown> };
}

/**
 * Reads one row of a results file (official schema or ours) into camelCase, checking every field: an
 * unknown key or a value of the wrong type is a DataFormatError naming the file and line, so a file is
 * never silently reinterpreted (and later rewritten) without it.
 *
 * @param json - the parsed row.
 * @param where - file and 1-based line of the row, for errors.
 * @returns the row.
 * @throws DataFormatError for anything that is not a `{ parameters, metrics, data? }` row of known keys.
 * @example
 * ```ts
 * fromOfficialRow(JSON.parse(line), { file, line: 2 }).metrics.finalAccuracy;
 * ```
 */
export function fromOfficialRow(json: unknown, where: { file: string; line: number }): ResultRow {
  const fail = (message: string): never => {
    throw new DataFormatError({ file: where.file, line: where.line, message: `${message}; the file was left untouched` });
  };
  const r = json as { parameters?: unknown; metrics?: unknown; data?: unknown } | null;
  if (r === null || typeof r !== 'object' || Array.isArray(r) || !isRecord(r.parameters) || !isRecord(r.metrics)) {
    return fail('not a { parameters, metrics } row: not a results file');
  }
  for (const key of Object.keys(r)) if (key !== 'parameters' && key !== 'metrics' && key !== 'data') fail(`unknown row field ${JSON.stringify(key)}`);
  if (r.data !== undefined && !isRecord(r.data)) fail('data must be an object');
  const parameters = convert(r.parameters as Record<string, unknown>, PARAMETER_KEYS, 'parameters', fail) as Partial<ExperimentParameters>;
  for (const required of ['n', 'd', 'k'] as const) {
    if (parameters[required] === undefined) fail(`parameters.${required} is missing`);
  }
  const metrics = convert(r.metrics as Record<string, unknown>, METRIC_KEYS, 'metrics', fail) as RecordedMetrics;
  return { parameters: parameters as ExperimentParameters, metrics, data: (r.data ?? {}) as Record<string, unknown> };
}

/**
 * A stable string identifying a run's parameters (the official signature's keys, sorted, plus our
 * `precision`, missing read as float32), used to reuse runs across restarts of a search. It leaves out the
 * engine, device and show_progress, which do not change the run beyond float rounding.
 *
 * @param parameters - a row's parameters.
 * @returns the signature string.
 * @example
 * ```ts
 * parameterSignature(row.parameters) === parameterSignature(experimentParameters(options, 'onnx-cpu'));
 * ```
 */
export function parameterSignature(parameters: ExperimentParameters): string {
  const file = toOfficialRow({ parameters: { precision: 'float32', ...parameters }, metrics: {}, data: {} }).parameters;
  const picked: Record<string, unknown> = {};
  for (const key of SIGNATURE_KEYS) picked[key] = file[key] ?? null;
  return JSON.stringify(picked);
}

function convert(
  source: Record<string, unknown>,
  keys: readonly (readonly [string, string, Kind])[],
  section: string,
  fail: (message: string) => never,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [fileKey, value] of Object.entries(source)) {
    const entry = keys.find(([, snake]) => snake === fileKey);
    if (entry === undefined) fail(`unknown field ${section}.${fileKey}`);
    const [camel, , kind] = entry!;
    if (!hasKind(value, kind)) fail(`${section}.${fileKey} (${JSON.stringify(value)}) is not ${describeKind(kind)}`);
    // JSON null stands for a non-finite number in the loss fields (NaN / Infinity were written as null).
    out[camel] = value;
  }
  return out;
}

function hasKind(value: unknown, kind: Kind): boolean {
  switch (kind) {
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return Number.isInteger(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'seed':
      return Number.isInteger(value) || (typeof value === 'string' && /^-?\d+$/.test(value));
    case 'nullableNumber':
      return value === null || typeof value === 'number';
    case 'nullableInteger':
      return value === null || Number.isInteger(value);
    case 'numberList':
      return Array.isArray(value) && value.every((v) => v === null || typeof v === 'number');
    case 'monitor':
      return value === 'loss' || value === 'accuracy';
    case 'precision':
      return value === 'float32' || value === 'float64';
    case 'stopReason':
      return value === 'solved' || value === 'early_stopping' || value === 'max_iterations';
    case 'queryMode':
      return value === 'free' || value === 'centroid';
    case 'passRule':
      return value === 'official' || value === 'margin';
  }
}

function describeKind(kind: Kind): string {
  return {
    number: 'a number',
    integer: 'an integer',
    string: 'a string',
    boolean: 'a boolean',
    seed: 'an integer seed',
    nullableNumber: 'a number or null',
    nullableInteger: 'an integer or null',
    numberList: 'a list of numbers',
    monitor: '"loss" or "accuracy"',
    precision: '"float32" or "float64"',
    stopReason: 'a stop reason',
    queryMode: '"free" or "centroid"',
    passRule: '"official" or "margin"',
  }[kind];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function jsonSafe(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(jsonSafe);
  return value;
}
