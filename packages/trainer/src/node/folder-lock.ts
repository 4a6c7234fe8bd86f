import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { EngineStateError } from '@limit/core';
import { writeJsonAtomic } from '@limit/core/node';

/** Who holds a folder lock (written next to the lock by the holder). */
export interface FolderLockHolder {
  readonly pid: number;
  readonly host: string;
  /** Linux boot id of the holder's machine: a pid is only compared within one boot. */
  readonly bootId?: string;
  /** The holder process' start time (Linux clock ticks since boot): a reused pid is not the holder. */
  readonly processStart?: number;
  /** Random per acquisition: a holder checks it before every write, so it notices a lock taken from it. */
  readonly token?: string;
  readonly startedAt: string;
  readonly command?: string;
}

/** Options of {@link acquireFolderLock}. */
export interface FolderLockOptions {
  /** Shown to a second writer in the refusal message (e.g. the command line). */
  readonly command?: string;
  /**
   * A lock held from another host (or whose holder is unknown) is taken over only after this long without a
   * refresh (the holder refreshes it every 5 s). Holders on this host are never taken over while they live.
   * Default 20,000 ms.
   */
  readonly staleMs?: number;
  /** What the lock protects, for messages (default `the folder`). */
  readonly what?: string;
  /** Called when the lock is found taken over or removed while held (writes then throw either way). */
  readonly onCompromised?: (error: Error) => void;
}

/** A held folder lock. */
export interface FolderLock {
  /** This process' holder record. */
  readonly holder: FolderLockHolder;
  /**
   * Checks the lock is still this process': call it before every write.
   * @throws EngineStateError (`state: 'lock-lost'`) naming the new holder, when another process took the lock.
   */
  assertHeld(): Promise<void>;
  /** Releases the lock if this process still holds it (a lost lock is left to its new holder). */
  release(): Promise<void>;
}

const LOCK_SUFFIX = '.lock';
const HOLDER_SUFFIX = '.lock.json';
const UPDATE_MS = 5_000;
const DEFAULT_STALE_MS = 20_000;
/** proper-lockfile's own staleness test is switched off (we decide from the holder record, below). */
const NEVER_STALE_MS = 2 ** 31 - 1;

/**
 * Takes an exclusive lock on a folder for this process: a lock folder `<folder>/<name>.lock` (proper-lockfile;
 * its mtime refreshed every 5 s) and a holder record `<name>.lock.json` (pid, host, boot id, process start time,
 * a random token). When the lock exists:
 * - its holder runs on this host (same host name and boot id): the lock is taken over only when that process is
 *   gone (or its pid now belongs to another process). A live holder keeps its lock however long it was
 *   suspended (SIGSTOP, a debugger, a laptop lid);
 * - its holder runs on another host, or is unknown: the lock is taken over once stale (`staleMs` without a
 *   refresh).
 *
 * The holder calls {@link FolderLock.assertHeld} before each write: if another process has taken the lock
 * (another host's experiment after this one was suspended past `staleMs`), it stops with a typed error naming
 * the new holder and writes nothing.
 *
 * @param folder - the folder (must exist).
 * @param name - base name of the lock files inside it, e.g. `.limit-results`.
 * @param options - see {@link FolderLockOptions}.
 * @returns the held lock.
 * @throws EngineStateError (`state: 'locked'`) naming the holder when the folder is in use.
 * @example
 * ```ts
 * const lock = await acquireFolderLock('results', '.limit-results');
 * await lock.assertHeld(); // before each write
 * await lock.release();
 * ```
 */
export async function acquireFolderLock(folder: string, name: string, options: FolderLockOptions = {}): Promise<FolderLock> {
  const lockPath = join(folder, name + LOCK_SUFFIX);
  const holderFile = join(folder, name + HOLDER_SUFFIX);
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const what = options.what ?? `the folder ${folder}`;
  let compromised: Error | undefined;
  const attempt = () =>
    lockfile.lock(folder, {
      lockfilePath: lockPath,
      realpath: false,
      retries: 0,
      stale: NEVER_STALE_MS,
      update: UPDATE_MS,
      onCompromised: (error) => {
        compromised = error;
        options.onCompromised?.(error);
      },
    });

  let release: () => Promise<void>;
  try {
    release = await attempt();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const holder = await readHolder(holderFile);
    const refresh = await stat(lockPath).then((s) => s.mtimeMs, () => undefined);
    const abandoned =
      holder !== undefined && sameMachine(holder)
        ? !holderAlive(holder) // this host: only a dead holder gives its lock up
        : refresh === undefined || Date.now() - refresh > staleMs; // another host (or unknown): when stale
    const inUse = (by: FolderLockHolder | undefined, cause: unknown) =>
      new EngineStateError({
        state: 'locked',
        message:
          `${what} is in use by ${describeHolder(by)}; two experiments writing into one folder would lose runs. ` +
          `Wait for it to finish, or choose another output folder (a lock whose holder died on this host is taken over at once; ` +
          `one held from another host after ${staleMs / 1000} s without a refresh).`,
        cause,
      });
    if (!abandoned) throw inUse(holder, error);
    await rm(lockPath, { recursive: true, force: true });
    try {
      release = await attempt();
    } catch (again) {
      // another process took the abandoned lock first
      if ((again as NodeJS.ErrnoException).code === 'ELOCKED') throw inUse(await readHolder(holderFile), again);
      throw again;
    }
  }
  const holder: FolderLockHolder = {
    ...thisProcess(),
    token: randomBytes(8).toString('hex'),
    startedAt: new Date().toISOString(),
    ...(options.command ? { command: options.command } : {}),
  };
  try {
    await writeJsonAtomic(holderFile, holder);
  } catch (error) {
    await release().catch(() => {});
    throw error;
  }

  const lost = async (why: string): Promise<never> => {
    const now = await readHolder(holderFile);
    throw new EngineStateError({
      state: 'lock-lost',
      message:
        `${what} is no longer locked by this process (${why}); it is now held by ${describeHolder(now)}. ` +
        'Nothing more was written; the runs saved so far are in the folder.',
      ...(compromised ? { cause: compromised } : {}),
    });
  };
  let released = false;
  return {
    holder,
    assertHeld: async () => {
      if (released) throw new EngineStateError({ state: 'closed', message: `${what} was released` });
      const now = await readHolder(holderFile);
      if (now?.token !== holder.token) await lost(now ? 'another process took it over' : 'its holder record was removed');
      if (compromised && !(await stat(lockPath).then(() => true, () => false))) await lost('its lock folder was removed');
    },
    release: async () => {
      if (released) return;
      released = true;
      const now = await readHolder(holderFile);
      if (now?.token !== holder.token) return; // taken over: the lock and its record are the new holder's
      await rm(holderFile, { force: true });
      await release().catch(() => {}); // already released when compromised
    },
  };
}

async function readHolder(file: string): Promise<FolderLockHolder | undefined> {
  try {
    const holder = JSON.parse(await readFile(file, 'utf8')) as FolderLockHolder;
    return typeof holder?.pid === 'number' && typeof holder.host === 'string' ? holder : undefined;
  } catch {
    return undefined;
  }
}

function describeHolder(holder: FolderLockHolder | undefined): string {
  return holder
    ? `process ${holder.pid} on ${holder.host} (since ${holder.startedAt}${holder.command ? `: ${holder.command}` : ''})`
    : 'another process';
}

let bootIdCache: string | undefined | null = null;

/** Linux's boot id (a new one after every reboot), or undefined elsewhere. */
function bootId(): string | undefined {
  if (bootIdCache === null) {
    try {
      bootIdCache = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
    } catch {
      bootIdCache = undefined;
    }
  }
  return bootIdCache;
}

/** Start time of a process (Linux, clock ticks since boot: /proc/<pid>/stat field 22), or undefined. */
function processStart(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) may hold spaces and parentheses: count fields after its closing parenthesis
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const start = Number(fields[19]);
    return Number.isFinite(start) ? start : undefined;
  } catch {
    return undefined;
  }
}

function thisProcess(): Pick<FolderLockHolder, 'pid' | 'host' | 'bootId' | 'processStart'> {
  const boot = bootId();
  const start = processStart(process.pid);
  return { pid: process.pid, host: hostname(), ...(boot ? { bootId: boot } : {}), ...(start !== undefined ? { processStart: start } : {}) };
}

/** The holder ran on this machine, in this boot (a host name alone could be shared by containers of one image). */
function sameMachine(holder: FolderLockHolder): boolean {
  if (holder.host !== hostname()) return false;
  const boot = bootId();
  return holder.bootId === undefined || boot === undefined || holder.bootId === boot;
}

/** The holder process still runs: its pid is alive and, where known, started when the holder's did. */
function holderAlive(holder: FolderLockHolder): boolean {
  const boot = bootId();
  if (holder.bootId !== undefined && boot !== undefined && holder.bootId !== boot) return false; // rebooted since
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (holder.processStart === undefined) return true;
  const start = processStart(holder.pid);
  return start === undefined || start === holder.processStart;
}
