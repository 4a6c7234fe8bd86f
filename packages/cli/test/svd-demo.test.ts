import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'limit-svd-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('limit svd-demo', () => {
  it('writes the JSON and the log-scale SVG, prints a table, and the numbers hang together', () => {
    const stdout = execFileSync(process.execPath, [cli, 'svd-demo', '--out', dir, '--seed', '7'], { encoding: 'utf8' });
    expect(stdout).toMatch(/factored \(M \+ N\)·r\s+900/);
    expect(stdout).toMatch(/dense M·N\s+8000/);
    const r = JSON.parse(readFileSync(join(dir, 'svd-demo.json'), 'utf8')) as {
      singularValues: number[];
      reconstruction: { frobeniusError: number; eckartYoungPrediction: number; relativeError: number; relativeErrorVsCleanSignal: number; noiseRelativeToCleanSignal: number };
      storage: { factored: number; dense: number };
    };
    // the table keeps 4 significant digits of every number it prints (it printed ‖A − A_r‖_F ≈ 8.50 as "9"
    // and the relative errors ≈ 0.04 as "0"), one format per column
    const cell = (label: string) => new RegExp(`${label.replace(/[()|+·]/g, (c) => `\\${c}`)}\\s+(\\S+)`).exec(stdout)![1]!;
    const printed: [string, number][] = [
      ['‖A − A_r‖_F', r.reconstruction.frobeniusError],
      ['relative error vs observed A', r.reconstruction.relativeError],
      ['relative error vs clean signal', r.reconstruction.relativeErrorVsCleanSignal],
      ['noise level vs clean signal', r.reconstruction.noiseRelativeToCleanSignal],
    ];
    for (const [label, value] of printed) {
      expect(Math.abs(Number(cell(label)) - value) / value, `${label}: ${cell(label)} vs ${value}`).toBeLessThanOrEqual(5e-4);
    }
    expect(new Set(printed.map(([label]) => cell(label).split('.')[1]!.length)).size).toBe(1);
    const sigmaRows = stdout.split('\n').filter((line) => /^\s*\d+\s+[\d.]+\s+[\d.]+$/.test(line)).map((line) => line.trim().split(/\s+/));
    expect(sigmaRows).toHaveLength(10);
    sigmaRows.forEach(([i, sigma, ratio]) => {
      const v = r.singularValues[Number(i) - 1]!;
      expect(Math.abs(Number(sigma) - v) / v).toBeLessThanOrEqual(5e-4);
      expect(Math.abs(Number(ratio) - v / r.singularValues[0]!) / (v / r.singularValues[0]!)).toBeLessThanOrEqual(5e-4);
    });
    const s = r.singularValues;
    expect(s).toHaveLength(80);
    // a clear gap after the 5th value: signal ~ sqrt(M·N), noise ~ 0.1·(√M + √N) ≈ 1.9
    expect(s[4]! / s[5]!).toBeGreaterThan(10);
    expect(s[5]!).toBeGreaterThan(1);
    expect(s[5]!).toBeLessThan(2.5);
    // Eckart–Young, recomputed here from the listed singular values
    const tail = Math.sqrt(s.slice(5).reduce((a, v) => a + v * v, 0));
    expect(r.reconstruction.frobeniusError).toBeCloseTo(tail, 8);
    expect(r.reconstruction.eckartYoungPrediction).toBeCloseTo(tail, 8);
    // truncation denoises: the rank-5 reconstruction is closer to the clean signal than the data are
    expect(r.reconstruction.relativeErrorVsCleanSignal).toBeLessThan(r.reconstruction.noiseRelativeToCleanSignal);
    expect(r.storage).toEqual({ factored: 900, factoredWithSingularValues: 905, dense: 8000, ratio: 8000 / 900 });
    const svg = readFileSync(join(dir, 'singular-values.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('log scale');
    // log axis ticks as real powers of ten (10⁰, 10¹, 10²), never 1e+2; the y title with a real subscript
    expect(svg).toContain('10²');
    expect(svg).not.toMatch(/1e\+?\d/);
    expect(svg).toContain('σᵢ');
    // the spec beside it, and a PNG
    expect(JSON.parse(readFileSync(join(dir, 'singular-values.vl.json'), 'utf8')).$schema).toMatch(/vega-lite/);
    expect(readFileSync(join(dir, 'singular-values.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('is deterministic for a seed', () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    execFileSync(process.execPath, [cli, 'svd-demo', '--out', a, '--seed', '3']);
    execFileSync(process.execPath, [cli, 'svd-demo', '--out', b, '--seed', '3']);
    const sa = JSON.parse(readFileSync(join(a, 'svd-demo.json'), 'utf8')).singularValues;
    const sb = JSON.parse(readFileSync(join(b, 'svd-demo.json'), 'utf8')).singularValues;
    expect(sa).toEqual(sb);
  });
});
