import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
    ['{"query-id": "q0", "corpus-id": "a", "score": "1"}', /"score" must be a non-negative integer/],
    ['{"query-id": "q0", "corpus-id": "b", "score": 0.5}', /"score" must be a non-negative integer .*got 0\.5/],
    ['{"query-id": "q0", "corpus-id": "b", "score": -3}', /"score" must be a non-negative integer .*got -3/],
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

  it('reports invalid UTF-8 at the line of the bad byte (never U+FFFD), also inside an _id', async () => {
    const lines = Array.from({ length: 9 }, (_, i) => Buffer.from(`{"_id": "d${i}", "text": "Ann likes Tea."}\n`));
    // line 7: a lone continuation byte inside the _id
    lines[6] = Buffer.concat([Buffer.from('{"_id": "d'), Buffer.from([0x80]), Buffer.from('6", "text": "x"}\n')]);
    const p = join(dir, 'bad-utf8.jsonl');
    writeFileSync(p, Buffer.concat(lines));
    await expectDataError(readCorpus(p), p, 7, /invalid UTF-8 \(byte 0x80 at byte 11/);
    // a truncated multi-byte sequence at the very end of the file (no final newline)
    const q = join(dir, 'bad-utf8-end.jsonl');
    writeFileSync(q, Buffer.concat([Buffer.from('{"_id": "a", "text": "x"}\n{"_id": "b", "text": "\u00e9'), Buffer.from([0xc3])]));
    await expectDataError(readCorpus(q), q, 2, /invalid UTF-8/);
  });

  it('reads multi-byte characters split across read chunks', async () => {
    const p = join(dir, 'big-utf8.jsonl');
    const text = 'Zoë likes Crème Brûlée, Jalapeños and 日本茶.';
    const body = Array.from({ length: 5000 }, (_, i) => JSON.stringify({ _id: `d${i}`, text })).join('\n');
    writeFileSync(p, `${body}\n`);
    let n = 0;
    for await (const d of readCorpus(p)) {
      expect(d.text).toBe(text);
      n++;
    }
    expect(n).toBe(5000);
  });

  it('names the path of a folder in place of a file', async () => {
    const p = join(dir, 'a-folder.jsonl');
    mkdirSync(p, { recursive: true });
    await expectDataError(readCorpus(p), p, 0, /is a folder/);
  });

  it('warns through onWarning for a file without records (no console), or refuses it with requireRecords', async () => {
    const p = file('\n\n');
    const warnings: string[] = [];
    const out: unknown[] = [];
    for await (const d of readCorpus(p, { onWarning: (m, f) => warnings.push(`${f}: ${m}`) })) out.push(d);
    expect(out).toEqual([]);
    expect(warnings).toEqual([`${p}: the file holds no documents (it is empty or blank)`]);
    await expectDataError(readQrels(p, {}, { requireRecords: true }), p, 0, /holds no relevance judgements/);
  });
});
