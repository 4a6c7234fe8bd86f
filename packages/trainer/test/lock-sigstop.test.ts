// SLOW (about 30 s): the issue-23 acceptance check for the results folder's lock, with a real process and real
// SIGSTOP/SIGCONT. A holder suspended for longer than the lock's staleness threshold (20 s) is alive on this host,
// so it keeps its lock; a second experiment into the folder is refused, and the holder finishes with every row.
// The faster lock cases (a suspended holder simulated by an old lock mtime, other hosts, a lost lock) are in
// src/node/folder-lock.test.ts.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineStateError } from '@limit/core';
import { CriticalNResultsFolder } from '../src/node/results-folder.js';

const holderScript = new URL('./fixtures/lock-holder.mjs', import.meta.url);

describe('results folder lock under SIGSTOP (slow: 25 s suspension)', () => {
  it('a holder SIGSTOPped for 25 s keeps its lock; after SIGCONT it finishes with every row intact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'limit-lock-stop-'));
    const child = spawn(process.execPath, [holderScript.pathname, dir, '8', '300'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const end = Date.now() + 30_000;
      while (!/recorded 5/.test(stdout)) {
        if (Date.now() > end) throw new Error(`the holder did not start: ${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      process.kill(child.pid!, 'SIGSTOP');
      await new Promise((r) => setTimeout(r, 25_000));
      // the holder is alive on this host: its lock is not stale, however long it was suspended
      const second = await CriticalNResultsFolder.open(dir).catch((e: unknown) => e);
      if (!EngineStateError.isInstance(second)) await (second as CriticalNResultsFolder).close?.();
      expect(EngineStateError.isInstance(second) && second.state === 'locked', String(second)).toBe(true);
      expect(String((second as Error).message)).toContain(`process ${child.pid} on `);
      process.kill(child.pid!, 'SIGCONT');
      expect(await exited, stderr).toBe(0);
      const rows = JSON.parse(readFileSync(join(dir, 'd3-k2.json'), 'utf8')) as { parameters: { n: number } }[];
      expect(rows.map((r) => r.parameters.n)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(child.pid!, 'SIGCONT');
        child.kill('SIGKILL');
      }
    }
  }, 90_000);
});
