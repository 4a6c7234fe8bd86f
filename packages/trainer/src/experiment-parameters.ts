import type { TrainFreeEmbeddingsOptions } from './train-free-embeddings.js';

/**
 * The `parameters` object of one results row, with the official script's keys (so its files and ours mix),
 * plus `backend`.
 */
export type ExperimentParameters = {
  n: number;
  d: number;
  k: number;
  /** Query limit (`qLimit`), null for all C(n, k). */
  q: number | null;
  learning_rate: number;
  num_iterations: number;
  temperature: number;
  seed: number | string;
  show_progress: boolean;
  /** The official script's device; we record the backend here too. */
  device: string;
  log_interval: number;
  early_stopping_patience: number;
  early_stopping_min_delta: number;
  early_stopping_monitor_metric: 'loss' | 'accuracy';
  early_stopping_restore_best_weights: boolean;
  backend: string;
};

/** The keys that define a run's outcome: device, backend and show_progress are left out (any backend gives the same run up to float rounding). */
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
  'q',
  'seed',
  'temperature',
] as const;

/**
 * The results-row parameters of a training run, from {@link TrainFreeEmbeddingsOptions} (defaults filled in).
 *
 * @param options - the training options (n, d required).
 * @param backend - the backend label to record.
 * @returns the parameters object, official keys.
 * @example
 * ```ts
 * experimentParameters({ n: 10, d: 4 }, 'onnx').learning_rate; // 0.01
 * ```
 */
export function experimentParameters(options: TrainFreeEmbeddingsOptions, backend: string): ExperimentParameters {
  const es = options.earlyStopping === false ? undefined : options.earlyStopping;
  const seed = options.seed ?? 42;
  return {
    n: options.n,
    d: options.d,
    k: options.k ?? 2,
    q: options.qLimit ?? null,
    learning_rate: options.learningRate ?? 0.01,
    num_iterations: options.maxIterations ?? 100_000,
    temperature: options.temperature ?? 0.1,
    seed: typeof seed === 'bigint' ? seed.toString() : seed,
    show_progress: false,
    device: backend,
    log_interval: options.logInterval ?? 50,
    // Early stopping disabled is recorded as infinite patience (JSON: a very large number).
    early_stopping_patience: options.earlyStopping === false ? Number.MAX_SAFE_INTEGER : (es?.patience ?? 1000),
    early_stopping_min_delta: es?.minDelta ?? 1e-5,
    early_stopping_monitor_metric: es?.monitor ?? 'loss',
    early_stopping_restore_best_weights: es?.restoreBest ?? false,
    backend,
  };
}

/**
 * A stable string identifying a run's parameters (sorted keys, JSON), used to memoise runs across restarts
 * of a search. It leaves out `device`, `backend` and `show_progress`, which do not change the result.
 *
 * @param parameters - a results row's `parameters` (official or ours).
 * @returns the signature string.
 * @example
 * ```ts
 * parameterSignature(row.parameters) === parameterSignature(experimentParameters(options, 'wasm'));
 * ```
 */
export function parameterSignature(parameters: Readonly<Record<string, unknown>>): string {
  const picked: Record<string, unknown> = {};
  for (const key of SIGNATURE_KEYS) picked[key] = parameters[key] ?? null;
  return JSON.stringify(picked);
}
