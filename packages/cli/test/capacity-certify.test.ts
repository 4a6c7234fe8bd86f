import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
const dir = mkdtempSync(join(tmpdir(), 'limit-capacity-'));

describe('limit certify: what documents allow (LP per set)', () => {
  it('moment curve, n = 30 in d = 4 (float64): every one of the 435 sets is admitted, with an exact margin', () => {
    const r = run('certify', '--moment-curve', '30', '--k', '2', '--json');
    expect(r.status, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c).toMatchObject({ numQueries: 435, diagnosis: 'every-set-admitted', refit: { admitted: 435, notAdmitted: 0, undecided: 0 } });
    expect(c.exactMargin).toBeGreaterThan(0);
  });

  it('one document at the centroid of three others: the sets that need it above all three are refused (hand argument: its score is their mean)', () => {
    // documents 1, 2, 3 on the sphere, document 0 their mean, document 4 elsewhere
    const others = [[1, 0, 0], [0, 1, 0], [0.6, 0, 0.8], [-0.6, -0.8, 0]];
    const centroid = [0, 1, 2].map((c) => (others[0]![c]! + others[1]![c]! + others[2]![c]!) / 3);
    const file = join(dir, 'centroid.json');
    writeFileSync(file, JSON.stringify({ format: 'limit-documents', documents: [centroid, ...others], k: 1 }));
    const single = JSON.parse(run('certify', file, '--json').stdout);
    // k = 1: {0} needs ⟨q,d₀⟩ > ⟨q,d₁⟩, ⟨q,d₂⟩, ⟨q,d₃⟩, impossible for their mean; every other singleton is a vertex of the hull
    expect(single.refit).toMatchObject({ admitted: 4, notAdmitted: 1, undecided: 0 });
    expect(single.refit.listed.filter((s: { verdict: string }) => s.verdict === 'not-admitted').map((s: { relevant: number[] }) => s.relevant)).toEqual([[0]]);
    writeFileSync(file, JSON.stringify({ format: 'limit-documents', documents: [centroid, ...others], k: 2 }));
    const pairs = run('certify', file);
    expect(pairs.status).toBe(0);
    // k = 2: {0, 4} needs document 0 above 1, 2 and 3 — refused; {0, j ≤ 3} need it above only two of them
    expect(pairs.stdout).toMatch(/admit 9 of 10 sets; 1 cannot be realised by any query/);
    expect(pairs.stdout).toMatch(/\{0, 4\}: not-admitted/);
  });

  it('a failed InfoNCE run (n = 10, d = 4): reports how many sets its documents admit and which side failed', () => {
    const file = join(dir, 'failed.json');
    const train = run('train', '--n', '10', '--d', '4', '--engine', 'js', '--save', file);
    expect(train.status, train.stderr).toBe(0);
    expect(train.stdout).toMatch(/not solved/);
    const verify = JSON.parse(run('verify', file, '--json').stdout);
    const r = run('certify', file, '--json');
    expect(r.status, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.numQueries).toBe(45);
    expect(c.refit.admitted + c.refit.notAdmitted + c.refit.undecided).toBe(45);
    expect(c.trained.realised).toBe(verify.claims.correctQueries); // the same trained queries, counted by `limit verify`
    expect(['query-side', 'document-side']).toContain(c.diagnosis);
    const text = run('certify', file).stdout;
    expect(text).toMatch(new RegExp(`refit \\(highs [\\d.]+, one LP per set, each verdict proved in float64\\): ${c.refit.admitted} admitted`));
  });

  it('refuses no input, and a file that is neither a certificate nor documents, naming the file', () => {
    expect(run('certify').status).toBe(2);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format": "something"}');
    const r = run('certify', bad);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/bad\.json/);
  });
});

describe('limit capacity', () => {
  it('d = 4, two objectives, 2 restarts, --json: paper value, critical n and seeds per n, margins, refit, construction; files written; a re-run resumes', () => {
    const out = join(dir, 'cap');
    const args = ['capacity', '--d', '4', '--k', '2', '--objectives', 'infoNce,hinge', '--restarts', '2', '--margin', '0.01', '--engine', 'js', '--out', out, '--json'];
    const r = run(...args);
    expect(r.status, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.objectives).toEqual(['infoNce-t0.1', 'hinge-m0.1']);
    const row = c.rows[0];
    expect(row.d).toBe(4);
    expect(row.paper).toBe(10);
    for (const o of row.objectives) {
      expect(o.criticalN).toBeGreaterThan(3);
      expect(o.diff).toBe(o.criticalN - 10);
      expect(o.successes.every((s: { seeds: number }) => s.seeds === 2)).toBe(true);
      expect(o.marginAtCriticalN).toBeGreaterThan(0);
      expect(o.refit.numQueries).toBe((o.refit.n * (o.refit.n - 1)) / 2);
    }
    expect(row.construction.length).toBeGreaterThan(0);
    expect(c.float32Limit.largestN).toBe(166);
    for (const name of ['capacity.json', 'capacity.md', 'capacity-vs-d.svg', 'capacity-vs-d.png', 'd4-k2.json']) expect(existsSync(join(out, name)), name).toBe(true);
    expect(readFileSync(join(out, 'capacity-vs-d.svg'), 'utf8')).toMatch(/hinge-m0.1 \(critical n\)/);
    const again = JSON.parse(run(...args).stdout);
    expect(again.trainedRuns).toBe(0);
    expect(again.cachedRuns).toBe(c.trainedRuns);
    expect(again.rows).toEqual(c.rows);
  }, 300_000);

  it('the table header names the statistic, and --k 3 runs', () => {
    const r = run('capacity', '--d', '6', '--k', '3', '--restarts', '2', '--statistic', 'any', '--no-constructions', '--out', join(dir, 'cap-k3'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/critical n \(any of 2 seeds\)/);
  }, 300_000);

  it('--k 4 checks the memory of every d up front: d = 30 is refused before anything is written', () => {
    const out = join(dir, 'k4');
    const r = run('capacity', '--d', '6,30', '--k', '4', '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--d 30: training n = \d+, d = 30, k = 4/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an objective no chosen engine implements before training, naming the flag', () => {
    const r = run('capacity', '--d', '4', '--objectives', 'infoNce,hinge', '--engine', 'onnx', '--out', join(dir, 'refused'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--objectives/);
    expect(r.stderr).toMatch(/hinge/);
  });
});
