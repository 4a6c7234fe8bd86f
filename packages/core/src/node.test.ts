import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAtomicWriteStream, writeFileAtomic, writeJsonAtomic } from './node.js';

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
