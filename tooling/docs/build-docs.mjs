#!/usr/bin/env node
// Builds the API reference (docs/api) from the TSDoc of every published package with TypeDoc.
//
// Each package is documented on its own (its tsconfig, its README, one entry point per `exports` subpath:
// ./dist/<name>.js → src/<name>.ts), into TypeDoc JSON; the JSON projects are then merged into one site.
// Warnings are reported but do not fail the build; TypeDoc errors (and a missing entry point) do.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = join(root, 'docs', 'api');
// typedoc's exports map hides bin/: locate the package through its package.json instead
const typedoc = join(dirname(createRequire(join(root, 'package.json')).resolve('typedoc/package.json')), 'bin', 'typedoc');
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

/** Every relative link in docs/**.md must point at a file that exists (docs/api is generated, skipped). */
function checkMarkdownLinks() {
  const broken = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (path !== out) walk(path);
      } else if (entry.name.endsWith('.md')) {
        const text = readFileSync(path, 'utf8').replace(/```[\s\S]*?```/g, '');
        for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
          const target = match[1].split('#')[0];
          if (target === '' || /^[a-z]+:/i.test(target)) continue;
          if (!existsSync(join(dirname(path), target))) broken.push(`${relative(root, path)} → ${match[1]}`);
        }
      }
    }
  };
  walk(join(root, 'docs'));
  if (broken.length > 0) {
    console.error(`docs: broken links:\n  ${broken.join('\n  ')}`);
    process.exit(1);
  }
}
checkMarkdownLinks();

const packages = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => manifest.private !== true);

/** Runs typedoc asynchronously; resolves with its exit code and captured output. */
function typedocAsync(args, cwd) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [typedoc, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code, output }));
  });
}

const jobs = packages.map(({ dir, manifest }) => {
  const json = join(work, `${manifest.name.replace('@limit/', '')}.json`);
  const readme = existsSync(join(dir, 'README.md')) ? ['--readme', 'README.md'] : ['--readme', 'none'];
  const args = [
    ...entryPoints(dir, manifest).flatMap((e) => ['--entryPoints', e]),
    '--tsconfig', 'tsconfig.json',
    '--name', manifest.name,
    ...readme,
    '--excludePrivate',
    '--excludeInternal',
    '--excludeExternals',
    '--disableSources',
    // type errors are `pnpm typecheck`'s job (and the program includes test files); this build fails
    // on documentation errors only
    '--skipErrorChecking',
    // paths serialised relative to the repository root, where the merge step resolves them
    '--basePath', root,
    '--logLevel', 'Warn',
    '--json', json,
  ];
  return { dir, manifest, json, args };
});

// two at a time: CI machines here have two cores
const failures = [];
for (let i = 0; i < jobs.length; i += 2) {
  const batch = jobs.slice(i, i + 2);
  const results = await Promise.all(batch.map((job) => typedocAsync(job.args, job.dir)));
  results.forEach(({ code, output }, j) => {
    const { manifest } = batch[j];
    if (output.trim() !== '') console.log(`--- ${manifest.name}\n${output.trim()}`);
    if (code !== 0) failures.push(`${manifest.name} (exit ${code})`);
  });
}
if (failures.length > 0) {
  rmSync(work, { recursive: true, force: true });
  console.error(`docs: typedoc failed for ${failures.join(', ')}`);
  process.exit(1);
}
const jsonFiles = jobs.map((job) => job.json);

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
