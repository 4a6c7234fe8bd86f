import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { evaluateRun } from './evaluate-run.js';
import { rankDocuments } from '../rank-documents.js';
import { parseTrecQrels } from '../trec/trec-qrels.js';
import { parseTrecRun } from '../trec/trec-run.js';

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

describe('evaluateRun with measures named as ranx and ir_measures name them', () => {
  const names = ['ndcg@10', 'recall@100', 'precision@5', 'map', 'nDCG@10', 'R@100', 'P@5', 'AP', 'mrr@10', 'RR@10', 'map@100', 'AP@100', 'hit_rate@10', 'Success@10'] as const;
  // trec_eval's measure for each name, as the Python re-implementation keys it (uncut map = map_cut_1000
  // here because no fixture run retrieves more than 1000 documents; asserted below)
  const truth: Record<(typeof names)[number], string> = {
    'ndcg@10': 'ndcg_at_10', 'nDCG@10': 'ndcg_at_10', 'recall@100': 'recall_at_100', 'R@100': 'recall_at_100',
    'precision@5': 'precision_at_5', 'P@5': 'precision_at_5', map: 'map_at_1000', AP: 'map_at_1000',
    'mrr@10': 'mrr_at_10', 'RR@10': 'mrr_at_10', 'map@100': 'map_at_100', 'AP@100': 'map_at_100',
    'hit_rate@10': 'success_at_10', 'Success@10': 'success_at_10',
  };
  for (const c of reference.cases) {
    it(`${c.name}: mean and per-query values equal trec_eval's (ties, graded labels)`, () => {
      expect(Math.max(...Object.values(c.run).map((s) => Object.keys(s).length))).toBeLessThanOrEqual(1000);
      const r = evaluateRun(c.qrels, c.run, { measures: names });
      expect(Object.keys(r.mean).sort()).toEqual([...names].sort());
      expect(r.measures).toEqual(names);
      for (const name of names) {
        expect(r.mean[name], name).toBeCloseTo(c.mean[truth[name]]!, 10);
        for (const [qid, expected] of Object.entries(c.perQuery)) expect(r.perQuery[qid]![name], `${qid} ${name}`).toBeCloseTo(expected[truth[name]]!, 10);
      }
    });
  }
  it('only the requested measures exist, in the type and in the object', () => {
    const r = evaluateRun({ q: { a: 2, b: 1 } }, { q: { a: 1, c: 0.5, b: 0.2 } }, { measures: ['nDCG@3', 'AP'] });
    const ndcg: number = r.mean['nDCG@3'];
    // @ts-expect-error P@5 was not requested
    expect(r.mean['P@5']).toBeUndefined();
    expect(Object.keys(r.perQuery.q!)).toEqual(['nDCG@3', 'AP']);
    // hand-computed: ranking a(2), c(–), b(1); DCG = 2/log2(2) + 1/log2(4) = 2.5; IDCG = 2 + 1/log2(3)
    expect(ndcg).toBeCloseTo(2.5 / (2 + 1 / Math.log2(3)), 12);
    expect(r.mean.AP).toBeCloseTo((1 / 1 + 2 / 3) / 2, 12);
  });
  it('uncut nDCG, recall and RR use the whole ranking', () => {
    const run = { q: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`d${String(i).padStart(2, '0')}`, 100 - i])) };
    const r = evaluateRun({ q: { d25: 1 } }, run, { measures: ['ndcg', 'recall', 'RR', 'R@10'] });
    expect(r.mean.recall).toBe(1);
    expect(r.mean['R@10']).toBe(0);
    expect(r.mean.RR).toBeCloseTo(1 / 26, 12);
    expect(r.mean.ndcg).toBeCloseTo(1 / Math.log2(27), 12);
  });
  it('unknown names, missing cutoffs, measures with cutoffs and unknown options are typed errors', () => {
    const q = { q: { a: 1 } };
    const run = { q: { a: 1 } };
    const param = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return InvalidArgumentError.isInstance(e) ? e.parameter : String(e);
      }
      return 'no error';
    };
    expect(param(() => evaluateRun(q, run, { measures: ['ndcg@10', 'bleu@4' as never] }))).toBe('options.measures[1]');
    expect(param(() => evaluateRun(q, run, { measures: ['P' as never] }))).toBe('options.measures[0]');
    expect(param(() => evaluateRun(q, run, { measures: ['R@0' as never] }))).toBe('options.measures[0]');
    expect(param(() => evaluateRun(q, run, { measures: [] }))).toBe('options.measures');
    expect(param(() => evaluateRun(q, run, { measures: ['AP'], cutoffs: [1] } as never))).toBe('options.cutoffs');
    expect(param(() => evaluateRun(q, run, { cutoff: [1] } as never))).toBe('options.cutoff');
    expect(param(() => evaluateRun(q, run, { k: [1], cutoffs: [2] }))).toBe('options.k');
    // the deprecated k still works and means the same as cutoffs
    expect(evaluateRun(q, run, { k: [2] }).mean).toEqual(evaluateRun(q, run, { cutoffs: [2] }).mean);
  });
});
