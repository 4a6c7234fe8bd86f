import { InvalidArgumentError, assertInteger, assertKnownOptions, createRng } from '@limit/core';
import { polyfit } from '@limit/matrix';
import { PAPER_EXTRAPOLATION_DIMENSIONS } from './fit.js';
import { PAPER_CRITICAL_N, paperCriticalNFit } from './paper.js';

/** One measured critical n: at dimension d, from one seed (or from all restarts together when `seed` is absent). */
export interface CriticalNObservation {
  readonly d: number;
  readonly criticalN: number;
  readonly seed?: number;
}

/** The two models: the paper's cubic n = c₀ + c₁d + c₂d² + c₃d³, and a power law n = a·dᵇ. */
export type CriticalNModel = 'cubic' | 'power-law';

/** One extrapolated dimension. */
export interface CriticalNExtrapolation {
  readonly d: number;
  /** The fit's prediction, or null when the measured range cannot support one (see `reason`). */
  readonly n: number | null;
  /** Bootstrap percentile interval, or null with the prediction. */
  readonly low: number | null;
  readonly high: number | null;
  readonly supported: boolean;
  /** Why there is no extrapolation here. */
  readonly reason?: string;
}

/** A model fitted to critical-n values, with bootstrap intervals. */
export interface BootstrapCriticalNFit {
  readonly model: CriticalNModel;
  /** `seeds`: resampled the seeds per d (restarts ≥ 2 everywhere); `residuals`: resampled the fit's residuals. */
  readonly method: 'seeds' | 'residuals';
  /** Cubic: ascending powers; power law: [a, b]. */
  readonly coefficients: readonly number[];
  /** r² of the point fit (the power law's in log space). */
  readonly r2: number;
  readonly dRange: readonly [number, number];
  readonly distinctD: number;
  readonly residualDegreesOfFreedom: number;
  readonly resamples: number;
  readonly confidence: number;
  readonly extrapolation: readonly CriticalNExtrapolation[];
  /** Evaluates the point fit. */
  predict(d: number): number;
}

/** Options of {@link bootstrapCriticalNFit}. */
export interface BootstrapCriticalNFitOptions {
  /** Default `'cubic'`. */
  readonly model?: CriticalNModel;
  /** Bootstrap resamples. Default 2000. */
  readonly resamples?: number;
  /** Central interval level. Default 0.95. */
  readonly confidence?: number;
  /** Seed of the resampling RNG. Default 0. */
  readonly seed?: number;
  /** Dimensions to extrapolate to. Default 512, 768, 1024, 3072, 4096. */
  readonly extrapolateTo?: readonly number[];
  /** An interval wider than this factor (high / low) is reported as unsupported. Default 10. */
  readonly maxSpread?: number;
}

interface PointFit {
  readonly coefficients: number[];
  readonly r2: number;
  predict(d: number): number;
}

function fitModel(model: CriticalNModel, ds: readonly number[], ns: readonly number[]): PointFit {
  if (model === 'cubic') {
    const fit = polyfit(ds, ns, 3);
    const coefficients = Array.from(fit.coefficients);
    return { coefficients, r2: fit.r2, predict: (d) => coefficients.reduceRight((acc, c) => acc * d + c, 0) };
  }
  const fit = polyfit(ds.map(Math.log), ns.map(Math.log), 1);
  const a = Math.exp(fit.coefficients[0]!);
  const b = fit.coefficients[1]!;
  return { coefficients: [a, b], r2: fit.r2, predict: (d) => a * d ** b };
}

const parameterCount = (model: CriticalNModel) => (model === 'cubic' ? 4 : 2);

/**
 * Fits critical n against d with the paper's cubic or a power law n = a·dᵇ (least squares; the power law in
 * log space) and puts bootstrap percentile intervals on the extrapolations. With two or more seeds at every d
 * the bootstrap resamples seeds within each d (each resample's critical n is the largest of its seeds', the
 * any-restart rule of the search); otherwise it resamples the point fit's residuals. The RNG is seeded, so the
 * intervals are reproducible.
 *
 * An extrapolation is given only with its interval, and only when the data can carry it: at least two
 * residual degrees of freedom, a positive prediction and interval, and an interval no wider than `maxSpread`
 * (high / low); otherwise `n` is null and `reason` says why. A negative n is never reported.
 *
 * @param observations - (d, critical n[, seed]) values; d and n finite, n > 0 for the power law.
 * @param options - see {@link BootstrapCriticalNFitOptions}.
 * @returns the fit, its intervals and extrapolations.
 * @throws InvalidArgumentError for too few distinct d (fewer than the model's parameters) or bad values.
 * @example
 * ```ts
 * const fit = bootstrapCriticalNFit([4, 5, 6, 7, 8, 9, 10].map((d) => ({ d, criticalN: measured[d] })), { model: 'power-law' });
 * fit.extrapolation[0]; // { d: 512, n, low, high, supported } or { n: null, reason }
 * ```
 */
export function bootstrapCriticalNFit(observations: readonly CriticalNObservation[], options: BootstrapCriticalNFitOptions = {}): BootstrapCriticalNFit {
  assertKnownOptions('options', options, ['model', 'resamples', 'confidence', 'seed', 'extrapolateTo', 'maxSpread']);
  const model = options.model ?? 'cubic';
  if (model !== 'cubic' && model !== 'power-law') throw new InvalidArgumentError({ parameter: 'model', value: model, message: "model must be 'cubic' or 'power-law'" });
  const resamples = assertInteger('resamples', options.resamples ?? 2000, { min: 10 });
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) throw new InvalidArgumentError({ parameter: 'confidence', value: confidence, message: 'confidence must be in (0, 1)' });
  const maxSpread = options.maxSpread ?? 10;
  const targets = options.extrapolateTo ?? PAPER_EXTRAPOLATION_DIMENSIONS;
  if (!Array.isArray(observations)) throw new InvalidArgumentError({ parameter: 'observations', value: observations, message: 'observations must be an array of { d, criticalN }' });
  observations.forEach((o, i) => {
    if (!Number.isFinite(o?.d) || !Number.isFinite(o?.criticalN) || (model === 'power-law' && o.criticalN <= 0)) {
      throw new InvalidArgumentError({ parameter: `observations[${i}]`, value: o, message: `observations[${i}] needs a finite d and criticalN${model === 'power-law' ? ' > 0' : ''}` });
    }
  });
  const byD = new Map<number, number[]>();
  for (const o of observations) byD.set(o.d, [...(byD.get(o.d) ?? []), o.criticalN]);
  const ds = [...byD.keys()].sort((a, b) => a - b);
  const k = parameterCount(model);
  if (ds.length < k) {
    throw new InvalidArgumentError({ parameter: 'observations', value: ds.length, message: `a ${model} fit needs at least ${k} distinct d, got ${ds.length}` });
  }
  const valueAt = (values: readonly number[]) => Math.max(...values);
  const ns = ds.map((d) => valueAt(byD.get(d)!));
  const point = fitModel(model, ds, ns);
  const dof = ds.length - k;
  const method: 'seeds' | 'residuals' = ds.every((d) => byD.get(d)!.length >= 2) ? 'seeds' : 'residuals';

  const rng = createRng(options.seed ?? 0);
  const predictions = targets.map(() => [] as number[]);
  const transform = model === 'power-law' ? Math.log : (x: number) => x;
  const untransform = model === 'power-law' ? Math.exp : (x: number) => x;
  const residuals = ds.map((d, i) => transform(ns[i]!) - transform(point.predict(d)));
  for (let b = 0; b < resamples; b++) {
    let sample: number[];
    if (method === 'seeds') {
      sample = ds.map((d) => {
        const values = byD.get(d)!;
        return valueAt(values.map(() => values[rng.integer(values.length)]!));
      });
    } else {
      sample = ds.map((d) => untransform(transform(point.predict(d)) + residuals[rng.integer(residuals.length)]!));
    }
    if (model === 'power-law' && sample.some((v) => v <= 0)) continue;
    const fit = fitModel(model, ds, sample);
    targets.forEach((d, t) => predictions[t]!.push(fit.predict(d)));
  }
  const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
  const extrapolation = targets.map((d, t): CriticalNExtrapolation => {
    const sorted = [...predictions[t]!].sort((a, b) => a - b);
    const low = quantile(sorted, (1 - confidence) / 2);
    const high = quantile(sorted, 1 - (1 - confidence) / 2);
    const n = point.predict(d);
    const none = (reason: string): CriticalNExtrapolation => ({ d, n: null, low: null, high: null, supported: false, reason });
    if (dof < 2) {
      return none(
        `${ds.length} distinct d for ${k} parameters leave ${dof} residual degree${dof === 1 ? '' : 's'} of freedom: too few to check the model, so it says nothing beyond the measured d`,
      );
    }
    if (!(n > 0) || !(low > 0)) return none(`the ${Math.round(confidence * 100)} % interval reaches n ≤ 0: the measured d = ${ds[0]}…${ds[ds.length - 1]} cannot support this extrapolation`);
    if (high / low > maxSpread) return none(`the ${Math.round(confidence * 100)} % interval spans a factor ${(high / low).toFixed(0)} (${Math.round(low)} … ${Math.round(high)}): too wide to report`);
    return { d, n, low, high, supported: true };
  });
  return {
    model,
    method,
    coefficients: point.coefficients,
    r2: point.r2,
    dRange: [ds[0]!, ds[ds.length - 1]!],
    distinctD: ds.length,
    residualDegreesOfFreedom: dof,
    resamples,
    confidence,
    extrapolation,
    predict: point.predict,
  };
}

/** The fits {@link compareCriticalNFits} puts side by side. */
export interface CriticalNFitComparison {
  /** Our measurements, cubic and power law. */
  readonly measured: readonly BootstrapCriticalNFit[];
  /** The same models fitted to the paper's critical n over the measured d-range (absent when too few d). */
  readonly paperValues: readonly BootstrapCriticalNFit[];
  /** The d of the paper's values that fall in the measured range. */
  readonly paperValuesD: readonly number[];
  /** The paper's published cubic at each extrapolation dimension. */
  readonly paperFit: readonly { readonly d: number; readonly n: number }[];
  /** Plain statements about what the comparison can and cannot say. */
  readonly notes: readonly string[];
}

/**
 * Our critical-n measurements fitted with both models ({@link bootstrapCriticalNFit}), next to the paper's
 * published cubic and to the same models fitted to the paper's own critical-n values over the same d-range,
 * so a reader sees how much an extrapolation depends on the range fitted. The paper's values available here
 * are {@link PAPER_CRITICAL_N} (its whole Table 6, d = 4 … 45): beyond d = 45 there is nothing of the paper's to fit, and the
 * notes say so.
 *
 * @param observations - measured (d, critical n[, seed]).
 * @param options - bootstrap options (model is ignored: both are fitted).
 * @returns the comparison.
 * @example
 * ```ts
 * const comparison = compareCriticalNFits(observations, { seed: 42 });
 * comparison.notes; // e.g. ["the paper's critical-n values (its Table 6) cover d = 4…45 only; …"] for d beyond 45
 * ```
 */
export function compareCriticalNFits(observations: readonly CriticalNObservation[], options: Omit<BootstrapCriticalNFitOptions, 'model'> = {}): CriticalNFitComparison {
  const notes: string[] = [];
  const ds = [...new Set(observations.map((o) => o.d))].sort((a, b) => a - b);
  const measured: BootstrapCriticalNFit[] = [];
  for (const model of ['cubic', 'power-law'] as const) {
    if (ds.length >= parameterCount(model)) measured.push(bootstrapCriticalNFit(observations, { ...options, model }));
    else notes.push(`a ${model} needs ${parameterCount(model)} distinct d; ${ds.length} measured`);
  }
  const lo = ds[0] ?? 0;
  const hi = ds[ds.length - 1] ?? 0;
  const paperValuesD = Object.keys(PAPER_CRITICAL_N).map(Number).filter((d) => d >= lo && d <= hi).sort((a, b) => a - b);
  const paperObservations = paperValuesD.map((d) => ({ d, criticalN: PAPER_CRITICAL_N[d]! }));
  const paperValues: BootstrapCriticalNFit[] = [];
  for (const model of ['cubic', 'power-law'] as const) {
    if (paperValuesD.length >= parameterCount(model)) paperValues.push(bootstrapCriticalNFit(paperObservations, { ...options, model }));
  }
  const known = Object.keys(PAPER_CRITICAL_N).map(Number);
  if (hi > Math.max(...known)) {
    notes.push(
      `the paper's critical-n values (its Table 6) cover d = ${Math.min(...known)}…${Math.max(...known)} only; ` +
        `the "paper values" fits use d = ${paperValuesD.length > 0 ? `${paperValuesD[0]}…${paperValuesD[paperValuesD.length - 1]}` : 'none'} of the measured ${lo}…${hi}`,
    );
  }
  const targets = options.extrapolateTo ?? PAPER_EXTRAPOLATION_DIMENSIONS;
  return { measured, paperValues, paperValuesD, paperFit: targets.map((d) => ({ d, n: paperCriticalNFit(d) })), notes };
}
