import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFormatError } from '@limit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { readCorpus, readQrels, readQueries } from './read-jsonl.js';

const dir = mkdtempSync(join(tmpdir(), 'limit-read-jsonl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;
function file(content: string): string {
  const path = join(dir, `f${counter++}.jsonl`);
  writeFileSync(path, content);
  return path;
}
async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
async function expectDataError(it: AsyncIterable<unknown>, path: string, line: number, message: RegExp): Promise<void> {
  try {
    await collect(it);
    expect.unreachable();
  } catch (e) {
    expect(DataFormatError.isInstance(e)).toBe(true);
    expect((e as DataFormatError).file).toBe(path);
    expect((e as DataFormatError).line).toBe(line);
    expect((e as DataFormatError).message).toMatch(message);
  }
}

describe('readCorpus / readQueries / readQrels', () => {
  it('read records, skipping blank lines, a BOM and CRLF, ignoring extra fields', async () => {
    const p = file('\ufeff{"_id": "a", "title": "T", "text": "x", "extra": 1}\r\n\r\n{"_id":"b","text":"y"}\n\n');
    expect(await collect(readCorpus(p))).toEqual([
      { _id: 'a', title: 'T', text: 'x' },
      { _id: 'b', title: '', text: 'y' },
    ]);
    const q = file('{"_id": "query_0", "text": "Who likes Tea?", "instruction": ""}\n');
    expect(await collect(readQueries(q))).toEqual([{ _id: 'query_0', text: 'Who likes Tea?' }]);
    const r = file('{"query-id": "query_0", "corpus-id": "a", "score": 1}\n');
    expect(await collect(readQrels(r))).toEqual([{ queryId: 'query_0', docId: 'a', score: 1 }]);
  });

  it('names file and line of a malformed JSON line', async () => {
    const p = file('{"_id": "a", "text": "x"}\n\n{"_id": "b", "text": \n{"_id": "c", "text": "z"}\n');
    await expectDataError(readCorpus(p), p, 3, /malformed JSON/);
  });

  it.each([
    ['{"title": "", "text": "x"}', /missing field "_id"/],
    ['{"_id": 7, "text": "x"}', /"_id" must be a string/],
    ['{"_id": "a"}', /missing field "text"/],
    ['{"_id": "a", "text": null}', /"text" must be a string, got null/],
    ['{"_id": "a", "title": 3, "text": "x"}', /"title" must be a string/],
    ['["a", "x"]', /expected a JSON object/],
    ['{"_id": "", "text": "x"}', /must not be empty/],
  ])('rejects corpus line %s', async (line, message) => {
    const p = file(`{"_id": "ok", "text": "fine"}\n${line}\n`);
    await expectDataError(readCorpus(p), p, 2, message);
  });

  it('rejects duplicate ids', async () => {
    const p = file('{"_id": "a", "text": "x"}\n{"_id": "b", "text": "x"}\n{"_id": "a", "text": "y"}\n');
    await expectDataError(readCorpus(p), p, 3, /duplicate _id "a"/);
    const q = file('{"_id": "q", "text": "x"}\n{"_id": "q", "text": "x"}\n');
    await expectDataError(readQueries(q), q, 2, /duplicate _id/);
  });

  it.each([
    ['{"query-id": "q0", "corpus-id": "a"}', /missing field "score"/],
    ['{"query-id": "q0", "corpus-id": "a", "score": "1"}', /"score" must be a finite number/],
    ['{"query-id": "q0", "score": 1}', /missing field "corpus-id"/],
    ['{"query-id": "q9", "corpus-id": "a", "score": 1}', /unknown query "q9"/],
    ['{"query-id": "q0", "corpus-id": "zz", "score": 1}', /unknown document "zz"/],
    ['{"query-id": "q0", "corpus-id": "a", "score": 1}', /duplicate qrel/],
  ])('rejects qrel line %s', async (line, message) => {
    const p = file(`{"query-id": "q0", "corpus-id": "a", "score": 1}\n${line}\n`);
    await expectDataError(readQrels(p, { queryIds: new Set(['q0']), docIds: new Set(['a', 'b']) }), p, 2, message);
  });

  it('reports a missing file as line 0', async () => {
    const p = join(dir, 'nope.jsonl');
    await expectDataError(readCorpus(p), p, 0, /ENOENT/);
  });
});
