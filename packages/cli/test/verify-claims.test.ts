import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
const dir = mkdtempSync(join(tmpdir(), 'limit-verify-'));
const unsolved = join(dir, 'n22-d6.json');
const solved = join(dir, 'n12-d6.json');

// n = 22 is past d = 6's critical n (19 in the paper, ≈ 20 here): the run cannot reach 100 %; n = 12 can.
beforeAll(() => {
  for (const [n, file] of [['22', unsolved], ['12', solved]] as const) {
    const r = run('train', '--n', n, '--d', '6', '--backend', 'onnx', '--save', file);
    expect(r.status, r.stderr).toBe(0);
  }
}, 240_000);

const tampered = (edit: (cert: Record<string, any>) => void): string => {
  const cert = JSON.parse(readFileSync(solved, 'utf8'));
  edit(cert);
  const file = join(dir, `tampered-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(cert));
  return file;
};

describe('limit verify: two facts', () => {
  it('--require-solved fails the certificate of train --n 22 --d 6 although its claims hold', () => {
    const plain = run('verify', unsolved);
    expect(plain.status, plain.stdout + plain.stderr).toBe(0); // an honest claim of an unsolved run
    expect(plain.stdout).toMatch(/^claims: {2}HOLD/m);
    expect(plain.stdout).toMatch(/^top-k: {3}NOT SOLVED — \d+ of 231 queries have a wrong top-k/m);
    const strict = run('verify', unsolved, '--require-solved');
    expect(strict.status).toBe(1);
    const json = JSON.parse(run('verify', unsolved, '--json').stdout);
    expect(json.solved).toBe(false);
    expect(json.claims.hold).toBe(true);
    // every listed failure really is one: margin ≤ 0 = lowest relevant − highest intruder
    for (const f of json.failingQueries) {
      expect(f.margin).toBeLessThanOrEqual(0);
      expect(f.margin).toBeCloseTo(Math.min(...f.relevant.map((r: any) => r.score)) - f.intruders[0].score, 12);
    }
    expect(json.claims.numQueries - json.claims.correctQueries).toBeGreaterThanOrEqual(json.failingQueries.length);
  });

  it('--require-solved passes the certificate of train --n 12 --d 6', () => {
    const result = run('verify', solved, '--require-solved');
    expect(result.status, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/^top-k: {3}SOLVED — the embeddings realise every one of the 66 top-k sets/m);
  });

  it.each([
    ['deleting parameters', (c: Record<string, any>) => delete c.parameters, /records no parameters/],
    ['changing k', (c: Record<string, any>) => (c.parameters.k = 3), /parameters\.k: recorded 3, but the relevant documents per query is 2/],
    ['changing the seed', (c: Record<string, any>) => (c.parameters.seed = 7), /parameters\.seed: its initial embeddings do not match/],
    ['changing n', (c: Record<string, any>) => (c.parameters.n = 13), /parameters\.n/],
    ['changing the qrels kind', (c: Record<string, any>) => (c.parameters.q = 10), /parameters\.q/],
  ])('%s makes the claims fail', (_, edit, message) => {
    const result = run('verify', tampered(edit));
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^claims: {2}DO NOT HOLD/m);
    expect(result.stdout).toMatch(message);
  });
});
