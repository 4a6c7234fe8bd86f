// The @limit/webgpu engine in headless Chromium (Debian's, via playwright-core), on the browser's
// navigator.gpu — SwiftShader on a machine without a GPU. A page of its own (test/webgpu-engine-page),
// built with Vite into a temporary folder; the app itself is not involved. Correctness only: losses
// over the first 100 steps against the float64 reference and the same solved step at n = 12, d = 5.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperInit } from '../../../packages/webgpu/test/problems.js';
import { ReferenceStepper as ReferenceTrainer } from '@limit/step-engine/testing';
import { serveStatic } from './static-server.js';

const pageDir = join(dirname(fileURLToPath(import.meta.url)), 'webgpu-engine-page');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let outDir: string;
let userDataDir: string;
let server: Awaited<ReturnType<typeof serveStatic>>;
let context: BrowserContext;
const externalRequests: string[] = [];

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'limit-webgpu-page-'));
  await build({ root: pageDir, base: './', configFile: false, logLevel: 'warn', build: { outDir, emptyOutDir: true, target: 'es2022' } });
  server = await serveStatic(outDir);
  userDataDir = mkdtempSync(join(tmpdir(), 'limit-webgpu-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-unsafe-webgpu', '--enable-unsafe-swiftshader'],
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(server.url)) return route.continue();
    externalRequests.push(url);
    return route.abort();
  });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  for (const dir of [outDir, userDataDir]) if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('@limit/webgpu in headless Chromium', () => {
  it('tracks the float64 reference over 100 steps and solves n = 12, d = 5 at the reference\'s step', async (ctx) => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    const hasAdapter = await page.evaluate(async () => {
      const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
      return gpu !== undefined && (await gpu.requestAdapter()) !== null;
    });
    if (!hasAdapter) {
      console.warn('webgpu engine browser test skipped: this Chromium offers no WebGPU adapter');
      ctx.skip();
    }
    const [n, d, seed] = [12, 5, 1];
    const result = await page.evaluate(
      ([n, d, seed]) => (globalThis as unknown as { runWebGpuEngineCheck(n: number, d: number, s: number, steps: number, budget: number): Promise<{ adapter: string; losses: number[]; solvedAt: number; exactTopK: number }> }).runWebGpuEngineCheck(n!, d!, seed!, 100, 1500),
      [n, d, seed],
    );
    const init = paperInit(n, d, seed);
    const reference = new ReferenceTrainer(init);
    let worst = 0;
    for (const loss of result.losses) {
      const expected = reference.step();
      worst = Math.max(worst, Math.abs(loss - expected) / expected);
    }
    let referenceSolvedAt = -1;
    for (let s = 101; s <= 1500 && referenceSolvedAt < 0; s++) {
      reference.step();
      if (s % 50 === 0 && reference.accuracy().exactTopK === 1) referenceSolvedAt = s;
    }
    console.error(`browser webgpu engine on ${result.adapter}: worst relative loss difference ${worst.toExponential(2)} over 100 steps; solved at ${result.solvedAt} (reference ${referenceSolvedAt})`);
    expect(result.losses).toHaveLength(100);
    expect(worst).toBeLessThan(1e-5);
    expect(result.solvedAt).toBeGreaterThan(0);
    expect(result.exactTopK).toBe(1);
    expect(Math.abs(result.solvedAt - referenceSolvedAt)).toBeLessThanOrEqual(100);
    expect(errors).toEqual([]);
    expect(externalRequests).toEqual([]);
    await page.close();
  });
});
