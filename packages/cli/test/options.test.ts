import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@limit/core';
import { parseInteger, parseIntegerList, parseReal, withFlagNamesSync } from '../src/util/options.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });

const refusal = (fn: () => unknown): InvalidArgumentError => {
  try {
    fn();
  } catch (error) {
    if (InvalidArgumentError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('accepted');
};

describe('one strict number parser', () => {
  it('accepts decimal integers and refuses hex, exponents, fractions, empty and unsafe values, naming the flag', () => {
    expect(parseInteger('--k', '16')).toBe(16);
    expect(parseInteger('--seed', '-3')).toBe(-3);
    for (const bad of ['0x10', '1e3', '2.0', '', ' ', '9007199254740993', 'Infinity', '0b1', '1_000']) {
      expect(refusal(() => parseInteger('--k', bad)).parameter, bad).toBe('--k');
    }
    expect(refusal(() => parseInteger('--k', '5', { min: 1, max: 4 })).message).toContain('≤ 4');
  });

  it('reals: decimals and exponents, never hex or non-finite; exclusive bounds', () => {
    expect(parseReal('--learning-rate', '1e-3')).toBe(0.001);
    expect(parseReal('--margin', '.5')).toBe(0.5);
    for (const bad of ['0x1', '', 'NaN', 'Infinity', '1e999', '--1']) expect(refusal(() => parseReal('--margin', bad)).parameter).toBe('--margin');
    expect(refusal(() => parseReal('--temperature', '0', { min: 0, exclusiveMin: true })).message).toContain('> 0');
  });

  it('lists: sorted, deduplicated; an empty entry is refused', () => {
    expect(parseIntegerList('--cutoffs', '10,1,5,10')).toEqual([1, 5, 10]);
    expect(refusal(() => parseIntegerList('--cutoffs', '1,,2')).parameter).toBe('--cutoffs');
  });

  it('renames a library parameter to its flag', () => {
    const error = refusal(() =>
      withFlagNamesSync({ numDocs: '--docs' }, () => {
        throw new InvalidArgumentError({ parameter: 'numDocs', value: 3, message: 'numDocs (3) must be ≥ k' });
      }),
    );
    expect(error.parameter).toBe('--docs');
    expect(error.message).toBe('Invalid argument for parameter --docs: --docs (3) must be ≥ k');
  });
});

describe('the CLI refuses bad numbers on every command, before any work', () => {
  const cases: [string, string[], string][] = [
    ['train --k 0x10', ['train', '--n', '20', '--d', '4', '--k', '0x10'], '--k'],
    ['train --seed ""', ['train', '--n', '20', '--d', '4', '--seed', ''], '--seed'],
    ['train --k 1e3', ['train', '--n', '20', '--d', '4', '--k', '1e3'], '--k'],
    ['train --k = n', ['train', '--n', '5', '--d', '4', '--k', '5'], '--k'],
    ['train --learning-rate 0', ['train', '--n', '5', '--d', '4', '--learning-rate', '0'], '--learning-rate'],
    ['critical-n --k 0x10', ['critical-n', '--d', '3', '--k', '0x10'], '--k'],
    ['critical-n --seed ""', ['critical-n', '--d', '3', '--seed', ''], '--seed'],
    ['critical-n --temperature x', ['critical-n', '--d', '3', '--temperature', 'x'], '--temperature'],
    ['bench-step --k 0x10', ['bench-step', '--n', '10', '--d', '4', '--k', '0x10'], '--k'],
    ['bench-step --k = n', ['bench-step', '--n', '10', '--d', '4', '--k', '10'], '--k'],
    ['generate --seed ""', ['generate', '--out', '/tmp/never-written', '--seed', ''], '--seed'],
    ['bounds --k 0x10', ['bounds', '--n', '100', '--k', '0x10'], '--k'],
    ['bounds --margin ""', ['bounds', '--n', '100', '--k', '2', '--margin', ''], '--margin'],
    ['svd-demo --rows 1e2', ['svd-demo', '--out', '/tmp/never-written', '--rows', '1e2'], '--rows'],
  ];
  it.each(cases)('%s', (_, args, flag) => {
    const result = run(...args);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toContain(`InvalidArgumentError: Invalid argument for parameter ${flag}:`);
    expect(result.stdout).toBe('');
  });

  it('bench-step --numpy with a missing script fails before benchmarking', () => {
    const started = Date.now();
    const result = run('bench-step', '--n', '200', '--d', '16', '--steps', '200', '--repeats', '5', '--backend', 'cpu', '--numpy', '/nonexistent.py');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--numpy');
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe('help and version', () => {
  it('--version prints the package version (a semver)', () => {
    const result = run('--version');
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
  });

  it('train --help lists the training flags and marks required options', () => {
    const help = run('train', '--help').stdout;
    for (const flag of ['--learning-rate', '--temperature', '--max-iterations', '--patience']) expect(help).toContain(flag);
    expect(help).toMatch(/--n <n>\s+number of documents \(required\)/);
  });

  it('critical-n --help has the training flags and no internal --child', () => {
    const help = run('critical-n', '--help').stdout;
    expect(help).toContain('--learning-rate');
    expect(help).toContain('--temperature');
    expect(help).not.toContain('--child');
  });

  it('evaluate --help lists --cutoffs', () => {
    expect(run('evaluate', '--help').stdout).toContain('--cutoffs');
  });
});
