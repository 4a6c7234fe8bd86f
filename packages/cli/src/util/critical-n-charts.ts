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
  type BootstrapCriticalNFit,
  type CriticalNFitComparison,
  type CriticalNObservation,
  type CriticalNSummaryRow,
} from '@limit/trainer';

/** The d range of Table 6 of the paper, on which its published cubic was fitted. */
const PAPER_FIT_RANGE = '4..45';
/** Samples per fitted curve across the measured d. */
const CURVE_SAMPLES = 41;

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
  const grid = Array.from({ length: CURVE_SAMPLES }, (_, i) => lo + ((hi - lo) * i) / (CURVE_SAMPLES - 1));
  const fits: CriticalNFitCurve[] = [];
  const notes: string[] = [];

  if (comparison === undefined) {
    notes.push(`no fit drawn: a fit needs critical n at ≥ 2 dimensions, have ${new Set(observations.map((o) => o.d)).size}`);
  } else {
    const paperObservations = comparison.paperValuesD.map((d) => ({ d, criticalN: PAPER_CRITICAL_N[d]! }));
    const range = comparison.paperValuesD.length > 0 ? `${comparison.paperValuesD[0]}..${comparison.paperValuesD[comparison.paperValuesD.length - 1]}` : '';
    const candidates = [
      ...comparison.measured.map((fit) => ({ fit, data: observations, source: 'ours' as const, name: `our ${modelName(fit)}` })),
      ...comparison.paperValues.map((fit) => ({ fit, data: paperObservations, source: 'paper' as const, name: `the ${modelName(fit)} on the paper's\npoints (d = ${range})` })),
    ];
    const notDrawn = new Map<string, string[]>();
    for (const { fit, data, source, name } of candidates) {
      const curve = fitCurve(fit, data, grid, input.seed);
      if ('reason' in curve) {
        notDrawn.set(curve.reason, [...(notDrawn.get(curve.reason) ?? []), name.replace('\n', ' ')]);
        continue;
      }
      const style = source === 'ours' ? (fit.model === 'power-law' ? 'solid' : 'dash-dot') : fit.model === 'power-law' ? 'dotted' : 'dash-dot';
      fits.push({ source, label: `${name.replace(/^the /, '')}\n${formula(fit)}`, intervalLabel: `${Math.round(fit.confidence * 100)}% bootstrap`, style, points: curve.points });
    }
    // the CLI's rule: an extrapolation is reported only where the bootstrap supports it; the same rule on the plotted d
    for (const [reason, names] of notDrawn) notes.push(`not drawn: ${names.join(' and ')}, since ${reason}`);
    for (const note of comparison.notes) notes.push(note);
  }
  if (k === 2) {
    // the paper fitted d = 4..45; below d ≈ 3 its cubic drops under k + 1 documents, which means nothing
    const points = grid.map((d) => ({ d, n: paperCriticalNFit(d) })).filter((p) => p.n >= k + 1);
    if (points.length > 1) {
      fits.push({ source: 'paper', label: `paper's published cubic\n(fitted on d = ${PAPER_FIT_RANGE})`, style: 'dashed', points });
      if (points.length < grid.length) notes.push(`paper's cubic drawn where it gives n ≥ ${k + 1}`);
    } else notes.push(`paper's cubic not drawn: it gives n < ${k + 1} over d = ${lo}..${hi}`);
    const below = dims.find((d) => PAPER_CRITICAL_N[d] !== undefined && paperCriticalNFit(d) < PAPER_CRITICAL_N[d]! - 1);
    if (below !== undefined) {
      notes.push(
        `the paper's cubic was fitted on d = ${PAPER_FIT_RANGE}, so at small d it runs below the paper's own points ` +
          `(${paperCriticalNFit(below).toFixed(1)} at d = ${below} against ${PAPER_CRITICAL_N[below]})`,
      );
    }
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

function modelName(fit: BootstrapCriticalNFit): string {
  return fit.model === 'power-law' ? 'power law' : 'cubic';
}

function formula(fit: BootstrapCriticalNFit): string {
  if (fit.model === 'power-law') return `n = ${fit.coefficients[0]!.toPrecision(3)}·d^${fit.coefficients[1]!.toPrecision(3)}`;
  return `n = ${fit.coefficients.map((c, i) => `${i > 0 && c >= 0 ? '+ ' : i > 0 ? '− ' : ''}${(i > 0 ? Math.abs(c) : c).toPrecision(3)}${i === 0 ? '' : i === 1 ? '·d' : `·d^${i}`}`).join(' ')}`;
}

/**
 * The fit and its bootstrap band across the measured d, or why it is not drawn: the same bootstrap as the
 * summary's (model, seed, level, resamples) evaluated on the plot's grid; a fit is drawn only when every
 * grid point is supported (≥ 2 residual degrees of freedom, positive and not too wide an interval).
 */
function fitCurve(
  fit: BootstrapCriticalNFit,
  observations: readonly CriticalNObservation[],
  grid: readonly number[],
  seed: number,
): { points: { d: number; n: number; lower: number; upper: number }[] } | { reason: string } {
  const banded = bootstrapCriticalNFit(observations, { model: fit.model, seed, confidence: fit.confidence, resamples: fit.resamples, extrapolateTo: grid });
  const unsupported = banded.extrapolation.find((e) => !e.supported);
  if (unsupported !== undefined) return { reason: unsupported.reason ?? 'unsupported' };
  return { points: banded.extrapolation.map((e) => ({ d: e.d, n: e.n!, lower: e.low!, upper: e.high! })) };
}
