#!/usr/bin/env node
// pnpm --filter ./examples/retriever-losses start [-- --steps 300 --dim 64 --losses infonce-in-batch,matryoshka-infonce-hard-negatives --json]
import { parseArgs } from 'node:util';
import { DEFAULT_OPTIONS, LOSSES, formatReport, runRetrieverLosses, type LossName } from './retriever-losses.js';

const usage = `usage: start [--dim 64] [--batch-size 32] [--steps 300] [--learning-rate 0.03] [--weight-decay 0.01]
             [--train-queries 800] [--losses ${LOSSES.join(',')}] [--seed 0] [--json]`;

function usageError(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

function number(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) usageError(`${flag} must be a number, got ${JSON.stringify(text)}`);
  return value;
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      dim: { type: 'string' },
      'batch-size': { type: 'string' },
      steps: { type: 'string' },
      'learning-rate': { type: 'string' },
      'weight-decay': { type: 'string' },
      'train-queries': { type: 'string' },
      losses: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  }));
} catch (error) {
  usageError((error as Error).message);
}
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const losses = values.losses === undefined ? DEFAULT_OPTIONS.losses : values.losses.split(',');
for (const loss of losses) if (!(LOSSES as readonly string[]).includes(loss)) usageError(`--losses: unknown loss ${JSON.stringify(loss)}`);
try {
  const result = await runRetrieverLosses({
    dim: number('--dim', values.dim, DEFAULT_OPTIONS.dim),
    batchSize: number('--batch-size', values['batch-size'], DEFAULT_OPTIONS.batchSize),
    steps: number('--steps', values.steps, DEFAULT_OPTIONS.steps),
    learningRate: number('--learning-rate', values['learning-rate'], DEFAULT_OPTIONS.learningRate),
    weightDecay: number('--weight-decay', values['weight-decay'], DEFAULT_OPTIONS.weightDecay),
    trainQueries: number('--train-queries', values['train-queries'], DEFAULT_OPTIONS.trainQueries),
    losses: losses as LossName[],
    seed: number('--seed', values.seed, DEFAULT_OPTIONS.seed),
    onProgress: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatReport(result));
  process.stderr.write(`done in ${result.seconds.toFixed(1)} s\n`);
} catch (error) {
  if ((error as { name?: string }).name === 'InvalidArgumentError') usageError((error as Error).message);
  throw error;
}
