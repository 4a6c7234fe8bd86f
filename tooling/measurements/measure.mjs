#!/usr/bin/env node
// Regenerates the measured numbers of README.md and docs/:
//
//   pnpm measure                 every measurement (about 15 minutes on the 2-core machine), then every guide
//   pnpm measure NAME …          only those measurements, then every guide
//   pnpm measure --render-only   no measuring: rewrite every results block and citation from the checked-in files
//   pnpm measure --list          what there is
//
// Each measurement writes docs/measurements/NAME.json ({ name, command, date, machine, wallSeconds, results })
// atomically; a failed one leaves its old file in place, is reported, and makes the command exit 1.
import { spawn } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MEASUREMENTS } from './measurements.mjs';
import { listGuides, loadResultsFile } from './lib/guides.mjs';
import { renderMarkdown } from './lib/results-blocks.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);

if (args.includes('--list')) {
  for (const m of MEASUREMENTS) process.stdout.write(`${m.name.padEnd(18)} ${m.slow ? '(slow) ' : ''}${m.description}\n`);
  process.exit(0);
}
const unknown = args.filter((a) => !a.startsWith('--') && !MEASUREMENTS.some((m) => m.name === a));
if (unknown.length > 0 || args.some((a) => a.startsWith('--') && a !== '--render-only')) {
  process.stderr.write(`unknown measurement or flag: ${[...unknown, ...args.filter((a) => a.startsWith('--') && a !== '--render-only')].join(', ')}\nusage: pnpm measure [--list | --render-only | NAME …]\n`);
  process.exit(2);
}

/** Runs a shell command in the repository root; stdout is captured, stderr goes to ours. */
function exec(command, { env = {}, allowFailure = false } = {}) {
  return new Promise((resolve, reject) => {
    const childEnv = { ...process.env };
    for (const [key, value] of Object.entries(env)) {
      if (value === undefined) delete childEnv[key];
      else childEnv[key] = value;
    }
    const started = performance.now();
    const child = spawn(command, { cwd: root, shell: true, env: childEnv, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => {
      const wallSeconds = (performance.now() - started) / 1000;
      if (exitCode !== 0 && !allowFailure) reject(new Error(`\`${command}\` exited with ${exitCode}`));
      else resolve({ stdout, wallSeconds, exitCode });
    });
  });
}

const machine = () => {
  const c = cpus();
  return `${c.length} × ${c[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU'}, Node ${process.version}, load ${loadavg()[0].toFixed(1)}`;
};

let failed = 0;
const chosen = args.includes('--render-only') ? [] : args.filter((a) => !a.startsWith('--'));
for (const m of chosen.length > 0 ? MEASUREMENTS.filter((x) => chosen.includes(x.name)) : args.includes('--render-only') ? [] : MEASUREMENTS) {
  process.stderr.write(`measure ${m.name}: ${m.description}\n`);
  const before = machine();
  const started = performance.now();
  try {
    const { command, results } = await m.run({ exec, root });
    const file = join(root, 'docs', 'measurements', `${m.name}.json`);
    const data = {
      name: m.name,
      ...(m.kind ? { kind: m.kind } : {}),
      description: m.description,
      command,
      date: new Date().toISOString().slice(0, 10),
      ...(m.kind === 'generated' ? {} : { machine: before }),
      wallSeconds: Math.round((performance.now() - started) / 100) / 10,
      results,
    };
    writeFileSync(`${file}.tmp`, `${JSON.stringify(data, null, 2)}\n`);
    renameSync(`${file}.tmp`, file);
    process.stderr.write(`  wrote docs/measurements/${m.name}.json (${data.wallSeconds} s)\n`);
  } catch (error) {
    failed++;
    process.stderr.write(`  FAILED, docs/measurements/${m.name}.json left as it was: ${error.message}\n`);
  }
}

// every guide, re-rendered from the (new) results files
let changed = 0;
for (const guide of listGuides(root)) {
  const text = readFileSync(join(root, guide), 'utf8');
  const { text: rendered, problems } = renderMarkdown(text, { markdownPath: guide, load: (file) => loadResultsFile(root, file) });
  for (const p of problems) {
    failed++;
    process.stderr.write(`${guide}:${p.line}: ${p.message}\n`);
  }
  if (rendered !== text) {
    writeFileSync(join(root, guide), rendered);
    changed++;
    process.stderr.write(`updated ${guide}\n`);
  }
}
process.stderr.write(`${changed} guide(s) updated${failed > 0 ? `; ${failed} problem(s)` : ''}\n`);
process.exit(failed > 0 ? 1 : 0);
