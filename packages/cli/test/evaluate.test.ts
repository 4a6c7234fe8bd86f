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
    // files without a generator record and with no recorded official digest: local data, not the release
    expect(json.task_name).toBe('LIMITSmallRetrieval-local');
    // mteb 2.20.0's TaskResult fields, string revisions, hf_subset / languages / main_score per split, plus ours (limit_dataset)
    expect(Object.keys(json).sort()).toEqual(['dataset_revision', 'date', 'evaluation_phases', 'evaluation_time', 'kg_co2_emissions', 'limit_dataset', 'mteb_version', 'scores', 'task_name']);
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
    expect((JSON.parse(r.stdout) as { task_name: string }).task_name).toBe('LIMITSmallRetrieval-local');
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
    expect(JSON.parse(readFileSync(join(folder, 'LIMITSmallRetrieval-local.json'), 'utf8'))).toHaveProperty('task_name', 'LIMITSmallRetrieval-local');
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
    expect(b.stderr).toMatch(/missing model\.onnx or onnx\/model\.onnx, tokenizer\.json, config\.json/);
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


describe('limit evaluate: model folders, measure names, MTEB-true results (issue 22)', () => {
  const evalScripts = new URL('../../eval/scripts/', import.meta.url);
  it('--measure nope fails with status 2 before reading any data or model', async () => {
    const r = await limit('evaluate', '--data', join(dir, 'does-not-exist'), '--retriever', 'onnx', '--model', join(dir, 'nor-this'), '--measure', 'ndcg_cut_10,nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--measure: measure "nope": unknown measure/);
    expect(r.stderr).not.toMatch(/does-not-exist|nor-this/);
  });
  it('generated LIMIT-small with --results-dir: its own task name, hit_rate_at_k, the generator record, and mteb\'s schema holds (python3 checker)', async () => {
    const data = join(dir, 'generated-small');
    const g = await limit('generate', '--size', 'small', '--seed', '5', '--out', data);
    expect(g.code, g.stderr).toBe(0);
    const results = join(dir, 'mteb-generated');
    const r = await limit('evaluate', '--data', data, '--retriever', 'bm25', '--results-dir', results, '--measure', 'R@2,ndcg_cut_10,P_5,Rprec,bpref,Judged@10');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/not on the official release/);
    expect(r.stderr).toMatch(/limit-small is not a subset of limit/);
    expect(r.stdout).toMatch(/\| retriever \| R@2 \| ndcg_cut_10 \| P_5 \| Rprec \| bpref \| Judged@10 \|/);
    expect(r.stdout).toMatch(/\| BM25 \(paper\) \| 97\.8 \| – \|/);
    const file = join(results, 'results', 'bm25', 'local', 'LIMITSmallRetrieval-generated.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as { task_name: string; dataset_revision: string; limit_dataset: { kind: string; generator: { options: { seed: number; size: string } } }; scores: { test: Record<string, number>[] } };
    expect(json.task_name).toBe('LIMITSmallRetrieval-generated');
    expect(json.dataset_revision).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(json.limit_dataset.kind).toBe('generated');
    expect(json.limit_dataset.generator.options).toMatchObject({ seed: 5, size: 'small' });
    expect(json.scores.test[0]!.hit_rate_at_2).toBeGreaterThan(0.95);
    expect(json.scores.test[0]).not.toHaveProperty('success_at_2');
    const check = spawnSync('python3', [fileURLToPath(new URL('check-mteb-result.py', evalScripts)), file], { encoding: 'utf8' });
    expect(check.status, check.stdout).toBe(0);
  });
  it('--dataset-revision <official> with --digests records the files\' digest; the next run fills the revision from it', async () => {
    const data = join(dir, 'pretend-official');
    mkdirSync(data);
    writeMteb(data, generateLimitDataset({ size: 'small', numQueries: 40, attributesPerDoc: 12, seed: 8 }));
    const digests = join(dir, 'digests.json');
    const rev = 'ff4a8f2476ae77476c1912f1f3cb5bb5f2d766d4';
    const first = await limit('evaluate', '--data', data, '--retriever', 'bm25', '--json', '--dataset-revision', rev, '--digests', digests);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ task_name: 'LIMITSmallRetrieval', dataset_revision: rev });
    const recorded = JSON.parse(readFileSync(digests, 'utf8')) as { task: string; revision: string; digest: string }[];
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ task: 'LIMITSmallRetrieval', revision: rev });
    const second = await limit('evaluate', '--data', data, '--retriever', 'bm25', '--json', '--digests', digests);
    expect(JSON.parse(second.stdout)).toMatchObject({ task_name: 'LIMITSmallRetrieval', dataset_revision: rev });
    expect(JSON.parse(second.stdout)).not.toHaveProperty('limit_dataset');
    const third = await limit('evaluate', '--data', data, '--retriever', 'bm25', '--json');
    expect(JSON.parse(third.stdout)).toMatchObject({ task_name: 'LIMITSmallRetrieval-local', dataset_revision: recorded[0]!.digest });
  });
  it('--retriever onnx on a last-token model folder with query and document prompts: run scores equal numpy\'s to 1e-5', async () => {
    const { buildSentenceModel } = (await import(new URL('build-sentence-model.mjs', evalScripts).href)) as { buildSentenceModel: (d: string, o: object) => { dim: number; weights: Record<string, object> } };
    const model = join(dir, 'last-token-model');
    const built = buildSentenceModel(model, {
      modules: [
        { idx: 0, name: '0', path: '', type: 'sentence_transformers.models.Transformer' },
        { idx: 1, name: '1', path: '1_Pooling', type: 'sentence_transformers.models.Pooling' },
        { idx: 2, name: '2', path: '2_Normalize', type: 'sentence_transformers.models.Normalize' },
      ],
      pooling: { word_embedding_dimension: 8, pooling_mode_lasttoken: true, pooling_mode_mean_tokens: false, pooling_mode_cls_token: false },
      stConfig: { prompts: { query: 'query: ', document: 'passage: ' }, default_prompt_name: null },
      tokenizerConfig: { model_max_length: 512, do_lower_case: true, cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]' },
    });
    const data = join(dir, 'onnx-small');
    mkdirSync(data);
    const ds = generateLimitDataset({ size: 'small', numQueries: 12, attributesPerDoc: 6, seed: 2 });
    const safe = (id: string) => id.replace(/\s/g, '_');
    writeMteb(data, { corpus: ds.corpus.map((d) => ({ ...d, _id: safe(d._id) })), queries: ds.queries, qrels: ds.qrels.map((q) => ({ ...q, docId: safe(q.docId) })) });
    const runFile = join(dir, 'onnx-last-token.run');
    const r = await limit('evaluate', '--data', data, '--retriever', 'onnx', '--model', model, '--run', runFile, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/pooling lasttoken, normalised/);
    const ids = (texts: string[]) => JSON.parse(spawnSync('node', [fileURLToPath(new URL('tokenize.mjs', evalScripts))], { input: JSON.stringify({ dir: model, texts }), encoding: 'utf8' }).stdout) as number[][];
    const embed = (texts: string[]) => {
      const ref = spawnSync('python3', [fileURLToPath(new URL('sentence-model-reference.py', evalScripts))], {
        input: JSON.stringify({ weights: built.weights['model.onnx'], dim: built.dim, texts: ids(texts).map((i) => ({ ids: i, skip: 0 })), pooling: ['lasttoken'], normalize: true }),
        encoding: 'utf8',
      });
      expect(ref.status, ref.stderr).toBe(0);
      return (JSON.parse(ref.stdout) as { embeddings: number[][] }).embeddings;
    };
    const q = embed(ds.queries.map((x) => `query: ${x.text}`));
    const d = embed(ds.corpus.map((x) => `passage: ${x.text}`));
    const lines = readFileSync(runFile, 'utf8').trim().split('\n');
    expect(lines.length).toBe(12 * ds.corpus.length);
    const docIndex = new Map(ds.corpus.map((x, i) => [safe(x._id), i]));
    for (const line of lines) {
      const [qid, , doc, , score] = line.split(' ');
      const qi = Number(qid!.replace('query_', ''));
      const di = docIndex.get(decodeURIComponent(doc!))!;
      const expected = q[qi]!.reduce((s, x, j) => s + x * d[di]![j]!, 0);
      expect(Math.abs(Number(score) - expected), line).toBeLessThanOrEqual(1e-5);
    }
    // without the prompts the scores change: the prompts were used
    const plain = await limit('evaluate', '--data', data, '--retriever', 'onnx', '--model', model, '--query-prompt', '', '--document-prompt', '', '--run', `${runFile}.plain`, '--json');
    expect(plain.code, plain.stderr).toBe(0);
    expect(readFileSync(`${runFile}.plain`, 'utf8')).not.toBe(readFileSync(runFile, 'utf8'));
    // an unknown pooling mode in the folder is a typed error (exit 2) naming the file
    writeFileSync(join(model, '1_Pooling', 'config.json'), JSON.stringify({ pooling_mode_median_tokens: true }));
    const bad = await limit('evaluate', '--data', data, '--retriever', 'onnx', '--model', model);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/1_Pooling.config\.json.*pooling_mode_median_tokens/);
  });
});
