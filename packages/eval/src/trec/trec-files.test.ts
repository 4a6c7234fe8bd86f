import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFormatError } from '@limit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { readTrecQrels, readTrecRun, writeTrecQrels, writeTrecRun } from './trec-files.js';

const dir = mkdtempSync(join(tmpdir(), 'limit-trec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('TREC files', () => {
  it('write atomically and read back', async () => {
    const run = { q1: { d1: 0.25, d2: 1.5 }, q2: { d9: -2 } };
    await writeTrecRun(join(dir, 'x.run'), run, { tag: 'bm25' });
    expect(readFileSync(join(dir, 'x.run'), 'utf8').split('\n')[0]).toBe('q1 Q0 d2 1 1.5 bm25');
    expect(await readTrecRun(join(dir, 'x.run'))).toEqual(run);
    await writeTrecQrels(join(dir, 'x.qrels'), { q1: { d1: 1 } });
    expect(await readTrecQrels(join(dir, 'x.qrels'))).toEqual({ q1: { d1: 1 } });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
  it('report the file path and line of a malformed line', async () => {
    await writeTrecQrels(join(dir, 'bad.qrels'), { q1: { d1: 1 } });
    const { appendFileSync } = await import('node:fs');
    appendFileSync(join(dir, 'bad.qrels'), 'q2 0 d3\n');
    const e = await readTrecQrels(join(dir, 'bad.qrels')).catch((x: unknown) => x);
    expect(DataFormatError.isInstance(e) && [e.file, e.line]).toEqual([join(dir, 'bad.qrels'), 2]);
  });

  it('name the line of invalid UTF-8 and the path of a folder', async () => {
    const { writeFileSync, mkdirSync } = await import('node:fs');
    const p = join(dir, 'bad-utf8.run');
    writeFileSync(p, Buffer.concat([Buffer.from('q1 Q0 d1 1 0.5 t\nq1 Q0 d'), Buffer.from([0xc3, 0x28]), Buffer.from(' 2 0.4 t\n')]));
    const e = await readTrecRun(p).catch((x: unknown) => x);
    expect(DataFormatError.isInstance(e) && [e.file, e.line, /invalid UTF-8/.test(e.message)]).toEqual([p, 2, true]);
    const folder = join(dir, 'folder.qrels');
    mkdirSync(folder);
    const f = await readTrecQrels(folder).catch((x: unknown) => x);
    expect(DataFormatError.isInstance(f) && [f.file, f.line, /is a folder/.test(f.message)]).toEqual([folder, 0, true]);
  });
});

