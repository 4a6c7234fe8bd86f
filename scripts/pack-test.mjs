#!/usr/bin/env node
// Packaging test: what `npm install @limit/<pkg>` gives a user must just work.
//
// 1. `pnpm pack` every published (non-private) package under packages/ into a temporary directory and
//    check each tarball holds only dist/, README.md, LICENSE and package.json (no src, no tests).
// 2. Create a fresh npm project there, install the tarballs (every @limit/* — direct and transitive —
//    resolved to the local tarballs through `overrides`, never the registry) plus @tensorflow/tfjs-core
//    and @tensorflow/tfjs-backend-cpu from the registry.
// 3. In plain Node: ESM import and CJS require of every package and subpath export; a TypeScript check
//    of small .mts/.cts files against the public types (tsc from this workspace); and
//    trainFreeEmbeddings({ n: 6, d: 4, engine: 'tfjs-cpu', seed: 1 }) reaching finalAccuracy 1 in ESM and CJS; the
//    trainer's API checks of issue 11: an unknown option (learning_rate) named in the error, camelCase results
//    only (deep check), a user provider built from getEngineProvider('js') training to 100 %, and the host's
//    tfjs backend unchanged after training on tfjs-wasm; and the `limit` CLI from its tarball:
//    `npx limit --version` (a semver), `--help`, `bounds … --json` (valid JSON) and `svd-demo` (SVG and PNG);
//    and the light CLI install in a project of its own (scripts/pack-test-cli-install.mjs).
//
// Usage: node scripts/pack-test.mjs [--keep]   (--keep leaves the temporary project for inspection)
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// `pnpm test` sets NODE_PATH to the workspace's .pnpm/node_modules: a consumer project has no such path, so
// nothing this script starts may resolve packages through it (a package missing from the project must be missing).
delete process.env.NODE_PATH;
const keep = process.argv.includes('--keep');
const started = Date.now();
const failures = [];

function log(message) {
  console.log(`[pack-test ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
}

function run(command, args, options = {}) {
  try {
    return execFileSync(command, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
      ...options,
      env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip', npm_config_update_notifier: 'false', ...options.env },
    });
  } catch (error) {
    const output = [error.stdout, error.stderr].filter(Boolean).join('\n');
    throw new Error(`${command} ${args.join(' ')} failed in ${options.cwd ?? process.cwd()}:\n${output}`);
  }
}

function check(condition, message) {
  if (!condition) failures.push(message);
  return condition;
}

// --- 1. pack ---------------------------------------------------------------------------------------
const published = readdirSync(join(root, 'packages'))
  .map((dir) => ({ dir: join(root, 'packages', dir), manifest: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => manifest.private !== true)
  .sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
if (published.length === 0) throw new Error('no published packages found under packages/');

for (const { dir, manifest } of published) {
  if (!existsSync(join(dir, 'dist'))) {
    throw new Error(`${manifest.name} has no dist/: build first (pnpm turbo run build)`);
  }
}

const work = mkdtempSync(join(tmpdir(), 'limit-pack-test-'));
const tarballDir = join(work, 'tarballs');
const tarballs = new Map();
/** `pnpm pack` one package (async, so several pack at once); returns the tarball path. */
function pack(dir, name) {
  // the packages' prepack copies the repository LICENSE in; leave the tree as we found it
  const licenseExisted = existsSync(join(dir, 'LICENSE'));
  return new Promise((resolve, reject) => {
    execFile('pnpm', ['pack', '--pack-destination', tarballDir], { cwd: dir, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!licenseExisted) rmSync(join(dir, 'LICENSE'), { force: true });
      if (error) return reject(new Error(`pnpm pack failed for ${name}:\n${stdout}\n${stderr}`));
      const file = stdout.trim().split('\n').map((l) => l.trim()).filter((l) => l.endsWith('.tgz')).pop();
      if (file === undefined) return reject(new Error(`pnpm pack printed no tarball for ${name}:\n${stdout}`));
      resolve(file.startsWith('/') ? file : join(tarballDir, file));
    });
  });
}
const packed = [];
for (let i = 0; i < published.length; i += 4) {
  packed.push(...(await Promise.all(published.slice(i, i + 4).map(({ dir, manifest }) => pack(dir, manifest.name)))));
}
for (const [index, { manifest }] of published.entries()) {
  const tarball = packed[index];
  tarballs.set(manifest.name, tarball);

  const entries = run('tar', ['-tzf', tarball]).trim().split('\n').map((e) => e.replace(/^package\//, ''));
  // packages with native code (@limit/kernels) also ship prebuilt binaries, never sources to compile
  const shipsPrebuilds = (manifest.files ?? []).some((f) => f.startsWith('prebuilds/'));
  const unexpected = entries.filter(
    (e) => !(e === 'package.json' || e === 'README.md' || e === 'LICENSE' || e.startsWith('dist/') || (shipsPrebuilds && /^prebuilds\/[^/]+\/[^/]+\.node$/.test(e))),
  );
  check(unexpected.length === 0, `${manifest.name}: unexpected files in tarball: ${unexpected.join(', ')}`);
  if (shipsPrebuilds) {
    check(entries.some((e) => e.startsWith(`prebuilds/${process.platform}-${process.arch}/`)), `${manifest.name}: no prebuild for ${process.platform}-${process.arch} in tarball`);
  }
  const tests = entries.filter((e) => /(^|\/)(test|tests|__tests__|fixtures)\/|\.test\.|\.spec\.|\.bench\./.test(e));
  check(tests.length === 0, `${manifest.name}: test files in tarball: ${tests.join(', ')}`);
  for (const required of ['package.json', 'README.md', 'LICENSE']) {
    check(entries.includes(required), `${manifest.name}: ${required} missing from tarball`);
  }
  check(entries.some((e) => e.startsWith('dist/')), `${manifest.name}: no dist/ in tarball`);
  // the packed manifest must not leak workspace: protocols
  const packedManifest = JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json']));
  const sections = ['dependencies', 'peerDependencies', 'optionalDependencies'];
  const workspaceRefs = sections.flatMap((s) => Object.entries(packedManifest[s] ?? {}).filter(([, v]) => String(v).startsWith('workspace:')).map(([k]) => k));
  check(workspaceRefs.length === 0, `${manifest.name}: workspace: references in packed package.json: ${workspaceRefs.join(', ')}`);
  log(`packed ${manifest.name}: ${entries.length} files`);
}

// --- 2. fresh project ------------------------------------------------------------------------------
const project = join(work, 'project');
const fileRefs = Object.fromEntries([...tarballs].map(([name, tarball]) => [name, `file:${tarball}`]));
const tfjsRange = JSON.parse(readFileSync(join(root, 'packages/trainer/package.json'), 'utf8')).dependencies['@tensorflow/tfjs-core'];
execFileSync('mkdir', ['-p', project]);
writeFileSync(
  join(project, 'package.json'),
  JSON.stringify(
    {
      name: 'limit-pack-test-consumer',
      version: '1.0.0',
      private: true,
      dependencies: { ...fileRefs, '@tensorflow/tfjs-core': tfjsRange, '@tensorflow/tfjs-backend-cpu': tfjsRange, '@tensorflow/tfjs-backend-wasm': tfjsRange },
      // transitive @limit/* dependencies must come from the tarballs too, never the registry
      overrides: fileRefs,
    },
    null,
    2,
  ),
);
log('npm install (tarballs + tfjs from the registry)…');
run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: project });
for (const name of tarballs.keys()) {
  const installed = JSON.parse(readFileSync(join(project, 'node_modules', name, 'package.json'), 'utf8'));
  check(installed.version === JSON.parse(readFileSync(join(root, 'packages', name.split('/')[1], 'package.json'), 'utf8')).version, `${name}: installed version mismatch`);
}
const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8'));
// every installed @limit/* (nested copies included) must come from one of our tarballs; checked
// positively, since npm may omit `resolved` for registry packages (omit-lockfile-registry-resolved)
const limitEntries = Object.entries(lock.packages ?? {}).filter(([path]) => /(^|\/)node_modules\/@limit\/[^/]+$/.test(path));
const notFromTarballs = limitEntries
  .filter(([, entry]) => !(typeof entry.resolved === 'string' && entry.resolved.startsWith('file:') && entry.resolved.endsWith('.tgz')))
  .map(([path, entry]) => `${path} (${entry.resolved ?? 'no resolved field'})`);
check(limitEntries.length >= tarballs.size, `expected at least ${tarballs.size} @limit packages in package-lock.json, found ${limitEntries.length}`);
check(notFromTarballs.length === 0, `@limit packages not installed from the local tarballs: ${notFromTarballs.join(', ')}`);

// --- 3a. ESM import and CJS require of every entry point ------------------------------------------
const entryPoints = [];
// a package with only a bin (the CLI) has no importable entry point; it is run below instead
for (const { manifest } of published.filter(({ manifest }) => manifest.exports !== undefined || manifest.bin === undefined)) {
  for (const subpath of Object.keys(manifest.exports ?? { '.': {} })) {
    if (subpath === './package.json') continue;
    entryPoints.push(subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`);
  }
}
writeFileSync(
  join(project, 'import-all.mjs'),
  `const names = ${JSON.stringify(entryPoints)};
const out = {};
for (const name of names) out[name] = Object.keys(await import(name)).filter((k) => k !== 'default').length;
console.log(JSON.stringify(out));
`,
);
writeFileSync(
  join(project, 'require-all.cjs'),
  `const names = ${JSON.stringify(entryPoints)};
const out = {};
for (const name of names) out[name] = Object.keys(require(name)).filter((k) => k !== '__esModule').length;
console.log(JSON.stringify(out));
`,
);
for (const [label, file] of [['ESM import', 'import-all.mjs'], ['CJS require', 'require-all.cjs']]) {
  try {
    const counts = JSON.parse(run('node', [file], { cwd: project }).trim().split('\n').pop());
    for (const name of entryPoints) {
      check((counts[name] ?? 0) > 0, `${label} of ${name} exposes no named exports`);
    }
    log(`${label}: ${entryPoints.length} entry points, ${Object.values(counts).reduce((a, b) => a + b, 0)} exports`);
  } catch (error) {
    check(false, `${label} failed: ${error.message}`);
  }
}

// --- 3b. plain-Node training, ESM and CJS --------------------------------------------------------
const trainBody = `const { metrics } = await trainFreeEmbeddings({ n: 6, d: 4, k: 2, engine: 'tfjs-cpu', seed: 1 });
console.log(JSON.stringify({ finalAccuracy: metrics.finalAccuracy, iterations: metrics.iterations, engine: metrics.engine }));`;
writeFileSync(join(project, 'train.mjs'), `import { trainFreeEmbeddings } from '@limit/trainer';\n${trainBody}\n`);
writeFileSync(
  join(project, 'train.cjs'),
  `const { trainFreeEmbeddings } = require('@limit/trainer');\n(async () => {\n${trainBody}\n})().catch((e) => { console.error(e); process.exit(1); });\n`,
);
for (const [label, file] of [['ESM', 'train.mjs'], ['CJS', 'train.cjs']]) {
  try {
    const result = JSON.parse(run('node', [file], { cwd: project }).trim().split('\n').pop());
    check(result.finalAccuracy === 1, `${label} training n=6 d=4 on cpu reached finalAccuracy ${result.finalAccuracy}, expected 1`);
    check(result.engine === 'tfjs-cpu', `${label} training ran on ${result.engine}, expected tfjs-cpu`);
    log(`${label} training n=6 d=4 k=2 on cpu: finalAccuracy ${result.finalAccuracy} after ${result.iterations} steps (${result.engine})`);
  } catch (error) {
    check(false, `${label} training failed: ${error.message}`);
  }
}

// --- 3b'. the trainer API of issue 11, from the tarballs in plain Node (ESM and CJS) -----------------
const apiBody = `const out = {};
try {
  await trainFreeEmbeddings({ n: 6, d: 4, learning_rate: 0.1 });
  out.unknownOption = 'no error';
} catch (e) {
  out.unknownOption = { name: e.name, parameter: e.parameter, message: e.message };
}
const result = await trainFreeEmbeddings({ n: 6, d: 4, seed: 1, engine: 'js' });
const keys = [];
const walk = (v) => { if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return; for (const [k, x] of Object.entries(v)) { keys.push(k); walk(x); } };
walk(result);
out.finalAccuracy = result.metrics.finalAccuracy;
out.keyCount = keys.length;
out.snakeKeys = keys.filter((k) => k.includes('_'));
const js = getEngineProvider('js');
let steps = 0;
const counting = { ...js, id: 'counting-js', async create(init, options) { const e = await js.create(init, options); return { ...e, name: 'counting-js', step: () => { steps += 1; return e.step(); } }; } };
const custom = await trainFreeEmbeddings({ n: 6, d: 4, seed: 1, engine: counting });
out.custom = { finalAccuracy: custom.metrics.finalAccuracy, engine: custom.metrics.engine, steps, iterations: custom.metrics.iterations };
await tf.setBackend('cpu');
const wasm = await trainFreeEmbeddings({ n: 6, d: 4, seed: 1, engine: 'tfjs-wasm' });
out.wasm = { engine: wasm.metrics.engine, finalAccuracy: wasm.metrics.finalAccuracy, hostBackendAfter: tf.getBackend() };
console.log(JSON.stringify(out));`;
writeFileSync(
  join(project, 'api.mjs'),
  `import * as tf from '@tensorflow/tfjs-core';\nimport '@tensorflow/tfjs-backend-cpu';\nimport { trainFreeEmbeddings, getEngineProvider } from '@limit/trainer';\n${apiBody}\n`,
);
writeFileSync(
  join(project, 'api.cjs'),
  `const tf = require('@tensorflow/tfjs-core');\nrequire('@tensorflow/tfjs-backend-cpu');\nconst { trainFreeEmbeddings, getEngineProvider } = require('@limit/trainer');\n(async () => {\n${apiBody}\n})().catch((e) => { console.error(e); process.exit(1); });\n`,
);
for (const [label, file] of [['ESM', 'api.mjs'], ['CJS', 'api.cjs']]) {
  try {
    const out = JSON.parse(run('node', [file], { cwd: project }).trim().split('\n').pop());
    check(out.unknownOption?.parameter === 'learning_rate' && /learning_rate/.test(out.unknownOption.message), `${label}: learning_rate was not refused by name: ${JSON.stringify(out.unknownOption)}`);
    check(out.finalAccuracy === 1 && out.keyCount > 20 && out.snakeKeys.length === 0, `${label}: result not camelCase-only with finalAccuracy 1: ${JSON.stringify(out)}`);
    check(out.custom.finalAccuracy === 1 && out.custom.engine === 'counting-js' && out.custom.steps === out.custom.iterations && out.custom.steps > 0, `${label}: user provider run: ${JSON.stringify(out.custom)}`);
    check(out.wasm.engine === 'tfjs-wasm' && out.wasm.finalAccuracy === 1 && out.wasm.hostBackendAfter === 'cpu', `${label}: wasm run changed the host backend or failed: ${JSON.stringify(out.wasm)}`);
    log(`${label} trainer API: learning_rate refused (${out.unknownOption.parameter}); ${out.keyCount} result keys, no snake_case; counting provider ${out.custom.steps} steps to 100 %; tfjs-wasm run left the host backend '${out.wasm.hostBackendAfter}'`);
  } catch (error) {
    check(false, `${label} trainer API checks failed: ${error.message}`);
  }
}

// --- 3c. TypeScript types, as a consumer sees them (nodenext: ESM .mts and CJS .cts) --------------
const typeCheck = `import { trainFreeEmbeddings } from '@limit/trainer';
import { InvalidArgumentError, createRng, type DenseMatrix } from '@limit/core';
import { allCombinationQrels, qrelsToDense } from '@limit/combinatorics';

export async function typed(): Promise<number> {
  const { metrics } = await trainFreeEmbeddings({ n: 6, d: 4, k: 2, engine: 'tfjs-cpu', seed: 1 });
  const accuracy: number = metrics.finalAccuracy;
  const dense: DenseMatrix = qrelsToDense(allCombinationQrels(6, 2));
  const u: number = createRng(1).uniform();
  // the public types are real types, not any: each line below must be a type error
  // @ts-expect-error finalAccuracy is a number
  const wrong: string = metrics.finalAccuracy;
  // @ts-expect-error the snake_case names are gone from the in-memory API
  metrics.final_accuracy;
  // @ts-expect-error n is a number
  await trainFreeEmbeddings({ n: 'six', d: 4 });
  const error: InvalidArgumentError | undefined = undefined;
  return accuracy + dense.rows + u + wrong.length + (error === undefined ? 0 : 1);
}
`;
writeFileSync(join(project, 'check-esm.mts'), typeCheck);
writeFileSync(join(project, 'check-cjs.cts'), typeCheck);
writeFileSync(
  join(project, 'tsconfig.json'),
  JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        // our .d.ts files are checked; third-party libs (tfjs) are not ours to fix
        skipLibCheck: false,
        types: [],
        lib: ['ES2022', 'DOM'],
      },
      files: ['check-esm.mts', 'check-cjs.cts'],
    },
    null,
    2,
  ),
);
const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
try {
  run('node', [tsc, '-p', 'tsconfig.json'], { cwd: project });
  log('TypeScript (NodeNext, ESM + CJS) check passed');
} catch (error) {
  check(false, `TypeScript check failed: ${error.message}`);
}

// --- 3d. losses and eval: typed loops, tfjs-core-only errors, the losses guide verbatim, eval without tfjs
const { checkLossesAndEval } = await import('./pack-test-losses-eval.mjs');
await checkLossesAndEval({ root, work, project, tarballs, tfjsRange, tsc, run, check, log });

// --- 3e. the `limit` CLI from its tarball: npx limit --version / --help / a JSON command ----------
const cliPackage = published.find(({ manifest }) => manifest.bin && manifest.bin.limit);
if (check(cliPackage !== undefined, 'no published package declares the `limit` bin')) {
  try {
    const version = run('npx', ['--no-install', 'limit', '--version'], { cwd: project }).trim();
    check(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version), `npx limit --version printed ${JSON.stringify(version)}, not a semver`);
    check(version === cliPackage.manifest.version, `npx limit --version printed ${version}, the package is ${cliPackage.manifest.version}`);
    const help = run('npx', ['--no-install', 'limit', '--help'], { cwd: project });
    for (const command of ['critical-n', 'train', 'verify', 'bounds', 'evaluate', 'generate']) check(help.includes(command), `npx limit --help does not list ${command}`);
    const stdout = run('npx', ['--no-install', 'limit', 'bounds', '--n', '100', '--k', '2', '--margin', '0.1', '--json'], { cwd: project });
    let parsed;
    try {
      parsed = JSON.parse(stdout);
    } catch {
      check(false, `npx limit bounds --json printed something that is not JSON:\n${stdout.slice(0, 400)}`);
    }
    if (parsed) check(parsed.theorem1?.dimension === 4, `npx limit bounds --n 100 --k 2 --margin 0.1: Theorem 1 gave ${parsed.theorem1?.dimension}, expected 4`);
    // a chart rendered headlessly in the installed package: SVG from vega, PNG from resvg's prebuilt binary
    const out = join(project, 'svd');
    run('npx', ['--no-install', 'limit', 'svd-demo', '--out', out, '--rows', '30', '--cols', '20', '--rank', '3'], { cwd: project });
    const png = readFileSync(join(out, 'singular-values.png'));
    check(png.subarray(1, 4).toString() === 'PNG' && png.length > 1000, 'limit svd-demo wrote no PNG');
    check(readFileSync(join(out, 'singular-values.svg'), 'utf8').includes('10¹'), 'limit svd-demo SVG lacks the 10¹ log label');
    log(`npx limit ${version}: --help, bounds --json (valid JSON), svd-demo (SVG + PNG) passed`);
  } catch (error) {
    check(false, `the limit CLI failed from its tarball: ${error.message}`);
  }
}

// --- 3e'. the light CLI install: only @limit/cli, ONNXRUNTIME_NODE_INSTALL unset, no webgpu (issue 19) ---
const { checkLightCliInstall } = await import('./pack-test-cli-install.mjs');
await checkLightCliInstall({ work, tarballs, check, log });

// --- 3f. webgpu (last: it installs the `webgpu` package into the project) ---------------------------
const { webgpuPackCheck } = await import('../tooling/pack-test/webgpu-check.mjs');
failures.push(...(await webgpuPackCheck({ project, log })));

// --- report ----------------------------------------------------------------------------------------
if (keep) log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
if (failures.length > 0) {
  console.error(`\npack-test FAILED (${failures.length}):\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
log(`pack-test passed: ${published.length} packages`);
