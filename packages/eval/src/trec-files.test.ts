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
});
