#!/usr/bin/env node
// The light CLI install, from packed tarballs (issue 19's checks), in an empty npm project that installs only
// @limit/cli (every @limit/* it needs from the local tarballs through `overrides`, the rest from the registry):
//
// - ONNXRUNTIME_NODE_INSTALL unset: `npm install` succeeds with no download beyond the registry (nothing in the
//   tree runs onnxruntime-node's install script: it is an optional peer, not installed), and the installed size
//   is reported, then again with onnxruntime-node added as it used to come (installed with
//   ONNXRUNTIME_NODE_INSTALL=skip, the only way it installs offline): the before/after of the light install;
// - `npx limit critical-n --d 4` runs; `critical-n --help` names native and webgpu;
// - with no `webgpu` package: `critical-n --d 4 --engine webgpu --out X` exits 2 within 5 s naming webgpu, X absent;
//   `bench-step --n 30 --d 4 --engine all` exits 0 with a native row and a line saying why webgpu cannot run;
// - `train --n 10 --d 4 --device cpu` trains; `--engine onnx` without onnxruntime-node exits 2 naming the package.
//
// Called by scripts/pack-test.mjs with its tarballs; or alone: node scripts/pack-test-cli-install.mjs [--keep]
// (packs every published package first). Prints one JSON line with the sizes at the end.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bytes under a folder (`du -sb`). */
const sizeOf = (dir) => Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]);
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

/** The largest packages under node_modules (scoped ones counted per package), biggest first. */
function largest(nodeModules, count = 8) {
  const entries = [];
  for (const name of readdirSync(nodeModules)) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) for (const sub of readdirSync(join(nodeModules, name))) entries.push(`${name}/${sub}`);
    else entries.push(name);
  }
  return entries
    .map((name) => ({ name, bytes: sizeOf(join(nodeModules, name)) }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, count);
}

/**
 * @param {{ work: string, tarballs: Map<string, string>, check: (ok: boolean, message: string) => boolean, log: (m: string) => void }} context
 * @returns {Promise<{ installedBytes: number, withOnnxruntimeBytes: number }>}
 */
export async function checkLightCliInstall({ work, tarballs, check, log }) {
  const project = join(work, 'cli-light');
  execFileSync('mkdir', ['-p', project]);
  const fileRefs = Object.fromEntries([...tarballs].map(([name, tarball]) => [name, `file:${tarball}`]));
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'limit-cli-light', version: '1.0.0', private: true, dependencies: { '@limit/cli': fileRefs['@limit/cli'] }, overrides: fileRefs }, null, 2),
  );
  // ONNXRUNTIME_NODE_INSTALL unset, as a new user's shell has it; NODE_PATH never leaks the workspace in
  const env = { ...process.env, npm_config_update_notifier: 'false', CI: 'true' };
  delete env.ONNXRUNTIME_NODE_INSTALL;
  delete env.NODE_PATH;
  const exec = (command, args, options = {}) => {
    const started = Date.now();
    const result = spawnSync(command, args, { cwd: project, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024, ...options });
    return { ...result, seconds: (Date.now() - started) / 1000 };
  };

  log('light CLI install: npm install @limit/cli (ONNXRUNTIME_NODE_INSTALL unset)…');
  const install = exec('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error']);
  if (!check(install.status === 0, `npm install of the CLI tarball failed with ONNXRUNTIME_NODE_INSTALL unset:\n${install.stdout}\n${install.stderr}`)) {
    return { installedBytes: 0, withOnnxruntimeBytes: 0 };
  }
  const nodeModules = join(project, 'node_modules');
  check(!existsSync(join(nodeModules, 'onnxruntime-node')), 'onnxruntime-node was installed with @limit/cli (it should be an optional peer)');
  check(!existsSync(join(nodeModules, 'webgpu')), 'the webgpu package was installed with @limit/cli (it is an optional peer)');
  const installedBytes = sizeOf(nodeModules);
  log(`light CLI install: ${mb(installedBytes)} in node_modules; largest: ${largest(nodeModules).map((e) => `${e.name} ${mb(e.bytes)}`).join(', ')}`);

  const limit = (args) => exec('npx', ['--no-install', 'limit', ...args]);
  const help = limit(['critical-n', '--help']);
  check(help.status === 0 && /native/.test(help.stdout) && /webgpu/.test(help.stdout), `limit critical-n --help does not name native and webgpu:\n${help.stdout}${help.stderr}`);

  const plain = limit(['critical-n', '--d', '4', '--out', join(project, 'plain')]);
  check(plain.status === 0 && /critical n/.test(plain.stdout), `npx limit critical-n --d 4 failed (${plain.status}):\n${plain.stderr.slice(-2000)}`);
  log(`light CLI install: critical-n --d 4 exited ${plain.status} in ${plain.seconds.toFixed(1)} s`);

  const x = join(project, 'X');
  const webgpu = limit(['critical-n', '--d', '4', '--engine', 'webgpu', '--out', x]);
  check(webgpu.status === 2, `critical-n --engine webgpu exited ${webgpu.status}, expected 2:\n${webgpu.stderr.slice(-1500)}`);
  check(webgpu.seconds < 5, `critical-n --engine webgpu took ${webgpu.seconds.toFixed(1)} s to fail, expected under 5 s`);
  check(/webgpu/.test(webgpu.stderr), `critical-n --engine webgpu does not name webgpu:\n${webgpu.stderr}`);
  check(!existsSync(x), 'critical-n --engine webgpu created its --out folder');
  log(`light CLI install: critical-n --engine webgpu exited ${webgpu.status} in ${webgpu.seconds.toFixed(1)} s: ${webgpu.stderr.trim().split('\n').pop()}`);

  const bench = limit(['bench-step', '--n', '30', '--d', '4', '--engine', 'all']);
  check(bench.status === 0, `bench-step --engine all exited ${bench.status}:\n${bench.stderr.slice(-1500)}`);
  check(/^native\s+native-\S+\s+\d/m.test(bench.stdout), `bench-step --engine all printed no native row:\n${bench.stdout}`);
  check(/^webgpu: unavailable \(.+\)$/m.test(bench.stdout), `bench-step --engine all does not say why webgpu is unavailable:\n${bench.stdout}`);
  log(`light CLI install: bench-step --engine all:\n${bench.stdout.trimEnd()}`);

  const train = limit(['train', '--n', '10', '--d', '4', '--device', 'cpu', '--json']);
  let metrics;
  try {
    metrics = JSON.parse(train.stdout).metrics;
  } catch {
    metrics = undefined;
  }
  check(train.status === 0 && metrics?.iterations > 0 && /^native/.test(metrics.engine), `train --n 10 --d 4 --device cpu did not train on native (${train.status}):\n${train.stdout}${train.stderr}`);

  const onnx = limit(['critical-n', '--d', '4', '--engine', 'onnx', '--out', join(project, 'onnx')]);
  check(onnx.status === 2 && /onnxruntime-node/.test(onnx.stderr), `critical-n --engine onnx without onnxruntime-node: exit ${onnx.status}, expected 2 naming the package:\n${onnx.stderr}`);

  // before: onnxruntime-node as the CLI used to bring it (a plain dependency; installable offline only with skip)
  log('light CLI install: adding onnxruntime-node as it used to come (ONNXRUNTIME_NODE_INSTALL=skip)…');
  const withOrt = exec('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `onnxruntime-node@${JSON.parse(readFileSync(fileURLToPath(new URL('../packages/cli/package.json', import.meta.url)), 'utf8')).peerDependencies['onnxruntime-node']}`], {
    env: { ...env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
  });
  let withOnnxruntimeBytes = 0;
  if (check(withOrt.status === 0, `npm install onnxruntime-node failed:\n${withOrt.stderr}`)) {
    withOnnxruntimeBytes = sizeOf(nodeModules);
    log(`light CLI install: ${mb(installedBytes)} without onnxruntime-node, ${mb(withOnnxruntimeBytes)} with it (onnxruntime-node and its deps: ${mb(withOnnxruntimeBytes - installedBytes)})`);
    const onnxNow = limit(['train', '--n', '6', '--d', '4', '--engine', 'onnx', '--json']);
    check(onnxNow.status === 0, `with onnxruntime-node installed, train --engine onnx failed:\n${onnxNow.stderr}`);
  }
  return { installedBytes, withOnnxruntimeBytes };
}

// --- standalone: pack every published package, then check --------------------------------------------
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const keep = process.argv.includes('--keep');
  const started = Date.now();
  const log = (m) => console.log(`[pack-test-cli ${((Date.now() - started) / 1000).toFixed(1)}s] ${m}`);
  const failures = [];
  const check = (ok, message) => (ok || failures.push(message), ok);
  const work = mkdtempSync(join(tmpdir(), 'limit-pack-cli-'));
  const tarballDir = join(work, 'tarballs');
  const tarballs = new Map();
  const published = readdirSync(join(root, 'packages'))
    .map((dir) => ({ dir: join(root, 'packages', dir), manifest: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => manifest.private !== true);
  // pnpm from PATH (under `pnpm run`), else through npx
  const [pnpm, ...pnpmArgs] = spawnSync('pnpm', ['--version']).error ? ['npx', '-y', 'pnpm@10'] : ['pnpm'];
  for (const { dir, manifest } of published) {
    const licenseExisted = existsSync(join(dir, 'LICENSE'));
    const out = await new Promise((resolve, reject) =>
      execFile(pnpm, [...pnpmArgs, 'pack', '--pack-destination', tarballDir], { cwd: dir, encoding: 'utf8' }, (error, stdout, stderr) => (error ? reject(new Error(`${manifest.name}: ${stderr}`)) : resolve(stdout))),
    ).finally(() => licenseExisted || rmSync(join(dir, 'LICENSE'), { force: true }));
    const file = out.trim().split('\n').map((l) => l.trim()).filter((l) => l.endsWith('.tgz')).pop();
    tarballs.set(manifest.name, file.startsWith('/') ? file : join(tarballDir, file));
  }
  log(`packed ${tarballs.size} packages`);
  const sizes = await checkLightCliInstall({ work, tarballs, check, log });
  console.log(JSON.stringify({ date: new Date().toISOString(), ...sizes }));
  if (keep) log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
  if (failures.length > 0) {
    console.error(`\npack-test-cli FAILED (${failures.length}):\n- ${failures.join('\n- ')}`);
    process.exit(1);
  }
  log('passed');
}
