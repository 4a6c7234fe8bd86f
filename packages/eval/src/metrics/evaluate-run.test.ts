import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { evaluateRun } from './evaluate-run.js';
import { rankDocuments } from '../rank-documents.js';
import { parseTrecQrels } from '../trec-qrels.js';
import { parseTrecRun } from '../trec-run.js';

const fixtures = new URL('../../test/fixtures/', import.meta.url);
interface Case {
  name: string;
  qrels: Record<string, Record<string, number>>;
  run: Record<string, Record<string, number>>;
  perQuery: Record<string, Record<string, number>>;
  mean: Record<string, number>;
  ranked: Record<string, string[]>;
}
const reference = JSON.parse(readFileSync(new URL('metrics-reference.json', fixtures), 'utf8')) as { cases: Case[]; cutoffs: number[] };

describe('evaluateRun against the independent Python trec_eval re-implementation', () => {
  for (const c of reference.cases) {
    it(`${c.name}: ranking (ties by docid descending, byte order) matches`, () => {
      for (const [qid, scores] of Object.entries(c.run)) expect(rankDocuments(scores), qid).toEqual(c.ranked[qid]);
    });
    it(`${c.name}: per-query and mean metrics match (ties, missing docs, queries without relevant docs)`, () => {
      const result = evaluateRun(c.qrels, c.run, { k: reference.cutoffs });
      expect(Object.keys(result.perQuery).sort()).toEqual(Object.keys(c.perQuery).sort());
      expect(result.numQueries).toBe(Object.keys(c.perQuery).length);
      for (const [qid, expected] of Object.entries(c.perQuery)) {
        for (const [key, value] of Object.entries(expected)) expect(result.perQuery[qid]![key], `${qid} ${key}`).toBeCloseTo(value, 12);
      }
      for (const [key, value] of Object.entries(c.mean)) expect(result.mean[key], key).toBeCloseTo(value, 12);
    });
    it(`${c.name}: the TREC text files parse to the same qrels and run`, () => {
      const qrels = parseTrecQrels(readFileSync(new URL(`metrics-${c.name}.qrels`, fixtures), 'utf8'));
      const run = parseTrecRun(readFileSync(new URL(`metrics-${c.name}.run`, fixtures), 'utf8'));
      expect(qrels).toEqual(c.qrels);
      // the run file has no line for queries that retrieved nothing
      expect(run).toEqual(Object.fromEntries(Object.entries(c.run).filter(([, s]) => Object.keys(s).length > 0)));
    });
  }
});

describe('evaluateRun options and errors', () => {
  const qrels = { a: { d1: 1, d2: 1 }, b: { d3: 0 }, c: { d4: 1 } };
  const run = { a: { d1: 3, d9: 2, d2: 1 }, b: { d3: 1 } };
  it('averages over run ∩ qrels and counts queries without relevant docs as 0 by default', () => {
    const r = evaluateRun(qrels, run, { k: [2] });
    expect(r.numQueries).toBe(2);
    expect(r.mean.recall_at_2).toBeCloseTo((0.5 + 0) / 2, 12);
  });
  it("'exclude' drops queries without relevant docs; 'qrels' adds queries missing from the run as 0", () => {
    expect(evaluateRun(qrels, run, { k: [2], queriesWithoutRelevant: 'exclude' }).mean.recall_at_2).toBeCloseTo(0.5, 12);
    const all = evaluateRun(qrels, run, { k: [3], queries: 'qrels' });
    expect(all.numQueries).toBe(3);
    expect(all.mean.recall_at_3).toBeCloseTo(1 / 3, 12);
    expect(all.perQuery.c!.recall_at_3).toBe(0);
  });
  it('rejects bad cutoffs, non-finite scores and negative relevance with the parameter named', () => {
    const e1 = (() => { try { evaluateRun(qrels, run, { k: [0] }); } catch (e) { return e; } })();
    expect(InvalidArgumentError.isInstance(e1) && e1.parameter).toBe('k[0]');
    expect(() => evaluateRun(qrels, { a: { d1: Number.NaN } })).toThrow(/run\["a"\]\["d1"\]/);
    expect(() => evaluateRun({ a: { d1: -1 } }, run)).toThrow(InvalidArgumentError);
  });
});
