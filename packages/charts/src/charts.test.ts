import { describe, expect, it } from 'vitest';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { accuracyVsNChartSpec, criticalNChartSpec, failingQueriesChartSpec, integerTicks, logAxisTicks, powerOfTenLabel, singularValuesChartSpec, type VegaLiteSpec } from './index.js';
import { renderChart } from './node.js';

/** Every mark item of a rendered view: its role, the data it draws, and its pixel position. */
async function scene(spec: VegaLiteSpec) {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  await view.runAsync();
  const items: { marktype: string; role: string; datum: Record<string, unknown>; x: number; y: number; fillOpacity?: number; text?: string }[] = [];
  const walk = (node: any, marktype = '', role = '') => {
    if (node.marktype) [marktype, role] = [node.marktype, node.role ?? ''];
    if (node.datum && node.x !== undefined) items.push({ marktype, role, datum: node.datum, x: node.x, y: node.y, text: node.text, fillOpacity: node.fillOpacity });
    for (const child of node.items ?? []) walk(child, marktype, role);
  };
  walk((view.scenegraph() as unknown as { root: unknown }).root);
  view.finalize();
  return items;
}

describe('criticalNChartSpec', () => {
  const spec = criticalNChartSpec({
    k: 2,
    measured: [
      { d: 4, criticalN: 10 },
      { d: 5, criticalN: 14, spread: { low: 13, high: 14, restarts: 3 } },
      { d: 6, criticalN: 19 },
    ],
    paper: [{ d: 4, criticalN: 10 }, { d: 5, criticalN: 14 }, { d: 6, criticalN: 19 }],
    fits: [{ source: 'paper', label: "paper's cubic fit", points: [{ d: 4, n: 6.7 }, { d: 6, n: 16.4 }] }],
    notes: ['our cubic fit not drawn: needs 4 dimensions, have 3'],
  });

  it("draws coincident points of ours and the paper's apart (offset and open vs filled): nothing hidden", async () => {
    const items = await scene(spec);
    const symbols = items.filter((i) => i.marktype === 'symbol' && i.role === 'mark');
    for (const d of [4, 5, 6]) {
      const at = symbols.filter((s) => s.datum.d === d);
      const ours = at.find((s) => String(s.datum.series).startsWith('ours'))!;
      const paper = at.find((s) => String(s.datum.series).startsWith('paper'))!;
      expect(ours.y).toBeCloseTo(paper.y, 6); // same value …
      expect(Math.abs(ours.x - paper.x)).toBeGreaterThanOrEqual(8); // … drawn side by side
    }
  });

  it('integer ticks for d, the legend names every series, and the note says why a fit is missing', async () => {
    const texts = (await scene(spec)).filter((i) => i.marktype === 'text').map((i) => i.text);
    expect(texts).toEqual(expect.arrayContaining(['4', '5', '6', 'ours (bar: range over 3 seeds)', 'paper (Weller et al.)', "paper's cubic fit"]));
    expect(texts).not.toContain('4.5');
    expect(JSON.stringify(spec)).toContain('our cubic fit not drawn');
  });

  it('draws a fit interval as a band when the points carry one', () => {
    const banded = criticalNChartSpec({ k: 2, measured: [], fits: [{ source: 'ours', label: 'fit', intervalLabel: '95%', points: [{ d: 4, n: 10, lower: 9, upper: 11 }, { d: 5, n: 14, lower: 13, upper: 15 }] }] });
    expect(JSON.stringify(banded)).toContain('"type":"area"');
    expect(JSON.stringify(banded)).toContain('fit (band: 95%)');
  });
});

describe('accuracyVsNChartSpec', () => {
  it('marks the critical n of each d with a labelled rule', async () => {
    const items = await scene(accuracyVsNChartSpec({ k: 2, traces: [{ d: 4, criticalN: 10, trials: [{ n: 9, accuracy: 1 }, { n: 10, accuracy: 1 }, { n: 11, accuracy: 0.97 }] }] }));
    expect(items.some((i) => i.marktype === 'text' && i.text === 'n* = 10')).toBe(true);
    const rule = items.find((i) => i.marktype === 'rule' && i.datum.n === 10)!;
    const point = items.find((i) => i.marktype === 'symbol' && i.role === 'mark' && i.datum.n === 10)!;
    expect(rule.x).toBeCloseTo(point.x, 6);
  });
});

describe('log axis and labels', () => {
  it('powers of ten with real superscripts', () => {
    expect(powerOfTenLabel(2)).toBe('10²');
    expect(powerOfTenLabel(-13)).toBe('10⁻¹³');
    expect(logAxisTicks(0.5, 150)).toEqual({ values: [1, 10, 100], labels: ['10⁰', '10¹', '10²'] });
    expect(logAxisTicks(3, 30).labels).toEqual(['5·10⁰', '10¹', '2·10¹']);
    // inside one 1-2-5 step (the K₁₂ spectrum √10…√22, padded): every integer mantissa, never a lone tick
    expect(logAxisTicks(2.7, 5.9)).toEqual({ values: [3, 4, 5], labels: ['3·10⁰', '4·10⁰', '5·10⁰'] });
    expect(integerTicks(4, 6)).toEqual([4, 5, 6]);
    expect(integerTicks(1, 45, 12)).toEqual([1, 5, 10, 15, 20, 25, 30, 35, 40, 45]);
  });

  it('the singular-value chart labels its log axis 10⁰, 10¹, 10² and titles it σᵢ', async () => {
    const texts = (await scene(singularValuesChartSpec({ values: [120, 60, 1.2, 0.9], signalRank: 2 }))).filter((i) => i.marktype === 'text').map((i) => i.text);
    expect(texts).toEqual(expect.arrayContaining(['10⁰', '10¹', '10²', 'σᵢ (log scale)']));
    expect(texts.join(' ')).not.toMatch(/1e\+?\d/);
  });
});

describe('renderChart (Node)', () => {
  it('renders SVG with vega and a PNG of twice its size with resvg', async () => {
    const rendered = await renderChart(failingQueriesChartSpec({ numQueries: 10, failures: [{ query: 3, margin: -0.1, relevant: [{ doc: 1, score: 0.4 }], intruders: [{ doc: 5, score: 0.5 }] }] }));
    expect(rendered.svg.startsWith('<svg')).toBe(true);
    expect(rendered.svg).toContain('Where the run fails');
    const png = Buffer.from(rendered.png);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(Math.round(rendered.width * 2));
    expect(JSON.parse(rendered.specJson).$schema).toMatch(/vega-lite/);
  });
});
