/**
 * The capacity chart of `limit capacity`: critical n against d per objective, the paper's Table 6 points and the
 * moment-curve construction's float32 limit, drawn with `@limit/charts`' line chart (fixed width, legend beside).
 */
import { lineChartSpec, type VegaLiteSpec } from '@limit/charts';
import type { CapacityResult } from '@limit/trainer';

/** Builds the chart spec of a capacity result. */
export function capacityChartSpec(result: CapacityResult): VegaLiteSpec {
  const ds = result.rows.map((r) => r.d);
  const series = result.objectives.map((label, i) => ({
    label: `${label} (critical n)`,
    points: result.rows.flatMap((r) => (r.objectives[i]!.criticalN === null ? [] : [{ x: r.d, y: r.objectives[i]!.criticalN! }])),
  }));
  const paper = result.rows.filter((r) => r.paper !== null).map((r) => ({ x: r.d, y: r.paper! }));
  if (paper.length > 0) series.push({ label: 'paper, Table 6 (InfoNCE, one seed)', points: paper });
  const notes = [
    `k = ${result.k}; ${result.restarts} seed(s) per n from ${result.seed}, critical n by '${result.statistic}'; queries ${result.queryMode}, pass rule ${result.passRule}`,
  ];
  const limit = result.float32Limit;
  const from = Math.max(2 * result.k, Math.min(...ds));
  const to = Math.max(...ds);
  if (limit !== null && from <= to) {
    series.push({ label: `moment curve in float32: every set up to n = ${limit.largestN}`, points: [{ x: from, y: limit.largestN }, { x: to, y: limit.largestN }] });
    notes.push(`the construction realises every k-subset of any n in exact arithmetic for d ≥ ${2 * result.k}; float32 first loses a set at n = ${limit.firstFailureN ?? '—'}`);
  }
  return lineChartSpec({
    title: `Critical n against d per objective (k = ${result.k})`,
    xTitle: 'embedding dimension d',
    yTitle: 'documents n',
    series: series.map((s, i) => ({ ...s, ...(i >= result.objectives.length ? { dash: i === result.objectives.length ? [2, 3] : [6, 4] } : {}) })),
    integerX: true,
    logY: limit !== null && limit.largestN > 4 * Math.max(1, ...result.rows.flatMap((r) => r.objectives.map((o) => o.criticalN ?? 1))),
    notes,
  });
}
