#!/usr/bin/env node
// Packaging check of @limit/webgpu, run in a consumer project that has the packed tarballs installed
// (the one scripts/pack-test.mjs builds):
//
// 1. without the `webgpu` package installed, createWebGpuStepEngine throws BackendUnavailableError
//    naming the package (ESM and CJS);
// 2. after `npm install webgpu` (Dawn's Node bindings, prebuilt in the package) and with
//    VK_ICD_FILENAMES pointing at a Vulkan driver (SwiftShader from Debian's chromium package when
//    nothing is set): the engine trains n = 12, d = 5 (k = 2, all pairs, lr 0.01, T 0.1) to
//    exactTopK 1, and 100 steps (no early stopping) end within 1e-4 relative of the final loss of
//    @limit/trainer's js engine and of its onnx engine (onnxruntime-node) from the same initial embeddings.
//
// From scripts/pack-test.mjs:  import { webgpuPackCheck } from '../tooling/pack-test/webgpu-check.mjs';
//                              failures.push(...(await webgpuPackCheck({ project, log })));
// Standalone, on a kept project: node tooling/pack-test/webgpu-check.mjs <project-dir>
// It installs `webgpu` into that project (npm install --no-save), so call it after the other checks.
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const WEBGPU_RANGE = '^0.6.2';

const missingScript = (kind) => `${kind === 'esm' ? "import { createWebGpuStepEngine } from '@limit/webgpu';\nimport { BackendUnavailableError, createDenseMatrix } from '@limit/core';" : "const { createWebGpuStepEngine } = require('@limit/webgpu');\nconst { BackendUnavailableError, createDenseMatrix } = require('@limit/core');"}
const init = {
  queries: createDenseMatrix(1, 2, Float32Array.from([1, 0])),
  documents: createDenseMatrix(2, 2, Float32Array.from([1, 0, 0, 1])),
  qrels: { numQueries: 1, numDocs: 2, offsets: Int32Array.from([0, 1]), docs: Int32Array.from([0]) },
  learningRate: 0.01, temperature: 0.1, adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, blockSize: 16,
};
(async () => {
  try {
    await createWebGpuStepEngine(init);
    console.log(JSON.stringify({ threw: false }));
  } catch (error) {
    console.log(JSON.stringify({ threw: true, isBackendUnavailable: BackendUnavailableError.isInstance(error), backend: error.backend, message: error.message }));
  }
})();
`;

const trainScript = `import { createWebGpuStepEngine } from '@limit/webgpu';
import { createJsEngine, createOnnxEngine } from '@limit/trainer';
import * as ort from 'onnxruntime-node';
import { createDenseMatrix, createRng } from '@limit/core';

const n = 12, d = 5;
const pairs = [];
for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) pairs.push([a, b]);
const qrels = { numQueries: pairs.length, numDocs: n, offsets: Int32Array.from({ length: pairs.length + 1 }, (_, i) => 2 * i), docs: Int32Array.from(pairs.flat()) };
const rng = createRng(1);
const unit = (rows) => {
  const data = rng.normals(rows * d);
  for (let r = 0; r < rows; r++) {
    const norm = Math.hypot(...data.subarray(r * d, r * d + d));
    for (let c = 0; c < d; c++) data[r * d + c] /= norm;
  }
  return createDenseMatrix(rows, d, data);
};
const documents = unit(n);
const queries = unit(pairs.length);
const init = { queries, documents, qrels, learningRate: 0.01, temperature: 0.1, adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, blockSize: 4096 };

const webgpu = await createWebGpuStepEngine(init);
const js = createJsEngine(init);
const onnx = await createOnnxEngine(init, { ort });
let gpuLoss = 0, jsLoss = 0, onnxLoss = 0;
for (let s = 0; s < 100; s++) { gpuLoss = await webgpu.step(); jsLoss = await js.step(); onnxLoss = await onnx.step(); }
let solvedAt = -1, exactTopK = 0;
for (let s = 101; s <= 3000 && solvedAt < 0; s++) {
  await webgpu.step();
  if (s % 50 === 0) {
    exactTopK = (await webgpu.accuracy()).exactTopK;
    if (exactTopK === 1) solvedAt = s;
  }
}
const adapter = webgpu.adapter;
await webgpu.dispose();
await js.dispose();
await onnx.dispose();
console.log(JSON.stringify({ adapter: [adapter.vendor, adapter.architecture, adapter.description].join(' '), gpuLoss, jsLoss, onnxLoss, relative: Math.abs(gpuLoss - jsLoss) / jsLoss, relativeOnnx: Math.abs(gpuLoss - onnxLoss) / onnxLoss, solvedAt, exactTopK }));
`;

/** This process's environment without NODE_PATH: consumer-project scripts resolve only from the project. */
function cleanEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  delete env.NODE_PATH;
  return env;
}

function node(project, file, env = {}) {
  const out = execFileSync('node', [file], { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: cleanEnv(env), timeout: 600_000 });
  return JSON.parse(out.trim().split('\n').pop());
}

/**
 * Runs the @limit/webgpu packaging checks in `project` (tarballs of @limit/core, @limit/webgpu and
 * @limit/trainer installed, `webgpu` not yet installed).
 * @param {{ project: string, log?: (message: string) => void }} options
 * @returns {Promise<string[]>} failure messages (empty when every check passed)
 */
export async function webgpuPackCheck({ project, log = (m) => console.error(`[webgpu-check] ${m}`) }) {
  const failures = [];
  const check = (ok, message) => {
    if (!ok) failures.push(`@limit/webgpu: ${message}`);
    return ok;
  };
  // 1. without the optional peer dependency
  // Resolved in a child process without NODE_PATH (as in a user's project; `pnpm test` sets NODE_PATH to the
  // workspace's packages, where webgpu is installed for @limit/webgpu's own tests).
  const probe = spawnSync('node', ['-e', "try { console.log(require.resolve('webgpu')) } catch { console.log('') }"], { cwd: project, encoding: 'utf8', env: cleanEnv() });
  const resolvable = probe.stdout.trim() || undefined;
  if (resolvable !== undefined) {
    check(false, `the webgpu package is already resolvable from the project (${resolvable}); the missing-package check needs a project without it`);
  } else {
    for (const [kind, file] of [['esm', 'webgpu-missing.mjs'], ['cjs', 'webgpu-missing.cjs']]) {
      writeFileSync(join(project, file), missingScript(kind));
      try {
        const result = node(project, file);
        check(result.threw && result.isBackendUnavailable && result.backend === 'webgpu' && /"webgpu"/.test(result.message) && /npm install webgpu/.test(result.message),
          `${kind}: without the webgpu package expected BackendUnavailableError naming it, got ${JSON.stringify(result)}`);
        log(`${kind}: without webgpu installed → ${result.message}`);
      } catch (error) {
        check(false, `${kind}: the missing-package check failed to run: ${error.message}`);
      }
    }
  }
  // 2. with it, on the Vulkan driver VK_ICD_FILENAMES names (SwiftShader by default)
  const env = {};
  if (process.env.VK_ICD_FILENAMES === undefined) {
    if (!check(existsSync(SWIFTSHADER_ICD), `no Vulkan driver: ${SWIFTSHADER_ICD} is missing (apt-get install -y chromium libvulkan1) and VK_ICD_FILENAMES is unset`)) return failures;
    env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  }
  // onnxruntime-node (its CPU binaries ship in the package; ONNXRUNTIME_NODE_INSTALL=skip skips only the CUDA download)
  // for the comparison with the onnx engine, at the version the workspace tests against.
  const ortVersion = createRequire(fileURLToPath(new URL('../../packages/trainer/package.json', import.meta.url)))('onnxruntime-node/package.json').version;
  log(`npm install --no-save webgpu@${WEBGPU_RANGE} onnxruntime-node@${ortVersion}…`);
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `webgpu@${WEBGPU_RANGE}`, `onnxruntime-node@${ortVersion}`], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' } });
  writeFileSync(join(project, 'webgpu-train.mjs'), trainScript);
  try {
    const result = node(project, 'webgpu-train.mjs', env);
    log(`on ${result.adapter}: 100-step loss ${result.gpuLoss} vs js ${result.jsLoss} (relative ${result.relative.toExponential(2)}), vs onnx ${result.onnxLoss} (relative ${result.relativeOnnx.toExponential(2)}); exactTopK 1 at step ${result.solvedAt}`);
    check(result.relative <= 1e-4, `100-step loss ${result.gpuLoss} differs from the js engine's ${result.jsLoss} by ${result.relative} relative (> 1e-4)`);
    check(result.relativeOnnx <= 1e-4, `100-step loss ${result.gpuLoss} differs from the onnx engine's ${result.onnxLoss} by ${result.relativeOnnx} relative (> 1e-4)`);
    check(result.solvedAt > 0 && result.exactTopK === 1, `n = 12, d = 5 did not reach exactTopK 1 within 3000 steps (last ${result.exactTopK})`);
  } catch (error) {
    check(false, `training with webgpu failed: ${error.message}`);
  }
  return failures;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const project = process.argv[2];
  if (project === undefined) {
    console.error('usage: node tooling/pack-test/webgpu-check.mjs <consumer-project-dir>   (e.g. one kept by scripts/pack-test.mjs --keep)');
    process.exit(2);
  }
  const failures = await webgpuPackCheck({ project });
  for (const failure of failures) console.error(`FAIL ${failure}`);
  console.log(JSON.stringify({ check: 'webgpu', failures }));
  process.exit(failures.length === 0 ? 0 : 1);
}
