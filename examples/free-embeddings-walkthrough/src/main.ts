#!/usr/bin/env node
// pnpm --filter ./examples/free-embeddings-walkthrough start [-- --d 4,5,6 --seed 42 --out out --max-n 40]
import { parseArgs } from 'node:util';
import { formatReport, runWalkthrough } from './walkthrough.js';

const usage = 'usage: start [--d 4,5,6] [--seed 42] [--out out] [--max-n N] [--json]';

function usageError(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

function integer(flag: string, text: string): number {
  if (!/^-?\d+$/.test(text.trim())) usageError(`${flag} must be an integer, got ${JSON.stringify(text)}`);
  return Number(text);
}

let values;
try {
  ({ values } = parseArgs({ options: { d: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, 'max-n': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } } }));
} catch (error) {
  usageError((error as Error).message);
}
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
try {
  const result = await runWalkthrough({
    dimensions: (values.d ?? '4,5,6').split(',').map((d) => integer('--d', d)),
    seed: integer('--seed', values.seed ?? '42'),
    out: values.out ?? 'out',
    ...(values['max-n'] !== undefined ? { maxN: integer('--max-n', values['max-n']) } : {}),
    onProgress: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatReport(result));
  process.stderr.write(`done in ${result.seconds.toFixed(1)} s\n`);
} catch (error) {
  if ((error as { name?: string }).name === 'InvalidArgumentError') usageError((error as Error).message);
  throw error;
}
