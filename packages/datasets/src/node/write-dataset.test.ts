import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataFormatError, InvalidArgumentError } from '@limit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { generateLimitDataset } from '../generate-limit-dataset.js';
import type { CorpusDocument } from '../types.js';
import { readDataset, recoverDatasetFolder } from './read-dataset.js';
import { readCorpus } from './read-jsonl.js';
import { writeDataset } from './write-dataset.js';

const tmp = mkdtempSync(join(tmpdir(), 'limit-write-dataset-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('writeDataset', () => {
  it('writes the official keys, one object per line, and reads back identically', async () => {
    const ds = generateLimitDataset({ size: 'small', seed: 11 });
    const dir = join(tmp, 'small');
    await writeDataset(dir, ds);
    expect(readdirSync(dir).sort()).toEqual(['corpus.jsonl', 'limit-dataset.json', 'qrels.jsonl', 'queries.jsonl']); // + the generator record
    const firstQrel = readFileSync(join(dir, 'qrels.jsonl'), 'utf8').split('\n')[0]!;
    expect(Object.keys(JSON.parse(firstQrel))).toEqual(['query-id', 'corpus-id', 'score']);
    const firstDoc = readFileSync(join(dir, 'corpus.jsonl'), 'utf8').split('\n')[0]!;
    expect(Object.keys(JSON.parse(firstDoc))).toEqual(['_id', 'title', 'text']);
    const back = await readDataset(dir);
    expect(back.corpus).toEqual(ds.corpus);
    expect(back.queries).toEqual(ds.queries);
    expect(back.qrels).toEqual(ds.qrels);
  });

  it('is byte-identical across two runs (sha256), for 5,000 documents', async () => {
    const a = join(tmp, 'run-a');
    const b = join(tmp, 'run-b');
    await writeDataset(a, generateLimitDataset({ numDocs: 5000, seed: 4 }));
    await writeDataset(b, generateLimitDataset({ numDocs: 5000, seed: 4 }));
    for (const f of ['corpus.jsonl', 'queries.jsonl', 'qrels.jsonl']) expect(sha(join(a, f))).toBe(sha(join(b, f)));
    const c = join(tmp, 'run-c');
    await writeDataset(c, generateLimitDataset({ numDocs: 5000, seed: 5 }));
    expect(sha(join(a, 'corpus.jsonl'))).not.toBe(sha(join(c, 'corpus.jsonl')));
  });

  it('matches the committed regression fixture byte for byte (output stable across machines)', async () => {
    // test/fixtures/generated-seed7 was written by this function from these options; the
    // invariants of such output are checked independently in generate-limit-dataset.test.ts.
    const fixture = fileURLToPath(new URL('../../test/fixtures/generated-seed7', import.meta.url));
    const dir = join(tmp, 'seed7');
    await writeDataset(dir, generateLimitDataset({ size: 'small', numQueries: 6, k: 2, attributesPerDoc: 5, seed: 7 }));
    for (const f of ['corpus.jsonl', 'queries.jsonl', 'qrels.jsonl']) {
      expect(readFileSync(join(dir, f), 'utf8')).toBe(readFileSync(join(fixture, f), 'utf8'));
    }
  });

  it('streams from a generator (the corpus need not be an array)', async () => {
    function* docs(): Generator<CorpusDocument> {
      for (let i = 0; i < 3; i++) yield { _id: `d${i}`, title: '', text: `d${i} likes Tea.` };
    }
    const dir = join(tmp, 'stream');
    const progress: number[] = [];
    await writeDataset(
      dir,
      { corpus: docs(), queries: [{ _id: 'q', text: 'Who likes Tea?' }], qrels: [{ queryId: 'q', docId: 'd1', score: 1 }] },
      { onProgress: (file, n) => file === 'corpus.jsonl' && progress.push(n) },
    );
    expect(readFileSync(join(dir, 'corpus.jsonl'), 'utf8').split('\n').length).toBe(4);
    expect(progress.at(-1)).toBe(3);
  });

  it('a failing write leaves nothing behind (no files, no temporaries)', async () => {
    const ds = generateLimitDataset({ numDocs: 5000, seed: 1 });
    const broken = ds.corpus.map((d, i) => (i === 3000 ? { ...d, _id: ds.corpus[10]!._id } : d));
    const dir = join(tmp, 'fail-corpus');
    try {
      await writeDataset(dir, { ...ds, corpus: broken });
      expect.unreachable();
    } catch (e) {
      expect(InvalidArgumentError.isInstance(e)).toBe(true);
      expect((e as InvalidArgumentError).parameter).toBe('dataset.corpus[3000]._id');
    }
    expect(readdirSync(dir)).toEqual([]);

    // A bad qrel fails after corpus and queries were fully streamed: still nothing appears.
    const dir2 = join(tmp, 'fail-qrels');
    const badQrels = [...ds.qrels, { queryId: 'query_0', docId: 'Nobody Atall', score: 1 }];
    await expect(writeDataset(dir2, { ...ds, qrels: badQrels })).rejects.toThrow(/parameter dataset\.qrels\[2000\]\.docId/);
    expect(readdirSync(dir2)).toEqual([]);
  });

  it('copying a dataset with a broken line fails with file and line, and writes nothing', async () => {
    const src = join(tmp, 'broken-src');
    mkdirSync(src);
    writeFileSync(join(src, 'corpus.jsonl'), '{"_id": "a", "title": "", "text": "x"}\n{"_id": "b", "title": "", "text": "y"\n');
    const dest = join(tmp, 'broken-dest');
    try {
      await writeDataset(dest, { corpus: readCorpus(join(src, 'corpus.jsonl')), queries: [], qrels: [] });
      expect.unreachable();
    } catch (e) {
      expect(DataFormatError.isInstance(e)).toBe(true);
      expect((e as DataFormatError).file).toBe(join(src, 'corpus.jsonl'));
      expect((e as DataFormatError).line).toBe(2);
    }
    expect(readdirSync(dest)).toEqual([]);
  });

  it('a failing write keeps a previous dataset intact', async () => {
    const dir = join(tmp, 'keep');
    mkdirSync(dir);
    writeFileSync(join(dir, 'corpus.jsonl'), 'old\n');
    await expect(
      writeDataset(dir, { corpus: [{ _id: 'a', title: '', text: 'x' }], queries: [{ _id: 'q', text: 7 } as never], qrels: [] }),
    ).rejects.toThrow(/parameter dataset\.queries\[0\]/);
    expect(readdirSync(dir)).toEqual(['corpus.jsonl']);
    expect(readFileSync(join(dir, 'corpus.jsonl'), 'utf8')).toBe('old\n');
  });

  it('a dir that is a file is refused before any work, naming dir', async () => {
    const f = join(tmp, 'a-file');
    writeFileSync(f, 'x');
    const e = await writeDataset(join(f, 'ds'), generateLimitDataset({ size: 'small', numQueries: 3, attributesPerDoc: 3 })).catch((x: unknown) => x);
    expect(InvalidArgumentError.isInstance(e) && e.parameter).toBe('dir');
    expect(String((e as Error).message)).toMatch(/a-file is a file/);
  });
});

/** A pid that is certainly not running: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('writeDataset commits the folder as a whole', () => {
  const small = (seed: number) => generateLimitDataset({ size: 'small', numQueries: 20, attributesPerDoc: 8, seed });
  const files = ['corpus.jsonl', 'queries.jsonl', 'qrels.jsonl'] as const;
  const hashes = (dir: string) => files.map((f) => sha(join(dir, f)));

  it('a crash before the commit point (temporaries, no journal) leaves the old dataset; the next write cleans up', async () => {
    const dir = join(tmp, 'crash-before');
    await writeDataset(dir, small(1));
    const before = hashes(dir);
    const pid = deadPid();
    // what a run killed while streaming leaves: a half-written temporary corpus
    const stale = `.corpus.jsonl.${pid}.0badf00d.tmp`;
    writeFileSync(join(dir, stale), '{"_id": "half');
    expect((await readDataset(dir)).corpus).toEqual(small(1).corpus); // ignored by readers
    // a live writer's temporary (this process) is not touched
    const live = `.qrels.jsonl.${process.pid}.0000beef.tmp`;
    writeFileSync(join(dir, live), 'in progress');
    expect(await recoverDatasetFolder(dir)).toEqual([join(dir, stale)]);
    expect(readdirSync(dir).sort()).toEqual([live, ...files, 'limit-dataset.json'].sort());
    expect(hashes(dir)).toEqual(before);
    rmSync(join(dir, live));
    writeFileSync(join(dir, stale), 'again');
    await writeDataset(dir, small(2));
    expect(readdirSync(dir).sort()).toEqual([...files, 'limit-dataset.json'].sort());
  });

  it('a crash between the renames (journal present) reads as the new dataset and is finished by the next write', async () => {
    const dir = join(tmp, 'crash-during');
    const next = join(tmp, 'crash-during-next');
    await writeDataset(dir, small(3));
    await writeDataset(next, small(4));
    const pid = deadPid();
    // state after the journal was written and only corpus.jsonl was renamed
    cpSync(join(next, 'corpus.jsonl'), join(dir, 'corpus.jsonl'));
    const pending = { 'queries.jsonl': `.queries.jsonl.${pid}.00000001.tmp`, 'qrels.jsonl': `.qrels.jsonl.${pid}.00000002.tmp` };
    for (const [name, temp] of Object.entries(pending)) cpSync(join(next, name), join(dir, temp));
    writeFileSync(
      join(dir, '.limit-dataset-commit.json'),
      JSON.stringify({ version: 1, files: { 'corpus.jsonl': `.corpus.jsonl.${pid}.00000000.tmp`, ...pending } }),
    );
    const read = await readDataset(dir);
    expect(read.queries).toEqual(small(4).queries);
    expect(read.qrels).toEqual(small(4).qrels);
    expect(read.corpus).toEqual(small(4).corpus);
    await recoverDatasetFolder(dir);
    expect(readdirSync(dir).sort()).toEqual([...files, 'limit-dataset.json'].sort());
    expect(hashes(dir)).toEqual(hashes(next));
  });
});

