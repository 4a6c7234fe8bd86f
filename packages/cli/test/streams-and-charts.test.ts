import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chartSvgTexts } from '@limit/charts';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const repo = fileURLToPath(new URL('../../..', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });

describe('clean streams', () => {
  it('pnpm -s limit bounds … --json: stdout is only the JSON (turbo output goes to stderr)', async () => {
    const result = await promisify(execFile)('npx', ['-y', 'pnpm@10', '-s', 'limit', 'bounds', '--n', '100', '--k', '2', '--margin', '0.1', '--json'], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
    });
    const json = JSON.parse(result.stdout) as { n: string; k: number; margin: number; theorem1: { dimension: number } };
    expect(json).toMatchObject({ n: '100', k: 2, margin: 0.1, theorem1: { dimension: 4 } });
  }, 240_000);

  it('bounds prints C(n, k) ≈ 10^53.44 once, with the parameters in its JSON', () => {
    const table = run('bounds', '--n', '1000000', '--k', '10');
    expect(table.stdout).toContain('C(n, k) ≈ 10^53.44 relevant sets');
    expect(table.stdout).not.toContain('= ≈');
    const json = JSON.parse(run('bounds', '--n', '1000000', '--k', '10', '--json').stdout) as { log10Subsets: number; n: string; k: number };
    // log10 C(10^6, 10) = 53.44 (hand check: 10·6 − log10(10!) − tiny = 60 − 6.5598 − 0.0000195)
    expect(json.log10Subsets).toBeCloseTo(60 - Math.log10(3628800) - 0.0000195, 4);
  });
});

describe('limit critical-n --d 4..6 --out DIR', () => {
  it('writes a vega-lite spec, a vega-rendered SVG and a PNG for each chart', async () => {
    const out = mkdtempSync(join(tmpdir(), 'limit-cn-charts-'));
    // asynchronous: a long synchronous child would block the test worker's heartbeat
    await promisify(execFile)(process.execPath, [cli, 'critical-n', '--d', '4..6', '--out', out, '--jobs', '1', '--max-iterations', '2000', '--patience', '200', '--backend', 'onnx'], {
      env: { ...process.env, CI: 'true' },
    });
    for (const chart of ['critical-n-vs-d', 'accuracy-vs-n']) {
      const spec = JSON.parse(readFileSync(join(out, `${chart}.vl.json`), 'utf8')) as { $schema: string };
      expect(spec.$schema).toMatch(/vega-lite\/v6/);
      const svg = readFileSync(join(out, `${chart}.svg`), 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain('class="marks"'); // vega's SVG renderer marks its output this way
      const png = readFileSync(join(out, `${chart}.png`));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      // IHDR width: the PNG is the SVG rendered at 2×
      const svgWidth = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)![1]);
      expect(png.readUInt32BE(16)).toBe(Math.round(svgWidth * 2));
    }
    const svg = readFileSync(join(out, 'critical-n-vs-d.svg'), 'utf8');
    const texts = chartSvgTexts(svg);
    // a fixed width: at most 1400 px in the PNG
    expect(readFileSync(join(out, 'critical-n-vs-d.png')).readUInt32BE(16)).toBeLessThanOrEqual(1400);
    // integer ticks only for d = 4..6, never repeated
    expect(texts.axisLabels).toContainEqual(['4', '5', '6']);
    for (const labels of texts.axisLabels) expect(new Set(labels).size).toBe(labels.length);
    // the legend: our points, the paper's points, and a drawn fit; three d leave the power law 1 residual
    // degree of freedom, so our fits are named in a note instead of drawn
    expect(texts.legendLabels).toEqual(['ours (measured)', 'paper (Weller et al., measured)', "paper's published cubic (fitted on d = 4..45)"]);
    expect(texts.subtitle.join(' ')).toContain('not drawn: our power law');
    expect(texts.subtitle.join(' ')).toContain('a cubic needs 4 distinct d; 3 measured');
    // accuracy-vs-n explains its markers
    expect(chartSvgTexts(readFileSync(join(out, 'accuracy-vs-n.svg'), 'utf8')).legendLabels).toEqual(['d = 4', 'd = 5', 'd = 6', 'solved: every top-2 set exact', 'not solved', 'critical n (n*)']);
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
  }, 300_000);
});
