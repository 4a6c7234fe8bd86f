#!/usr/bin/env node
// pnpm --filter ./examples/embedding-table-mlp start [-- --steps 6000 --weight-decay 0.1 --json]
import { parseArgs } from 'node:util';
import { DEFAULT_OPTIONS, formatReport, runEmbeddingTableLesson, type LessonOptions } from './embedding-table-mlp.js';

const flags = {
  'block-size': 'blockSize',
  embedding: 'embedding',
  hidden: 'hidden',
  'batch-size': 'batchSize',
  'finder-steps': 'finderSteps',
  'finder-min': 'finderMin',
  'finder-max': 'finderMax',
  steps: 'steps',
  'weight-decay': 'weightDecay',
  samples: 'samples',
  seed: 'seed',
} as const;
const usage = `usage: start ${Object.entries(flags).map(([flag, key]) => `[--${flag} ${DEFAULT_OPTIONS[key]}]`).join(' ')} [--json]`;

function usageError(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

let values: Record<string, string | boolean | undefined> = {};
try {
  ({ values } = parseArgs({ options: { ...Object.fromEntries(Object.keys(flags).map((f) => [f, { type: 'string' as const }])), json: { type: 'boolean' }, help: { type: 'boolean' } } }));
} catch (error) {
  usageError((error as Error).message);
}
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const options: Record<string, unknown> = { ...DEFAULT_OPTIONS, out: 'out', onProgress: (line: string) => process.stderr.write(`${line}\n`) };
for (const [flag, key] of Object.entries(flags)) {
  const text = values[flag];
  if (typeof text !== 'string') continue;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) usageError(`--${flag} must be a number, got ${JSON.stringify(text)}`);
  options[key] = value;
}
try {
  const result = await runEmbeddingTableLesson(options as unknown as LessonOptions);
  process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatReport(result));
  process.stderr.write(`done in ${result.seconds.toFixed(1)} s\n`);
} catch (error) {
  if ((error as { name?: string }).name === 'InvalidArgumentError') usageError((error as Error).message);
  throw error;
}
