import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chartSvgTexts, textWidth, CHART_CONFIG } from '@limit/charts';
import { renderChart } from '@limit/charts/node';
import { PAPER_CRITICAL_N, bootstrapCriticalNFit, compareCriticalNFits, paperCriticalNFit, type CriticalNSummaryRow } from '@limit/trainer';
import { criticalNCharts } from '../src/util/critical-n-charts.js';

/** The summary rows of a real `limit critical-n --d 4..8` run (see the fixture's `command`). */
const fixture = JSON.parse(readFileSync(new URL('./fixtures/critical-n-d4-8.json', import.meta.url), 'utf8')) as { k: number; seed: number; dimensions: CriticalNSummaryRow[] };
const rows = fixture.dimensions;
const observations = rows.map((r) => ({ d: r.d, criticalN: r.criticalN! }));
const pngDir = fileURLToPath(new URL('../test-results/', import.meta.url));

async function render(name: string, spec: Parameters<typeof renderChart>[0]) {
  const rendered = await renderChart(spec);
  mkdirSync(pngDir, { recursive: true });
  writeFileSync(join(pngDir, `${name}.png`), rendered.png);
  const width = Buffer.from(rendered.png).readUInt32BE(16);
  return { ...rendered, pngWidth: width, texts: chartSvgTexts(rendered.svg) };
}

describe('the critical-n charts of limit critical-n --d 4..8', () => {
  const comparison = compareCriticalNFits(observations, { seed: fixture.seed });
  const charts = criticalNCharts({ k: 2, seed: fixture.seed, rows, observations, comparison });

  it('critical-n-vs-d: ≤ 1400 px wide, our points, the paper points, the supported fits with their bands, the unsupported named', async () => {
    const chart = await render('critical-n-vs-d', charts.criticalNVsD);
    expect(chart.pngWidth).toBeLessThanOrEqual(1400);
    // which fits the summary supports, from the fits themselves: ≥ 2 residual degrees of freedom
    const power = comparison.measured.find((f) => f.model === 'power-law')!;
    const cubic = comparison.measured.find((f) => f.model === 'cubic')!;
    expect(power.residualDegreesOfFreedom).toBe(3);
    expect(cubic.residualDegreesOfFreedom).toBe(1);
    const [a, b] = power.coefficients as [number, number];
    const legend = chart.texts.legendLabels;
    expect(legend).toEqual([
      'ours (measured)',
      'paper (Weller et al., measured)',
      `our power law n = ${a.toPrecision(3)}·d^${b.toPrecision(3)} (band: 95% bootstrap)`,
      expect.stringMatching(/^power law on the paper's points \(d = 4\.\.8\) n = [\d.]+·d\^[\d.]+ \(band: 95% bootstrap\)$/),
      "paper's published cubic (fitted on d = 4..45)",
    ]);
    const subtitle = chart.texts.subtitle.join(' ');
    expect(subtitle).toContain("not drawn: our cubic and the cubic on the paper's points (d = 4..8), since 5 distinct d for 4 parameters leave 1 residual degree of freedom");
    // the paper's cubic at d = 4 is −10.5322 + 16.1236 + 0.832 + 0.2368 = 6.66 (hand-computed), under its own 10
    expect(paperCriticalNFit(4)).toBeCloseTo(6.6602, 4);
    expect(subtitle).toContain("the paper's cubic was fitted on d = 4..45, so at small d it runs below the paper's own points (6.7 at d = 4 against 10)");
    for (const line of chart.texts.subtitle) expect(textWidth(line, CHART_CONFIG.title.subtitleFontSize)).toBeLessThanOrEqual(chart.width);
    for (const labels of chart.texts.axisLabels) expect(new Set(labels).size).toBe(labels.length);
    expect(chart.texts.axisLabels).toContainEqual(['4', '5', '6', '7', '8']);
  });

  it("the drawn band is the summary's bootstrap: same seed, level and resamples, evaluated along the curve", () => {
    const spec = JSON.stringify(charts.criticalNVsD);
    const power = comparison.measured.find((f) => f.model === 'power-law')!;
    const again = bootstrapCriticalNFit(observations, { model: 'power-law', seed: fixture.seed, extrapolateTo: [6] });
    const layer = (charts.criticalNVsD as unknown as { layer: { mark: { type: string }; data: { values: { d: number; lower?: number; upper?: number; n?: number }[] } }[] }).layer;
    const band = layer.find((l) => l.mark.type === 'area')!.data.values.find((v) => v.d === 6)!;
    expect(band.lower).toBeCloseTo(again.extrapolation[0]!.low!, 9);
    expect(band.upper).toBeCloseTo(again.extrapolation[0]!.high!, 9);
    expect(band.lower!).toBeLessThan(power.predict(6));
    expect(band.upper!).toBeGreaterThan(power.predict(6));
    expect(spec).not.toContain('our cubic\\n'); // the unsupported cubic has no curve
    expect(Object.keys(PAPER_CRITICAL_N).map(Number)).toEqual(Array.from({ length: 42 }, (_, i) => i + 4)); // Table 6: d = 4 … 45
  });

  it('accuracy-vs-n: ≤ 1400 px, marker meanings and every d in the legend, one n* label per d, distinct ticks', async () => {
    const chart = await render('accuracy-vs-n', charts.accuracyVsN);
    expect(chart.pngWidth).toBeLessThanOrEqual(1400);
    expect(chart.texts.legendLabels).toEqual(['d = 4', 'd = 5', 'd = 6', 'd = 7', 'd = 8', 'solved: every top-2 set exact', 'not solved', 'critical n (n*)']);
    expect([...chart.texts.markTexts].sort()).toEqual(rows.map((r) => `n* = ${r.criticalN}`).sort());
    for (const labels of chart.texts.axisLabels) expect(new Set(labels).size).toBe(labels.length);
  });
});
