import type { Precision } from '../engines/contract.js';
import { objectiveLabel, resolveObjective } from '../engines/contract.js';
import { type ExperimentParameters } from './official-schema.js';
import { PAPER_TRAINING } from '../training/paper-training.js';
import type { TrainFreeEmbeddingsOptions } from '../training/train-free-embeddings.js';

export { parameterSignature, type ExperimentParameters } from './official-schema.js';

/**
 * The parameters of a training run (camelCase; defaults from {@link PAPER_TRAINING} filled in), as a
 * results row records them.
 *
 * @param options - the training options (n, d required).
 * @param engine - the engine label to record (e.g. `onnx-cpu`).
 * @param precision - the precision to record (default: `options.precision`, else float32).
 * @returns the parameters object.
 * @example
 * ```ts
 * experimentParameters({ n: 10, d: 4 }, 'onnx-cpu').learningRate; // 0.01
 * ```
 */
export function experimentParameters(options: TrainFreeEmbeddingsOptions, engine: string, precision?: Precision): ExperimentParameters {
  const es = options.earlyStopping === false ? undefined : options.earlyStopping;
  const defaults = PAPER_TRAINING;
  const seed = options.seed ?? defaults.seed;
  // the paper's setting (InfoNCE, free queries, official rule) records none of these: its rows stay as they were
  const objective = options.objective === undefined ? undefined : resolveObjective(options.objective);
  const beyondPaper = {
    ...(objective !== undefined && objective.name !== 'infoNce' ? { objective: objectiveLabel(objective) } : {}),
    ...(options.queryMode === 'centroid' ? { queryMode: 'centroid' as const } : {}),
    ...(options.passRule === 'margin' ? { passRule: 'margin' as const, passMargin: options.passMargin! } : {}),
  };
  return {
    n: options.n,
    d: options.d,
    k: options.k ?? defaults.k,
    q: options.qLimit ?? null,
    learningRate: options.learningRate ?? defaults.learningRate,
    maxIterations: options.maxIterations ?? defaults.maxIterations,
    temperature: options.temperature ?? defaults.temperature,
    seed: typeof seed === 'bigint' ? seed.toString() : seed,
    logInterval: options.logInterval ?? defaults.logInterval,
    earlyStoppingPatience: options.earlyStopping === false ? Number.MAX_SAFE_INTEGER : (es?.patience ?? defaults.earlyStopping.patience),
    earlyStoppingMinDelta: es?.minDelta ?? defaults.earlyStopping.minDelta,
    earlyStoppingMonitor: es?.monitor ?? defaults.earlyStopping.monitor,
    earlyStoppingRestoreBest: es?.restoreBest ?? defaults.earlyStopping.restoreBest,
    engine,
    precision: precision ?? options.precision ?? defaults.precision,
    ...beyondPaper,
  };
}
