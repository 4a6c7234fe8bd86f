import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@limit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateRun } from '../metrics/evaluate-run.js';
import { writeMtebResults } from '../node/write-mteb-results.js';
import { LIMIT_MTEB_TASKS, MTEB_RESULTS_FORMAT_VERSION, toMtebResult } from './mteb-result.js';

// mteb 2.20.0's TaskResult (mteb/results/task_result.py): these fields; every entry of
// scores[split] needs main_score, hf_subset (a string) and languages (a list).
const TASK_RESULT_FIELDS = ['dataset_revision', 'date', 'evaluation_phases', 'evaluation_time', 'kg_co2_emissions', 'mteb_version', 'scores', 'task_name'];

const qrels = { q1: { d1: 1, d2: 1 }, q2: { d3: 1, d1: 1 } };
const run = { q1: { d1: 0.9, d3: 0.5, d2: 0.1 }, q2: { d3: 0.8, d2: 0.4, d1: 0.3 } };

describe('toMtebResult', () => {
  const dir = mkdtempSync(join(tmpdir(), 'limit-mteb-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has exactly the TaskResult fields, string revisions, and hf_subset / languages / main_score', () => {
    const json = toMtebResult(evaluateRun(qrels, run), { taskName: 'LIMITSmallRetrieval', evaluationTime: 1.5 });
    expect(Object.keys(json).sort()).toEqual(TASK_RESULT_FIELDS);
    expect(typeof json.dataset_revision).toBe('string');
    expect(json.dataset_revision).toBe('local');
    expect(json.mteb_version).toBe(MTEB_RESULTS_FORMAT_VERSION);
    expect(json.mteb_version).toMatch(/^\d+\.\d+\.\d+$/); // mteb parses it with packaging.Version
    const entry = json.scores.test![0]!;
    // mteb 2.20.0's retrieval keys: hit_rate_at_k (not success_at_k), accuracy = recall@1, per-subset mteb_version
    expect(entry.hit_rate_at_2).toBe(1);
    expect(entry).not.toHaveProperty('success_at_2');
    expect(entry.accuracy).toBe(entry.recall_at_1);
    expect(entry.mteb_version).toBe(json.mteb_version);
    expect(json.date).toBeNull();
    expect(entry.hf_subset).toBe('default');
    expect(entry.languages).toEqual(['eng-Latn']);
    // recall@2: q1 ranks d1, d3 → 1/2; q2 ranks d3, d2 → 1/2
    expect(entry.main_score).toBe(0.5);
    expect(entry.main_score).toBe(entry.recall_at_2);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('main score: recall_at_2 for the LIMIT tasks as MTEB defines them, ndcg_at_10 for other tasks', () => {
    const e = evaluateRun(qrels, run);
    expect(LIMIT_MTEB_TASKS.LIMITRetrieval.mainScore).toBe('recall_at_2');
    expect(toMtebResult(e, { taskName: 'LIMITRetrieval' }).scores.test![0]!.main_score).toBe(Math.round(e.mean.recall_at_2! * 1e5) / 1e5);
    expect(toMtebResult(e, { taskName: 'MyRetrieval' }).scores.test![0]!.main_score).toBe(Math.round(e.mean.ndcg_at_10! * 1e5) / 1e5);
    expect(toMtebResult(e, { taskName: 'MyRetrieval', mainScore: 'map_at_3' }).scores.test![0]!.main_score).toBe(Math.round(e.mean.map_at_3! * 1e5) / 1e5);
    // a cutoff that was not computed names the cutoffs; unknown options (model_name) are refused
    expect(() => toMtebResult(evaluateRun(qrels, run, { cutoffs: [1, 5] }), { taskName: 'LIMITRetrieval' })).toThrow(/recall_at_2 was not computed \(cutoffs: 1, 5\)/);
    expect(() => toMtebResult(e, { taskName: 'x', modelName: 'bm25' } as never)).toThrow(InvalidArgumentError);
    const official = toMtebResult(e, { taskName: 'LIMITSmallRetrieval', datasetRevision: LIMIT_MTEB_TASKS.LIMITSmallRetrieval.datasetRevision });
    expect(official.dataset_revision).toMatch(/^[0-9a-f]{40}$/);
  });

  it('writeMtebResults: results/<model>/<revision>/<Task>.json plus model_meta.json with name and revision', async () => {
    const result = toMtebResult(evaluateRun(qrels, run), { taskName: 'LIMITSmallRetrieval' });
    const files = await writeMtebResults(dir, [result], { modelName: 'org/model', modelRevision: 'abc' });
    const folder = join(dir, 'results', 'org__model', 'abc');
    expect(files.sort()).toEqual([join(folder, 'LIMITSmallRetrieval.json'), join(folder, 'model_meta.json')].sort());
    expect(readdirSync(folder).sort()).toEqual(['LIMITSmallRetrieval.json', 'model_meta.json']);
    expect(JSON.parse(readFileSync(join(folder, 'model_meta.json'), 'utf8'))).toEqual({ name: 'org/model', revision: 'abc' });
    expect(JSON.parse(readFileSync(join(folder, 'LIMITSmallRetrieval.json'), 'utf8'))).toEqual(result);
    await expect(writeMtebResults(dir, [result, result], { modelName: 'm' })).rejects.toThrow(/two results for task/);
  });
});
