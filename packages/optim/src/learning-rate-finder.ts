import { InvalidArgumentError, assertFiniteNumber, assertInteger, assertKnownOptions, assertPositive } from '@limit/core';

/** Options of {@link findLearningRate}. */
export interface LearningRateFinderOptions {
  /**
   * One training step at `learningRate` (set it on your optimiser, compute the loss of a batch, step);
   * returns that batch's loss (computed before the update, as a training loop logs it).
   */
  readonly step: (learningRate: number, index: number) => number | Promise<number>;
  /** First learning rate (default 1e-6). */
  readonly minLearningRate?: number;
  /** Last learning rate (default 10). */
  readonly maxLearningRate?: number;
  /** Steps, i.e. learning rates tried (default 100, ≥ 3). */
  readonly steps?: number;
  /**
   * β of the bias-corrected exponential moving average of the loss (default 0.9; fastai uses 0.98); 0
   * keeps the raw losses.
   */
  readonly smoothing?: number;
  /** Stop once the smoothed loss exceeds this multiple of the best smoothed loss so far (default 4, fastai's). */
  readonly divergenceFactor?: number;
}

/** What {@link findLearningRate} found. */
export interface LearningRateFinderResult {
  /** The learning rates tried, in order (a geometric sequence from min to max). */
  readonly learningRates: readonly number[];
  /** The loss each step returned. */
  readonly losses: readonly number[];
  /** The bias-corrected moving average of the losses. */
  readonly smoothedLosses: readonly number[];
  /** Where the smoothed loss was lowest. */
  readonly minimum: { readonly learningRate: number; readonly loss: number };
  /**
   * Where the smoothed loss fell fastest per decade of learning rate (most negative central difference
   * against log₁₀ of the learning rate, at or before the minimum); null with fewer than 3 steps before it.
   */
  readonly steepest: { readonly learningRate: number; readonly slopePerDecade: number } | null;
  /** The minimum's learning rate ÷ 10: a rate safely below where the loss turns up (fastai's rule). */
  readonly suggestedLearningRate: number;
  /**
   * `completed` (every learning rate tried), `diverged` (the smoothed loss passed `divergenceFactor` × its
   * best; that step is included) or `non-finite` (a step returned NaN/±Infinity; that step is left out).
   */
  readonly stop: 'completed' | 'diverged' | 'non-finite';
}

/**
 * The learning-rate range test (Smith, "Cyclical Learning Rates for Training Neural Networks",
 * arXiv:1506.01186; the makemore MLP lesson's `lre = linspace(-3, 0)`, `lr = 10**lre` sweep): one training
 * step at each of `steps` learning rates spaced evenly in log space from `minLearningRate` to
 * `maxLearningRate`, lrᵢ = min · (max/min)^(i/(steps − 1)), recording each step's loss, until the loss
 * diverges. The loss is smoothed as s̄ᵢ = βs̄ᵢ₋₁ + (1 − β)lossᵢ, reported as s̄ᵢ/(1 − βⁱ⁺¹).
 *
 * The sweep trains the model it is given: start the real training from fresh weights (or a copy taken
 * before the sweep) at the suggested rate.
 *
 * @param options - see {@link LearningRateFinderOptions}; `step` is required.
 * @returns the curve, its minimum and steepest descent, a suggestion and why it stopped.
 * @throws InvalidArgumentError for bad options (named; `maxLearningRate` must exceed `minLearningRate`), or
 *   when the very first step's loss is not finite. Errors thrown by `step` propagate.
 * @example
 * ```ts
 * const found = await findLearningRate({
 *   minLearningRate: 1e-3, maxLearningRate: 1, steps: 200,
 *   step: (lr) => { optimizer.learningRate = lr; const { loss, gradients } = lossAndGradients(batch()); optimizer.step(gradients); return loss; },
 * });
 * found.suggestedLearningRate; // then re-initialise the weights and train at it
 * ```
 */
export async function findLearningRate(options: LearningRateFinderOptions): Promise<LearningRateFinderResult> {
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError({ parameter: 'options', value: options, message: 'options must be an object with a step function' });
  }
  assertKnownOptions('options', options, ['step', 'minLearningRate', 'maxLearningRate', 'steps', 'smoothing', 'divergenceFactor']);
  if (typeof options.step !== 'function') {
    throw new InvalidArgumentError({ parameter: 'step', value: options.step, message: 'step must be a function (learningRate, index) => loss' });
  }
  const min = assertPositive('minLearningRate', options.minLearningRate ?? 1e-6);
  const max = assertPositive('maxLearningRate', options.maxLearningRate ?? 10);
  if (!(max > min)) throw new InvalidArgumentError({ parameter: 'maxLearningRate', value: max, message: `maxLearningRate (${max}) must be greater than minLearningRate (${min})` });
  const steps = assertInteger('steps', options.steps ?? 100, { min: 3 });
  const beta = assertFiniteNumber('smoothing', options.smoothing ?? 0.9);
  if (!(beta >= 0 && beta < 1)) throw new InvalidArgumentError({ parameter: 'smoothing', value: beta, message: `smoothing (${beta}) must be in [0, 1)` });
  const factor = assertFiniteNumber('divergenceFactor', options.divergenceFactor ?? 4);
  if (!(factor > 1)) throw new InvalidArgumentError({ parameter: 'divergenceFactor', value: factor, message: `divergenceFactor (${factor}) must be > 1` });

  const learningRates: number[] = [];
  const losses: number[] = [];
  const smoothedLosses: number[] = [];
  let average = 0;
  let best = Infinity;
  let stop: LearningRateFinderResult['stop'] = 'completed';
  const logRatio = Math.log(max / min);
  for (let i = 0; i < steps; i++) {
    // exact at both ends: lr₀ = min, lr_{steps−1} = max
    const lr = i === steps - 1 ? max : min * Math.exp((logRatio * i) / (steps - 1));
    const loss = await options.step(lr, i);
    if (typeof loss !== 'number' || !Number.isFinite(loss)) {
      if (i === 0) {
        throw new InvalidArgumentError({ parameter: 'step', value: loss, message: `the first step (learning rate ${lr}) returned ${String(loss)}: step must return the batch's finite loss` });
      }
      stop = 'non-finite';
      break;
    }
    average = beta * average + (1 - beta) * loss;
    const smoothed = average / (1 - beta ** (i + 1));
    learningRates.push(lr);
    losses.push(loss);
    smoothedLosses.push(smoothed);
    if (smoothed > factor * best) {
      stop = 'diverged';
      break;
    }
    best = Math.min(best, smoothed);
  }

  let at = 0;
  for (let i = 1; i < smoothedLosses.length; i++) if (smoothedLosses[i]! < smoothedLosses[at]!) at = i;
  let steepest: LearningRateFinderResult['steepest'] = null;
  for (let i = 1; i < at; i++) {
    const slope = (smoothedLosses[i + 1]! - smoothedLosses[i - 1]!) / Math.log10(learningRates[i + 1]! / learningRates[i - 1]!);
    if (steepest === null || slope < steepest.slopePerDecade) steepest = { learningRate: learningRates[i]!, slopePerDecade: slope };
  }
  const minimum = { learningRate: learningRates[at]!, loss: smoothedLosses[at]! };
  return { learningRates, losses, smoothedLosses, minimum, steepest, suggestedLearningRate: minimum.learningRate / 10, stop };
}
