import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/cli.js');
const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });

// Small, fast settings: d = 3 and short runs; the protocol is the same.
const quick = ['--k', '2', '--max-iterations', '3000', '--patience', '300', '--backend', 'onnx'];

describe('limit critical-n', () => {
  it('searches, writes results + plots, and a re-run resumes without training', () => {
    const out = mkdtempSync(join(tmpdir(), 'limit-cn-'));
    const first = run(['critical-n', '--d', '2..3', '--out', out, '--jobs', '1', ...quick]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/critical n/);
    const file = join(out, 'd3-k2.json');
    const rows = JSON.parse(readFileSync(file, 'utf8')) as { parameters: { n: number; d: number }; metrics: { max_accuracy_observed: number } }[];
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.every((r) => r.parameters.d === 3)).toBe(true);
    for (const name of ['summary.json', 'summary.md', 'accuracy-vs-n.svg', 'critical-n-vs-d.svg', 'd2-k2.json']) expect(existsSync(join(out, name)), name).toBe(true);
    // files are written to a temporary name and renamed: none of those is left behind
    expect(readdirSync(out).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(readFileSync(join(out, 'critical-n-vs-d.svg'), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { trainedRuns: number; dimensions: { d: number; criticalN: number }[] };
    const d3 = summary.dimensions.find((r) => r.d === 3)!;
    // the critical n is an n whose row says it reached 100 %
    expect(rows.find((r) => r.parameters.n === d3.criticalN)!.metrics.max_accuracy_observed).toBe(1);

    const before = readFileSync(file, 'utf8');
    const mtime = statSync(file).mtimeMs;
    const second = run(['critical-n', '--d', '2..3', '--out', out, '--jobs', '1', ...quick]);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).not.toMatch(/\d+ steps,/); // no run was trained
    expect(second.stderr).toMatch(/from results file/);
    const again = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { trainedRuns: number; dimensions: { d: number; criticalN: number }[] };
    expect(again.trainedRuns).toBe(0);
    expect(again.dimensions.find((r) => r.d === 3)!.criticalN).toBe(d3.criticalN);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(statSync(file).mtimeMs).toBe(mtime);
  });

  it('trains on local worker processes (--workers 2) with the in-process table', () => {
    const outA = mkdtempSync(join(tmpdir(), 'limit-cn-'));
    const outB = mkdtempSync(join(tmpdir(), 'limit-cn-'));
    const single = run(['critical-n', '--d', '2,3', '--out', outA, '--executor', 'in-process', ...quick]);
    expect(single.status, single.stderr).toBe(0);
    const result = run(['critical-n', '--d', '2,3', '--out', outB, '--workers', '2', ...quick]);
    expect(result.status, result.stderr).toBe(0);
    type Summary = { executor: string; trainedRuns: number; dimensions: { d: number; criticalN: number | null }[] };
    const a = JSON.parse(readFileSync(join(outA, 'summary.json'), 'utf8')) as Summary;
    const summary = JSON.parse(readFileSync(join(outB, 'summary.json'), 'utf8')) as Summary;
    expect(summary.executor).toBe('local');
    expect(summary.dimensions).toEqual(a.dimensions);
    let rowsTotal = 0;
    for (const { d, criticalN } of summary.dimensions) {
      const rows = JSON.parse(readFileSync(join(outB, `d${d}-k2.json`), 'utf8')) as {
        parameters: { n: number; seed: number; backend: string; precision: string };
        metrics: { max_accuracy_observed: number };
      }[];
      rowsTotal += rows.length;
      expect(new Set(rows.map((r) => `${r.parameters.n}/${r.parameters.seed}`)).size).toBe(rows.length); // each run once
      const solved = rows.filter((r) => r.metrics.max_accuracy_observed >= 1).map((r) => r.parameters.n);
      // runs evaluated ahead are recorded too; the critical n is never above the largest solved row
      expect(criticalN === null || criticalN <= Math.max(...solved)).toBe(true);
      // every run of one d used the same engine and precision, whichever worker trained it
      expect(new Set(rows.map((r) => `${r.parameters.backend} ${r.parameters.precision}`)).size).toBe(1);
    }
    // a fresh folder: every row is a run the workers trained, and the summary counts them
    expect(summary.trainedRuns).toBe(rowsTotal);
  });

  it('leaves a corrupted results file untouched and reports it', () => {
    const out = mkdtempSync(join(tmpdir(), 'limit-cn-'));
    const file = join(out, 'd3-k2.json');
    writeFileSync(file, '[{"parameters": {"n": 5}, "metrics": {}}, {"trunc');
    const result = run(['critical-n', '--d', '3', '--out', out, ...quick]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('DataFormatError');
    expect(result.stderr).toContain(file);
    expect(result.stderr).toContain('left untouched');
    expect(readFileSync(file, 'utf8')).toBe('[{"parameters": {"n": 5}, "metrics": {}}, {"trunc');
  });

  it('rejects a malformed --d with a typed error', () => {
    const result = run(['critical-n', '--d', 'four']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--d');
  });
});
