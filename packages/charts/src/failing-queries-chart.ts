import { CHART_CONFIG, PALETTE, VEGA_LITE_SCHEMA, type VegaLiteSpec } from './chart-style.js';

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
  readonly width?: number;
}

/**
 * Where a run fails: one row per query whose top-k is wrong (worst margin first), its relevant documents'
 * scores as filled circles and the non-relevant documents that outscore one of them as red crosses, a
 * bar spanning the (negative) margin, and each point labelled with its document id.
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
  const subtitle =
    input.failures.length === 0
      ? ['every query’s top-k is exactly its relevant set']
      : [`${input.failures.length} of ${input.numQueries} queries have a wrong top-k${shown.length < input.failures.length ? `; the ${shown.length} worst margins shown` : ''}`, 'bar: from the lowest relevant score to the highest non-relevant one (the margin, negative)'];
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: 'Where the run fails', subtitle },
    width: input.width ?? 520,
    height: { step: 22 },
    config: CHART_CONFIG,
    layer: [
      { data: { values: spans }, mark: { type: 'rule', color: '#bbbbbb', strokeWidth: 6 }, encoding: { y, x: { ...x, field: 'low' }, x2: { field: 'high' }, tooltip: [{ field: 'query' }, { field: 'margin', format: '.3g' }] } },
      {
        data: { values: points },
        mark: { type: 'point', size: 70, strokeWidth: 2, opacity: 1 },
        encoding: {
          y,
          x,
          shape: { field: 'kind', type: 'nominal', title: null, scale: { domain: kinds, range: ['circle', 'cross'] }, legend: { orient: 'bottom', direction: 'horizontal' } },
          color: { field: 'kind', type: 'nominal', title: null, scale: { domain: kinds, range: [PALETTE.ours, PALETTE.paper] }, legend: { orient: 'bottom', direction: 'horizontal' } },
          fill: { field: 'kind', type: 'nominal', title: null, scale: { domain: kinds, range: [PALETTE.ours, PALETTE.paper] }, legend: { orient: 'bottom', direction: 'horizontal' } },
          tooltip: [{ field: 'query' }, { field: 'doc' }, { field: 'score', format: '.4f' }, { field: 'kind' }],
        },
      },
      { data: { values: points }, mark: { type: 'text', dy: -10, fontSize: 9, color: '#333333' }, encoding: { y, x, text: { field: 'doc' } } },
    ],
  } as unknown as VegaLiteSpec;
}
