export { svd, SingularValueDecomposition } from './svd.js';
export type { SvdOptions } from './svd.js';
export { assertSvdFits } from './assert-svd-fits.js';
export type { SvdFitOptions } from './assert-svd-fits.js';
export { singularValues } from './singular-values.js';
export { rank } from './rank.js';
export { spectralNorm } from './spectral-norm.js';
export { frobeniusNorm } from './frobenius-norm.js';
export { lowRankApproximation } from './low-rank-approximation.js';
export type { LowRankApproximation } from './low-rank-approximation.js';
export { polyfit } from './polyfit.js';
export type { PolynomialFit } from './polyfit.js';
export { forsterBound } from './forster-bound.js';
export type { ForsterBound } from './forster-bound.js';
export { marginDimensionBound } from './margin-dimension-bound.js';
export type { MarginDimensionBoundArgs } from './margin-dimension-bound.js';
export { gapDimensionBound } from './gap-dimension-bound.js';
export type { GapDimensionBoundArgs } from './gap-dimension-bound.js';
export { DIMENSION_BOUNDS_MAX_CONSTRUCTION_N, DIMENSION_BOUNDS_MAX_DENSE_ENTRIES, dimensionBounds } from './dimension-bounds.js';
export type { DimensionBounds, DimensionBoundsArgs } from './dimension-bounds.js';
export { momentCurveFloat32Limit } from './moment-curve-float32-limit.js';
export type { MomentCurveFloat32Limit, MomentCurveFloat32LimitOptions } from './moment-curve-float32-limit.js';
export { logBinomial, logBigInt, LOG_BINOMIAL_EXACT_LIMIT } from './log-binomial.js';
export { subsetSignMatrix } from './subset-sign-matrix.js';
export { subsetSignMatrixSpectrum } from './subset-sign-matrix-spectrum.js';
export type { SubsetSignMatrixSpectrum } from './subset-sign-matrix-spectrum.js';
export { momentCurveEmbedding } from './moment-curve-embedding.js';
export type {
  MomentCurveEmbedding,
  MomentCurveVerification,
  MomentCurvePrecisionReport,
  MomentCurveVerifyOptions,
} from './moment-curve-embedding.js';
export type { MatrixInput } from './as-float64-matrix.js';
