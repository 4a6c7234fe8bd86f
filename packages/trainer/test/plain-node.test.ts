import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The built package must work in plain Node, outside vitest (whose module handling can hide ESM/CJS
 * interop problems of tfjs-core): import dist/index.js and require dist/index.cjs, train n = 6, d = 4 on
 * the cpu backend to 100 %.
 */
const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(packageRoot, 'dist');

describe('built package in plain Node', () => {
  it('has been built (turbo runs build before test; run `pnpm build` by hand otherwise)', () => {
    expect(existsSync(join(dist, 'index.js')) && existsSync(join(dist, 'index.cjs'))).toBe(true);
  });

  const dir = mkdtempSync(join(tmpdir(), 'limit-trainer-'));

  it('ESM: import dist/index.js trains n = 6, d = 4 to 100 % on cpu', () => {
    const script = join(dir, 'esm.mjs');
    writeFileSync(
      script,
      `import { trainFreeEmbeddings } from ${JSON.stringify(join(dist, 'index.js'))};
const { metrics } = await trainFreeEmbeddings({ n: 6, d: 4, seed: 1, engine: 'tfjs-cpu' });
console.log(JSON.stringify({ acc: metrics.finalAccuracy, engine: metrics.engine }));`,
    );
    const out = JSON.parse(execFileSync(process.execPath, [script], { cwd: packageRoot, encoding: 'utf8' }).trim().split('\n').pop()!);
    expect(out).toEqual({ acc: 1, engine: 'tfjs-cpu' });
  });

  it('CJS: require dist/index.cjs trains n = 6, d = 4 to 100 % on tfjs-cpu, tfjs-wasm, onnx and js', () => {
    const script = join(dir, 'cjs.cjs');
    writeFileSync(
      script,
      `const { trainFreeEmbeddings } = require(${JSON.stringify(join(dist, 'index.cjs'))});
(async () => {
  const out = {};
  for (const engine of ['tfjs-cpu', 'tfjs-wasm', 'onnx', 'js']) {
    const { metrics } = await trainFreeEmbeddings({ n: 6, d: 4, seed: 1, engine });
    out[metrics.engine] = metrics.finalAccuracy;
  }
  console.log(JSON.stringify(out));
})();`,
    );
    const out = JSON.parse(execFileSync(process.execPath, [script], { cwd: packageRoot, encoding: 'utf8' }).trim().split('\n').pop()!);
    expect(out).toEqual({ 'tfjs-cpu': 1, 'tfjs-wasm': 1, 'onnx-cpu': 1, js: 1 });
  });
});
