import { DataFormatError, InvalidArgumentError } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { formatTrecQrels, parseTrecQrels } from './trec-qrels.js';
import { decodeTrecId, encodeTrecId } from './trec-ids.js';
import { formatTrecRun, parseTrecRun } from './trec-run.js';

function lineOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (e) {
    if (DataFormatError.isInstance(e)) return e.line;
    throw e;
  }
  return undefined;
}

describe('TREC qrels and run text', () => {
  it('round-trips qrels and runs (scores at full precision, ranks from scores)', () => {
    const qrels = { q1: { d1: 1, d2: 0 }, q2: { doc_3: 2 } };
    expect(parseTrecQrels(formatTrecQrels(qrels))).toEqual(qrels);
    const run = { q1: { a: 0.1 + 0.2, b: 1e-30, c: -3 } };
    const text = formatTrecRun(run, { tag: 'bm25' });
    expect(text.split('\n')[0]).toBe(`q1 Q0 a 1 ${0.1 + 0.2} bm25`);
    expect(parseTrecRun(text)).toEqual(run);
    expect(formatTrecRun(run, { depth: 1 }).trim().split('\n')).toHaveLength(1);
  });
  it('reports the file and 1-based line of bad input', () => {
    expect(lineOf(() => parseTrecQrels('q1 0 d1 1\n\nq1 0 d2\n', 'x.qrels'))).toBe(3);
    expect(lineOf(() => parseTrecQrels('q1 0 d1 one\n'))).toBe(1);
    expect(lineOf(() => parseTrecQrels('q1 0 d1 1\nq1 0 d1 0\n'))).toBe(2);
    expect(lineOf(() => parseTrecRun('q1 Q0 d1 1 0.5 t\nq1 Q0 d2 2 abc t\n'))).toBe(2);
    expect(lineOf(() => parseTrecRun('q1 Q0 d1 1 0.5 t\nq1 Q0 d1 2 0.4 t\n'))).toBe(2);
    expect(lineOf(() => parseTrecRun('q1 Q0 d1 x 0.5 t\n'))).toBe(1);
    try {
      parseTrecRun('bad', 'my.run');
    } catch (e) {
      expect(DataFormatError.isInstance(e) && e.file).toBe('my.run');
    }
    expect(() => formatTrecRun({}, { tag: 'a b' })).toThrow(InvalidArgumentError);
  });

  it('refuses ids with whitespace (or %XX) unless encodeIds, naming the id', () => {
    const cases: [() => unknown, string, string][] = [
      [() => formatTrecRun({ q1: { 'Geneva Durben': 1 } }), 'docId', 'Geneva Durben'],
      [() => formatTrecRun({ 'query 1': { d: 1 } }), 'queryId', 'query 1'],
      [() => formatTrecQrels({ q1: { 'Bo\tLarkin': 1 } }), 'docId', 'Bo\tLarkin'],
      [() => formatTrecQrels({ q1: { 'a%20b': 1 } }), 'docId', 'a%20b'],
    ];
    for (const [fn, parameter, id] of cases) {
      try {
        fn();
        expect.unreachable();
      } catch (e) {
        expect(InvalidArgumentError.isInstance(e)).toBe(true);
        expect([(e as InvalidArgumentError).parameter, (e as InvalidArgumentError).value]).toEqual([parameter, id]);
        expect((e as Error).message).toContain(JSON.stringify(id));
      }
    }
  });

  it('encodeIds maps ids reversibly; every line keeps 6 (run) / 4 (qrels) whitespace-separated fields', () => {
    const ids = ['Geneva Durben', 'Ann  Lee', 'tab\there', '50%', 'a%20b', 'nbsp\u00a0x', 'ideo\u3000y', 'Zoë Ñandú', 'plain', ' lead', 'trail '];
    for (const id of ids) {
      expect(decodeTrecId(encodeTrecId(id))).toBe(id);
      expect(encodeTrecId(id)).not.toMatch(/\s/u);
    }
    expect(encodeTrecId('Geneva Durben')).toBe('Geneva%20Durben'); // hand-computed: ' ' is byte 0x20
    expect(encodeTrecId('nbsp\u00a0x')).toBe('nbsp%C2%A0x'); // U+00A0 is C2 A0 in UTF-8
    expect(encodeTrecId('plain')).toBe('plain');
    const run = { 'query 0': Object.fromEntries(ids.map((id, i) => [id, i / 7])) };
    const text = formatTrecRun(run, { encodeIds: true, tag: 'bm25' });
    for (const line of text.trim().split('\n')) expect(line.split(/\s+/)).toHaveLength(6);
    expect(parseTrecRun(text)).toEqual(run);
    const qrels = { 'query 0': Object.fromEntries(ids.map((id) => [id, 1])) };
    const qtext = formatTrecQrels(qrels, { encodeIds: true });
    for (const line of qtext.trim().split('\n')) expect(line.split(/\s+/)).toHaveLength(4);
    expect(parseTrecQrels(qtext)).toEqual(qrels);
    // decodeIds: false keeps the tokens
    expect(Object.keys(parseTrecRun(text, 'r', { decodeIds: false })['query%200']!)).toContain('Geneva%20Durben');
    expect(lineOf(() => parseTrecRun('q Q0 bad%FF 1 1 t\n'))).toBe(1);
  });

  it('cuts at depth with the evaluation tie rule (score, then docid descending), and refuses ties encoding would reorder', () => {
    const run = { q: { 'Ann Lee': 1, 'Bo Li': 1, Cy: 1, Dee: 0.5 } };
    // all three tie: descending ids are Cy > Bo Li > Ann Lee
    const lines = formatTrecRun(run, { depth: 2, encodeIds: true }).trim().split('\n');
    expect(lines.map((l) => l.split(' ')[2])).toEqual(['Cy', 'Bo%20Li']);
    // 'a b' > 'a!' is false in code point order (' ' < '!'), but '%' > '!' after encoding: refused
    expect(() => formatTrecRun({ q: { 'a b': 1, 'a!': 1 } }, { encodeIds: true })).toThrow(/tie at score 1/);
    expect(formatTrecRun({ q: { 'a b': 2, 'a!': 1 } }, { encodeIds: true })).toBe('q Q0 a%20b 1 2 limit\nq Q0 a! 2 1 limit\n');
  });
});

