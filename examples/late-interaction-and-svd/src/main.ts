#!/usr/bin/env node
// pnpm --filter ./examples/late-interaction-and-svd start [-- --dims 8,64,512 --ranks 4,12,46 --free 4,12 --seed 0 --json]
import { parseArgs } from 'node:util';
import { DEFAULT_OPTIONS, formatReport, runLateInteractionAndSvd } from './late-interaction-and-svd.js';

const usage = 'usage: start [--dims 8,16,…] [--ranks 2,4,…] [--free 4,8,12,16 | --free none] [--seed 0] [--out out] [--json]';

function usageError(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

function integers(flag: string, text: string | undefined, fallback: readonly number[]): number[] {
  if (text === undefined) return [...fallback];
  if (text === 'none') return [];
  return text.split(',').map((part) => {
    if (!/^\d+$/.test(part.trim())) usageError(`${flag} must list integers, got ${JSON.stringify(text)}`);
    return Number(part);
  });
}

let values;
try {
  ({ values } = parseArgs({ options: { dims: { type: 'string' }, ranks: { type: 'string' }, free: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } } }));
} catch (error) {
  usageError((error as Error).message);
}
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
try {
  const result = await runLateInteractionAndSvd({
    dims: integers('--dims', values.dims, DEFAULT_OPTIONS.dims),
    ranks: integers('--ranks', values.ranks, DEFAULT_OPTIONS.ranks),
    freeEmbeddingDims: integers('--free', values.free, DEFAULT_OPTIONS.freeEmbeddingDims),
    seed: integers('--seed', values.seed, [DEFAULT_OPTIONS.seed])[0]!,
    out: values.out ?? 'out',
    onProgress: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatReport(result));
  process.stderr.write(`done in ${result.seconds.toFixed(1)} s\n`);
} catch (error) {
  if ((error as { name?: string }).name === 'InvalidArgumentError') usageError((error as Error).message);
  throw error;
}
