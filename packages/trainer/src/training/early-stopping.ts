import { assertInteger, assertKnownOptions, assertNonNegative, assertOneOf, InvalidArgumentError } from '@limit/core';
import { PAPER_TRAINING } from './paper-training.js';

/** Early stopping, as in the official script: patience counts steps (loss) or evaluations (accuracy). */
export interface EarlyStoppingOptions {
  /** `'loss'`: checked every step; `'accuracy'`: checked at every accuracy evaluation. Default `'loss'`. */
  readonly monitor?: 'loss' | 'accuracy';
  /** Checks without an improvement larger than `minDelta` before stopping. Default 1000. */
  readonly patience?: number;
  /** Smallest change that counts as an improvement. Default 1e-5. */
  readonly minDelta?: number;
  /**
   * Put back the embeddings of the best monitored value before the final evaluation. Default false. It copies
   * the embeddings at every improvement (under the loss monitor: nearly every step early on), so it is slow.
   */
  readonly restoreBest?: boolean;
}

const KEYS = ['monitor', 'patience', 'minDelta', 'restoreBest'];

/**
 * The one early-stopping rule: the monitored value (loss: lower is better; accuracy: higher is better)
 * must improve by more than `minDelta` within `patience` checks, else training stops. Fed one value per
 * check with {@link EarlyStopping.observe}.
 *
 * @example
 * ```ts
 * const es = new EarlyStopping({ monitor: 'loss', patience: 2, minDelta: 0.1 });
 * es.observe(1.0); // { improved: true, stop: false }
 * es.observe(0.95); // { improved: false, stop: false }
 * es.observe(0.95); // { improved: false, stop: true }
 * ```
 */
export class EarlyStopping {
  /** `'loss'` or `'accuracy'`. */
  readonly monitor: 'loss' | 'accuracy';
  readonly patience: number;
  readonly minDelta: number;
  readonly restoreBest: boolean;
  /** Best monitored value so far (±Infinity before the first check). */
  best: number;
  /** Checks since the last improvement. */
  patienceCounter = 0;

  /**
   * @param options - see {@link EarlyStoppingOptions}; defaults from `PAPER_TRAINING.earlyStopping`.
   * @param parameter - name used in errors (default `earlyStopping`).
   * @throws InvalidArgumentError naming the option for an unknown key or a bad value.
   */
  constructor(options: EarlyStoppingOptions = {}, parameter = 'earlyStopping') {
    if (options === null || typeof options !== 'object') {
      throw new InvalidArgumentError({ parameter, value: options, message: `${parameter} must be an object or false` });
    }
    assertKnownOptions(parameter, options, KEYS);
    const defaults = PAPER_TRAINING.earlyStopping;
    this.monitor = assertOneOf(`${parameter}.monitor`, options.monitor ?? defaults.monitor, ['loss', 'accuracy'] as const);
    this.patience = assertInteger(`${parameter}.patience`, options.patience ?? defaults.patience, { min: 1 });
    this.minDelta = assertNonNegative(`${parameter}.minDelta`, options.minDelta ?? defaults.minDelta);
    this.restoreBest = Boolean(options.restoreBest ?? defaults.restoreBest);
    this.best = this.monitor === 'loss' ? Infinity : -Infinity;
  }

  /**
   * Records one check of the monitored value.
   *
   * @param value - the loss (monitor `loss`) or accuracy (monitor `accuracy`).
   * @returns `improved` (a new best by more than `minDelta`) and `stop` (patience exhausted).
   */
  observe(value: number): { improved: boolean; stop: boolean } {
    const improved = this.monitor === 'loss' ? value < this.best - this.minDelta : value > this.best + this.minDelta;
    if (improved) {
      this.best = value;
      this.patienceCounter = 0;
    } else {
      this.patienceCounter += 1;
    }
    return { improved, stop: this.patienceCounter >= this.patience };
  }
}
