// Charts of the playground: every plot is a Vega-Lite spec from @limit/charts (the same specs the CLI
// renders to SVG/PNG), drawn here with vega-embed; only the qrel heatmap is a plain canvas.
import type { VegaLiteSpec } from '@limit/charts';
import * as vega from 'vega';
import embed, { type Result } from 'vega-embed';

/**
 * A vega loader that loads nothing: the specs carry their data inline, and the app must not reach the
 * network (no remote data, images or fonts), so any attempt fails loudly instead of fetching.
 */
function offlineLoader(): ReturnType<typeof vega.loader> {
  const loader = vega.loader();
  const refuse = (uri: string): Promise<never> => Promise.reject(new Error(`the playground loads nothing at run time (asked for ${uri})`));
  loader.load = refuse;
  loader.sanitize = refuse;
  return loader;
}

/** Width of a chart that shares a row with another (two fit the page's 1,120 px column). */
export const SIDE_BY_SIDE_WIDTH = 520;

const views = new WeakMap<HTMLElement, { started: number; shown: number; result?: Result }>();

/**
 * Renders a Vega-Lite spec into `host` (replacing what was there) as SVG, without the action menu.
 * Redraws may overlap (live training charts): a slower, older render never replaces a newer one, and
 * the replaced view is finalized so its listeners and timers go.
 *
 * @returns once the chart is in the page (rejects when vega cannot compile or render the spec).
 */
export async function renderVegaChart(host: HTMLElement, spec: VegaLiteSpec): Promise<void> {
  const state = views.get(host) ?? { started: 0, shown: 0 };
  views.set(host, state);
  const generation = ++state.started;
  const target = document.createElement('div');
  target.className = 'vega-chart';
  const result = await embed(target, spec, { actions: false, renderer: 'svg', mode: 'vega-lite', loader: offlineLoader() });
  if (generation < state.shown) {
    result.finalize(); // a newer chart is already showing
    return;
  }
  state.result?.finalize();
  state.result = result;
  state.shown = generation;
  host.replaceChildren(target);
  host.dataset['chartGeneration'] = String(generation);
}

/**
 * Draws a matrix as a heatmap on a canvas (value 0 → white, max → dark blue), one cell per entry,
 * scaled so the whole matrix fits in `maxSize` pixels.
 */
export function renderHeatmap(
  canvas: HTMLCanvasElement,
  matrix: { rows: number; cols: number; data: ArrayLike<number> },
  maxSize = 480,
): void {
  const cell = Math.max(1, Math.floor(maxSize / Math.max(matrix.rows, matrix.cols)));
  canvas.width = matrix.cols * cell;
  canvas.height = matrix.rows * cell;
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  let max = 0;
  for (let i = 0; i < matrix.data.length; i += 1) max = Math.max(max, Math.abs(matrix.data[i] ?? 0));
  const image = ctx.createImageData(canvas.width, canvas.height);
  for (let r = 0; r < matrix.rows; r += 1) {
    for (let c = 0; c < matrix.cols; c += 1) {
      const v = max > 0 ? Math.abs(matrix.data[r * matrix.cols + c] ?? 0) / max : 0;
      const rgb = [255 - v * 225, 255 - v * 170, 255 - v * 80];
      for (let dy = 0; dy < cell; dy += 1) {
        for (let dx = 0; dx < cell; dx += 1) {
          const o = ((r * cell + dy) * canvas.width + (c * cell + dx)) * 4;
          image.data[o] = rgb[0]!;
          image.data[o + 1] = rgb[1]!;
          image.data[o + 2] = rgb[2]!;
          image.data[o + 3] = 255;
        }
      }
    }
  }
  ctx.putImageData(image, 0, 0);
}
