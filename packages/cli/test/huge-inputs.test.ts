import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const limit = (...args: string[]) => spawnSync('node', [cli, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('huge inputs are answered or refused up front', () => {
  it('bounds --n 1e6 --k 500000 answers (log-binomials), with the known central-binomial values', () => {
    const r = limit('bounds', '--n', '1e6', '--k', '500000', '--json');
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { theorem1: { dimension: number; ratio: number }; forster: { closedForm: { value: number } } };
    // ln C(2m, m) = 2m ln 2 − ½ ln(π m) + O(1/m); Theorem 1 at γ = 0.1 divides by ln 11
    const ln = 1e6 * Math.LN2 - 0.5 * Math.log(Math.PI * 5e5);
    expect(j.theorem1.ratio).toBeCloseTo(ln / Math.log(11), 4);
    expect(j.theorem1.dimension).toBe(Math.ceil(ln / Math.log(11)));
    // k = n/2: Forster's bound is sqrt(n − 1) exactly (closed form)
    expect(j.forster.closedForm.value).toBeCloseTo(Math.sqrt(999_999), 6);
  });

  it('train --n 3 --d 100000000 and critical-n --d 150 are refused with a typed error naming --d and the memory', () => {
    let r = limit('train', '--n', '3', '--d', '100000000');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/InvalidArgumentError: Invalid argument for parameter --d: .*needs about [\d.]+ GB of memory/);
    const out = mkdtempSync(join(tmpdir(), 'limit-huge-'));
    r = limit('critical-n', '--d', '150', '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/parameter --d: --d 150: .*needs about [\d.]+ GB of memory: one optimiser buffer/);
    expect(r.stderr).not.toMatch(/RangeError|\n\s+at /);
    expect(readdirSync(out)).toEqual([]);
  });

  it('train --save afile/c.json (afile is a file) fails before training, naming --save', () => {
    const dir = mkdtempSync(join(tmpdir(), 'limit-save-'));
    writeFileSync(join(dir, 'afile'), 'x');
    const r = limit('train', '--n', '6', '--d', '4', '--save', join(dir, 'afile', 'c.json'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`InvalidArgumentError: Invalid argument for parameter --save: --save ${join(dir, 'afile', 'c.json')}: ${join(dir, 'afile')} is a file`);
    expect(r.stderr).not.toMatch(/solved|steps\/s/); // no training happened
  });
});
