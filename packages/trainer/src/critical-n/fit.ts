import { InvalidArgumentError, assertInteger } from '@limit/core';
import { polyfit } from '@limit/matrix';
import { paperCriticalNFit } from './paper.js';

/** One measured point: the critical n found at dimension d. */
export interface CriticalNPoint {
  readonly d: number;
  readonly criticalN: number;
}

/** A least-squares polynomial fit of critical n against d, with extrapolations next to the paper's fit. */
export interface CriticalNFit {
  /** Ascending powers: n(d) = Σ coefficients[i] · dⁱ. */
  readonly coefficients: readonly number[];
  /** Coefficient of determination of the fit on the measured points. */
  readonly r2: number;
  /** Degrees of freedom left (points − coefficients); r² means little when this is 0 or 1. */
  readonly residualDegreesOfFreedom: number;
  /** Evaluates the fitted polynomial. */
  predict(d: number): number;
  /** The fit and the paper's fit at each extrapolation dimension. */
  readonly extrapolation: readonly { readonly d: number; readonly fitted: number; readonly paper: number }[];
}

/** The dimensions the paper extrapolates to. */
export const PAPER_EXTRAPOLATION_DIMENSIONS: readonly number[] = Object.freeze([512, 768, 1024, 3072, 4096]);

/**
 * Least-squares fit of critical n against d (the paper uses a cubic), with r², and the extrapolation to
 * large d next to the paper's published fit n = −10.5322 + 4.0309d + 0.0520d² + 0.0037d³.
 *
 * @param points - measured (d, critical n) pairs; at least `degree + 1` distinct d.
 * @param options.degree - polynomial degree, default 3.
 * @param options.extrapolateTo - dimensions to extrapolate to, default 512, 768, 1024, 3072, 4096.
 * @returns coefficients (ascending powers), r², `predict`, extrapolations.
 * @throws InvalidArgumentError when there are too few distinct d or a value is not finite.
 * @example
 * ```ts
 * const points = [4, 6, 8, 10, 12, 16].map((d) => ({ d, criticalN: paperCriticalNFit(d) }));
 * const fit = fitCriticalN(points);
 * fit.coefficients; // ≈ [-10.5322, 4.0309, 0.052, 0.0037]: the paper's fit recovered
 * fit.extrapolation[0]; // { d: 512, fitted: ≈ 512290, paper: ≈ 512290 }
 * ```
 */
export function fitCriticalN(
  points: readonly CriticalNPoint[],
  options: { degree?: number; extrapolateTo?: readonly number[] } = {},
): CriticalNFit {
  const degree = assertInteger('degree', options.degree ?? 3, { min: 1 });
  if (!Array.isArray(points)) throw new InvalidArgumentError({ parameter: 'points', value: points, message: 'points must be an array of { d, criticalN }' });
  points.forEach((p, i) => {
    if (!Number.isFinite(p?.d) || !Number.isFinite(p?.criticalN)) {
      throw new InvalidArgumentError({ parameter: `points[${i}]`, value: p, message: `points[${i}] needs finite d and criticalN` });
    }
  });
  const distinct = new Set(points.map((p) => p.d)).size;
  if (distinct < degree + 1) {
    throw new InvalidArgumentError({
      parameter: 'points',
      value: points.length,
      message: `a degree-${degree} fit needs at least ${degree + 1} distinct d, got ${distinct}`,
    });
  }
  const fit = polyfit(
    points.map((p) => p.d),
    points.map((p) => p.criticalN),
    degree,
  );
  const coefficients = Array.from(fit.coefficients);
  const predict = (d: number) => coefficients.reduceRight((acc, c) => acc * d + c, 0);
  const extrapolation = (options.extrapolateTo ?? PAPER_EXTRAPOLATION_DIMENSIONS).map((d) => ({
    d,
    fitted: predict(d),
    paper: paperCriticalNFit(d),
  }));
  return { coefficients, r2: fit.r2, residualDegreesOfFreedom: points.length - (degree + 1), predict, extrapolation };
}
