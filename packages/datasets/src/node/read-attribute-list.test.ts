import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFormatError } from '@limit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { readAttributeList } from './read-attribute-list.js';

const dir = mkdtempSync(join(tmpdir(), 'limit-attr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (text: string | Buffer) => {
  const p = join(dir, `a${n++}.txt`);
  writeFileSync(p, text);
  return p;
};
async function where(p: string): Promise<[string, number, string]> {
  const e = await readAttributeList(p).catch((x: unknown) => x);
  if (!DataFormatError.isInstance(e)) throw new Error(`expected a DataFormatError, got ${String(e)}`);
  return [e.file, e.line, e.message];
}

describe('readAttributeList', () => {
  it('reads one item per line (CRLF, trailing newline, spaces trimmed, "and" inside items)', async () => {
    expect(await readAttributeList(file('Tea\r\n Fish and Chips \nJoshua Trees\n'))).toEqual(['Tea', 'Fish and Chips', 'Joshua Trees']);
    expect(await readAttributeList(file('Tea\nJazz'))).toEqual(['Tea', 'Jazz']);
  });
  it('names file and line of a blank line, a duplicate, a comma, bad UTF-8, an empty file', async () => {
    let p = file('Tea\n\nJazz\n');
    expect((await where(p)).slice(0, 2)).toEqual([p, 2]);
    p = file('Tea\nJazz\nKites\ntea\n');
    expect(await where(p)).toEqual([p, 4, expect.stringMatching(/"tea" is listed twice \(first on line 1\)/)]);
    p = file('Tea\nFish, Chips\n');
    expect((await where(p)).slice(0, 2)).toEqual([p, 2]);
    p = file(Buffer.concat([Buffer.from('Tea\nJa'), Buffer.from([0xff]), Buffer.from('zz\n')]));
    expect(await where(p)).toEqual([p, 2, expect.stringMatching(/invalid UTF-8/)]);
    p = file('');
    expect((await where(p)).slice(0, 2)).toEqual([p, 0]);
    p = file('Tea\nJazz\n\n');
    expect((await where(p)).slice(0, 2)).toEqual([p, 3]);
  });
});
