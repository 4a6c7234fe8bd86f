// Real-browser test of the built playground: Debian's Chromium (never a downloaded browser) driven by
// playwright-core. Trains d = 4, n = 6, k = 2 to 100% with the default engine (auto) and on every engine
// the menu offers (js, tfjs-wasm, tfjs-webgl, onnx on wasm; tfjs-webgpu and the fused webgpu engine when
// the browser offers an adapter); runs the critical-n search with its defaults and a capped one (d = 7,
// max n 20); checks the qrel tab against hand-derived values; runs BM25 and an ONNX encoder on LIMIT-small
// and compares with Node. Every tab is screenshotted after its run into test-results/ (git-ignored, kept as
// CI artefacts), listed with what each shows in test-results/screenshots.json.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateLimitDataset } from '@limit/datasets';
import { DEVICE_ENGINES, criticalNSearch, getEngineProvider, topKFailures, trainFreeEmbeddings } from '@limit/trainer';
import { chartSvgTexts } from '@limit/charts';
import { OnnxEncoder, createBm25Retriever, createDenseRetriever, evaluateRetriever } from '@limit/eval';
import * as ortWeb from 'onnxruntime-web';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from './static-server.js';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const distDir = join(appDir, 'dist');
const resultsDir = join(appDir, 'test-results');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Every screenshot taken, with what it shows (written to test-results/screenshots.json at the end). */
const screenshots: { file: string; tab: string; shows: string }[] = [];

async function screenshot(page: Page, file: string, tab: string, shows: string): Promise<void> {
  await page.screenshot({ path: join(resultsDir, file), fullPage: true });
  screenshots.push({ file, tab, shows });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the app unless dist is newer than every source file (turbo normally built it already). */
async function ensureBuilt(): Promise<void> {
  const index = join(distDir, 'index.html');
  let builtAt = 0;
  try {
    builtAt = statSync(index).mtimeMs;
  } catch {
    builtAt = 0;
  }
  const sourcesAt = Math.max(
    newestMtime(join(appDir, 'src')),
    ...['index.html', 'vite.config.ts'].map((file) => statSync(join(appDir, file)).mtimeMs),
  );
  if (builtAt > sourcesAt) return;
  await build({ root: appDir, logLevel: 'warn', configFile: join(appDir, 'vite.config.ts') });
}

let server: Awaited<ReturnType<typeof serveStatic>>;
let context: BrowserContext;
let userDataDir: string;
const externalRequests: string[] = [];
const pageErrors: string[] = [];

async function openApp(hash: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${hash}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`${hash} console: ${message.text()}`);
  });
  await page.goto(`${server.url}#${hash}`);
  // device detection fills this line (and data-webgpu) once it has probed the adapters
  await page.waitForFunction(() => document.querySelector('[data-testid="environment"]')?.getAttribute('data-webgl') !== null);
  return page;
}

async function train(page: Page, engine: string, learningRate: number): Promise<Record<string, string | undefined>> {
  await page.selectOption('[data-testid="input-engine"]', engine);
  await page.fill('[data-testid="input-learningRate"]', String(learningRate));
  await page.fill('[data-testid="input-d"]', '4');
  await page.fill('[data-testid="input-n"]', '6');
  await page.fill('[data-testid="input-k"]', '2');
  await page.fill('[data-testid="input-seed"]', '1');
  await page.click('[data-testid="train-button"]');
  const result = page.locator('[data-testid="train-result"]');
  await page.waitForFunction(
    () => {
      const state = document.querySelector('[data-testid="train-result"]')?.getAttribute('data-state');
      return state === 'done' || state === 'error';
    },
    undefined,
    { timeout: 180_000 },
  );
  return result.evaluate((node: HTMLElement): Record<string, string | undefined> => ({ ...node.dataset, text: node.textContent ?? '' }));
}

/**
 * Waits until vega-embed has drawn an SVG chart into `[data-testid=testid]` whose text contains every
 * string in `expected` (titles, axis titles, labels), and returns its text and the `d` of its line marks.
 */
async function vegaChart(page: Page, testid: string, expected: readonly string[]): Promise<{ text: string; lines: string[]; markup: string }> {
  const selector = `[data-testid="${testid}"] .vega-embed svg`;
  await page.waitForFunction(
    ({ selector, expected }) => {
      const text = document.querySelector(selector)?.textContent ?? '';
      return expected.every((e) => text.includes(e));
    },
    { selector, expected },
    { timeout: 30_000 },
  );
  return page.locator(selector).evaluate((svg) => ({
    text: svg.textContent ?? '',
    lines: [...svg.querySelectorAll('.mark-line path')].map((path) => path.getAttribute('d') ?? ''),
    markup: svg.outerHTML,
  }));
}

beforeAll(async () => {
  await ensureBuilt();
  server = await serveStatic(distDir);
  userDataDir = mkdtempSync(join(tmpdir(), 'limit-web-chromium-'));
  mkdirSync(resultsDir, { recursive: true });
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1200, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--enable-unsafe-webgpu',
      '--enable-unsafe-swiftshader',
    ],
  });
  // offline: the app must serve every file itself — anything else is recorded and refused
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(server.url) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    externalRequests.push(url);
    return route.abort();
  });
});

afterAll(async () => {
  if (screenshots.length > 0) writeFileSync(join(resultsDir, 'screenshots.json'), `${JSON.stringify({ date: new Date().toISOString(), screenshots }, null, 2)}\n`);
  await context?.close();
  await server?.close();
  if (userDataDir !== undefined) rmSync(userDataDir, { recursive: true, force: true });
});

describe('limit playground in headless Chromium', () => {
  it("offers the trainer's engines from DEVICE_ENGINES, auto by default, the fused webgpu engine where WebGPU exists", async () => {
    const page = await openApp('train');
    try {
      const webgpu = (await page.getAttribute('[data-testid="environment"]', 'data-webgpu')) === 'true';
      // the menu is filled once the probes are done
      await page.waitForFunction(() => (document.querySelector('[data-testid="input-engine"]') as HTMLSelectElement | null)?.options.length !== 1);
      const options = await page.locator('[data-testid="input-engine"] option').evaluateAll((nodes) =>
        nodes.map((o) => ({ value: (o as HTMLOptionElement).value, disabled: (o as HTMLOptionElement).disabled, selected: (o as HTMLOptionElement).selected, text: o.textContent ?? '' })),
      );
      // the same rows, in the same order, as the trainer's table has for browsers
      const rows = Object.entries(DEVICE_ENGINES).flatMap(([device, entries]) =>
        entries
          .filter((e) => (e.environments ?? getEngineProvider(e.engine).environments).includes('browser') && getEngineProvider(e.engine).environments.includes('browser'))
          .map((e) => `${device}/${e.engine}`),
      );
      expect(options.map((o) => o.value)).toEqual(['auto', ...rows]);
      expect(options.find((o) => o.selected)?.value).toBe('auto');
      expect(options.find((o) => o.value === 'webgpu/webgpu')!.disabled).toBe(!webgpu);
      expect(options.find((o) => o.value === 'webgpu/webgpu')!.text).toContain('fused WGSL kernels');
      // onnx on webgl/webgpu needs onnxruntime-web builds this app does not bundle: listed, disabled, with the reason
      expect(options.find((o) => o.value === 'webgl/onnx')).toMatchObject({ disabled: true });
      expect(options.find((o) => o.value === 'webgl/onnx')!.text).toContain("bundles onnxruntime-web's wasm build only");
      for (const value of ['auto', 'cpu/js', 'wasm/tfjs-wasm', 'wasm/onnx']) expect(options.find((o) => o.value === value)!.disabled, value).toBe(false);
    } finally {
      await page.close();
    }
  });

  // the default (auto → js at this size), then every engine the menu offers here
  const engines = [
    { choice: 'auto', engine: 'js' },
    { choice: 'cpu/js', engine: 'js' },
    { choice: 'wasm/tfjs-wasm', engine: 'tfjs-wasm' },
    { choice: 'wasm/onnx', engine: 'onnx-wasm' },
    { choice: 'webgl/tfjs-webgl', engine: 'tfjs-webgl' },
    { choice: 'webgpu/tfjs-webgpu', engine: 'tfjs-webgpu' },
    { choice: 'webgpu/webgpu', engine: 'webgpu' },
  ] as const;
  for (const { choice, engine } of engines) {
    it(`trains d = 4, n = 6, k = 2 to 100% with engine ${choice}`, async (ctx) => {
      const page = await openApp('train');
      try {
        if (choice.startsWith('webgpu/')) {
          const hasAdapter = await page.getAttribute('[data-testid="environment"]', 'data-webgpu');
          if (hasAdapter !== 'true') {
            ctx.skip(); // no WebGPU adapter in this browser: nothing to assert
            return;
          }
        }
        await page.waitForFunction(() => (document.querySelector('[data-testid="input-engine"]') as HTMLSelectElement | null)?.options.length !== 1);
        // SwiftShader runs WebGPU on the CPU at a few steps/s: a larger learning rate reaches 100% in
        // ~80 steps instead of ~350. This asserts correctness on every engine, never speed.
        const result = await train(page, choice, choice.startsWith('webgpu/') ? 0.05 : 0.01);
        // the screenshot first, so a failing run leaves its picture too
        await page.waitForTimeout(300); // the last chart redraw
        await screenshot(page, `train-${choice.replace('/', '-')}.png`, 'Train', `d = 4, n = 6, k = 2 with engine ${choice} (${result.engine}): "${result.text}"`);
        expect(result.state, result.text).toBe('done');
        expect(result.choice).toBe(choice);
        // the engine that actually ran: the one asked for (auto: the trainer's pick for 15 queries, js)
        expect(result.engine).toBe(engine);
        expect(result.resolved).toBe(choice === 'auto' ? 'auto → js' : choice.replace('/', ': '));
        expect(Number(result.finalAccuracy)).toBe(1);
        expect(Number(result.iterations)).toBeGreaterThan(0);
        // one accuracy, named: the official one, in the status line, the chart and the footer alike
        expect(result.text).toContain('final official accuracy 100%');
        expect(result.text).not.toMatch(/exact top-k/i);
        const note = (await page.textContent('[data-testid="train-note"]')) ?? '';
        expect(note).toContain('Accuracy, here and in the chart, is the official script’s');
        expect(note).not.toMatch(/Accuracy is the share of queries whose top-k/);
        // the charts were drawn by vega from @limit/charts' specs, with the run's points: one line each,
        // through one vertex per logged step (progress arrives every 10 steps; a polyline's path has one M/L per point)
        const loss = await vegaChart(page, 'loss-chart', ['Training loss (InfoNCE)', 'step', 'loss (log scale)']);
        const accuracy = await vegaChart(page, 'accuracy-chart', ['Official accuracy', 'relevant documents in the top-k', '100%']);
        for (const chart of [loss, accuracy]) {
          expect(chart.lines).toHaveLength(1);
          expect(chart.lines[0]!.match(/[ML]/gi)?.length ?? 0).toBeGreaterThanOrEqual(Math.max(1, Math.floor(Number(result.iterations) / 10)));
          // ticks that never repeat
          for (const labels of chartSvgTexts(chart.markup).axisLabels) expect(new Set(labels).size, labels.join(' | ')).toBe(labels.length);
        }
        expect(chartSvgTexts(accuracy.markup).axisLabels).toContainEqual(['0%', '20%', '40%', '60%', '80%', '100%']);
        // a solved run says so plainly in the failing-queries view: no chart, no table
        const failures = page.locator('[data-testid="failures"]');
        expect(await failures.getAttribute('data-state')).toBe('solved');
        expect(await failures.getAttribute('data-failures')).toBe('0');
        expect(await failures.textContent()).toContain('All solved: each of the 15 queries');
        expect(await page.locator('[data-testid="failures-chart"], [data-testid="failures-table"]').count()).toBe(0);
      } finally {
        await page.close();
      }
    });
  }

  it('lists the failing queries of an unsolvable run (d = 2, n = 10, k = 2, 50 steps, js) exactly as topKFailures does in Node', async () => {
    const page = await openApp('train');
    try {
      const settings = { d: 2, n: 10, k: 2, maxIterations: 50, logInterval: 10, seed: 1, learningRate: 0.01 };
      await page.selectOption('[data-testid="input-engine"]', 'cpu/js');
      for (const [name, value] of Object.entries(settings)) await page.fill(`[data-testid="input-${name}"]`, String(value));
      await page.click('[data-testid="train-button"]');
      await page.waitForFunction(() => ['done', 'error'].includes(document.querySelector('[data-testid="train-result"]')?.getAttribute('data-state') ?? ''), undefined, { timeout: 120_000 });
      const state = await page.getAttribute('[data-testid="train-result"]', 'data-state');
      expect(state, (await page.textContent('[data-testid="train-result"]')) ?? '').toBe('done');
      const chart = await vegaChart(page, 'failures-chart', ['Where the run fails', 'score ⟨q, d⟩', 'relevant document', 'non-relevant, above a relevant one']);
      await screenshot(page, 'train-failures-js.png', 'Train', 'd = 2, n = 10, k = 2, 50 steps on js: the failing queries, chart and table');
      // the same run in Node (the js engine is deterministic) and the same failure analysis
      const { qrels, embeddings } = await trainFreeEmbeddings({ ...settings, engine: 'js', returnEmbeddings: true });
      const expected = topKFailures({ ...embeddings!, qrels }, { maxIntruders: 5 });
      // 45 pairs cannot all be realised in 2 dimensions (the sign-rank bound): failures must exist
      expect(expected.length).toBeGreaterThan(0);
      const failures = page.locator('[data-testid="failures"]');
      expect(await failures.getAttribute('data-state')).toBe('failing');
      expect(Number(await failures.getAttribute('data-failures'))).toBe(expected.length);
      expect(await page.textContent('[data-testid="failures-summary"]')).toContain(`${expected.length} of 45 queries have a wrong top-2`);
      const rows = await page.locator('[data-testid="failures-table"] tr[data-query]').evaluateAll((trs) =>
        trs.map((tr) => ({ query: Number(tr.getAttribute('data-query')), cells: [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '') })),
      );
      const shown = expected.slice(0, 25);
      expect(rows.map((r) => r.query)).toEqual(shown.map((f) => f.query));
      for (const [i, f] of shown.entries()) {
        const cells = rows[i]!.cells;
        expect(cells[0]).toBe(`q${f.query}`);
        expect(cells[1]).toBe(f.relevant.map((r) => `d${r.doc} (${r.score.toFixed(3)})`).join(', '));
        // the top-2 returned holds at least one wrong document, and it is the highest-scoring intruder
        expect(cells[2]).toContain(`✗ d${f.intruders[0]!.doc} (${f.intruders[0]!.score.toFixed(3)})`);
        expect(Number(cells[3])).toBeCloseTo(f.margin, 2);
        expect(Number(cells[3])).toBeLessThanOrEqual(0);
        // the chart labels the row with the query and its relevant documents
        expect(chart.text).toContain(`q${f.query} {${f.relevant.map((r) => r.doc).join(', ')}}`);
      }
    } finally {
      await page.close();
    }
  });

  it('measures what infoNce read-back validation costs per training step on webgl (validate: true vs false)', async () => {
    const page = await openApp('train');
    try {
      const cost = await page.evaluate(() =>
        (globalThis as unknown as { __limitInfoNceStepCost: (o?: object) => Promise<Record<string, number | string>> }).__limitInfoNceStepCost({ backend: 'webgl' }),
      );
      // a measurement, reported (test-results/infonce-validate-webgl.json), not a speed assertion
      writeFileSync(join(resultsDir, 'infonce-validate-webgl.json'), `${JSON.stringify({ date: new Date().toISOString(), ...cost }, null, 2)}\n`);
      process.stderr.write(`infoNce step on webgl: ${JSON.stringify(cost)}\n`);
      expect(cost.backend).toBe('webgl');
      expect(Number(cost.validateMs)).toBeGreaterThan(0);
      expect(Number(cost.noValidateMs)).toBeGreaterThan(0);
    } finally {
      await page.close();
    }
  });

  /** Presses Search with the form as it is and waits for the result; returns its data attributes and text. */
  async function search(page: Page, timeout = 180_000): Promise<Record<string, string | undefined>> {
    await page.click('[data-testid="critical-button"]');
    await page.waitForFunction(
      () => ['done', 'error'].includes(document.querySelector('[data-testid="critical-result"]')?.getAttribute('data-state') ?? ''),
      undefined,
      { timeout },
    );
    return page.locator('[data-testid="critical-result"]').evaluate((node: HTMLElement): Record<string, string | undefined> => ({ ...node.dataset, text: node.textContent ?? '' }));
  }

  it('runs the critical-n search with its defaults in seconds (auto → js), and agrees with the same search in Node', async () => {
    const page = await openApp('critical');
    try {
      // the defaults, read from the form: what a visitor gets by pressing Search
      const value = async (name: string) => Number(await page.inputValue(`[data-testid="input-${name}"]`));
      const defaults = { d: await value('d'), k: await value('k'), initialN: await value('initialN'), maxN: await value('maxN'), maxIterations: await value('maxIterations'), restarts: await value('restarts'), seed: await value('seed') };
      expect(await page.inputValue('[data-testid="input-engine"]')).toBe('auto');
      const started = Date.now();
      const result = await search(page, 120_000);
      const seconds = (Date.now() - started) / 1000;
      await page.waitForTimeout(300); // the last chart redraw
      await screenshot(page, 'critical-n-defaults.png', 'Critical n', `the defaults (${JSON.stringify(defaults)}, engine auto), ${seconds.toFixed(1)} s: "${result.text}"`);
      process.stderr.write(`critical-n defaults ${JSON.stringify(defaults)}: ${seconds.toFixed(1)} s in the page (${result.text})\n`);
      expect(result.state, result.text).toBe('done');
      expect(result.resolved).toBe('auto → js');
      expect(result.engine).toBe('js');
      // seconds, not minutes (the former default, webgl, had not finished d = 5 after 400 s)
      expect(seconds).toBeLessThan(60);
      const browserTrace = await page.locator('[data-testid="critical-trace"] tr').evaluateAll((rows) =>
        rows.slice(1).map((row) => [...row.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent).join(' ')),
      );
      // the same protocol in Node (the js engine is deterministic): same trials, same answer
      const node = await criticalNSearch({
        initialN: defaults.initialN,
        minN: defaults.k + 1,
        maxN: defaults.maxN,
        restarts: defaults.restarts,
        statistic: 'any', // as the tab: any restart solving n counts
        stopAtFirstSuccess: true,
        evaluate: async (n, restart) => {
          // the seed rule of every driver: base seed + restart
          const { metrics } = await trainFreeEmbeddings({ n, d: defaults.d, k: defaults.k, seed: defaults.seed + restart, maxIterations: defaults.maxIterations, engine: 'js' });
          return { solved: metrics.solved };
        },
      });
      expect(Number(result.criticalN)).toBe(node.criticalN);
      expect(result.capped).toBe('false');
      expect(browserTrace).toEqual(node.trials.map((t) => `${t.n} ${t.phase} ${t.solved ? 'yes' : 'no'}`));
      expect(result.text).toContain(`critical n for d = ${defaults.d}, k = 2: ${node.criticalN} (paper: 10)`);
      // the accuracy-vs-n chart (vega, @limit/charts): the critical n marked, markers explained, one accuracy named
      const chart = await vegaChart(page, 'critical-chart', ['Best top-2 accuracy against n', 'n (documents)', `n* = ${node.criticalN}`, `d = ${defaults.d}`, 'best official accuracy']);
      const texts = chartSvgTexts(chart.markup);
      expect(texts.legendLabels).toEqual([`d = ${defaults.d}`, 'solved: every top-2 set exact', 'not solved', 'critical n (n*)']);
      for (const labels of texts.axisLabels) expect(new Set(labels).size, labels.join(' | ')).toBe(labels.length);
      expect(await page.textContent('[data-testid="critical-trace"] tr th:nth-child(5)')).toBe('best official accuracy');
    } finally {
      await page.close();
    }
  });

  it('says when a search hits its cap: d = 7 with max n 20 gives "≥ 20: the search stopped at max n"', async () => {
    const page = await openApp('critical');
    try {
      await page.fill('[data-testid="input-d"]', '7');
      await page.fill('[data-testid="input-maxN"]', '20');
      const result = await search(page);
      await page.waitForTimeout(300); // the last chart redraw
      await screenshot(page, 'critical-n-capped-d7.png', 'Critical n', `d = 7, max n 20 (the search's cap): "${result.text}"`);
      expect(result.state, result.text).toBe('done');
      expect(result.capped).toBe('true');
      expect(result.criticalN).toBe('20');
      expect(result.text).toContain('critical n for d = 7, k = 2: ≥ 20: the search stopped at max n (paper: 24)');
      expect(result.text).toContain('raise max n above 20');
      const chart = await vegaChart(page, 'critical-chart', ['n* ≥ 20', 'd = 7: n* ≥ 20: the search stopped at its max n']);
      const texts = chartSvgTexts(chart.markup);
      expect(texts.markTexts).toContain('n* ≥ 20');
      // y ticks never repeat (the playground showed 100.00 %, 100.00 %, 99.98 %, 99.98 %)
      for (const labels of texts.axisLabels) expect(new Set(labels).size, labels.join(' | ')).toBe(labels.length);
    } finally {
      await page.close();
    }
  });

  it('shows the all-pairs qrel matrix of 12 documents with its known spectrum', async () => {
    const page = await openApp('qrels');
    try {
      await page.waitForSelector('[data-testid="qrels-result"][data-state="done"]');
      const result = await page
        .locator('[data-testid="qrels-result"]')
        .evaluate((node: HTMLElement): Record<string, string | undefined> => ({ ...node.dataset, text: node.textContent ?? '' }));
      // the default view: all C(12, 2) = 66 pairs. A is the incidence matrix of the complete graph K12:
      // AᵀA = (n − 2)·I + J, so rank(A) = 12 and σ₁ = √(2n − 2) = √22 (hand-derived, not from the code)
      expect(Number(result.rows)).toBe(66);
      expect(Number(result.cols)).toBe(12);
      expect(Number(result.rank)).toBe(12);
      expect(Number(result.sigma1)).toBeCloseTo(Math.sqrt(22), 9);
      const heatmap = await page.locator('[data-testid="qrels-heatmap"]').evaluate((c: HTMLCanvasElement) => [c.width, c.height]);
      expect(heatmap[0]! * 66).toBe(heatmap[1]! * 12); // one square cell per entry
      // the spectrum on vega's labelled log axis (σ₁ = √22, σ₂ … σ₁₂ = √10: all 12 above the rank tolerance)
      const spectrum = await vegaChart(page, 'qrels-spectrum', ['Singular values of A (rank 12)', 'σᵢ (log scale)', 'index i']);
      expect(spectrum.text).not.toMatch(/not shown/); // full rank: nothing dropped
      for (const tick of ['3·10⁰', '4·10⁰', '5·10⁰']) expect(spectrum.text).toContain(tick); // √10 … √22, padded
      await page.locator('[data-testid="qrels-spectrum"]').screenshot({ path: join(resultsDir, 'qrels-spectrum.png') });
      for (const labels of chartSvgTexts(spectrum.markup).axisLabels) expect(new Set(labels).size, labels.join(' | ')).toBe(labels.length);
      await screenshot(page, 'qrels.png', 'Qrels', 'all C(12, 2) = 66 pairs: the heatmap, the spectra of A (rank 12, σ₁ = √22) and of 2A − 1');
    } finally {
      await page.close();
    }
  });

  it('runs BM25 on LIMIT-small in the retrieval tab', async () => {
    const page = await openApp('retrieval');
    try {
      await page.click('[data-testid="bm25-button"]');
      await page.waitForFunction(
        () => {
          const state = document.querySelector('[data-testid="bm25-result"]')?.getAttribute('data-state');
          return state === 'done' || state === 'error';
        },
        undefined,
        { timeout: 120_000 },
      );
      const result = await page
        .locator('[data-testid="bm25-result"]')
        .evaluate((node: HTMLElement): Record<string, string | undefined> => ({ ...node.dataset, text: node.textContent ?? '' }));
      await screenshot(page, 'retrieval-bm25.png', 'LIMIT-small retrieval', `BM25 on generated LIMIT-small: "${result.text}"`);
      expect(result.state, result.text).toBe('done');
      expect(Number(result.queries)).toBe(1000);
      // the same retrieval in Node through the same packages: the browser must agree exactly
      const reference = await evaluateRetriever(generateLimitDataset({ size: 'small', seed: 0 }), createBm25Retriever(), { k: [2, 10, 20] });
      for (const k of [2, 10, 20]) {
        expect(Number(result[`recall${k}`]), `recall@${k}`).toBeCloseTo(reference.evaluation.mean[`recall_at_${k}`]!, 12);
      }
      // BM25 is strong on LIMIT-small (the paper: R@2 97.8, R@10 100); recall@k grows with k
      const r2 = Number(result.recall2);
      const r10 = Number(result.recall10);
      expect(r2).toBeGreaterThan(0.8);
      expect(r10).toBeGreaterThanOrEqual(r2);
      expect(r10).toBeLessThanOrEqual(1);
      const hits = await page.locator('[data-testid="bm25-hits"] li').count();
      expect(hits).toBeGreaterThan(0);
    } finally {
      await page.close();
    }
  });

  it('encodes LIMIT-small with the bundled ONNX model in onnxruntime-web', async (ctx) => {
    const modelDir = join(appDir, '../../packages/eval/test/fixtures/tiny-model');
    if (!existsSync(join(modelDir, 'model.onnx'))) {
      ctx.skip(); // the eval package's fixture model is not there: nothing was bundled
      return;
    }
    const page = await openApp('retrieval');
    try {
      await page.waitForFunction(() => document.querySelector('[data-testid="onnx-result"]')?.getAttribute('data-models') !== null);
      await page.selectOption('[data-testid="onnx-model"]', 'tiny-model');
      await page.click('[data-testid="onnx-button"]');
      await page.waitForFunction(
        () => {
          const state = document.querySelector('[data-testid="onnx-result"]')?.getAttribute('data-state');
          return state === 'done' || state === 'error';
        },
        undefined,
        { timeout: 120_000 },
      );
      const result = await page
        .locator('[data-testid="onnx-result"]')
        .evaluate((node: HTMLElement): Record<string, string | undefined> => ({ ...node.dataset, text: node.textContent ?? '' }));
      await screenshot(page, 'retrieval-onnx.png', 'LIMIT-small retrieval', `the tiny ONNX test encoder in onnxruntime-web: "${result.text}"`);
      expect(result.state, result.text).toBe('done');
      expect(Number(result.queries)).toBe(1000);
      // a second run in Node: the same model file on the same onnxruntime-web build (its Node entry)
      const readJson = (file: string): object => JSON.parse(readFileSync(join(modelDir, file), 'utf8')) as object;
      ortWeb.env.wasm.numThreads = 1;
      const encoder = await OnnxEncoder.create({
        runtime: ortWeb,
        model: new Uint8Array(readFileSync(join(modelDir, 'model.onnx'))),
        tokenizer: readJson('tokenizer.json'),
        ...(existsSync(join(modelDir, 'tokenizer_config.json')) ? { tokenizerConfig: readJson('tokenizer_config.json') } : {}),
        ...(existsSync(join(modelDir, 'config.json')) ? { config: readJson('config.json') } : {}),
      });
      const reference = await evaluateRetriever(generateLimitDataset({ size: 'small', seed: 0 }), createDenseRetriever(encoder), { k: [2, 10, 20] });
      for (const k of [2, 10, 20]) {
        expect(Number(result[`recall${k}`]), `recall@${k}`).toBeCloseTo(reference.evaluation.mean[`recall_at_${k}`]!, 9);
      }
    } finally {
      await page.close();
    }
  });

  it('fetched nothing from outside the app and raised no page errors', () => {
    expect(externalRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
