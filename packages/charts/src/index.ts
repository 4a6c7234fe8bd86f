/**
 * Vega-Lite chart specs for LIMIT results, shared by the `limit` CLI (rendered to SVG/PNG with
 * `@limit/charts/node`) and the browser playground (vega-embed). Browser-safe: plain JSON builders.
 */
export { criticalNChartSpec } from './critical-n-chart.js';
export type { CriticalNChartInput, CriticalNFitCurve, FitLineStyle, MeasuredCriticalN } from './critical-n-chart.js';
export { accuracyVsNChartSpec } from './accuracy-vs-n-chart.js';
export type { AccuracyTrace, AccuracyVsNChartInput } from './accuracy-vs-n-chart.js';
export { singularValuesChartSpec, logAxisTicks } from './singular-values-chart.js';
export type { SingularValuesChartInput } from './singular-values-chart.js';
export { lineChartSpec } from './line-chart.js';
export type { LineChartInput, LineSeries } from './line-chart.js';
export { failingQueriesChartSpec } from './failing-queries-chart.js';
export type { FailingQueriesChartInput, FailingQuery } from './failing-queries-chart.js';
export { CHART_CONFIG, CHART_WIDTH, PALETTE, SERIES_COLORS, VEGA_LITE_SCHEMA, chartFrame, integerTicks, percentTicks, powerOfTenLabel } from './chart-style.js';
export { textWidth, wrapText } from './text-width.js';
export { chartSvgTexts } from './chart-svg-texts.js';
export type { ChartSvgTexts } from './chart-svg-texts.js';
export type { VegaLiteSpec } from './chart-style.js';
