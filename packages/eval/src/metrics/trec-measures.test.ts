import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { evaluateRun } from './evaluate-run.js';
import { parseMeasure, type MeasureName } from './measures.js';
import { bpref } from './bpref.js';
import { rPrecision } from './r-precision.js';
import { judgedAtK } from './judged-at-k.js';

interface Case {
  name: string;
  qrels: Record<string, Record<string, number>>;
  run: Record<string, Record<string, number>>;
  levels: Record<string, { perQuery: Record<string, Record<string, number>>; mean: Record<string, number> }>;
}
const reference = JSON.parse(readFileSync(new URL('../../test/fixtures/trec-measures-reference.json', import.meta.url), 'utf8')) as { cases: Case[]; cutoffs: number[] };

// each name → the trec_eval measure (key of the Python reference) it must equal
const NAMES: [MeasureName, string][] = [
  ['ndcg_cut_10', 'ndcg_cut_10'], ['ndcg_cut.5', 'ndcg_cut_5'], ['P_5', 'P_5'], ['P.1', 'P_1'], ['recall_100', 'recall_100'], ['recall.2', 'recall_2'],
  ['map', 'map'], ['map_cut_10', 'map_cut_10'], ['recip_rank', 'recip_rank'], ['Rprec', 'Rprec'], ['bpref', 'bpref'], ['Bpref', 'bpref'],
  ['success_10', 'success_10'], ['success_1', 'success_1'], ['ndcg', 'ndcg'], ['nDCG@20', 'ndcg_cut_20'], ['AP@3', 'map_cut_3'], ['RR', 'recip_rank'],
  ['Judged@10', 'judged@10'], ['Judged@3', 'judged@3'],
];

describe('evaluateRun with trec_eval / pytrec_eval names equals an independent trec_eval re-implementation (scripts/make-trec-measure-fixtures.py)', () => {
  for (const c of reference.cases) {
    for (const level of [1, 2]) {
      it(`${c.name}, relevance level ${level}: ${NAMES.length} measures, per query and mean (ties, graded labels, unjudged documents)`, () => {
        const truth = c.levels[String(level)]!;
        const r = evaluateRun(c.qrels, c.run, { measures: NAMES.map(([n]) => n), relevanceLevel: level });
        expect(r.numQueries).toBe(Object.keys(truth.perQuery).length);
        for (const [name, key] of NAMES) {
          expect(r.mean[name], `${name} mean`).toBeCloseTo(truth.mean[key]!, 12);
          for (const [qid, values] of Object.entries(truth.perQuery)) expect(r.perQuery[qid]![name], `${qid} ${name}`).toBeCloseTo(values[key]!, 12);
        }
      });
    }
    it(`${c.name}: ir_measures' rel=2 on one measure equals the whole evaluation at level 2`, () => {
      const truth = c.levels['2']!;
      const r = evaluateRun(c.qrels, c.run, { measures: ['P(rel=2)@5', 'AP(rel=2)', 'R(rel=2)@10', 'RR(rel=2)', 'Rprec(rel=2)', 'Bpref(rel=2)', 'Success(rel=2)@3', 'P@5'] });
      expect(r.mean['P(rel=2)@5']).toBeCloseTo(truth.mean.P_5!, 12);
      expect(r.mean['AP(rel=2)']).toBeCloseTo(truth.mean.map!, 12);
      expect(r.mean['R(rel=2)@10']).toBeCloseTo(truth.mean.recall_10!, 12);
      expect(r.mean['RR(rel=2)']).toBeCloseTo(truth.mean.recip_rank!, 12);
      expect(r.mean['Rprec(rel=2)']).toBeCloseTo(truth.mean.Rprec!, 12);
      expect(r.mean['Bpref(rel=2)']).toBeCloseTo(truth.mean.bpref!, 12);
      expect(r.mean['Success(rel=2)@3']).toBeCloseTo(truth.mean.success_3!, 12);
      expect(r.mean['P@5']).toBeCloseTo(c.levels['1']!.mean.P_5!, 12); // others keep the evaluation's level
    });
  }
});

describe('bpref, R-precision and Judged@k by hand', () => {
  // ranking: u1 (unjudged), n1 (judged non-relevant), r2, u2, n2, r1; R = 2, N = 3
  const ranked = ['u1', 'n1', 'r2', 'u2', 'n2', 'r1'];
  const judgements = { r1: 2, r2: 1, n1: 0, n2: 0, n3: 0 };
  it('bpref = ((1 − 1/2) + (1 − 2/2)) / 2 = 0.25; at level 2 (R = 1, N = 4: r2 counts as non-relevant) = 1 − min(3, 1)/min(4, 1) = 0', () => {
    expect(bpref(ranked, judgements)).toBeCloseTo(0.25, 15);
    expect(bpref(ranked, judgements, 2)).toBe(0);
    expect(bpref(['r1'], { r1: 1 })).toBe(1); // no judged non-relevant document: every term is 1
  });
  it('Rprec: top-2 hold no relevant document → 0; a ranking shorter than R counts the missing ranks as misses', () => {
    expect(rPrecision(ranked, judgements)).toBe(0);
    expect(rPrecision(['r1'], { r1: 1, r2: 1, r3: 1 })).toBeCloseTo(1 / 3, 15);
  });
  it('Judged@k over min(k, retrieved): top 3 = u1, n1, r2 → 2/3; k = 10 → 4/6', () => {
    expect(judgedAtK(ranked, judgements, 3)).toBeCloseTo(2 / 3, 15);
    expect(judgedAtK(ranked, judgements, 10)).toBeCloseTo(4 / 6, 15);
    expect(judgedAtK([], judgements, 10)).toBe(0);
  });
});

describe('parseMeasure: names, parameters and errors', () => {
  it('knows the trec_eval name each spelling equals', () => {
    expect(parseMeasure('ndcg_cut_10')).toMatchObject({ family: 'ndcg', cutoff: 10, trecEvalName: 'ndcg_cut_10' });
    expect(parseMeasure('nDCG@10').trecEvalName).toBe('ndcg_cut_10');
    expect(parseMeasure('P(rel=2)@5')).toMatchObject({ family: 'precision', cutoff: 5, relevanceLevel: 2, trecEvalName: 'P_5' });
    expect(parseMeasure('recip_rank')).toMatchObject({ family: 'mrr', cutoff: undefined });
    expect(parseMeasure('bpref').family).toBe('bpref');
  });
  const param = (name: string) => {
    try {
      parseMeasure(name, '--measure');
    } catch (e) {
      return InvalidArgumentError.isInstance(e) ? `${e.parameter}: ${e.message}` : String(e);
    }
    return 'no error';
  };
  it.each([
    ['nope', /unknown measure/],
    ['P.5,10', /write P_5 and P_10/],
    ['P_0', /positive integer/],
    ['Rprec@10', /takes no cutoff/],
    ['Judged', /needs a cutoff/],
    ['nDCG(rel=2)@10', /takes no rel= parameter/],
    ['P(dcg=log2)@5', /unknown parameter/],
    ['P(rel=0)@5', /rel must be an integer ≥ 1/],
    ['success', /needs a cutoff/],
  ])('%s is refused', (name, message) => {
    const e = param(name);
    expect(e).toMatch(/^--measure: /);
    expect(e).toMatch(message);
  });
});
