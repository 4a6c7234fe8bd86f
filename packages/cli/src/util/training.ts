/**
 * The training flags shared by `limit train` and `limit critical-n`, mapped onto the trainer's options,
 * plus small helpers for their output.
 */
import type { Command } from 'commander';
import { PAPER_TRAINING } from '@limit/trainer';
import { parseInteger, parseReal } from './options.js';

/** Raw values of the flags added by {@link addTrainingOptions}. */
export interface TrainingFlagValues {
  learningRate: string;
  temperature: string;
  maxIterations: string;
  patience: string;
  minDelta: string;
  logInterval: string;
}

/** The trainer's parameter names → the flags that set them (for errors raised inside the trainer). */
export const TRAINER_FLAGS: Readonly<Record<string, string>> = {
  n: '--n',
  d: '--d',
  k: '--k',
  seed: '--seed',
  learningRate: '--learning-rate',
  temperature: '--temperature',
  maxIterations: '--max-iterations',
  logInterval: '--log-interval',
  'earlyStopping.patience': '--patience',
  'earlyStopping.minDelta': '--min-delta',
  backend: '--backend',
  engine: '--engine',
  device: '--device',
  'engineOptions.threads': '--threads',
};

/** Adds --learning-rate, --temperature, --max-iterations, --patience, --min-delta, --log-interval (the trainer's defaults). */
export function addTrainingOptions(command: Command): Command {
  return command
    .option('--learning-rate <lr>', 'Adam learning rate', String(PAPER_TRAINING.learningRate))
    .option('--temperature <t>', 'softmax temperature (logits = Q·Dᵀ / t)', String(PAPER_TRAINING.temperature))
    .option('--max-iterations <steps>', 'maximum steps per run', String(PAPER_TRAINING.maxIterations))
    .option('--patience <steps>', 'early-stopping patience (steps without a loss improvement ≥ --min-delta)', String(PAPER_TRAINING.earlyStopping.patience))
    .option('--min-delta <x>', 'smallest loss decrease that counts as an improvement', String(PAPER_TRAINING.earlyStopping.minDelta))
    .option('--log-interval <steps>', 'accuracy is checked every this many steps', String(PAPER_TRAINING.logInterval));
}

/** Parses the training flags into the trainer's option names. */
export function parseTrainingOptions(opts: TrainingFlagValues) {
  return {
    learningRate: parseReal('--learning-rate', opts.learningRate, { min: 0, exclusiveMin: true }),
    temperature: parseReal('--temperature', opts.temperature, { min: 0, exclusiveMin: true }),
    maxIterations: parseInteger('--max-iterations', opts.maxIterations, { min: 1 }),
    logInterval: parseInteger('--log-interval', opts.logInterval, { min: 1 }),
    earlyStopping: {
      patience: parseInteger('--patience', opts.patience, { min: 1 }),
      minDelta: parseReal('--min-delta', opts.minDelta, { min: 0 }),
    },
  };
}

/** The digest of a seed's initial embeddings, recorded in certificates (moved to `@limit/trainer/node`). */
export { initialEmbeddingsDigest } from '@limit/trainer/node';
