import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateLimitDataset } from '@limit/datasets';
import { datasetDigest, readDatasetMetadata, writeDataset } from '@limit/datasets/node';
import { afterAll, describe, expect, it } from 'vitest';
import { createBm25Retriever } from '../lexical/bm25-retriever.js';
import { evaluateRetriever } from '../retrieval/evaluate-retriever.js';
import { writeMtebResults } from '../node/write-mteb-results.js';
import { writeTrecQrels, writeTrecRun } from '../trec/trec-files.js';
import { LIMIT_DATASET_DIGESTS, identifyLimitTask, type DatasetDigestRecord } from './limit-task.js';
import { LIMIT_MTEB_TASKS, toMtebResult } from './mteb-result.js';

const checker = fileURLToPath(new URL('../../scripts/check-mteb-result.py', import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'limit-task-'));
  dirs.push(d);
  return d;
};
const digest = `sha256:${'ab'.repeat(32)}`;

describe('identifyLimitTask: official, generated and local data under their own names', () => {
  it('ships no official digest it could not compute', () => {
    expect(LIMIT_DATASET_DIGESTS).toEqual([]);
  });
  it('a recorded digest gives the official task and revision; a stated official revision names its task', () => {
    const record: DatasetDigestRecord = { digest, task: 'LIMITSmallRetrieval', revision: LIMIT_MTEB_TASKS.LIMITSmallRetrieval.datasetRevision, source: 'test fixture' };
    expect(identifyLimitTask({ numDocs: 46, digest, digests: [record] })).toMatchObject({ taskName: 'LIMITSmallRetrieval', datasetRevision: record.revision, kind: 'official' });
    expect(identifyLimitTask({ numDocs: 50000, digest, datasetRevision: LIMIT_MTEB_TASKS.LIMITRetrieval.datasetRevision })).toMatchObject({ taskName: 'LIMITRetrieval', kind: 'official' });
    // the same digest without the record is local data
    expect(identifyLimitTask({ numDocs: 46, digest })).toMatchObject({ taskName: 'LIMITSmallRetrieval-local', datasetRevision: digest, kind: 'local' });
    expect(identifyLimitTask({ numDocs: 46, digest, datasetRevision: 'abc' })).toMatchObject({ taskName: 'LIMITSmallRetrieval-local', datasetRevision: 'abc', kind: 'local' });
  });
  it('generated data (a matching limit-dataset.json) is filed as <task>-generated with the generator in limit_dataset', () => {
    const id = identifyLimitTask({ numDocs: 50000, digest, generator: { seed: 0 } });
    expect(id).toMatchObject({ taskName: 'LIMITRetrieval-generated', datasetRevision: digest, kind: 'generated' });
    expect(identifyLimitTask({ numDocs: 46, digest, generator: {}, taskName: 'Mine' }).taskName).toBe('Mine');
    expect(() => identifyLimitTask({ numDocs: 46, digest: 'md5:1' })).toThrow(/sha256/);
  });
});

describe('MTEB results round trip: our file read by a checker written from mteb 2.20.0\'s schema (python3)', () => {
  it('generated LIMIT-small, BM25: TaskResult fields, retrieval keys, main score, and every score recomputed from the TREC qrels and run', async () => {
    const data = tmp();
    await writeDataset(data, generateLimitDataset({ size: 'small', seed: 3 }));
    const meta = await readDatasetMetadata(data);
    const dataset = generateLimitDataset({ size: 'small', seed: 3 });
    const id = identifyLimitTask({ numDocs: dataset.corpus.length, digest: await datasetDigest(data), ...(meta ? { generator: meta.generator } : {}) });
    expect(id.taskName).toBe('LIMITSmallRetrieval-generated');
    const r = await evaluateRetriever(dataset, createBm25Retriever());
    const result = toMtebResult(r.evaluation, { taskName: id.taskName, datasetRevision: id.datasetRevision, evaluationTime: r.seconds, date: new Date(), dataset: { kind: id.kind, digest: await datasetDigest(data), generator: meta!.generator } });
    const out = tmp();
    const [file] = await writeMtebResults(out, [result], { modelName: 'bm25' });
    const qrels: Record<string, Record<string, number>> = {};
    for (const q of dataset.qrels) (qrels[q.queryId] ??= {})[q.docId] = q.score;
    await writeTrecQrels(join(out, 'q.trec'), qrels, { encodeIds: true });
    await writeTrecRun(join(out, 'r.trec'), r.run, { encodeIds: true });
    const check = spawnSync('python3', [checker, file!, '--qrels', join(out, 'q.trec'), '--run', join(out, 'r.trec')], { encoding: 'utf8' });
    const report = JSON.parse(check.stdout) as { ok: boolean; errors: string[]; notes: string[]; keys: number };
    expect(report.errors).toEqual([]);
    expect(check.status).toBe(0);
    expect(report.keys).toBe(8 * 6 + 1);
    expect(report.notes.join('\n')).toMatch(/recomputed/);
    expect(report.notes.join('\n')).toMatch(/limit_dataset is not a TaskResult field/);
  });
  it('the checker catches what mteb would refuse or a wrong score (it is not a rubber stamp)', async () => {
    const dataset = generateLimitDataset({ size: 'small', numQueries: 50, attributesPerDoc: 12, seed: 1 });
    const r = await evaluateRetriever(dataset, createBm25Retriever());
    const good = toMtebResult(r.evaluation, { taskName: 'LIMITSmallRetrieval-generated' });
    const out = tmp();
    const variants: [string, object][] = [
      ['no main_score', { ...good, scores: { test: [{ ...good.scores.test![0]!, main_score: undefined }] } }],
      ['success_at_k instead of hit_rate_at_k', { ...good, scores: { test: [Object.fromEntries(Object.entries(good.scores.test![0]!).map(([k, v]) => [k.replace('hit_rate', 'success'), v]))] } }],
      ['a wrong recall', { ...good, scores: { test: [{ ...good.scores.test![0]!, recall_at_10: 0.5 }] } }],
      ['no dataset_revision', { ...good, dataset_revision: undefined }],
    ];
    const qrels: Record<string, Record<string, number>> = {};
    for (const q of dataset.qrels) (qrels[q.queryId] ??= {})[q.docId] = q.score;
    await writeTrecQrels(join(out, 'q.trec'), qrels, { encodeIds: true });
    await writeTrecRun(join(out, 'r.trec'), r.run, { encodeIds: true });
    for (const [what, json] of variants) {
      const [file] = await writeMtebResults(join(out, what.replace(/\W/g, '_')), [JSON.parse(JSON.stringify(json)) as typeof good], { modelName: 'x' });
      const check = spawnSync('python3', [checker, file!, '--qrels', join(out, 'q.trec'), '--run', join(out, 'r.trec')], { encoding: 'utf8' });
      expect(check.status, what).toBe(1);
    }
  });
});
