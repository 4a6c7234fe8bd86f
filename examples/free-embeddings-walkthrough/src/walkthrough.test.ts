import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chartSvgTexts } from '@limit/charts';
import { RESULT_FIELDS, fromOfficialRow } from '@limit/trainer';
import { afterAll, describe, expect, it } from 'vitest';
import { formatReport, runWalkthrough, showValue } from './walkthrough.js';

const out = mkdtempSync(join(tmpdir(), 'walkthrough-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('free-embeddings walkthrough (d = 3, small)', () => {
  let result: Awaited<ReturnType<typeof runWalkthrough>>;

  it('runs the search, writes official-schema results files and the chart', async () => {
    result = await runWalkthrough({ dimensions: [3], seed: 42, out, maxN: 12 });
    expect(result.rows).toHaveLength(1);
    expect(result.trainedRuns).toBeGreaterThan(0);
    const rows = JSON.parse(readFileSync(join(out, 'd3-k2.json'), 'utf8')) as unknown[];
    expect(rows.length).toBe(result.trainedRuns);
    rows.forEach((row, i) => {
      const r = fromOfficialRow(row, { file: 'd3-k2.json', line: i + 1 }); // the strict reader accepts every row
      const n = r.parameters.n;
      expect(r.metrics.actualQGenerated).toBe((n * (n - 1)) / 2); // all C(n, 2) pairs
      expect(r.metrics.solved).toBe(r.metrics.maxExactTopKObserved === 1);
      // for k = 2 an exact top-2 query has both relevant documents in its top 2: official ≥ exact
      expect(r.metrics.finalAccuracy!).toBeGreaterThanOrEqual(r.metrics.finalExactTopK!);
    });
    const svg = readFileSync(result.chart.svg, 'utf8');
    expect(chartSvgTexts(svg).legendLabels).toContain('d = 3');
  });

  it('explains every field of the example rows, with the values from the file', () => {
    const report = formatReport(result);
    const critical = result.rows[0]!.criticalN;
    expect(report).toContain(`| 3 | ${critical} |`);
    for (const field of RESULT_FIELDS) {
      const value = result.example.solved[field.section][field.fileName];
      if (value === undefined) continue;
      expect(report).toContain(`| ${field.section} | ${field.fileName} | ${field.name} | ${field.origin} | ${showValue(value)} |`);
    }
  });

  it('a second run reads every run back and trains nothing', async () => {
    const again = await runWalkthrough({ dimensions: [3], seed: 42, out, maxN: 12 });
    expect(again.trainedRuns).toBe(0);
    expect(again.rows).toEqual(result.rows);
  });

  it('shortens lists and rounds floats for the table', () => {
    expect(showValue([1, 2, 3, 4, 5, 6])).toBe('[1, 2, … 6] (6)');
    expect(showValue(0.123456)).toBe('0.1235');
    expect(showValue(null)).toBe('null');
  });
});
