import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataFormatError } from '@limit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { datasetStats } from '../dataset-stats.js';
import { readDataset } from './read-dataset.js';

const fixture = fileURLToPath(new URL('../../test/fixtures/official-style', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'limit-read-dataset-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('readDataset', () => {
  it('loads the hand-written official-style fixture (blank trailing lines, extra fields)', async () => {
    const ds = await readDataset(fixture);
    expect(ds.corpus.map((d) => d._id)).toEqual(['Geneva Durben', 'Bo Larkin', 'Ines Okafor', 'Tomas Rivera']);
    expect(ds.corpus[0]).toEqual({
      _id: 'Geneva Durben',
      title: '',
      text: 'Geneva Durben likes Quokkas, River Otters and Joshua Trees.',
    });
    expect(ds.queries).toEqual([
      { _id: 'query_0', text: 'Who likes Quokkas?' },
      { _id: 'query_1', text: 'Who likes River Otters?' },
      { _id: 'query_2', text: 'Who likes Joshua Trees?' },
    ]);
    expect(ds.qrels.length).toBe(6);
    expect(ds.qrels[1]).toEqual({ queryId: 'query_0', docId: 'Bo Larkin', score: 1 });
    const s = datasetStats(ds);
    expect(s.degreeHistogram).toEqual([
      [3, 1],
      [1, 3],
    ]);
    expect(s.attributesPerDoc).toEqual([[3, 4]]);
  });

  it('fails on a qrel naming an unknown document, with file and line', async () => {
    const dir = join(tmp, 'bad-qrel');
    cpSync(fixture, dir, { recursive: true });
    const qrels = readFileSync(join(dir, 'qrels.jsonl'), 'utf8').replace('"Tomas Rivera"', '"Tomas Riviera"');
    writeFileSync(join(dir, 'qrels.jsonl'), qrels);
    await expect(readDataset(dir)).rejects.toSatisfy(
      (e: unknown) => DataFormatError.isInstance(e) && e.file === join(dir, 'qrels.jsonl') && e.line === 6,
    );
  });

  it('fails on a missing file', async () => {
    const dir = join(tmp, 'missing');
    cpSync(fixture, dir, { recursive: true });
    rmSync(join(dir, 'corpus.jsonl'));
    await expect(readDataset(dir)).rejects.toSatisfy(
      (e: unknown) => DataFormatError.isInstance(e) && e.file === join(dir, 'corpus.jsonl') && e.line === 0,
    );
  });
});
