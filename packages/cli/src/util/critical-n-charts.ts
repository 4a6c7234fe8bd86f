/**
 * The critical-n charts from an experiment's results: turns the summary rows, the per-seed observations
 * and the bootstrap fits into the inputs of the `@limit/charts` spec builders (the specs live there,
 * shared with the web playground).
 */
import { accuracyVsNChartSpec, criticalNChartSpec, type CriticalNFitCurve, type MeasuredCriticalN, type VegaLiteSpec } from '@limit/charts';
import {
  PAPER_CRITICAL_N,
  bootstrapCriticalNFit,
  paperCriticalNFit,
  type CriticalNFitComparison,
  type CriticalNObservation,
  type CriticalNSummaryRow,
} from '@limit/trainer';

/** Builds the accuracy-vs-n and critical-n-vs-d specs of one `limit critical-n` run. */
export function criticalNCharts(input: {
  k: number;
  seed: number;
  rows: readonly CriticalNSummaryRow[];
  observations: readonly CriticalNObservation[];
  comparison: CriticalNFitComparison | undefined;
}): { accuracyVsN: VegaLiteSpec; criticalNVsD: VegaLiteSpec } {
  const { k, rows, observations, comparison } = input;
  const dims = rows.map((r) => r.d);
  const measured: MeasuredCriticalN[] = [];
  for (const r of rows) {
    if (r.criticalN === null) continue;
    // with restarts, each seed's own threshold (criticalNObservations): their range is the spread
    const perSeed = observations.filter((o) => o.d === r.d && o.seed !== undefined).map((o) => o.criticalN);
    measured.push({
      d: r.d,
      criticalN: r.criticalN,
      ...(perSeed.length > 1 ? { spread: { low: Math.min(...perSeed), high: Math.max(...perSeed), restarts: perSeed.length } } : {}),
    });
  }
  const lo = Math.min(...dims);
  const hi = Math.max(...dims);
  const sample = (f: (d: number) => number) => Array.from({ length: 41 }, (_, i) => lo + ((hi - lo) * i) / 40).map((d) => ({ d, n: f(d) }));
  const fits: CriticalNFitCurve[] = [];
  const notes: string[] = [];
  const cubic = comparison?.measured.find((f) => f.model === 'cubic');
  if (cubic) {
    // the band: the same bootstrap evaluated at every integer d of the plot
    const at = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
    let band: { d: number; lower?: number; upper?: number }[] = [];
    try {
      const banded = bootstrapCriticalNFit(observations, { model: 'cubic', seed: input.seed, extrapolateTo: at, confidence: cubic.confidence });
      band = banded.extrapolation.filter((e) => e.low !== null && e.high !== null).map((e) => ({ d: e.d, lower: e.low!, upper: e.high! }));
      if (band.length < 2) {
        const reason = banded.extrapolation.find((e) => e.reason)?.reason ?? `${banded.residualDegreesOfFreedom} residual degrees of freedom`;
        notes.push(`our cubic fit's interval not drawn: ${reason}`);
        band = [];
      }
    } catch (error) {
      notes.push(`our cubic fit's interval not drawn: ${error instanceof Error ? error.message : String(error)}`);
    }
    const points = sample((d) => cubic.predict(d)).map((p) => {
      const b = band.find((x) => x.d === p.d);
      return b ? { ...p, lower: b.lower!, upper: b.upper! } : p;
    });
    fits.push({ source: 'ours', label: 'our cubic fit', intervalLabel: `${Math.round(cubic.confidence * 100)}% bootstrap over ${cubic.method}`, points });
  } else {
    const have = new Set(observations.map((o) => o.d)).size;
    notes.push(`our cubic fit not drawn: it needs a critical n at ≥ 4 dimensions, have ${have}`);
  }
  if (k === 2) {
    // the paper fitted d ≥ 4; below that its cubic drops under k + 1 documents, which means nothing
    const points = sample(paperCriticalNFit).filter((p) => p.n >= k + 1);
    if (points.length > 1) fits.push({ source: 'paper', label: "paper's cubic fit", points });
    if (points.length < 41) notes.push(`paper's cubic fit drawn where it gives n ≥ ${k + 1}`);
  } else notes.push(`the paper's points and fit are for k = 2; this run has k = ${k}`);
  const paper = k === 2 ? dims.filter((d) => PAPER_CRITICAL_N[d] !== undefined).map((d) => ({ d, criticalN: PAPER_CRITICAL_N[d]! })) : [];

  const criticalNVsD = criticalNChartSpec({ k, measured, paper, fits, notes });
  const accuracyVsN = accuracyVsNChartSpec({
    k,
    traces: rows.map((r) => ({
      d: r.d,
      ...(r.criticalN !== null ? { criticalN: r.criticalN } : {}),
      trials: [...r.successRates].sort((a, b) => a.n - b.n).map((t) => ({ n: t.n, accuracy: t.maxAccuracy, solved: t.successRate > 0 })),
    })),
  });
  return { accuracyVsN, criticalNVsD };
}
