/** The text of a chart rendered by vega's SVG renderer, by role (what a reader sees, for checks and tests). */
export interface ChartSvgTexts {
  /** The title line(s). */
  readonly title: readonly string[];
  /** Subtitle lines, in order. */
  readonly subtitle: readonly string[];
  /** Tick labels, one list per axis in drawing order. */
  readonly axisLabels: readonly (readonly string[])[];
  readonly axisTitles: readonly string[];
  /** Legend entry labels (a multi-line label joined with a space), every legend in drawing order. */
  readonly legendLabels: readonly string[];
  /** Text drawn by text marks in the plot (e.g. `n* = 13`). */
  readonly markTexts: readonly string[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name] ?? whole;
  });
}

/**
 * Reads the text out of an SVG that vega rendered (`renderChart` from `@limit/charts/node`, or a browser
 * view's `toSVG()`), grouped by role: title, subtitle lines, each axis' tick labels, axis titles, legend
 * labels and text marks. Vega writes every text of one role inside `<g class="mark-text role-…">`, a
 * multi-line text as `<tspan>`s.
 *
 * @param svg - the SVG markup.
 * @returns the texts by role (see {@link ChartSvgTexts}).
 * @example
 * ```ts
 * const { axisLabels, legendLabels } = chartSvgTexts((await renderChart(spec)).svg);
 * ```
 */
export function chartSvgTexts(svg: string): ChartSvgTexts {
  const groups: { role: string; texts: string[][] }[] = [];
  for (const group of svg.matchAll(/<g class="mark-text role-([a-z-]+)(?: [^"]*)?"[^>]*>([\s\S]*?)<\/g>/g)) {
    const texts = [...group[2]!.matchAll(/<text[^>]*>([\s\S]*?)<\/text>/g)].map((text) => {
      const spans = [...text[1]!.matchAll(/<tspan[^>]*>([\s\S]*?)<\/tspan>/g)].map((span) => decode(span[1]!));
      return spans.length > 0 ? spans : [decode(text[1]!)];
    });
    groups.push({ role: group[1]!, texts });
  }
  const lines = (role: string) => groups.filter((g) => g.role === role).flatMap((g) => g.texts.flat());
  const joined = (role: string) => groups.filter((g) => g.role === role).flatMap((g) => g.texts.map((t) => t.join(' ')));
  return {
    title: lines('title-text'),
    subtitle: lines('title-subtitle'),
    axisLabels: groups.filter((g) => g.role === 'axis-label').map((g) => g.texts.map((t) => t.join(' '))),
    axisTitles: joined('axis-title'),
    legendLabels: joined('legend-label'),
    markTexts: joined('mark'),
  };
}
