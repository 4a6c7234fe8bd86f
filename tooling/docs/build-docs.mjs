#!/usr/bin/env node
// Builds the API reference (docs/api) from the TSDoc of every published package with TypeDoc.
//
// Each package is documented on its own (its tsconfig, its README, one entry point per `exports` subpath:
// ./dist/<name>.js → src/<name>.ts), into TypeDoc JSON; the JSON projects are then merged into one site.
// Warnings are reported but do not fail the build; TypeDoc errors (and a missing entry point) do.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = join(root, 'docs', 'api');
const typedoc = createRequire(join(root, 'package.json')).resolve('typedoc/bin/typedoc');
const work = mkdtempSync(join(tmpdir(), 'limit-docs-'));

function typedocRun(args, cwd) {
  const result = spawnSync(process.execPath, [typedoc, ...args], { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    rmSync(work, { recursive: true, force: true });
    console.error(`docs: typedoc failed in ${relative(root, cwd) || '.'} (exit ${result.status})`);
    process.exit(1);
  }
}

/** Source entry points of a package, from its exports map (./dist/x.js → src/x.ts). */
function entryPoints(dir, manifest) {
  const entries = [];
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    if (subpath === './package.json') continue;
    const types = typeof target === 'string' ? target : (target.types ?? target.import);
    const source = String(types).replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$|\.js$/, '.ts');
    if (!existsSync(join(dir, source))) {
      console.error(`docs: ${manifest.name} exports ${subpath} but ${source} does not exist`);
      process.exit(1);
    }
    entries.push(source);
  }
  return entries;
}

const packages = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => manifest.private !== true);

const jsonFiles = [];
for (const { dir, manifest } of packages) {
  const json = join(work, `${manifest.name.replace('@limit/', '')}.json`);
  const readme = existsSync(join(dir, 'README.md')) ? ['--readme', 'README.md'] : ['--readme', 'none'];
  typedocRun(
    [
      ...entryPoints(dir, manifest).flatMap((e) => ['--entryPoints', e]),
      '--tsconfig', 'tsconfig.json',
      '--name', manifest.name,
      ...readme,
      '--excludePrivate',
      '--excludeInternal',
      '--excludeExternals',
      '--disableSources',
      '--logLevel', 'Warn',
      '--json', json,
    ],
    dir,
  );
  jsonFiles.push(json);
}

typedocRun(
  [
    '--entryPointStrategy', 'merge',
    ...jsonFiles.flatMap((f) => ['--entryPoints', f]),
    '--name', 'limit — API reference',
    '--readme', join(root, 'docs', 'README.md'),
    '--logLevel', 'Warn',
    '--out', out,
  ],
  root,
);
rmSync(work, { recursive: true, force: true });
if (!existsSync(join(out, 'index.html'))) {
  console.error('docs: typedoc reported success but docs/api/index.html is missing');
  process.exit(1);
}
console.log(`docs: API reference for ${packages.length} packages written to ${relative(root, out)}/`);
