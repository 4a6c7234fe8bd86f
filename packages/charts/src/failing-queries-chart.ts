import { CHART_CONFIG, CHART_WIDTH, PALETTE, VEGA_LITE_SCHEMA, chartFrame, type VegaLiteSpec } from './chart-style.js';
import { textWidth } from './text-width.js';

/** One query whose top-k is wrong: its relevant documents' scores and the non-relevant ones that beat them. */
export interface FailingQuery {
  /** Query index (row of the qrels). */
  readonly query: number;
  /** Relevant documents and their scores ⟨q, d⟩. */
  readonly relevant: readonly { readonly doc: number; readonly score: number }[];
  /** Non-relevant documents scoring at least the lowest relevant score (the intruders), highest first. */
  readonly intruders: readonly { readonly doc: number; readonly score: number }[];
  /** Lowest relevant score − highest non-relevant score (≤ 0 for a failing query). */
  readonly margin: number;
}

/** Input of {@link failingQueriesChartSpec}. */
export interface FailingQueriesChartInput {
  readonly failures: readonly FailingQuery[];
  /** Total number of queries (for the title). */
  readonly numQueries: number;
  /** Label a query row (default `q12`); e.g. with its relevant documents `q12 {3, 7}`. */
  readonly queryLabel?: (failure: FailingQuery) => string;
  /** At most this many rows, worst margin first (default 25). */
  readonly maxRows?: number;
  /** Width of the whole chart — rows' labels, plot, legend — in pixels (default `CHART_WIDTH`, 680). */
  readonly width?: number;
}

/**
 * Where a run fails: one row per query whose top-k is wrong (worst margin first), its relevant documents'
 * scores as filled circles and the non-relevant documents that outscore one of them as red crosses, a
 * bar spanning the (negative) margin, and each point labelled with its document id (ids whose labels would
 * touch share one label, `d3, d7`); a fixed width, the legend beside the plot.
 *
 * @param input - failing queries (e.g. from `topKFailures` in `@limit/trainer`).
 * @returns a Vega-Lite spec.
 * @example
 * ```ts
 * failingQueriesChartSpec({ numQueries: 45, failures: [{ query: 3, margin: -0.1, relevant: [{ doc: 1, score: 0.4 }], intruders: [{ doc: 5, score: 0.5 }] }] });
 * ```
 */
export function failingQueriesChartSpec(input: FailingQueriesChartInput): VegaLiteSpec {
  const shown = [...input.failures].sort((a, b) => a.margin - b.margin).slice(0, input.maxRows ?? 25);
  const label = input.queryLabel ?? ((f: FailingQuery) => `q${f.query}`);
  const order = shown.map(label);
  const points = shown.flatMap((f) => [
    ...f.relevant.map((r) => ({ query: label(f), doc: `d${r.doc}`, score: r.score, kind: 'relevant document' })),
    ...f.intruders.map((r) => ({ query: label(f), doc: `d${r.doc}`, score: r.score, kind: 'non-relevant, above a relevant one' })),
  ]);
  const spans = shown.map((f) => ({
    query: label(f),
    low: Math.min(...f.relevant.map((r) => r.score)),
    high: Math.max(...f.intruders.map((r) => r.score), Math.min(...f.relevant.map((r) => r.score))),
    margin: f.margin,
  }));
  const y = { field: 'query', type: 'nominal', title: null, sort: order, axis: { labelLimit: 200 } };
  const x = { field: 'score', type: 'quantitative', title: 'score ⟨q, d⟩', scale: { zero: false, nice: true, padding: 10 } };
  const kinds = ['relevant document', 'non-relevant, above a relevant one'];
  const labels = documentLabels(points, order, kinds, input.width ?? CHART_WIDTH);
  const subtitle =
    input.failures.length === 0
      ? ['every query’s top-k is exactly its relevant set']
      : [`${input.failures.length} of ${input.numQueries} queries have a wrong top-k${shown.length < input.failures.length ? `; the ${shown.length} worst margins shown` : ''}`, 'bar: from the lowest relevant score to the highest non-relevant one (the margin, negative)'];
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...chartFrame('Where the run fails', subtitle, input.width),
    // 22 px per query row (a number, not a step: the chart's width is fixed, its height follows the rows)
    height: 22 * Math.max(1, shown.length),
    config: CHART_CONFIG,
    layer: [
      { data: { values: spans }, mark: { type: 'rule', color: '#bbbbbb', strokeWidth: 6 }, encoding: { y, x: { ...x, field: 'low' }, x2: { field: 'high' }, tooltip: [{ field: 'query' }, { field: 'margin', format: '.3g' }] } },
      {
        data: { values: points },
        mark: { type: 'point', size: 70, strokeWidth: 2, opacity: 1 },
        encoding: {
          y,
          x,
          shape: { field: 'kind', type: 'nominal', title: null, scale: { domain: kinds, range: ['circle', 'cross'] }, legend: { orient: 'right' } },
          color: { field: 'kind', type: 'nominal', title: null, scale: { domain: kinds, range: [PALETTE.ours, PALETTE.paper] }, legend: { orient: 'right' } },
          fill: { field: 'kind', type: 'nominal', title: null, scale: { domain: kinds, range: [PALETTE.ours, PALETTE.paper] }, legend: { orient: 'right' } },
          tooltip: [{ field: 'query' }, { field: 'doc' }, { field: 'score', format: '.4f' }, { field: 'kind' }],
        },
      },
      { data: { values: labels }, mark: { type: 'text', dy: -10, fontSize: LABEL_FONT_SIZE, color: '#333333' }, encoding: { y, x, text: { field: 'doc' } } },
    ],
  } as unknown as VegaLiteSpec;
}

const LABEL_FONT_SIZE = 9;

/**
 * The document labels of each row, laid out so none touch: labels whose extents (at the plot's estimated
 * scale) would overlap are merged into one, `d3, d7`, at their mean score, until no two touch.
 */
function documentLabels(points: readonly { query: string; doc: string; score: number }[], rowLabels: readonly string[], legendLabels: readonly string[], width: number) {
  if (points.length === 0) return [];
  const scores = points.map((p) => p.score);
  const [lo, hi] = niceDomain(Math.min(...scores), Math.max(...scores));
  const axis = Math.max(...rowLabels.map((l) => textWidth(l, CHART_CONFIG.axis.labelFontSize))) + 12;
  const legend = Math.max(...legendLabels.map((l) => textWidth(l, CHART_CONFIG.legend.labelFontSize))) + 40;
  // on the small side: a narrower plot puts labels closer, so more are merged, never fewer
  const plot = Math.max(50, width - 2 * CHART_CONFIG.padding - axis - legend - 10) - 20;
  const px = (score: number) => ((score - lo) / (hi - lo || 1)) * plot;
  const out: { query: string; doc: string; score: number }[] = [];
  for (const query of new Set(points.map((p) => p.query))) {
    let clusters = points
      .filter((p) => p.query === query)
      .sort((a, b) => a.score - b.score)
      .map((p) => ({ docs: [p.doc], scores: [p.score] }));
    const extent = (c: { docs: string[]; scores: number[] }) => {
      const centre = px(c.scores.reduce((a, b) => a + b, 0) / c.scores.length);
      const half = textWidth(c.docs.join(', '), LABEL_FONT_SIZE) / 2 + 2;
      return [centre - half, centre + half] as const;
    };
    for (let merged = true; merged; ) {
      merged = false;
      for (let i = 0; i + 1 < clusters.length; i++) {
        if (extent(clusters[i]!)[1] > extent(clusters[i + 1]!)[0]) {
          const [a, b] = [clusters[i]!, clusters[i + 1]!];
          clusters = [...clusters.slice(0, i), { docs: [...a.docs, ...b.docs], scores: [...a.scores, ...b.scores] }, ...clusters.slice(i + 2)];
          merged = true;
          break;
        }
      }
    }
    for (const c of clusters) out.push({ query, doc: c.docs.join(', '), score: c.scores.reduce((a, b) => a + b, 0) / c.scores.length });
  }
  return out;
}

/** The domain d3's `nice()` gives a linear scale of about ten ticks. */
function niceDomain(lo: number, hi: number): [number, number] {
  if (!(hi > lo)) return [lo - 0.5, hi + 0.5];
  const raw = (hi - lo) / 10;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step];
}
