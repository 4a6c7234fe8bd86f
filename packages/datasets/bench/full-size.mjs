// Measures `--size full` end to end (generate + write 50,000 documents), as the issue asks:
// wall time, CPU time and peak memory per run, in a fresh process each, plus a byte-identity
// check across runs. Needs a build first (`pnpm build`). Usage: node bench/full-size.mjs [runs]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.argv[2] ?? 3);
const child = `
  const { generateLimitDataset } = await import(${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)});
  const { writeDataset } = await import(${JSON.stringify(new URL('../dist/node.js', import.meta.url).href)});
  const t0 = performance.now(); const c0 = process.cpuUsage();
  const ds = generateLimitDataset({ size: 'full', seed: 0 });
  const t1 = performance.now();
  await writeDataset(process.argv[1], ds);
  const t2 = performance.now(); const c = process.cpuUsage(c0);
  console.log(JSON.stringify({ generateMs: t1 - t0, writeMs: t2 - t1, cpuMs: (c.user + c.system) / 1000,
    maxRssMB: process.resourceUsage().maxRSS / 1024, heapUsedMB: process.memoryUsage().heapUsed / 2 ** 20 }));
`;
const dir = mkdtempSync(join(tmpdir(), 'limit-full-bench-'));
const results = [];
const hashes = new Set();
try {
  for (let i = 0; i < runs; i++) {
    const out = join(dir, `run${i}`);
    const start = performance.now();
    const line = execFileSync(process.execPath, ['--input-type=module', '-e', child, out], { encoding: 'utf8' });
    const r = { ...JSON.parse(line), processWallMs: performance.now() - start };
    results.push(r);
    hashes.add(['corpus.jsonl', 'queries.jsonl', 'qrels.jsonl'].map((f) => createHash('sha256').update(readFileSync(join(out, f))).digest('hex')).join(','));
    console.log(`run ${i + 1}:`, Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(v)])));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const median = (k) => results.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(results.length / 2)];
console.log('median:', Object.fromEntries(Object.keys(results[0]).map((k) => [k, Math.round(median(k))])));
console.log(hashes.size === 1 ? 'all runs byte-identical' : `RUNS DIFFER (${hashes.size} distinct outputs)`);
if (hashes.size !== 1) process.exit(1);
