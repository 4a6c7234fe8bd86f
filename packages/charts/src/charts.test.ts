import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import {
  CHART_CONFIG,
  CHART_WIDTH,
  accuracyVsNChartSpec,
  chartSvgTexts,
  criticalNChartSpec,
  failingQueriesChartSpec,
  integerTicks,
  lineChartSpec,
  logAxisTicks,
  percentTicks,
  powerOfTenLabel,
  singularValuesChartSpec,
  textWidth,
  wrapText,
  type AccuracyTrace,
  type VegaLiteSpec,
} from './index.js';
import { renderChart, useDejaVuTextMetrics } from './node.js';

/** PNGs of every chart, for a person to look at (git-ignored; kept as CI artefacts). */
const pngDir = fileURLToPath(new URL('../test-results/', import.meta.url));

interface SceneItem {
  marktype: string;
  role: string;
  datum: Record<string, unknown>;
  x: number;
  y: number;
  text?: unknown;
  bounds: { x1: number; y1: number; x2: number; y2: number };
}

/** Every item of a rendered view with its role, data and bounds in the top-level group's coordinates. */
async function scene(spec: VegaLiteSpec) {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  // laid out as renderChart lays it out (text measured in DejaVu Sans)
  const restore = useDejaVuTextMetrics(vega);
  try {
    await view.runAsync();
  } finally {
    restore();
  }
  const items: SceneItem[] = [];
  // a mark holds items; a group item holds marks, drawn relative to the item's x, y
  const walk = (node: any, marktype: string, role: string, ox: number, oy: number): void => {
    if (node.marktype !== undefined) {
      for (const item of node.items ?? []) walk(item, node.marktype, node.role ?? '', ox, oy);
      return;
    }
    const b = node.bounds;
    if (node.datum && b) items.push({ marktype, role, datum: node.datum, x: node.x, y: node.y, text: node.text, bounds: { x1: b.x1 + ox, y1: b.y1 + oy, x2: b.x2 + ox, y2: b.y2 + oy } });
    if (marktype === 'group') for (const child of node.items ?? []) walk(child, marktype, role, ox + (node.x ?? 0), oy + (node.y ?? 0));
  };
  walk((view.scenegraph() as unknown as { root: unknown }).root, '', '', 0, 0);
  view.finalize();
  return { items };
}

/** Renders, writes the PNG for a person to look at, and checks what every chart must satisfy. */
async function renderAndCheck(name: string, spec: VegaLiteSpec) {
  const rendered = await renderChart(spec);
  mkdirSync(pngDir, { recursive: true });
  writeFileSync(join(pngDir, `${name}.png`), rendered.png);
  writeFileSync(join(pngDir, `${name}.svg`), rendered.svg);
  const png = Buffer.from(rendered.png);
  // a fixed width: the whole figure is CHART_WIDTH wide, its PNG (2×) at most 1,400 px
  expect(rendered.width).toBe(CHART_WIDTH);
  expect(png.readUInt32BE(16)).toBe(2 * CHART_WIDTH);
  expect(png.readUInt32BE(16)).toBeLessThanOrEqual(1400);
  const texts = chartSvgTexts(rendered.svg);
  // ticks that never repeat
  for (const labels of texts.axisLabels) expect(new Set(labels).size, labels.join(' | ')).toBe(labels.length);
  // subtitles wrapped inside the chart
  for (const line of texts.subtitle) expect(textWidth(line, CHART_CONFIG.title.subtitleFontSize)).toBeLessThanOrEqual(CHART_WIDTH - 2 * CHART_CONFIG.padding);
  return { ...rendered, texts };
}

const fixture = JSON.parse(readFileSync(new URL('../test/fixtures/critical-n-d4-8.json', import.meta.url), 'utf8')) as {
  dimensions: { d: number; criticalN: number; successRates: { n: number; successRate: number; maxAccuracy: number }[] }[];
};
const measuredTraces: AccuracyTrace[] = fixture.dimensions.map((r) => ({
  d: r.d,
  criticalN: r.criticalN,
  trials: [...r.successRates].sort((a, b) => a.n - b.n).map((t) => ({ n: t.n, accuracy: t.maxAccuracy, solved: t.successRate > 0 })),
}));

describe('text measure and wrapping (DejaVu Sans advances)', () => {
  it('matches the font: digits 0.636 em, "i" 0.278 em; bold is wider', () => {
    // DejaVu Sans: advance 1303/2048 for digits, 569/2048 for "i" (the font's hmtx)
    expect(textWidth('0123456789', 10)).toBeCloseTo(10 * 6.36, 6);
    expect(textWidth('i', 100)).toBeCloseTo(27.8, 6);
    expect(textWidth('critical n', 12, true)).toBeGreaterThan(textWidth('critical n', 12));
  });

  it('the generated table agrees with the installed font files', async (ctx) => {
    const fontDir = '/usr/share/fonts/truetype/dejavu';
    let advanceWidths: (file: string, chars: string) => Record<string, number>;
    let CHARACTERS: string;
    try {
      readFileSync(join(fontDir, 'DejaVuSans.ttf'));
      ({ advanceWidths, CHARACTERS } = (await import('../scripts/font-widths.mjs' as string)) as { advanceWidths: typeof advanceWidths; CHARACTERS: string });
    } catch {
      ctx.skip(); // no DejaVu fonts here: nothing to compare with
      return;
    }
    const regular = advanceWidths(join(fontDir, 'DejaVuSans.ttf'), CHARACTERS);
    for (const [ch, w] of Object.entries(regular)) expect(textWidth(ch, 1000), ch).toBeCloseTo(w, 6);
  });

  it('wraps at spaces, every line within the width, nothing lost', () => {
    const text = 'not drawn: our cubic, since 5 distinct d for 4 parameters leave 1 residual degree of freedom: too few to check the model';
    const lines = wrapText(text, 200, 11);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(textWidth(line, 11)).toBeLessThanOrEqual(200);
    expect(lines.join(' ')).toBe(text);
    expect(wrapText('averyveryverylongword short', 20, 11)).toEqual(['averyveryverylongword', 'short']);
  });
});

describe('criticalNChartSpec', () => {
  const band = (f: (d: number) => number, half: number) =>
    Array.from({ length: 21 }, (_, i) => 4 + i / 5).map((d) => ({ d, n: f(d), lower: f(d) - half, upper: f(d) + half }));
  const paperCubic = (d: number) => -10.5322 + 4.0309 * d + 0.052 * d * d + 0.0037 * d ** 3;
  const spec = criticalNChartSpec({
    k: 2,
    measured: fixture.dimensions.map((r) => ({ d: r.d, criticalN: r.criticalN, ...(r.d === 5 ? { spread: { low: 12, high: 13, restarts: 3 } } : {}) })),
    paper: [10, 14, 19, 24, 28].map((n, i) => ({ d: 4 + i, criticalN: n })),
    fits: [
      { source: 'ours', label: 'our power law\nn = 0.777·d^1.77', intervalLabel: '95% bootstrap', points: band((d) => 0.7765 * d ** 1.7698, 1.5) },
      { source: 'paper', label: "paper's published cubic\n(fitted on d = 4..45)", points: band(paperCubic, 0).map(({ d, n }) => ({ d, n })) },
    ],
    notes: [
      'not drawn: our cubic, since 5 distinct d for 4 parameters leave 1 residual degree of freedom: too few to check the model, so it says nothing beyond the measured d',
      "the paper's cubic was fitted on d = 4..45, so at small d it runs below the paper's own points (6.7 at d = 4 against 10)",
    ],
  });

  it('renders at a fixed width with the legend beside the plot, naming every marker, fit and band', async () => {
    const { texts } = await renderAndCheck('critical-n-vs-d', spec);
    expect(texts.legendLabels).toEqual([
      'ours (bar: range over 3 seeds)',
      'paper (Weller et al., measured)',
      'our power law n = 0.777·d^1.77 (band: 95% bootstrap)',
      "paper's published cubic (fitted on d = 4..45)",
    ]);
    expect(texts.axisLabels).toContainEqual(['4', '5', '6', '7', '8']);
    expect(texts.subtitle.join(' ')).toContain('not drawn: our cubic');
    const { items } = await scene(spec);
    const legend = items.filter((i) => i.role === 'legend-symbol');
    const plotted = items.filter((i) => i.role === 'mark');
    // beside: every legend symbol right of every plotted mark, inside the figure
    expect(Math.min(...legend.map((i) => i.bounds.x1))).toBeGreaterThan(Math.max(...plotted.map((i) => i.bounds.x2)));
    expect(Math.max(...legend.map((i) => i.bounds.x2))).toBeLessThanOrEqual(CHART_WIDTH);
  });

  it("draws coincident points of ours and the paper's apart (offset and open vs filled): nothing hidden", async () => {
    const symbols = (await scene(spec)).items.filter((i) => i.marktype === 'symbol' && i.role === 'mark');
    for (const d of [4, 5, 6]) {
      const at = symbols.filter((s) => s.datum['d'] === d);
      const ours = at.find((s) => String(s.datum['series']).startsWith('ours'))!;
      const paper = at.find((s) => String(s.datum['series']).startsWith('paper'))!;
      expect(Math.abs(ours.x - paper.x)).toBeGreaterThanOrEqual(8);
    }
  });

  it('draws a fit interval as a band when the points carry one', () => {
    const json = JSON.stringify(spec);
    expect(json).toContain('"type":"area"');
  });
});

describe('accuracyVsNChartSpec', () => {
  it('d = 4..8 of a real run: legend names each d and each marker; n* labels above the plot and apart', async () => {
    const spec = accuracyVsNChartSpec({ k: 2, traces: measuredTraces });
    const { texts } = await renderAndCheck('accuracy-vs-n', spec);
    expect(texts.legendLabels).toEqual(['d = 4', 'd = 5', 'd = 6', 'd = 7', 'd = 8', 'solved: every top-2 set exact', 'not solved', 'critical n (n*)']);
    expect(texts.markTexts).toEqual(expect.arrayContaining(['n* = 9', 'n* = 13', 'n* = 19', 'n* = 26', 'n* = 29']));
    expect(texts.axisTitles).toContain('best official accuracy');
    expect(texts.subtitle.join(' ')).toContain("accuracy: the official script's");
    const { items } = await scene(spec);
    const labels = items.filter((i) => i.marktype === 'text' && i.role === 'mark');
    // the data's lines and markers (not the marker legend's own points, clipped away left of the plot)
    const lines = items.filter((i) => (i.marktype === 'line' || i.marktype === 'symbol') && i.role === 'mark' && i.datum['marker'] === undefined);
    const plotTop = Math.min(...lines.map((i) => i.bounds.y1)) + 5; // a marker at 100 % reaches 5 px above the plot
    expect(labels).toHaveLength(5);
    for (const [a, label] of labels.entries()) {
      // above the plot (no data line crosses it) …
      expect(label.bounds.y2).toBeLessThanOrEqual(plotTop - 5);
      // … and clear of every other label
      for (const other of labels.slice(a + 1)) {
        const apart = label.bounds.x2 <= other.bounds.x1 || other.bounds.x2 <= label.bounds.x1 || label.bounds.y2 <= other.bounds.y1 || other.bounds.y2 <= label.bounds.y1;
        expect(apart, `${String(label.text)} / ${String(other.text)}`).toBe(true);
      }
    }
  });

  it('a capped search says n* ≥ …, and a 0.02 %-wide axis gets distinct ticks', async () => {
    const spec = accuracyVsNChartSpec({
      k: 2,
      traces: [{ d: 7, criticalN: 20, capped: true, trials: [{ n: 4, accuracy: 1 }, { n: 8, accuracy: 1 }, { n: 16, accuracy: 0.99985 }, { n: 20, accuracy: 1 }] }],
    });
    const { texts } = await renderAndCheck('accuracy-vs-n-capped', spec);
    expect(texts.markTexts).toContain('n* ≥ 20');
    expect(texts.subtitle.join(' ')).toContain('d = 7: n* ≥ 20: the search stopped at its max n');
    const y = texts.axisLabels.find((labels) => labels.some((l) => l.endsWith('%')))!;
    // the axis runs from 99.985 % less 6 % of the 0.015 % span (99.9841 %) to 100 %: a 0.005 % step, three
    // decimals, every label different (the playground showed 100.00 %, 100.00 %, 99.98 %, 99.98 %)
    expect(y).toEqual(['99.985%', '99.990%', '99.995%', '100.000%']);
  });
});

describe('accuracyVsNChartSpec when every n solved', () => {
  it('spans 90 % … 100 % (not a hair-thin axis at 99.9994 %)', async () => {
    const { texts } = await renderAndCheck('accuracy-vs-n-all-solved', accuracyVsNChartSpec({ k: 2, traces: [{ d: 7, criticalN: 20, capped: true, trials: [4, 8, 16, 20].map((n) => ({ n, accuracy: 1 })) }] }));
    expect(texts.axisLabels).toContainEqual(['90%', '92%', '94%', '96%', '98%', '100%']);
  });
});

describe('ticks', () => {
  it('percent ticks: a 1-2-5 step and just enough decimals, never two equal labels', () => {
    expect(percentTicks(0.9996, 1)).toEqual({ values: [0.9996, 0.9997, 0.9998, 0.9999, 1], format: '.2%' });
    expect(percentTicks(0.86, 1)).toEqual({ values: [0.9, 0.95, 1], format: '.0%' });
    expect(percentTicks(0, 1)).toEqual({ values: [0, 0.2, 0.4, 0.6, 0.8, 1], format: '.0%' });
    expect(percentTicks(0.99, 1).format).toBe('.1%');
    for (const [lo, hi] of [[0.12345, 0.12346], [0.5, 0.9], [0.999, 1], [0, 0.003]] as const) {
      const { values, format } = percentTicks(lo, hi);
      const decimals = Number(format.slice(1, -1));
      const labels = values.map((v) => `${(v * 100).toFixed(decimals)}%`);
      expect(new Set(labels).size).toBe(labels.length);
      expect(values.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('powers of ten with real superscripts; integer ticks on integer axes', () => {
    expect(powerOfTenLabel(2)).toBe('10²');
    expect(powerOfTenLabel(-13)).toBe('10⁻¹³');
    expect(logAxisTicks(0.5, 150)).toEqual({ values: [1, 10, 100], labels: ['10⁰', '10¹', '10²'] });
    expect(logAxisTicks(3, 30).labels).toEqual(['5·10⁰', '10¹', '2·10¹']);
    // inside one 1-2-5 step (the K₁₂ spectrum √10…√22, padded): every integer mantissa, never a lone tick
    expect(logAxisTicks(2.7, 5.9)).toEqual({ values: [3, 4, 5], labels: ['3·10⁰', '4·10⁰', '5·10⁰'] });
    // the K₁₂ sign matrix 2A − 1 (σ ≈ 6.9 … 19, padded): two 1-2-5 ticks only, so every integer mantissa
    expect(logAxisTicks(5.5, 23).labels).toEqual(['6·10⁰', '7·10⁰', '8·10⁰', '9·10⁰', '10¹', '2·10¹']);
    expect(integerTicks(4, 6)).toEqual([4, 5, 6]);
    expect(integerTicks(1, 45, 12)).toEqual([1, 5, 10, 15, 20, 25, 30, 35, 40, 45]);
  });
});

describe('every other chart: fixed width, legend beside, distinct ticks', () => {
  it('singular values: log axis labelled 10⁰, 10¹, 10², σᵢ, signal and noise in the legend', async () => {
    const values = [122.7, 104.3, 88.3, 79.0, 70.7, ...Array.from({ length: 75 }, (_, i) => 1.77 - i * 0.015)];
    const { texts } = await renderAndCheck('singular-values', singularValuesChartSpec({ values, signalRank: 5, title: 'Singular values of a 100 × 80 rank-5 matrix + noise (σ = 0.1)' }));
    expect(texts.axisLabels.flat()).toEqual(expect.arrayContaining(['10⁰', '10¹', '10²']));
    expect(texts.axisTitles).toContain('σᵢ (log scale)');
    expect(texts.legendLabels).toEqual(['σ₁…σ₅ (signal)', 'rest (noise)']);
    expect(texts.axisLabels.flat().join(' ')).not.toMatch(/1e\+?\d/);
  });

  it('singular values without a signal rank: one kind of marker, so no legend', async () => {
    const { texts } = await renderAndCheck('singular-values-plain', singularValuesChartSpec({ values: [19, 6.9, 6.9, 6.9], title: 'Singular values of 2A − 1 (rank 4)' }));
    expect(texts.legendLabels).toEqual([]);
    expect(texts.axisLabels.flat()).toEqual(expect.arrayContaining(['7·10⁰', '10¹']));
  });

  it('failing queries: both marker kinds in the legend', async () => {
    const failures = Array.from({ length: 6 }, (_, q) => ({
      query: q,
      margin: -0.02 * (q + 1),
      relevant: [{ doc: q, score: 0.5 - 0.01 * q }, { doc: q + 1, score: 0.45 }],
      intruders: [{ doc: q + 7, score: 0.5 + 0.01 * q }],
    }));
    const spec = failingQueriesChartSpec({ numQueries: 45, failures, queryLabel: (f) => `q${f.query} {${f.relevant.map((r) => r.doc).join(', ')}}` });
    const { texts } = await renderAndCheck('failing-queries', spec);
    expect(texts.legendLabels).toEqual(['relevant document', 'non-relevant, above a relevant one']);
    expect(texts.title).toEqual(['Where the run fails']);
    // every document is named once; coincident ones share a label (q5: d5 and d6 both at 0.45; q0: d0 and d7 at 0.5)
    expect(texts.markTexts.flatMap((t) => t.split(', ')).sort()).toEqual(failures.flatMap((f) => [...f.relevant, ...f.intruders].map((r) => `d${r.doc}`)).sort());
    expect(texts.markTexts).toEqual(expect.arrayContaining(['d5, d6', 'd0, d7']));
    const labels = (await scene(spec)).items.filter((i) => i.marktype === 'text' && i.role === 'mark');
    for (const [a, label] of labels.entries()) {
      for (const other of labels.slice(a + 1)) {
        const apart = label.bounds.x2 <= other.bounds.x1 || other.bounds.x2 <= label.bounds.x1 || label.bounds.y2 <= other.bounds.y1 || other.bounds.y2 <= label.bounds.y1;
        expect(apart, `${String(label.text)} / ${String(other.text)}`).toBe(true);
      }
    }
  });

  it('line charts: loss on a log axis labelled in powers of ten, accuracy in percent', async () => {
    const steps = Array.from({ length: 36 }, (_, i) => 10 * (i + 1));
    const loss = await renderAndCheck(
      'line-loss',
      lineChartSpec({ title: 'Training loss (InfoNCE)', xTitle: 'step', yTitle: 'loss (log scale)', logY: true, integerX: true, series: [{ label: 'loss', points: steps.map((x) => ({ x, y: 2 * Math.exp(-x / 60) + 0.004 })) }] }),
    );
    expect(loss.texts.axisLabels.flat()).toEqual(expect.arrayContaining(['10⁻²', '10⁻¹', '10⁰']));
    expect(loss.texts.legendLabels).toEqual([]); // one series: no legend
    const accuracy = await renderAndCheck(
      'line-accuracy',
      lineChartSpec({
        title: 'Official accuracy',
        xTitle: 'step',
        yTitle: 'relevant documents in the top-k',
        yDomain: [0, 1],
        yPercent: true,
        integerX: true,
        series: [
          { label: 'official accuracy', points: steps.map((x) => ({ x, y: Math.min(1, x / 300) })) },
          { label: 'another run', dash: [4, 3], points: steps.map((x) => ({ x, y: Math.min(1, x / 350) })) },
        ],
      }),
    );
    expect(accuracy.texts.axisLabels).toContainEqual(['0%', '20%', '40%', '60%', '80%', '100%']);
    expect(accuracy.texts.legendLabels).toEqual(['official accuracy', 'another run']);
  });
});

describe('renderChart (Node)', () => {
  it('renders SVG with vega and a PNG of twice its size with resvg, and leaves vega’s own text measure in place', async () => {
    const before = (vega as unknown as { textMetrics: { width: unknown } }).textMetrics.width;
    const rendered = await renderChart(failingQueriesChartSpec({ numQueries: 10, failures: [{ query: 3, margin: -0.1, relevant: [{ doc: 1, score: 0.4 }], intruders: [{ doc: 5, score: 0.5 }] }] }));
    expect((vega as unknown as { textMetrics: { width: unknown } }).textMetrics.width).toBe(before);
    expect(rendered.svg.startsWith('<svg')).toBe(true);
    expect(rendered.svg).toContain('Where the run fails');
    const png = Buffer.from(rendered.png);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(Math.round(rendered.width * 2));
    expect(JSON.parse(rendered.specJson).$schema).toMatch(/vega-lite/);
  });
});
