import { InvalidArgumentError, assertInteger, assertKnownOptions } from '@limit/core';
import type { Objective, ObjectiveSpec, Precision, QueryMode } from '../engines/contract.js';
import { QUERY_MODES, objectiveLabel, resolveObjective } from '../engines/contract.js';
import type { EngineDevice } from '../engines/registry.js';
import { PAPER_CRITICAL_N, paperCriticalNFit } from './paper.js';
import { PAPER_TRAINING } from '../training/paper-training.js';
import { criticalNJobHash } from './job-identity.js';
import { passRuleLabel, resolvePassRule, type PassRule, type PassRuleName } from '../training/pass-rule.js';

/** Training settings of every run of a critical-n experiment (the paper's defaults when left out). */
export interface CriticalNTrainingSettings {
  /** Adam learning rate. Default 0.01. */
  readonly learningRate?: number;
  /** Softmax temperature. Default 0.1. */
  readonly temperature?: number;
  /** Maximum steps per run. Default 100,000. */
  readonly maxIterations?: number;
  /** Accuracy is checked every this many steps. Default 50. */
  readonly logInterval?: number;
  /** Early stopping on the loss (patience in steps, min delta), or false. Default patience 1000, min delta 1e-5. */
  readonly earlyStopping?: { readonly patience?: number; readonly minDelta?: number } | false;
}

/**
 * One training run of the experiment: the unit of work an executor trains and a results file records.
 * Everything that changes the run's outcome is in here, so equal jobs give equal runs.
 */
export interface CriticalNJob {
  readonly d: number;
  readonly k: number;
  readonly n: number;
  /** The run's seed: {@link restartSeed}(base seed, restart). */
  readonly seed: number;
  readonly training: Required<Pick<CriticalNTrainingSettings, 'learningRate' | 'temperature' | 'maxIterations' | 'logInterval'>> & {
    readonly earlyStopping: { readonly patience: number; readonly minDelta: number } | false;
  };
  /**
   * Engine id (`js`, `onnx`, `tfjs-wasm`, …; resolved once per d by the experiment, never `'auto'` here).
   * Engines agree up to float rounding; the engine is part of the job's hash (the result records it).
   */
  readonly engine: string;
  /**
   * The device the engine runs on, when one was asked for (`cuda` gives the onnx engine onnxruntime's CUDA
   * execution provider; see `DEVICE_ENGINES`). Like the engine, part of the job's hash.
   */
  readonly device?: EngineDevice;
  /** Precision of the run (part of the id: float32 and float64 runs differ). */
  readonly precision: Precision;
  /** Also return the solved run's embeddings as a certificate. */
  readonly certificate: boolean;
  /**
   * The objective (complete, see `resolveObjective`); absent: the paper's InfoNCE at `training.temperature`.
   * Part of the id when it is not InfoNCE.
   */
  readonly objective?: Objective;
  /** `'centroid'` queries (part of the id); absent or `'free'`: the paper's free queries. */
  readonly queryMode?: QueryMode;
  /** The pass rule (part of the id when it is `margin`); absent: the official rule. */
  readonly passRule?: PassRule;
}

/**
 * The one seed rule of the experiment: restart r of base seed s trains with seed s + r (the CLI, the web
 * playground and every executor use it, so their runs coincide).
 *
 * @param seed - base seed (an integer).
 * @param restart - 0-based restart index.
 * @returns seed + restart.
 * @example
 * ```ts
 * restartSeed(42, 2); // 44
 * ```
 */
export function restartSeed(seed: number, restart: number): number {
  return assertInteger('seed', seed) + assertInteger('restart', restart, { min: 0 });
}

/** The largest d whose gallop starts from Table 6 rather than from the paper's cubic fit (see {@link initialCriticalN}). */
export const GALLOP_FROM_TABLE_6_MAX_D = 8;

/**
 * Where the gallop starts for (d, k): the paper's critical n for k = 2 and d = 4 … 8, else the
 * paper's cubic fit rounded, never below k + 1. It depends on (d, k) alone, so every d's search can run at
 * once and a resumed run retraces the same n.
 *
 * @param d - embedding dimension (≥ 1).
 * @param k - relevant documents per query (≥ 1).
 * @returns the starting n.
 * @example
 * ```ts
 * initialCriticalN(6, 2); // 19 (the paper's value)
 * initialCriticalN(20, 2); // 121 (the paper's fit, rounded)
 * ```
 */
export function initialCriticalN(d: number, k: number): number {
  assertInteger('d', d, { min: 1 });
  assertInteger('k', k, { min: 1 });
  // Only d ≤ 8 start from Table 6 (as before the whole table was in this package): results folders of larger d
  // then retrace the same n when resumed.
  if (k === 2 && d <= GALLOP_FROM_TABLE_6_MAX_D && PAPER_CRITICAL_N[d] !== undefined) return PAPER_CRITICAL_N[d]!;
  return Math.max(k + 1, Math.round(paperCriticalNFit(d)));
}

const TRAINING_KEYS = ['learningRate', 'temperature', 'maxIterations', 'logInterval', 'earlyStopping'] as const;

/**
 * Fills in the training settings' defaults (the paper's) and checks them.
 *
 * @param settings - partial settings.
 * @returns every setting explicit.
 * @throws InvalidArgumentError naming the bad setting (`training.maxIterations`, …) or an unknown key.
 * @example
 * ```ts
 * resolveTrainingSettings({ maxIterations: 3000 }).learningRate; // 0.01
 * ```
 */
export function resolveTrainingSettings(settings: CriticalNTrainingSettings = {}): CriticalNJob['training'] {
  assertKnownOptions('training', settings, TRAINING_KEYS);
  const positive = (name: string, value: number) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new InvalidArgumentError({ parameter: `training.${name}`, value, message: `training.${name} must be a positive number` });
    }
    return value;
  };
  const es = settings.earlyStopping;
  return {
    learningRate: positive('learningRate', settings.learningRate ?? PAPER_TRAINING.learningRate),
    temperature: positive('temperature', settings.temperature ?? PAPER_TRAINING.temperature),
    maxIterations: assertInteger('training.maxIterations', settings.maxIterations ?? PAPER_TRAINING.maxIterations, { min: 1 }),
    logInterval: assertInteger('training.logInterval', settings.logInterval ?? PAPER_TRAINING.logInterval, { min: 1 }),
    earlyStopping:
      es === false
        ? false
        : {
            patience: assertInteger('training.earlyStopping.patience', es?.patience ?? PAPER_TRAINING.earlyStopping.patience, { min: 1 }),
            minDelta: es?.minDelta ?? PAPER_TRAINING.earlyStopping.minDelta,
          },
  };
}

/**
 * A deterministic id for a job: a readable part (d, k, n, seed, precision, the training settings and — when they
 * are not the paper's — the objective, query mode and pass rule) and a hash of the whole job object (engine,
 * certificate wanted and any other field included, see {@link criticalNJobHash}), so jobs that differ in anything
 * never share an id: re-submitting the same job finds the same id, so a queue trains it once and later submissions
 * fetch its result. Only letters, digits, `.`, `_` and `-` (BullMQ ids may not contain `:`).
 *
 * @param job - the job.
 * @returns e.g. `cn-d4-k2-n10-s42-float32-lr0.01-t0.1-it100000-log50-es1000_0.00001-h0f3a…` (16 hex digits).
 * @example
 * ```ts
 * criticalNJobId(job) === criticalNJobId({ ...job }); // true
 * criticalNJobId(job) === criticalNJobId({ ...job, engine: 'tfjs-wasm' }); // false: the result records its engine
 * ```
 */
export function criticalNJobId(job: CriticalNJob): string {
  const t = job.training;
  const es = t.earlyStopping === false ? 'none' : `${t.earlyStopping.patience}_${t.earlyStopping.minDelta}`;
  const beyond = criticalNJobSettingLabel(job);
  return `cn-d${job.d}-k${job.k}-n${job.n}-s${job.seed}-${job.precision}-lr${t.learningRate}-t${t.temperature}-it${t.maxIterations}-log${t.logInterval}-es${es}${beyond}`.replace(
    /[^A-Za-z0-9._-]/g,
    '_',
  ) + `-h${criticalNJobHash(job)}`;
}

/**
 * The tail of a job's id that names its objective, query mode and pass rule when they are not the paper's
 * (`-ohinge-m0.1-qcentroid-pmargin0.05`), empty for the paper's setting — so ids and file names of paper runs stay
 * as they were.
 *
 * @param job - the job (its `objective`, `queryMode`, `passRule`).
 * @returns the tail, `''` for the paper's setting.
 * @example
 * ```ts
 * criticalNJobSettingLabel({ ...job, queryMode: 'centroid' }); // '-qcentroid'
 * ```
 */
export function criticalNJobSettingLabel(job: Pick<CriticalNJob, 'objective' | 'queryMode' | 'passRule'>): string {
  return (
    (job.objective !== undefined && job.objective.name !== 'infoNce' ? `-o${objectiveLabel(job.objective)}` : '') +
    (job.queryMode === 'centroid' ? '-qcentroid' : '') +
    (job.passRule !== undefined && job.passRule.rule !== 'official' ? `-p${passRuleLabel(job.passRule)}` : '')
  ).replace(/[^A-Za-z0-9._-]/g, '_');
}

/** What a critical-n job trains beyond the training settings: objective, query mode and pass rule (the paper's when left out). */
export interface CriticalNJobSetting {
  /** The objective; default the paper's InfoNCE at `temperature`. */
  readonly objective?: ObjectiveSpec;
  readonly queryMode?: QueryMode;
  readonly passRule?: PassRuleName;
  readonly passMargin?: number;
}

/**
 * The job fields of an objective, query mode and pass rule — empty for the paper's setting (InfoNCE, free queries,
 * the official rule), so paper jobs keep their ids and results rows. The experiment and the CLI's resume check build
 * jobs with it, so both find the same ids.
 *
 * @param setting - see {@link CriticalNJobSetting}.
 * @param temperature - the InfoNCE temperature of the training settings.
 * @returns `{ objective?, queryMode?, passRule? }` to spread into a {@link CriticalNJob}, and the resolved three.
 * @throws InvalidArgumentError naming `objective`, `queryMode`, `passRule` or `passMargin`.
 * @example
 * ```ts
 * criticalNJobSetting({}, 0.1).fields; // {}
 * criticalNJobSetting({ objective: 'hinge' }, 0.1).fields; // { objective: { name: 'hinge', margin: 0.1 } }
 * ```
 */
export function criticalNJobSetting(
  setting: CriticalNJobSetting,
  temperature: number,
): { readonly fields: Pick<CriticalNJob, 'objective' | 'queryMode' | 'passRule'>; readonly objective: Objective; readonly queryMode: QueryMode; readonly passRule: PassRule } {
  const spec = setting.objective;
  const objective = resolveObjective(spec === undefined || spec === 'infoNce' || (typeof spec === 'object' && spec?.name === 'infoNce' && spec.temperature === undefined) ? { name: 'infoNce', temperature } : spec);
  const queryMode = setting.queryMode ?? 'free';
  if (!QUERY_MODES.includes(queryMode)) {
    throw new InvalidArgumentError({ parameter: 'queryMode', value: queryMode, message: `queryMode must be one of ${QUERY_MODES.join(', ')} (got ${JSON.stringify(queryMode)})` });
  }
  const passRule = resolvePassRule(setting.passRule, setting.passMargin);
  const fields = {
    ...(objective.name !== 'infoNce' ? { objective } : {}),
    ...(queryMode === 'centroid' ? { queryMode } : {}),
    ...(passRule.rule !== 'official' ? { passRule } : {}),
  };
  return { fields, objective, queryMode, passRule };
}
