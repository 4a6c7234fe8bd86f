/**
 * Node-only helpers (file system). Kept behind the `@limit/core/node` subpath so the main entry
 * stays browser-safe.
 *
 * Why not `write-file-atomic`: it covers whole-buffer writes only (a 50,000-line corpus is
 * streamed), and its temporary names cannot be attributed to the process that made them, so the
 * leftovers of a killed run could not be told apart from a live writer's. Here every temporary
 * file is `.<name>.<pid>.<hex>.tmp`: {@link removeStaleTempFiles} deletes those whose process is
 * gone.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { access, mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { constants } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InvalidArgumentError } from './errors.js';

const TEMP_PATTERN = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** The temporary name used for `file`: `.<base>.<pid>.<8 hex>.tmp` in the same folder. */
export function tempNameFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

function withPath(error: unknown, file: string, what: string): unknown {
  // Keep the errno error (code ENOSPC, EIO …) but say which file it was about.
  if (error instanceof Error && !error.message.includes(file)) error.message = `${what} ${file}: ${error.message}`;
  return error;
}

/**
 * Writes every byte of `bytes` through `handle`, looping over short writes. Linux reports a full
 * disk as a short write first and ENOSPC only on the next call, so a single `write` that ignores
 * `bytesWritten` silently truncates; this never does.
 *
 * @throws the file system's error (e.g. code `ENOSPC`), or an `EIO`-coded error when a write makes
 *   no progress.
 */
async function writeFully(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    if (bytesWritten <= 0) throw Object.assign(new Error('write made no progress (disk full?)'), { code: 'EIO' });
    offset += bytesWritten;
  }
}

function writeFullySync(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) {
    const n = writeSync(fd, bytes, offset, bytes.length - offset);
    if (n <= 0) throw Object.assign(new Error('write made no progress (disk full?)'), { code: 'EIO' });
    offset += n;
  }
}

/** fsyncs a folder so a rename inside it survives a power cut (best effort where unsupported). */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Some platforms (Windows) cannot open or fsync folders; durability there is the OS's.
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'ENOTSUP') throw error;
  } finally {
    await handle?.close();
  }
}

/**
 * Writes `data` to `file` atomically: the bytes go to a temporary file in the same folder (every
 * byte checked: short writes are retried, a full disk is an error), are flushed to disk, and the
 * temporary file is renamed over `file`. A crash or error leaves either the old file or the new
 * one, never a half-written file; the temporary file is removed on failure.
 *
 * @param file target path (its folder is created if missing).
 * @param data text (written as UTF-8) or bytes.
 * @throws the file system's error (code `ENOSPC`, `EACCES`, `EISDIR` …, message naming the file);
 *   `file` is then untouched and no temporary file is left.
 * @example
 * await writeFileAtomic('out/summary.txt', 'done\n');
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = tempNameFor(file);
  try {
    const handle = await open(tmp, 'wx');
    try {
      await writeFully(handle, toBytes(data));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw withPath(error, file, 'cannot write');
  }
  await syncDirectory(dirname(file));
}

/**
 * Synchronous {@link writeFileAtomic}, for exit handlers.
 *
 * @throws as {@link writeFileAtomic}.
 * @example
 * process.on('exit', () => writeFileAtomicSync('state.json', JSON.stringify(state)));
 */
export function writeFileAtomicSync(file: string, data: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = tempNameFor(file);
  try {
    const fd = openSync(tmp, 'wx');
    try {
      writeFullySync(fd, toBytes(data));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw withPath(error, file, 'cannot write');
  }
}

/**
 * Writes `value` as pretty JSON (2-space indent, trailing newline) atomically.
 *
 * @throws as {@link writeFileAtomic}.
 * @example
 * await writeJsonAtomic('results.json', { recall: 0.98 });
 */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** A write stream returned by {@link createAtomicWriteStream}. */
export interface AtomicWriteStream {
  /** The temporary file the bytes go to until {@link AtomicWriteStream.commit}. */
  readonly tempFile: string;
  /** The file {@link AtomicWriteStream.commit} renames the temporary file to. */
  readonly file: string;
  /** Queues a chunk; written (every byte checked) once 1 MiB is pending. */
  write(chunk: string | Uint8Array): Promise<void>;
  /** Writes what is pending, fsyncs and closes the temporary file without renaming it. */
  finish(): Promise<void>;
  /** {@link AtomicWriteStream.finish}, then renames the temporary file over `file`. */
  commit(): Promise<void>;
  /** Closes and deletes the temporary file; `file` stays as it was. */
  abort(): Promise<void>;
}

/**
 * Opens a write stream to a temporary file beside `file`; `commit()` flushes and renames it over
 * `file`, `abort()` deletes it. For large outputs written incrementally (e.g. a 50,000-line corpus).
 * Every write is checked (short writes retried, a full disk is an error); after any error the
 * stream only accepts `abort()`.
 *
 * @param file target path (its folder is created if missing).
 * @throws from `write`/`finish`/`commit`: the file system's error (code `ENOSPC` …), message
 *   naming the file; `file` is untouched.
 * @example
 * const s = await createAtomicWriteStream('out/corpus.jsonl');
 * try {
 *   for (const line of lines) await s.write(`${line}\n`);
 *   await s.commit();
 * } catch (e) {
 *   await s.abort();
 *   throw e;
 * }
 */
export async function createAtomicWriteStream(file: string): Promise<AtomicWriteStream> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = tempNameFor(file);
  const handle = await open(tmp, 'wx');
  let closed = false;
  let finished = false;
  let failed: unknown;
  const pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const guard = async (what: () => Promise<void>) => {
    if (failed !== undefined) throw failed;
    try {
      await what();
    } catch (error) {
      failed = withPath(error, file, 'cannot write');
      throw failed;
    }
  };
  const flush = async () => {
    if (pending.length === 0) return;
    const bytes = Buffer.concat(pending.splice(0, pending.length));
    pendingBytes = 0;
    await writeFully(handle, bytes);
  };
  const finish = async () => {
    if (finished) return;
    await guard(async () => {
      if (closed) throw new Error('stream was aborted');
      try {
        await flush();
        await handle.sync();
      } finally {
        closed = true;
        await handle.close();
      }
    });
    finished = true;
  };
  return {
    tempFile: tmp,
    file,
    async write(chunk) {
      await guard(async () => {
        if (closed) throw new Error('stream is closed');
        const bytes = toBytes(chunk);
        pending.push(bytes);
        pendingBytes += bytes.length;
        if (pendingBytes >= 1 << 20) await flush();
      });
    },
    finish,
    async commit() {
      await finish();
      await guard(async () => {
        await rename(tmp, file);
        await syncDirectory(dirname(file));
      });
    },
    async abort() {
      if (!closed) {
        closed = true;
        await handle.close().catch(() => undefined);
      }
      await rm(tmp, { force: true });
    },
  };
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Deletes the temporary files (`.<name>.<pid>.<hex>.tmp`, as made by this module) that killed
 * processes left in `dir`. Files of processes still running are kept, so a concurrent writer is
 * never disturbed. Entries may be files or folders.
 *
 * @param dir the folder to clean (a missing folder is fine).
 * @param names only clean temporaries of these target names (default: all).
 * @returns the paths removed.
 * @example
 * await removeStaleTempFiles('data/limit'); // ['data/limit/.corpus.jsonl.4242.1a2b3c4d.tmp']
 */
export async function removeStaleTempFiles(dir: string, names?: readonly string[]): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw error;
  }
  const removed: string[] = [];
  for (const entry of entries) {
    const m = TEMP_PATTERN.exec(entry);
    if (m === null) continue;
    if (names !== undefined && !names.includes(m[1]!)) continue;
    if (processAlive(Number(m[2]))) continue;
    const path = join(dir, entry);
    await rm(path, { recursive: true, force: true });
    removed.push(path);
  }
  return removed;
}

/** True when `entry` (a base name) is a temporary file of this module. */
export function isTempFileName(entry: string): boolean {
  return TEMP_PATTERN.test(entry);
}

/** What {@link assertWritableOutput} checks the path for. */
export interface AssertWritableOutputOptions {
  /** `'file'` (default): the path must not be a folder. `'directory'`: it must not be a file. */
  kind?: 'file' | 'directory';
}

/**
 * Checks, before any long work starts, that `path` can be written: the nearest existing ancestor
 * must be a writable folder (so the missing folders can be created), and `path` itself must not
 * be a folder (for a file output) or a file (for a folder output). Nothing is created.
 *
 * @param parameter the option or CLI flag named in the error, e.g. `--save`.
 * @param path the output path.
 * @param options `{ kind }`.
 * @returns the resolved absolute path.
 * @throws InvalidArgumentError naming `parameter` when an ancestor is a file, the ancestor folder
 *   is not writable, or `path` has the wrong kind.
 * @example
 * await assertWritableOutput('--save', 'runs/c.json'); // before training, not after
 */
export async function assertWritableOutput(parameter: string, path: string, options: AssertWritableOutputOptions = {}): Promise<string> {
  const kind = options.kind ?? 'file';
  const target = resolve(path);
  const fail = (message: string): never => {
    throw new InvalidArgumentError({ parameter, value: path, message: `${parameter} ${path}: ${message}` });
  };
  const own = await stat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    if (error.code === 'ENOTDIR') return null;
    throw error;
  });
  if (own) {
    if (kind === 'file' && own.isDirectory()) fail('is a folder, expected a file path');
    if (kind === 'directory' && !own.isDirectory()) fail('is a file, expected a folder');
  }
  // Walk up to the nearest existing ancestor: it must be a writable folder.
  let ancestor = own && kind === 'directory' ? target : dirname(target);
  for (;;) {
    const s = await stat(ancestor).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
      throw error;
    });
    if (s === undefined) {
      const up = dirname(ancestor);
      if (up === ancestor) break;
      ancestor = up;
      continue;
    }
    if (!s.isDirectory()) fail(`${ancestor} is a file, so the folder ${dirname(target)} cannot be created`);
    try {
      await access(ancestor, constants.W_OK | constants.X_OK);
    } catch {
      fail(`the folder ${ancestor} is not writable`);
    }
    break;
  }
  return target;
}
