/**
 * Node-only helpers (file system). Kept behind the `@limit/core/node` subpath so the main entry
 * stays browser-safe.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

function tempNameFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Writes `data` to `file` atomically: the bytes go to a temporary file in the same folder, are
 * flushed to disk, and the temporary file is renamed over `file`. A crash or error leaves either the
 * old file or the new one, never a half-written file; the temporary file is removed on failure.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = tempNameFor(file);
  try {
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** Synchronous {@link writeFileAtomic}, for exit handlers. */
export function writeFileAtomicSync(file: string, data: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = tempNameFor(file);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/** Writes `value` as pretty JSON (2-space indent, trailing newline) atomically. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Opens a write stream to a temporary file beside `file`; `commit()` flushes and renames it over
 * `file`, `abort()` deletes it. For large outputs written incrementally (e.g. a 50,000-line corpus).
 */
export async function createAtomicWriteStream(file: string): Promise<{
  write(chunk: string | Uint8Array): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = tempNameFor(file);
  const handle = await open(tmp, 'w');
  let closed = false;
  const pending: (string | Uint8Array)[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const parts = pending.splice(0, pending.length).map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p));
    pendingBytes = 0;
    await handle.write(Buffer.concat(parts));
  };
  return {
    async write(chunk) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= 1 << 20) await flush();
    },
    async commit() {
      if (closed) return;
      try {
        await flush();
        await handle.sync();
      } finally {
        closed = true;
        await handle.close();
      }
      await rename(tmp, file);
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
