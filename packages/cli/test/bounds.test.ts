import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const run = (...args: string[]) => execFileSync(process.execPath, [cli, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const json = (...args: string[]) => JSON.parse(run(...args, '--json')) as {
  theorem1: { dimension: number; ratio: number };
  forster: { closedForm: { value: number; dimensionLowerBound: number } | null; matrix: { value: number } | null };
  momentCurve: { dimension: number; exhaustive: boolean; float64: { accuracy: number; minMargin: number } } | null;
};

describe('limit bounds', () => {
  const n100 = () => (cached ??= json('bounds', '--n', '100', '--k', '2', '--margin', '0.1'));
  let cached: ReturnType<typeof json> | undefined;

  it('n = 100, k = 2, γ = 0.1: Theorem 1 gives 4, and the table says so', () => {
    expect(n100().theorem1.dimension).toBe(4);
    expect(run('bounds', '--n', '100', '--k', '2', '--margin', '0.1')).toMatch(/Theorem 1 \(margin bound\)\s+d ≥ 4\b/);
  });

  it('n = 10^9 gives 17 and k = 10, n = 10^6 gives 52 (γ = 0.1 default)', () => {
    expect(json('bounds', '--n', '10^9', '--k', '2').theorem1.dimension).toBe(17);
    expect(json('bounds', '--n', '1000000', '--k', '10').theorem1.dimension).toBe(52);
  });

  it('shows Forster from the built matrix and the closed form, which agree, and a verified construction', () => {
    const r = n100();
    expect(r.forster.matrix).not.toBeNull();
    expect(r.forster.matrix!.value).toBeCloseTo(r.forster.closedForm!.value, 10);
    expect(r.momentCurve!.dimension).toBe(4);
    expect(r.momentCurve!.exhaustive).toBe(true);
    expect(r.momentCurve!.float64.accuracy).toBe(1);
    expect(r.momentCurve!.float64.minMargin).toBeGreaterThan(0);
  });

  it('rejects a non-positive margin with a typed error and exit code 2', () => {
    try {
      run('bounds', '--n', '100', '--k', '2', '--margin', '0');
      throw new Error('no failure');
    } catch (e) {
      const err = e as { status: number; stderr: string };
      expect(err.status).toBe(2);
      expect(err.stderr).toMatch(/InvalidArgumentError.*margin/);
    }
  });
});
