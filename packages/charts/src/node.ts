/**
 * Node rendering of the chart specs: Vega-Lite → Vega → SVG headlessly with `vega` (no browser, no
 * canvas), and SVG → PNG with `@resvg/resvg-js` (prebuilt binaries from npm). vega and vega-lite are
 * ESM-only and loaded on first use, so this subpath also works from CommonJS.
 */
import { join } from 'node:path';
import { InvalidArgumentError } from '@limit/core';
import { writeFileAtomic } from '@limit/core/node';
import type { VegaLiteSpec } from './chart-style.js';
import { textWidth } from './text-width.js';

/** Options of {@link renderChart}. */
export interface RenderChartOptions {
  /** PNG pixels per SVG pixel (default 2: sharp on high-density screens and in print). */
  readonly pngScale?: number;
  /** Font used for text whose font family is not installed (default `DejaVu Sans`). */
  readonly defaultFontFamily?: string;
}

/** What {@link renderChart} produces. */
export interface RenderedChart {
  /** The Vega-Lite spec, pretty-printed JSON (what users restyle). */
  readonly specJson: string;
  readonly svg: string;
  readonly png: Uint8Array;
  /** SVG size in pixels. */
  readonly width: number;
  readonly height: number;
}

/**
 * Renders a Vega-Lite spec to SVG (vega's headless SVG renderer) and PNG (resvg).
 *
 * @param spec - a Vega-Lite spec, e.g. from {@link criticalNChartSpec}.
 * @param options - PNG scale and fallback font.
 * @returns the spec JSON, the SVG text and the PNG bytes.
 * @throws InvalidArgumentError when Vega-Lite cannot compile the spec.
 * @example
 * ```ts
 * const { svg, png } = await renderChart(singularValuesChartSpec({ values: [3, 1, 0.1] }));
 * ```
 */
export async function renderChart(spec: VegaLiteSpec, options: RenderChartOptions = {}): Promise<RenderedChart> {
  const [vega, vegaLite, { Resvg }] = await Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-js')]);
  let compiled;
  try {
    compiled = vegaLite.compile(spec).spec;
  } catch (error) {
    throw new InvalidArgumentError({ parameter: 'spec', value: undefined, message: `Vega-Lite could not compile the spec: ${error instanceof Error ? error.message : String(error)}`, cause: error });
  }
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
  const restore = useDejaVuTextMetrics(vega);
  try {
    const svg = await view.toSVG();
    const size = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
    const png = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: options.pngScale ?? 2 },
      background: 'white',
      font: { loadSystemFonts: true, defaultFontFamily: options.defaultFontFamily ?? 'DejaVu Sans', sansSerifFamily: options.defaultFontFamily ?? 'DejaVu Sans' },
    })
      .render()
      .asPng();
    return { specJson: `${JSON.stringify(spec, null, 2)}\n`, svg, png: new Uint8Array(png), width: Number(size?.[1] ?? 0), height: Number(size?.[2] ?? 0) };
  } finally {
    view.finalize();
    restore();
  }
}

interface TextItem {
  fontSize?: number | string | null;
  fontWeight?: string | number;
  limit?: number;
}
interface TextMetrics {
  width: (item: TextItem, text?: unknown) => number;
}
let measuring = 0;
let vegaDefault: TextMetrics['width'] | undefined;

/**
 * Makes vega measure text with DejaVu Sans' own advance widths until the returned function is called.
 * Without a canvas (Node), vega estimates every character as 0.8 em wide, which makes legends and titles
 * far wider than drawn (DejaVu Sans averages about 0.6 em) and the plot narrower. {@link renderChart} does
 * this for each render; call it yourself when you lay out a vega `View` in Node. Uses vega's hook for text
 * measurement (`textMetrics.width`, as vl-convert does); overlapping uses nest, and the last restore puts
 * vega's own measure back.
 *
 * @param vega - the `vega` module (`await import('vega')`).
 * @returns a function that restores vega's previous measure.
 * @example
 * ```ts
 * const vega = await import('vega');
 * const restore = useDejaVuTextMetrics(vega);
 * try { await view.runAsync(); } finally { restore(); }
 * ```
 */
export function useDejaVuTextMetrics(vega: unknown): () => void {
  const metrics = (vega as { textMetrics: TextMetrics }).textMetrics;
  if (measuring++ === 0) {
    vegaDefault = metrics.width;
    metrics.width = (item, text) => {
      const size = item.fontSize === undefined || item.fontSize === null ? 11 : Number(item.fontSize) || 0;
      const line = text === undefined || text === null ? '' : String(text).trim();
      if (size <= 0 || line === '') return 0;
      const bold = item.fontWeight === 'bold' || Number(item.fontWeight) >= 600;
      const width = textWidth(line, size, bold);
      return item.limit !== undefined && item.limit > 0 ? Math.min(width, item.limit) : width;
    };
  }
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    if (--measuring === 0 && vegaDefault !== undefined) metrics.width = vegaDefault;
  };
}

/**
 * Renders a spec and writes `<name>.vl.json`, `<name>.svg` and `<name>.png` into `dir` (each atomically:
 * a temporary file renamed into place).
 *
 * @param dir - output folder (created when missing).
 * @param name - file stem, e.g. `critical-n-vs-d`.
 * @param spec - the Vega-Lite spec.
 * @returns the three paths written.
 * @example
 * ```ts
 * await writeChart('results', 'singular-values', singularValuesChartSpec({ values }));
 * ```
 */
export async function writeChart(
  dir: string,
  name: string,
  spec: VegaLiteSpec,
  options: RenderChartOptions = {},
): Promise<{ spec: string; svg: string; png: string }> {
  const rendered = await renderChart(spec, options);
  const files = { spec: join(dir, `${name}.vl.json`), svg: join(dir, `${name}.svg`), png: join(dir, `${name}.png`) };
  await writeFileAtomic(files.spec, rendered.specJson);
  await writeFileAtomic(files.svg, rendered.svg);
  await writeFileAtomic(files.png, rendered.png);
  return files;
}
