#!/usr/bin/env node
// pnpm --filter ./examples/collaborative-filtering start [-- --users 300 --items 200 --ranks 1,2,4,8 --json]
import { parseArgs } from 'node:util';
import { DEFAULT_OPTIONS, formatReport, runCollaborativeFiltering } from './collaborative-filtering.js';

const usage = `usage: start [--users N] [--items N] [--true-rank R] [--density P] [--noise S] [--ranks 1,2,4,…]
             [--weight-decay L] [--learning-rate G] [--steps S] [--seed N] [--json]`;

function number(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) usageError(`${flag} must be a number, got ${JSON.stringify(text)}`);
  return value;
}

function usageError(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      users: { type: 'string' },
      items: { type: 'string' },
      'true-rank': { type: 'string' },
      density: { type: 'string' },
      noise: { type: 'string' },
      ranks: { type: 'string' },
      'weight-decay': { type: 'string' },
      'learning-rate': { type: 'string' },
      steps: { type: 'string' },
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
const d = DEFAULT_OPTIONS;
const options = {
  users: number('--users', values.users, d.users),
  items: number('--items', values.items, d.items),
  trueRank: number('--true-rank', values['true-rank'], d.trueRank),
  density: number('--density', values.density, d.density),
  noise: number('--noise', values.noise, d.noise),
  ranks: values.ranks === undefined ? d.ranks : values.ranks.split(',').map((r) => number('--ranks', r, 0)),
  weightDecay: number('--weight-decay', values['weight-decay'], d.weightDecay),
  learningRate: number('--learning-rate', values['learning-rate'], d.learningRate),
  steps: number('--steps', values.steps, d.steps),
  seed: number('--seed', values.seed, d.seed),
  heldOutShare: d.heldOutShare,
  onProgress: (message: string) => process.stderr.write(`${message}\n`),
};
try {
  const result = runCollaborativeFiltering(options);
  process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatReport(result));
  process.stderr.write(`done in ${result.seconds.toFixed(1)} s\n`);
} catch (error) {
  // bad values are typed errors naming the option (InvalidArgumentError): a usage error
  if ((error as { name?: string }).name === 'InvalidArgumentError') usageError((error as Error).message);
  throw error;
}
