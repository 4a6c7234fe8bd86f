import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'limit-import-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
async function limit(...args: string[]) {
  try {
    const { stdout, stderr } = await run('node', [cli, ...args]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

const row = (n: number, loss: string) =>
  `{"parameters": {"q": null, "learning_rate": 0.01, "num_iterations": 100000, "temperature": 0.1, "seed": 42, "show_progress": true, "device": "gpu", "log_interval": 50, "early_stopping_patience": 1000, "early_stopping_min_delta": 1e-05, "early_stopping_monitor_metric": "loss", "early_stopping_restore_best_weights": false, "logtostderr": false, "v": -1, "?": false, "d": 5, "k": 2, "enable_critical_n_search": 11, "n": ${n}}, "metrics": {"final_accuracy": 1.0, "final_loss": ${loss}, "max_accuracy_observed": 1.0, "actual_q_generated": 10}, "data": {}}`;

describe('limit import-official', () => {
  it('imports a file with absl flags and NaN, reports the flags, and critical-n files come out strict-readable', async () => {
    const file = join(dir, 'd=5_k=2.json');
    writeFileSync(file, `[${row(11, '0.4')}, ${row(12, 'NaN')}]`);
    const r = await limit('import-official', file, '--out', join(dir, 'out'), '--json');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { rows: number; extraFlags: Record<string, unknown>; nonFiniteValues: number; files: string[] };
    expect(report).toMatchObject({ rows: 2, nonFiniteValues: 1, extraFlags: { logtostderr: false, v: -1, '?': false } });
    expect(report.files).toEqual([join(dir, 'out', 'd5-k2.json')]);
    expect((JSON.parse(readFileSync(report.files[0]!, 'utf8')) as unknown[]).length).toBe(2);
    const again = await limit('import-official', file, '--out', join(dir, 'out'));
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists/);
    writeFileSync(join(dir, 'bad.json'), `[${row(11, '"x"')}]`);
    const bad = await limit('import-official', join(dir, 'bad.json'), '--out', join(dir, 'out2'));
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/final_loss/);
  });
});
