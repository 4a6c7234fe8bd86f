import type { ExperimentParameters, RecordedMetrics } from './official-schema.js';
import { METRIC_KEYS, PARAMETER_KEYS } from './official-schema.js';

/** One field of a results row: its name in memory, in the file, where it comes from and what it means. */
export interface ResultField {
  /** `parameters` or `metrics`. */
  readonly section: 'parameters' | 'metrics';
  /** Our camelCase name (in memory, `train --json`). */
  readonly name: string;
  /** The name in a results file (the official script's snake_case schema). */
  readonly fileName: string;
  /** `official`: the official script writes it too; `ours`: only this project does. */
  readonly origin: 'official' | 'ours';
  /** What the value means. */
  readonly meaning: string;
}

const PARAMETER_MEANINGS: Readonly<Record<keyof ExperimentParameters, string>> = {
  n: 'number of documents',
  d: 'embedding dimension',
  k: 'relevant documents per query',
  q: 'query limit: a seeded random subset of the C(n, k) k-subsets; null = all of them',
  learningRate: "Adam's learning rate (0.01)",
  maxIterations: 'most optimisation steps (100,000)',
  temperature: 'softmax temperature: logits = Q·Dᵀ / temperature (0.1)',
  seed: 'seed of the initial embeddings (and of the q subset)',
  logInterval: 'steps between accuracy evaluations (50)',
  earlyStoppingPatience: 'steps (loss monitor) or evaluations (accuracy monitor) without improvement before stopping (1,000); disabled = infinite',
  earlyStoppingMinDelta: 'the least change that counts as an improvement (1e-5)',
  earlyStoppingMonitor: 'what early stopping watches: loss (default) or accuracy',
  earlyStoppingRestoreBest: 'whether the best embeddings are restored at the end (false)',
  engine: 'the step engine that trained the run (native, js, onnx-cpu, …); the file key is backend',
  precision: 'float32 (default, as JAX) or float64; rows without it read as float32',
  device: "the official script's JAX device (gpu, cpu); we write the engine there too",
  showProgress: "the official script's progress-bar flag (no effect on results)",
  initialN: 'the starting n of a critical-n search (official flag, kept when present)',
  resultsOutputPath: 'where the official script wrote its results (official flag, kept when present)',
  enableCriticalNSearch: "the official script's search flag: its value is the starting n (kept when present)",
  objective: "the training objective's label (hinge-m0.1, sigmoid-t0.1-b-10, …); absent for the paper's InfoNCE",
  queryMode: 'centroid when each query is the mean of its relevant documents; absent for free queries (the paper\'s)',
  passRule: 'margin when a margin decided solved; absent for the official rule (the paper\'s: exact top-k)',
  passMargin: 'γ of the margin pass rule: solved means every query\'s smallest margin is at least γ',
};

const METRIC_MEANINGS: Readonly<Record<keyof RecordedMetrics, string>> = {
  finalAccuracy: 'the official accuracy of the final embeddings: Σ|top-k ∩ relevant| / Σ|relevant| over all queries',
  finalLoss: 'the last logged loss',
  bestLossMonitored: 'the best loss seen by the loss monitor (null under the accuracy monitor)',
  bestAccuracyMonitored: 'the best official accuracy seen by the accuracy monitor (null under the loss monitor, as in the official script)',
  losses: 'every logged loss, thinned to at most 100 points (evenly spaced indices, as np.linspace)',
  accuracies: 'every logged official accuracy, thinned the same way',
  maxAccuracyObserved: 'the best official accuracy at any evaluation; the official search reads a run as solved when it is 1',
  lastLoggedAccuracy: 'the official accuracy at the last evaluation',
  actualQGenerated: 'queries trained on: C(n, k), or q when it is smaller',
  optimizationDurationSeconds: 'seconds spent optimising',
  experimentDurationSeconds: "seconds for the whole run, in the official script's rows (we do not write it)",
  error: "the official script's error message, for a run that failed",
  traceback: "the official script's Python traceback, for a run that failed",
  finalExactTopK: "share of queries whose top-k is exactly the relevant set, with a strict gap, for the final embeddings",
  exactAccuracies: 'every logged exact-set accuracy, thinned like accuracies',
  maxExactTopKObserved: 'the best exact-set accuracy at any evaluation; 1 means solved',
  iterations: 'optimisation steps taken',
  stopReason: 'why training stopped: solved, early_stopping or max_iterations',
  solved: 'some evaluation reached 100 % exact top-k: every query ranks exactly its relevant documents first',
  stepsPerSecond: 'optimisation steps per second of this run',
  engine: 'the step engine that trained the run',
  precision: 'the precision it trained in',
  minMargin: "the smallest query margin of the final embeddings: min over queries of (worst relevant score − best other score)",
};

/** Keys the official script writes; every other key is ours. */
const OFFICIAL = new Set([
  'n', 'd', 'k', 'q', 'learning_rate', 'num_iterations', 'temperature', 'seed', 'log_interval', 'early_stopping_patience',
  'early_stopping_min_delta', 'early_stopping_monitor_metric', 'early_stopping_restore_best_weights', 'device', 'show_progress',
  'initial_n', 'results_output_path', 'enable_critical_n_search',
  'final_accuracy', 'final_loss', 'best_loss_monitored', 'best_accuracy_monitored', 'losses', 'accuracies', 'max_accuracy_observed',
  'last_logged_accuracy', 'actual_q_generated', 'optimization_duration_seconds', 'experiment_duration_seconds', 'error', 'traceback',
]);

/**
 * Every field of a results row — parameters, then metrics, in file order — with our camelCase name, the
 * official snake_case name a results file uses, whether the official script writes it, and what it means.
 * The glossary in `docs/results-fields.md` is generated from this table, and the free-embeddings
 * walkthrough prints it beside a real row. Converting rows is {@link toOfficialRow} / {@link fromOfficialRow}.
 *
 * @example
 * ```ts
 * RESULT_FIELDS.find((f) => f.fileName === 'max_accuracy_observed')?.name; // 'maxAccuracyObserved'
 * ```
 */
export const RESULT_FIELDS: readonly ResultField[] = Object.freeze([
  ...PARAMETER_KEYS.map(([name, fileName]) => field('parameters', name, fileName, PARAMETER_MEANINGS[name])),
  ...METRIC_KEYS.map(([name, fileName]) => field('metrics', name, fileName, METRIC_MEANINGS[name])),
]);

function field(section: ResultField['section'], name: string, fileName: string, meaning: string): ResultField {
  return Object.freeze({ section, name, fileName, origin: OFFICIAL.has(fileName) ? 'official' : 'ours', meaning });
}
