import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineStateError } from '@limit/core';
import { acquireFolderLock } from './folder-lock.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'limit-lock-'));
const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
const startOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
};
/** A lock left as a holder would leave it: the lock folder (mtime `ageMs` ago) and its record. */
function plantLock(dir: string, holder: Record<string, unknown>, ageMs: number) {
  const lock = join(dir, '.x.lock');
  mkdirSync(lock);
  const then = new Date(Date.now() - ageMs);
  utimesSync(lock, then, then);
  writeFileSync(join(dir, '.x.lock.json'), JSON.stringify({ startedAt: 'then', token: 'theirs', ...holder }));
}
const refused = async (dir: string, staleMs?: number) => {
  const error = await acquireFolderLock(dir, '.x', staleMs === undefined ? {} : { staleMs }).catch((e: unknown) => e);
  return EngineStateError.isInstance(error) && error.state === 'locked' ? (error as Error) : undefined;
};

// a live process on this host that is not the test itself (a "suspended" holder: it never refreshes its lock)
const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)'], { stdio: 'ignore' });
afterAll(() => {
  sleeper.kill('SIGKILL');
});

describe('acquireFolderLock', () => {
  it('never takes the lock of a live holder on this host, however stale its refresh (a suspended holder)', async () => {
    const dir = tmp();
    plantLock(dir, { pid: sleeper.pid, host: hostname(), bootId, processStart: startOf(sleeper.pid!) }, 3_600_000);
    const error = await refused(dir);
    expect(error?.message).toContain(`process ${sleeper.pid} on ${hostname()}`);
    expect(readFileSync(join(dir, '.x.lock.json'), 'utf8')).toContain('theirs'); // untouched
  });

  it("takes over a dead holder's lock on this host at once, and a reused pid (another start time) as dead", async () => {
    const dead = tmp();
    plantLock(dead, { pid: 2 ** 22 + 4321, host: hostname(), bootId }, 0);
    const a = await acquireFolderLock(dead, '.x');
    expect(a.holder.pid).toBe(process.pid);
    await a.release();
    const reused = tmp();
    plantLock(reused, { pid: sleeper.pid, host: hostname(), bootId, processStart: startOf(sleeper.pid!) - 1 }, 0);
    const b = await acquireFolderLock(reused, '.x');
    await b.release();
    expect(existsSync(join(reused, '.x.lock'))).toBe(false);
  });

  it("takes another host's lock only once it is stale", async () => {
    const fresh = tmp();
    plantLock(fresh, { pid: sleeper.pid, host: 'elsewhere', bootId: 'other-boot' }, 1000);
    expect((await refused(fresh, 20_000))?.message).toMatch(/in use by process \d+ on elsewhere/);
    const stale = tmp();
    plantLock(stale, { pid: sleeper.pid, host: 'elsewhere', bootId: 'other-boot' }, 25_000);
    const lock = await acquireFolderLock(stale, '.x', { staleMs: 20_000 });
    await lock.release();
    // a lock without a record (its holder died between the two writes) counts as unknown: taken when stale
    const bare = tmp();
    mkdirSync(join(bare, '.x.lock'));
    expect((await refused(bare))?.message).toMatch(/in use by another process/);
  });

  it('a holder whose lock was taken over stops at its next check, naming the new holder, and leaves the new lock alone', async () => {
    const dir = tmp();
    const compromised: Error[] = [];
    const lock = await acquireFolderLock(dir, '.x', { onCompromised: (e) => compromised.push(e) });
    await lock.assertHeld();
    // another host took the folder while this process was suspended past the staleness threshold
    const theirs = { pid: 777, host: 'elsewhere', startedAt: 'now', token: 'theirs', command: 'limit critical-n --d 4..9' };
    writeFileSync(join(dir, '.x.lock.json'), JSON.stringify(theirs));
    const error = await lock.assertHeld().catch((e: unknown) => e);
    expect(EngineStateError.isInstance(error) && error.state === 'lock-lost', String(error)).toBe(true);
    expect((error as Error).message).toMatch(/now held by process 777 on elsewhere .*limit critical-n --d 4\.\.9/);
    await lock.release();
    expect(JSON.parse(readFileSync(join(dir, '.x.lock.json'), 'utf8'))).toEqual(theirs);
    expect(existsSync(join(dir, '.x.lock'))).toBe(true);
  });
});
