import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
const dir = mkdtempSync(join(tmpdir(), 'limit-cn-objectives-'));

describe('limit critical-n: objectives, pass rules, Table 6', () => {
  it('--d 9 prints the paper’s 32 beside our value and the difference', () => {
    const r = run('critical-n', '--d', '9', '--max-iterations', '3000', '--out', join(dir, 'd9'));
    expect(r.status, r.stderr).toBe(0);
    const line = r.stdout.split('\n').find((l) => /^9\s/.test(l))!;
    const [, critical, paper, diff] = line.trim().split(/\s+/);
    expect(paper).toBe('32');
    expect(Number(diff)).toBe(Number(critical) - 32);
  }, 300_000);

  it('--engine onnx (or tfjs-cpu) with --objective hinge is a typed usage error before anything trains', () => {
    for (const engine of ['onnx', 'tfjs-cpu']) {
      const out = join(dir, `refused-${engine}`);
      const r = run('critical-n', '--d', '4', '--engine', engine, '--objective', 'hinge', '--out', out);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/--objective/);
      expect(r.stderr).toMatch(/hinge/);
      expect(() => readdirSync(out)).toThrow(); // nothing written
    }
  });

  it('--pass-rule margin --margin 0.05 --certificates: every solved certificate verifies with --require-solved and has margin ≥ 0.05', () => {
    const out = join(dir, 'margin');
    const r = run('critical-n', '--d', '4', '--pass-rule', 'margin', '--margin', '0.05', '--certificates', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const certificates = readdirSync(join(out, 'certificates'));
    expect(certificates.length).toBeGreaterThan(0);
    expect(certificates.every((c) => c.endsWith('-pmargin0.05.cert.json'))).toBe(true);
    for (const name of certificates) {
      const v = run('verify', join(out, 'certificates', name), '--require-solved', '--json');
      expect(v.status, v.stdout).toBe(0);
      const check = JSON.parse(v.stdout);
      expect(check.claims.minMargin).toBeGreaterThanOrEqual(0.05);
      expect(check.claims.minMargin).toBeGreaterThanOrEqual(check.claims.claimedMinMargin - 1e-12);
    }
  }, 300_000);

  it('refuses --margin without --pass-rule margin, and an unknown --statistic', () => {
    expect(run('critical-n', '--d', '4', '--margin', '0.1', '--out', join(dir, 'x')).status).toBe(2);
    const r = run('critical-n', '--d', '4', '--statistic', 'best', '--out', join(dir, 'y'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--statistic/);
  });
});
