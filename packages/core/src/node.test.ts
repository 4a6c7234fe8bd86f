import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors.js';
import { assertWritableOutput, createAtomicWriteStream, removeStaleTempFiles, writeFileAtomic, writeJsonAtomic } from './node.js';

describe('atomic writes', () => {
  it('replaces the file and leaves no temporary files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'limit-core-'));
    const file = join(dir, 'a.json');
    writeFileSync(file, 'old');
    await writeJsonAtomic(file, { x: 1 });
    expect(readFileSync(file, 'utf8')).toBe('{\n  "x": 1\n}\n');
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  it('a failed write leaves the old file untouched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'limit-core-'));
    const file = join(dir, 'a.txt');
    writeFileSync(file, 'old');
    // a directory cannot be renamed over by a file: the rename fails after the temp file was written
    const target = join(dir, 'sub');
    await writeFileAtomic(join(target, 'x'), 'y');
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow();
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'sub']);
  });

  it('streams commit and abort', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'limit-core-'));
    const s = await createAtomicWriteStream(join(dir, 'c.jsonl'));
    await s.write('a\n');
    await s.write(new TextEncoder().encode('b\n'));
    expect(readdirSync(dir)).not.toContain('c.jsonl');
    await s.commit();
    expect(readFileSync(join(dir, 'c.jsonl'), 'utf8')).toBe('a\nb\n');
    const t = await createAtomicWriteStream(join(dir, 'd.jsonl'));
    await t.write('partial');
    await t.abort();
    expect(readdirSync(dir)).toEqual(['c.jsonl']);
  });
});

/** Mounts a tmpfs of `size` at a fresh folder; undefined (with the reason logged) where that is impossible. */
function mountTmpfs(size: string): { dir: string; unmount: () => void } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'limit-tmpfs-'));
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    console.warn(`skipping the full-disk test: needs root on Linux to mount a tmpfs (uid ${process.getuid?.()}, ${process.platform})`);
    return undefined;
  }
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.warn(`skipping the full-disk test: mount -t tmpfs failed (${(r.stderr || r.error?.message || '').trim()})`);
    return undefined;
  }
  return { dir, unmount: () => spawnSync('umount', [dir]) };
}

describe('atomic writes on a full disk (320 KiB tmpfs)', () => {
  const fs = mountTmpfs('320k');
  it.runIf(fs !== undefined)('a write that does not fit fails with ENOSPC, removes its temporary file and keeps the old file', async () => {
    const { dir } = fs!;
    const file = join(dir, 'data.bin');
    const old = Buffer.alloc(200 * 1024, 7);
    await writeFileAtomic(file, old);
    // 200 KiB old + 200 KiB new > 320 KiB: the new bytes cannot all land
    const e = await writeFileAtomic(file, Buffer.alloc(200 * 1024, 9)).catch((x: unknown) => x);
    expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
    expect((e as Error).message).toContain(file);
    expect(readFileSync(file).equals(old)).toBe(true);
    expect(readdirSync(dir)).toEqual(['data.bin']);

    // the stream variant: a short write is retried, then ENOSPC surfaces from write or commit
    const s = await createAtomicWriteStream(file);
    const chunk = Buffer.alloc(100 * 1024, 1);
    const failure = await (async () => {
      for (let i = 0; i < 3; i++) await s.write(chunk);
      await s.commit();
    })().catch((x: unknown) => x);
    expect((failure as NodeJS.ErrnoException).code).toBe('ENOSPC');
    await expect(s.commit()).rejects.toBe(failure); // a failed stream never commits
    await s.abort();
    expect(readFileSync(file).equals(old)).toBe(true);
    expect(readdirSync(dir)).toEqual(['data.bin']);
  });
  afterAll(() => fs?.unmount());
});

describe('removeStaleTempFiles', () => {
  it("deletes killed processes' temporaries only", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'limit-core-'));
    const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    writeFileSync(join(dir, `.a.json.${dead}.0123abcd.tmp`), 'x');
    writeFileSync(join(dir, `.a.json.${process.pid}.0123abcd.tmp`), 'x');
    writeFileSync(join(dir, `.b.json.${dead}.0123abcd.tmp`), 'x');
    writeFileSync(join(dir, 'a.json'), 'x');
    expect(await removeStaleTempFiles(dir, ['a.json'])).toEqual([join(dir, `.a.json.${dead}.0123abcd.tmp`)]);
    expect(readdirSync(dir).sort()).toEqual([`.a.json.${process.pid}.0123abcd.tmp`, `.b.json.${dead}.0123abcd.tmp`, 'a.json'].sort());
    expect(await removeStaleTempFiles(join(dir, 'missing'))).toEqual([]);
  });
});

describe('assertWritableOutput', () => {
  it('names the parameter when a parent is a file, the path is a folder, or the folder is read-only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'limit-core-'));
    writeFileSync(join(dir, 'afile'), 'x');
    const err = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as InvalidArgumentError);
    const a = await err(assertWritableOutput('--save', join(dir, 'afile', 'c.json')));
    expect(InvalidArgumentError.isInstance(a) && a.parameter).toBe('--save');
    expect(a!.message).toMatch(/afile is a file/);
    const b = await err(assertWritableOutput('--out', dir));
    expect(b!.message).toMatch(/is a folder/);
    const c = await err(assertWritableOutput('--out', join(dir, 'afile'), { kind: 'directory' }));
    expect(c!.message).toMatch(/is a file, expected a folder/);
    expect(await assertWritableOutput('--save', join(dir, 'new', 'deeper', 'c.json'))).toBe(join(dir, 'new', 'deeper', 'c.json'));
    expect(readdirSync(dir)).toEqual(['afile']); // nothing created
  });
});
