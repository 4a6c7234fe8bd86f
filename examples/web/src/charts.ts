// Small dependency-free charts: SVG line charts and canvas heatmaps / bar charts.

const SVG_NS = 'http://www.w3.org/2000/svg';

export interface Series {
  label: string;
  color: string;
  /** x values (e.g. iteration numbers). */
  xs: readonly number[];
  ys: readonly number[];
}

export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
  /** Fixed y range; computed from the data when omitted. */
  yMin?: number;
  yMax?: number;
  logY?: boolean;
  /** Draw a marker at every point (for sparse series such as a search trace). */
  markers?: boolean;
}

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  return node;
}

function niceTicks(min: number, max: number, count: number): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** 1-2-5 ticks between 10^lo and 10^hi (log10 bounds); at least the two ends when the range is narrow. */
function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let m = Math.floor(lo); m <= Math.ceil(hi); m += 1) {
    for (const f of [1, 2, 5]) {
      const v = f * 10 ** m;
      const t = Math.log10(v);
      if (t >= lo - 1e-9 && t <= hi + 1e-9) ticks.push(Number(v.toPrecision(6)));
    }
  }
  if (ticks.length >= 2) return ticks;
  return [Number((10 ** lo).toPrecision(3)), Number((10 ** hi).toPrecision(3))];
}

/** The x-axis label under the plot and the rotated y-axis label beside it. */
function appendAxisLabels(
  svg: SVGSVGElement,
  a: { xLabel: string; yLabel: string; left: number; top: number; plotW: number; plotH: number; height: number },
): void {
  const xl = el('text', { x: a.left + a.plotW / 2, y: a.height - 6, 'text-anchor': 'middle', class: 'chart-axis' });
  xl.textContent = a.xLabel;
  const yl = el('text', {
    x: 12,
    y: a.top + a.plotH / 2,
    'text-anchor': 'middle',
    transform: `rotate(-90 12 ${a.top + a.plotH / 2})`,
    class: 'chart-axis',
  });
  yl.textContent = a.yLabel;
  svg.append(xl, yl);
}

function formatTick(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e4 || abs < 1e-3) return value.toExponential(0);
  return String(Number(value.toPrecision(3)));
}

/** Renders series as an SVG line chart into `host` (replacing its content). */
export function renderLineChart(host: HTMLElement, series: readonly Series[], options: LineChartOptions): void {
  const width = options.width ?? 520;
  const height = options.height ?? 260;
  const margin = { left: 56, right: 12, top: 26, bottom: 40 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const tf = (y: number): number => (options.logY === true ? Math.log10(Math.max(y, 1e-12)) : y);

  const allX = series.flatMap((s) => s.xs);
  const allY = series.flatMap((s) => s.ys.map(tf)).filter(Number.isFinite);
  let xMin = allX.length > 0 ? Math.min(...allX) : 0;
  let xMax = allX.length > 0 ? Math.max(...allX) : 1;
  if (xMax === xMin) xMax = xMin + 1;
  let yMin = options.yMin !== undefined ? tf(options.yMin) : allY.length > 0 ? Math.min(...allY) : 0;
  let yMax = options.yMax !== undefined ? tf(options.yMax) : allY.length > 0 ? Math.max(...allY) : 1;
  if (yMax === yMin) {
    yMin -= 0.5;
    yMax += 0.5;
  }
  const sx = (x: number): number => margin.left + ((x - xMin) / (xMax - xMin)) * plotW;
  const sy = (y: number): number => margin.top + (1 - (tf(y) - yMin) / (yMax - yMin)) * plotH;

  const svg = el('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart' });
  const title = el('text', { x: margin.left, y: 16, class: 'chart-title' });
  title.textContent = options.title;
  svg.append(title);
  svg.append(el('rect', { x: margin.left, y: margin.top, width: plotW, height: plotH, class: 'chart-frame' }));

  // y ticks in data units; on a log axis 1-2-5 steps per decade (positions are log10 of them)
  const yTicks = options.logY === true ? logTicks(yMin, yMax).map((v) => [Math.log10(v), v] as const) : niceTicks(yMin, yMax, 5).map((t) => [t, t] as const);
  for (const [t, value] of yTicks) {
    const y = margin.top + (1 - (t - yMin) / (yMax - yMin)) * plotH;
    svg.append(el('line', { x1: margin.left, x2: margin.left + plotW, y1: y, y2: y, class: 'chart-grid' }));
    const label = el('text', { x: margin.left - 6, y: y + 4, 'text-anchor': 'end', class: 'chart-tick' });
    label.textContent = formatTick(value);
    svg.append(label);
  }
  for (const t of niceTicks(xMin, xMax, 6)) {
    const x = sx(t);
    const label = el('text', { x, y: margin.top + plotH + 16, 'text-anchor': 'middle', class: 'chart-tick' });
    label.textContent = formatTick(t);
    svg.append(label);
  }
  appendAxisLabels(svg, { xLabel: options.xLabel, yLabel: options.yLabel, left: margin.left, top: margin.top, plotW, plotH, height });

  series.forEach((s, index) => {
    const points = s.xs.map((x, i) => [x, s.ys[i] ?? Number.NaN] as const).filter(([, y]) => Number.isFinite(tf(y)));
    if (points.length > 0) {
      const d = points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join('');
      svg.append(el('path', { d, fill: 'none', stroke: s.color, 'stroke-width': 2 }));
      if (options.markers === true) {
        for (const [x, y] of points) svg.append(el('circle', { cx: sx(x), cy: sy(y), r: 3, fill: s.color }));
      }
    }
    const legend = el('text', { x: margin.left + plotW - 4, y: margin.top + 14 + 14 * index, 'text-anchor': 'end', fill: s.color, class: 'chart-legend' });
    legend.textContent = s.label;
    svg.append(legend);
  });
  host.replaceChildren(svg);
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

/** Bar chart (SVG) of non-negative values, e.g. singular values in decreasing order. */
export function renderBarChart(
  host: HTMLElement,
  values: readonly number[],
  options: { title: string; xLabel: string; yLabel: string; width?: number; height?: number; color?: string },
): void {
  const width = options.width ?? 520;
  const height = options.height ?? 260;
  const margin = { left: 56, right: 12, top: 26, bottom: 40 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const max = Math.max(1e-12, ...values);
  const svg = el('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart' });
  const title = el('text', { x: margin.left, y: 16, class: 'chart-title' });
  title.textContent = options.title;
  svg.append(title, el('rect', { x: margin.left, y: margin.top, width: plotW, height: plotH, class: 'chart-frame' }));
  for (const t of niceTicks(0, max, 5)) {
    const y = margin.top + (1 - t / max) * plotH;
    svg.append(el('line', { x1: margin.left, x2: margin.left + plotW, y1: y, y2: y, class: 'chart-grid' }));
    const label = el('text', { x: margin.left - 6, y: y + 4, 'text-anchor': 'end', class: 'chart-tick' });
    label.textContent = formatTick(t);
    svg.append(label);
  }
  const barW = plotW / Math.max(1, values.length);
  values.forEach((v, i) => {
    const h = (v / max) * plotH;
    svg.append(
      el('rect', {
        x: margin.left + i * barW + barW * 0.1,
        y: margin.top + plotH - h,
        width: Math.max(1, barW * 0.8),
        height: h,
        fill: options.color ?? '#3b6ea5',
      }),
    );
  });
  appendAxisLabels(svg, { xLabel: options.xLabel, yLabel: options.yLabel, left: margin.left, top: margin.top, plotW, plotH, height });
  host.replaceChildren(svg);
}
