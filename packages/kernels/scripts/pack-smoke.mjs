#!/usr/bin/env node
// What a user gets from `npm install @limit/kernels`: packs @limit/kernels and its @limit dependencies,
// installs the tarballs into an empty npm project (node-gyp-build from the registry), checks no install script ran
// and the prebuild is there, then runs one step from a plain ESM and a plain CJS script.
// Usage (after the build): node packages/kernels/scripts/pack-smoke.mjs
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'limit-kernels-pack-'));
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
try {
  const names = { kernels: '@limit/kernels', core: '@limit/core', combinatorics: '@limit/combinatorics', 'step-engine': '@limit/step-engine' };
  const tarballs = {};
  for (const [folder, name] of Object.entries(names)) {
    const dir = join(pkg, '..', folder);
    const hadLicense = existsSync(join(dir, 'LICENSE'));
    const out = join(work, folder);
    run('mkdir', ['-p', out]);
    run('npx', ['-y', 'pnpm@10', 'pack', '--pack-destination', out], dir);
    if (!hadLicense) rmSync(join(dir, 'LICENSE'), { force: true });
    tarballs[name] = `file:${join(out, readdirSync(out).find((f) => f.endsWith('.tgz')))}`;
  }
  const kernels = tarballs['@limit/kernels'].slice('file:'.length);
  const listing = run('tar', ['-tzf', kernels]);
  if (!listing.includes(`package/prebuilds/${process.platform}-${process.arch}/`)) throw new Error(`no prebuild in the tarball:\n${listing}`);
  if (listing.includes('binding.gyp') || listing.includes('native/')) throw new Error('native sources leaked into the tarball');
  const project = join(work, 'project');
  run('mkdir', ['-p', project]);
  writeFileSync(
    join(project, 'package.json'),
    // every @limit package from the tarballs, never the registry
    JSON.stringify({ name: 'consumer', private: true, dependencies: { '@limit/kernels': tarballs['@limit/kernels'], '@limit/core': tarballs['@limit/core'] }, overrides: tarballs }),
  );
  const install = run('npm', ['install', '--no-audit', '--no-fund', '--foreground-scripts'], project);
  if (/gyp|prebuild-install|node-pre-gyp/.test(install)) throw new Error(`an install script ran:\n${install}`);
  const body = `
const Q = createDenseMatrix(3, 2, Float32Array.from([1, 0, 0, 1, Math.SQRT1_2, Math.SQRT1_2]));
const D = createDenseMatrix(3, 2, Float32Array.from([1, 0, 0, 1, -1, 0]));
const qrels = { numQueries: 3, numDocs: 3, offsets: Int32Array.from([0, 1, 2, 4]), docs: Int32Array.from([0, 1, 0, 1]) };
const engine = await createNativeStepEngine({ queries: Q, documents: D, qrels, learningRate: 0.01, temperature: 0.1, adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, blockSize: 8 });
const loss = await engine.step();
if (Math.abs(loss - 0.346608) > 1e-5) throw new Error('unexpected loss ' + loss);
console.log(engine.name, loss.toFixed(6), JSON.stringify(await engine.accuracy()));
await engine.dispose();
// the other objectives and centroid queries, against values computed by hand (hinge: 5 of 6 pairs violate the
// margin 1.5 by 0.5, centroid queries; sigmoid at T = 0.1, b = −10: the mean of 9 softplus terms)
const hinge = await createNativeStepEngine({ queries: Q, documents: D, qrels, learningRate: 0.01, objective: { name: 'hinge', margin: 1.5 }, queryMode: 'centroid', adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, blockSize: 8 });
const hingeLoss = await hinge.step();
await hinge.dispose();
if (Math.abs(hingeLoss - 2.5 / 6) > 1e-6) throw new Error('unexpected hinge loss ' + hingeLoss);
const sigmoid = await createNativeStepEngine({ queries: Q, documents: D, qrels, learningRate: 0.01, objective: { name: 'sigmoid', temperature: 0.1, bias: -10 }, adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, blockSize: 8 });
const sigmoidLoss = await sigmoid.step();
await sigmoid.dispose();
if (Math.abs(sigmoidLoss - 0.816494) > 1e-5) throw new Error('unexpected sigmoid loss ' + sigmoidLoss);
console.log('hinge (centroid)', hingeLoss.toFixed(6), 'sigmoid', sigmoidLoss.toFixed(6));`;
  writeFileSync(join(project, 'step.mjs'), `import { createNativeStepEngine } from '@limit/kernels';\nimport { createDenseMatrix } from '@limit/core';\n${body}\n`);
  writeFileSync(join(project, 'step.cjs'), `const { createNativeStepEngine } = require('@limit/kernels');\nconst { createDenseMatrix } = require('@limit/core');\n(async () => {${body}\n})().catch((e) => { console.error(e); process.exit(1); });\n`);
  console.log(`ESM: ${run('node', ['step.mjs'], project).trim()}`);
  console.log(`CJS: ${run('node', ['step.cjs'], project).trim()}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
