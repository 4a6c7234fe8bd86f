// Issue 23's CLI checks: every failure a one-line typed error with status 2 (no stack unless --debug), huge
// ranges refused by flag, and a local worker SIGKILLed mid-run retried, never counted. Real processes only.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/cli.js');
const env = { ...process.env, CI: 'true' };
const run = (args: string[], timeout = 60_000) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env, timeout });
const tmp = () => mkdtempSync(join(tmpdir(), 'limit-rel-'));
const quick = ['--max-iterations', '3000', '--patience', '300', '--backend', 'onnx'];

/** One line on stderr, `limit: <Class>: …`, exit 2, no stack frames. */
function expectOneLineError(result: ReturnType<typeof run>, errorClass: RegExp, mentions: string) {
  expect(result.status, result.stderr).toBe(2);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^limit: ${errorClass.source}`));
  expect(lines[0]).toContain(mentions);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('CLI failures are one-line typed errors with status 2', () => {
  it('critical-n --out <an existing file> and --out <a path under a file>', () => {
    const dir = tmp();
    const file = join(dir, 'afile');
    writeFileSync(file, 'mine');
    expectOneLineError(run(['critical-n', '--d', '4', '--out', file, ...quick]), /InvalidArgumentError/, '--out');
    expectOneLineError(run(['critical-n', '--d', '4', '--out', join(file, 'sub'), ...quick]), /InvalidArgumentError/, '--out');
    expect(readFileSync(file, 'utf8')).toBe('mine');
    // --debug adds the stack
    const debug = run(['critical-n', '--d', '4', '--out', file, '--debug', ...quick]);
    expect(debug.status).toBe(2);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('critical-n --d 1..99999999999 names --d (no RangeError)', () => {
    const result = run(['critical-n', '--d', '1..99999999999', '--out', join(tmp(), 'out')]);
    expectOneLineError(result, /InvalidArgumentError/, '--d');
  });

  it('svd-demo --rows 100000 --cols 100000 and --out under a file; worker flags; --queue a:b', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'afile'), 'x');
    expectOneLineError(run(['svd-demo', '--rows', '100000', '--cols', '100000', '--out', join(dir, 'o')]), /InvalidArgumentError/, '--rows');
    expectOneLineError(run(['svd-demo', '--out', join(dir, 'afile', 'o')]), /InvalidArgumentError/, '--out');
    expectOneLineError(run(['worker', '--redis', 'redis://127.0.0.1:1', '--concurrency', '0x10']), /InvalidArgumentError/, '--concurrency');
    expectOneLineError(run(['worker', '--redis', 'redis://127.0.0.1:1', '--lock-duration', '1e4']), /InvalidArgumentError/, '--lock-duration');
    expectOneLineError(run(['worker', '--redis', 'redis://127.0.0.1:1', '--queue', 'a:b']), /InvalidArgumentError/, '--queue');
    expectOneLineError(run(['critical-n', '--d', '3', '--redis', 'redis://127.0.0.1:1', '--queue', 'a:b', '--out', join(dir, 'cn')]), /InvalidArgumentError/, '--queue');
    expect(existsSync(join(dir, 'cn'))).toBe(false);
  });
});

describe('evaluate output checks', () => {
  it('--results-dir <a file> and a --task that is a path are one-line typed errors, before any work', () => {
    const dir = tmp();
    const data = join(dir, 'data');
    expect(run(['generate', '--size', 'small', '--queries', '20', '--attributes-per-doc', '10', '--out', data]).status).toBe(0);
    writeFileSync(join(dir, 'afile'), 'x');
    expectOneLineError(run(['evaluate', '--data', data, '--retriever', 'bm25', '--results-dir', join(dir, 'afile')]), /InvalidArgumentError/, '--results-dir');
    expectOneLineError(run(['evaluate', '--data', data, '--retriever', 'bm25', '--results-dir', join(dir, 'r'), '--task', '../../escaped']), /InvalidArgumentError/, '--task');
    expect(existsSync(join(dir, 'r'))).toBe(false);
  });
});

describe('critical-n on read-only and full disks (tmpfs; needs root on Linux)', () => {
  const mount = (options: string) => {
    const mnt = mkdtempSync(join(tmpdir(), 'limit-rel-mnt-'));
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', mnt], { encoding: 'utf8' });
    return mounted.status === 0 ? mnt : undefined;
  };
  const canMount = process.platform === 'linux' && process.getuid?.() === 0;
  if (!canMount) console.warn(`skipping the disk tests: mounting a tmpfs needs root on Linux (uid ${process.getuid?.()})`);

  it.runIf(canMount)('read-only: refused up front naming --out; full: the run that cannot be saved is retried, never counted, the d marked incomplete', () => {
    const ro = mount('ro,size=64k');
    const full = mount('size=16k');
    try {
      if (!ro || !full) return void console.warn('skipping: mount failed');
      expectOneLineError(run(['critical-n', '--d', '3', '--out', join(ro, 'out'), ...quick]), /InvalidArgumentError/, '--out');
      const result = run(['critical-n', '--d', '3', '--out', join(full, 'out'), ...quick], 120_000);
      expect(result.status).not.toBe(0);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stderr).toMatch(/attempt 1 failed \(Error \[ENOSPC\]|attempt 1 failed \(Error: cannot write .*ENOSPC/);
      expect(result.stderr).not.toMatch(/counted as not solved/);
      expect(result.stdout).toMatch(/^3 +incomplete \(n = \d+\)/m);
      const last = result.stderr.trimEnd().split('\n').pop()!;
      expect(last).toMatch(/^limit: (Error \[ENOSPC\]|IncompleteExperiment): /);
    } finally {
      for (const mnt of [ro, full]) if (mnt) spawnSync('umount', [mnt]);
    }
  }, 180_000);
});

/** Pids of a process' children (Linux /proc). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

describe('critical-n --workers 2 with a worker SIGKILLed mid-run', () => {
  it('retries the killed run and prints the table of an uninterrupted run; failures.json holds nothing', async () => {
    // the command, default settings (about 15 s here): 4 = 9, 5 = 13, 6 = 19, 7 = 26 uninterrupted
    const args = ['critical-n', '--d', '4..7', '--workers', '2'];
    const cleanOut = tmp();
    const clean = run([...args, '--out', cleanOut], 120_000);
    expect(clean.status, clean.stderr).toBe(0);

    const out = tmp();
    const child = spawn(process.execPath, [cli, ...args, '--out', out], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    const killed: number[] = [];
    // kill a worker while it trains: wait for both, give them a moment to start a run, kill one; if no run
    // was hit (it sat between runs), kill another, until the coordinator reports a retry
    const deadline = Date.now() + 60_000;
    while (!/retrying/.test(stderr) && child.exitCode === null && Date.now() < deadline) {
      const workers = childrenOf(child.pid!).filter((p) => !killed.includes(p));
      if (workers.length >= 2) {
        await new Promise((r) => setTimeout(r, 300));
        process.kill(workers[0]!, 'SIGKILL');
        killed.push(workers[0]!);
        const until = Date.now() + 2000;
        while (!/retrying/.test(stderr) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      } else {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    expect(await exited, stderr).toBe(0);
    expect(killed.length).toBeGreaterThan(0);
    expect(stderr).toMatch(/attempt \d failed \(InfrastructureError: the local worker process \d+ exited \(SIGKILL\) while training\); retrying/);
    const table = (text: string) => text.slice(text.indexOf('critical n'), text.indexOf('\n\n', text.indexOf('critical n')));
    expect(table(stdout)).toBe(table(clean.stdout));
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { failedRuns: unknown[]; dimensions: unknown };
    expect(summary.failedRuns).toEqual([]);
    expect(summary.dimensions).toEqual(JSON.parse(readFileSync(join(cleanOut, 'summary.json'), 'utf8')).dimensions);
    expect(existsSync(join(out, 'failures.json'))).toBe(false);
  }, 240_000);
});
