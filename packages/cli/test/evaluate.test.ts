import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generateLimitDataset } from '@limit/datasets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const modelDir = fileURLToPath(new URL('../../../packages/eval/test/fixtures/tiny-model', import.meta.url));
let dir: string;
let smallDir: string;

function writeMteb(folder: string, data: { corpus: object[]; queries: object[]; qrels: { queryId: string; docId: string; score: number }[] }) {
  const lines = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  writeFileSync(join(folder, 'corpus.jsonl'), lines(data.corpus));
  writeFileSync(join(folder, 'queries.jsonl'), lines(data.queries));
  writeFileSync(join(folder, 'qrels.jsonl'), lines(data.qrels.map((q) => ({ 'query-id': q.queryId, 'corpus-id': q.docId, score: q.score }))));
}

async function limit(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', [cli, ...args], { maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'limit-evaluate-'));
  smallDir = join(dir, 'limit-small');
  mkdirSync(smallDir);
  // LIMIT-small: the 46 relevant documents, 1,000 queries, 2 relevant each
  writeMteb(smallDir, generateLimitDataset({ numDocs: 46, numQueries: 1000, k: 2, seed: 0 }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('limit evaluate', () => {
  it('BM25 on a generated LIMIT-small: MTEB JSON with recall@2 ≥ 0.95 (paper 97.8)', async () => {
    const r = await limit('evaluate', '--data', smallDir, '--retriever', 'bm25', '--json');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { task_name: string; scores: { test: { main_score: number; recall_at_2: number; ndcg_at_10: number }[] } };
    expect(json.task_name).toBe('LIMITSmallRetrieval');
    // only mteb TaskResult fields, string revisions, hf_subset / languages / main_score per split
    expect(Object.keys(json).sort()).toEqual(['dataset_revision', 'evaluation_time', 'kg_co2_emissions', 'mteb_version', 'scores', 'task_name']);
    const meta = json as unknown as { dataset_revision: unknown; mteb_version: unknown; scores: { test: { hf_subset: unknown; languages: unknown }[] } };
    expect(typeof meta.dataset_revision).toBe('string');
    expect(typeof meta.mteb_version).toBe('string');
    expect(meta.scores.test[0]!.hf_subset).toBe('default');
    expect(meta.scores.test[0]!.languages).toEqual(['eng-Latn']);
    const s = json.scores.test[0]!;
    expect(s.main_score).toBe(s.recall_at_2);
    expect(s.recall_at_2).toBeGreaterThanOrEqual(0.95);
  });
  it('prints a table beside the paper numbers and writes the TREC run', async () => {
    const runFile = join(dir, 'ngram.run');
    const r = await limit('evaluate', '--data', smallDir, '--retriever', 'ngram', '--run', runFile);
    const lines = readFileSync(runFile, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1000 * 46); // every LIMIT-small document shares n-grams with every query
    expect(lines[0]).toMatch(/^query_0 Q0 .+ 1 [-\d.e]+ ngram$/);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\| retriever \| R@2 \| R@10 \| R@20 \| nDCG@10 \|/);
    expect(r.stdout).toMatch(/\| ngram \| \d+\.\d \|/);
    expect(r.stdout).toMatch(/\| BM25 \(paper\) \| 97\.8 \| 100\.0 \| 100\.0 \| – \|/);
  });
  it('--retriever onnx --model DIR runs end to end on the project tiny ONNX model, per Matryoshka dims', async () => {
    const out = join(dir, 'onnx.json');
    const r = await limit('evaluate', '--data', smallDir, '--retriever', 'onnx', '--model', modelDir, '--dims', '8,16', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\| onnx@8 \|/);
    expect(r.stdout).toMatch(/\| onnx@16 \|/);
    const byModel = JSON.parse(readFileSync(out, 'utf8')) as Record<string, { scores: { test: { recall_at_2: number; recall_at_1000: number }[] } }>;
    expect(Object.keys(byModel)).toEqual(['onnx@8', 'onnx@16']);
    for (const j of Object.values(byModel)) {
      expect(j).not.toHaveProperty('model_name');
      const s = j.scores.test[0]!;
      expect(s.recall_at_2).toBeGreaterThanOrEqual(0);
      expect(s.recall_at_2).toBeLessThanOrEqual(1);
      expect(s.recall_at_1000).toBe(1); // 46 documents: every relevant one is retrieved
    }
  });
  it('--retriever maxsim runs on the same model', async () => {
    const r = await limit('evaluate', '--data', smallDir, '--retriever', 'maxsim', '--model', modelDir, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout) as object).not.toHaveProperty('model_name');
    expect((JSON.parse(r.stdout) as { task_name: string }).task_name).toBe('LIMITSmallRetrieval');
  });
  it('--results-dir writes an MTEB results folder; --baseline-run compares two retrievers with a paired test', async () => {
    const results = join(dir, 'mteb');
    const bm25Run = join(dir, 'bm25.run');
    // LIMIT's document ids are names with spaces, which a TREC run cannot hold: use space-free ids here
    const idsDir = join(dir, 'limit-small-ids');
    mkdirSync(idsDir);
    const data = generateLimitDataset({ numDocs: 46, numQueries: 1000, k: 2, seed: 0 });
    const safe = (id: string) => id.replace(/\s/g, '_');
    writeMteb(idsDir, {
      corpus: data.corpus.map((d) => ({ ...d, _id: safe(d._id) })),
      queries: data.queries.map((q) => ({ ...q, _id: safe(q._id) })),
      qrels: data.qrels.map((q) => ({ ...q, queryId: safe(q.queryId), docId: safe(q.docId) })),
    });
    const smallDir = idsDir;
    const first = await limit('evaluate', '--data', smallDir, '--retriever', 'bm25', '--run', bm25Run, '--results-dir', results);
    expect(first.code, first.stderr).toBe(0);
    const folder = join(results, 'results', 'bm25', 'local');
    expect(JSON.parse(readFileSync(join(folder, 'model_meta.json'), 'utf8'))).toEqual({ name: 'bm25', revision: 'local' });
    expect(JSON.parse(readFileSync(join(folder, 'LIMITSmallRetrieval.json'), 'utf8'))).toHaveProperty('task_name', 'LIMITSmallRetrieval');
    // n-gram hashing against the BM25 run: BM25 is clearly better on LIMIT-small recall@2 (paper 97.8)
    const cmp = await limit('evaluate', '--data', smallDir, '--retriever', 'ngram', '--baseline-run', bm25Run, '--test', 't-test', '--json');
    expect(cmp.code, cmp.stderr).toBe(0);
    const [c] = JSON.parse(cmp.stdout) as { measure: string; meanA: number; meanB: number; meanDifference: number; pValue: number; numQueries: number }[];
    expect(c!.measure).toBe('R@2');
    expect(c!.numQueries).toBe(1000);
    expect(c!.meanDifference).toBeCloseTo(c!.meanB - c!.meanA, 12);
    expect(c!.meanA).toBeGreaterThanOrEqual(0.95);
    const self = await limit('evaluate', '--data', smallDir, '--retriever', 'bm25', '--baseline-run', bm25Run, '--measure', 'nDCG@10');
    expect(self.code, self.stderr).toBe(0);
    // a run against itself: the difference is exactly 0 and p exactly 1 (printed as such, not as 0.0000 and 1.00)
    expect(self.stdout).toMatch(/\| bm25\.run \| bm25 \| nDCG@10 \| [\d.]+ \| [\d.]+ \| 0 \| 1 \| randomization \(1000 queries\) \|/);
    const bad = await limit('evaluate', '--data', smallDir, '--retriever', 'bm25', '--baseline-run', bm25Run, '--measure', 'bleu');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--measure/);
  });
  it('fails with a typed error for a missing --model, a model folder missing files, and unknown qrel ids', async () => {
    const a = await limit('evaluate', '--data', smallDir, '--retriever', 'onnx');
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--model/);
    const b = await limit('evaluate', '--data', smallDir, '--retriever', 'onnx', '--model', dir);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/missing model\.onnx, tokenizer\.json, config\.json/);
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    writeMteb(bad, {
      corpus: [{ _id: 'a', title: '', text: 'A likes apples.' }],
      queries: [{ _id: 'q', text: 'Who likes apples?' }],
      qrels: [{ queryId: 'q', docId: 'zzz', score: 1 }],
    });
    const c = await limit('evaluate', '--data', bad, '--retriever', 'bm25');
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/zzz/);
  });

  it('--run and --trec-qrels: 6 fields a line, and trec_eval on the pair reproduces recall_at_k exactly', async () => {
    const runFile = join(dir, 'bm25.trec');
    const qrelsFile = join(dir, 'qrels.trec');
    const r = await limit('evaluate', '--data', smallDir, '--retriever', 'bm25', '--run', runFile, '--trec-qrels', qrelsFile, '--json');
    expect(r.code, r.stderr).toBe(0);
    const scores = (JSON.parse(r.stdout) as { scores: { test: Record<string, number>[] } }).scores.test[0]!;
    const lines = readFileSync(runFile, 'utf8').trim().split('\n');
    for (const line of lines) expect(line.split(/\s+/)).toHaveLength(6);
    expect(lines.some((l) => /%20/.test(l.split(' ')[2]!))).toBe(true); // names like "First Last" are mapped
    for (const line of readFileSync(qrelsFile, 'utf8').trim().split('\n')) expect(line.split(/\s+/)).toHaveLength(4);

    // an independent reading of the pair, as trec_eval reads it (always available: python3)
    const ref = spawnSync('python3', [fileURLToPath(new URL('./fixtures/trec_eval_reference.py', import.meta.url)), qrelsFile, runFile, '2', '10', '20'], { encoding: 'utf8' });
    expect(ref.status, ref.stderr).toBe(0);
    const refScores = Object.fromEntries(ref.stdout.trim().split('\n').map((l) => [l.split(/\s+/)[0]!, Number(l.split(/\s+/)[2])]));
    for (const k of [2, 10, 20]) expect(scores[`recall_at_${k}`]).toBeCloseTo(refScores[`recall_${k}`]!, 12);

    // the real trec_eval, where installed (PATH or $TREC_EVAL): 4 printed decimals
    const bin = process.env.TREC_EVAL ?? 'trec_eval';
    const te = spawnSync(bin, ['-m', 'recall.2,10,20', qrelsFile, runFile], { encoding: 'utf8' });
    if (te.error) {
      console.warn(`trec_eval not found (${bin}): compared with the Python re-implementation only`);
    } else {
      expect(te.status, te.stderr).toBe(0);
      for (const line of te.stdout.trim().split('\n')) {
        const [metric, , value] = line.split(/\s+/);
        expect(Math.abs(scores[metric!.replace('recall_', 'recall_at_')]! - Number(value))).toBeLessThanOrEqual(0.00005);
      }
    }
  });

  it('a corpus with an invalid UTF-8 byte on line 7 fails naming corpus.jsonl:7', async () => {
    const bad = join(dir, 'bad-utf8');
    mkdirSync(bad);
    writeMteb(bad, generateLimitDataset({ size: 'small', numQueries: 20, attributesPerDoc: 10, seed: 3 }));
    const lines = readFileSync(join(bad, 'corpus.jsonl')).toString('utf8').split('\n');
    const bytes = Buffer.concat(lines.map((l, i) => (i === 6 ? Buffer.concat([Buffer.from(l.slice(0, 20)), Buffer.from([0xfe]), Buffer.from(`${l.slice(20)}\n`)]) : Buffer.from(i < lines.length - 1 ? `${l}\n` : l))));
    writeFileSync(join(bad, 'corpus.jsonl'), bytes);
    const r = await limit('evaluate', '--data', bad, '--retriever', 'bm25');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`${join(bad, 'corpus.jsonl')}:7: invalid UTF-8`);
  });

  it('a qrel score of 0.5, a folder in place of a file, and empty files name the file (and line)', async () => {
    const d = join(dir, 'odd');
    mkdirSync(d);
    writeMteb(d, { corpus: [{ _id: 'a', text: 'x' }], queries: [{ _id: 'q', text: 'x' }], qrels: [{ queryId: 'q', docId: 'a', score: 1 }] });
    writeFileSync(join(d, 'qrels.jsonl'), '{"query-id": "q", "corpus-id": "a", "score": 0.5}\n');
    let r = await limit('evaluate', '--data', d, '--retriever', 'bm25');
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining(`${join(d, 'qrels.jsonl')}:1: field "score" must be a non-negative integer`)]);
    writeFileSync(join(d, 'qrels.jsonl'), '');
    r = await limit('evaluate', '--data', d, '--retriever', 'bm25');
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining(`${join(d, 'qrels.jsonl')}: the file holds no relevance judgements`)]);
    rmSync(join(d, 'corpus.jsonl'));
    mkdirSync(join(d, 'corpus.jsonl'));
    r = await limit('evaluate', '--data', d, '--retriever', 'bm25');
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining(`${join(d, 'corpus.jsonl')}: cannot read file (is a folder`)]);
  });

  it('checks --run / --trec-qrels / --out locations before retrieving', async () => {
    const f = join(dir, 'notadir');
    writeFileSync(f, 'x');
    const r = await limit('evaluate', '--data', smallDir, '--retriever', 'bm25', '--trec-qrels', join(f, 'q.trec'));
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('Invalid argument for parameter --trec-qrels')]);
  });
});

