import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tokenizer } from '@huggingface/tokenizers';
import { DataFormatError, InvalidArgumentError } from '@limit/core';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs test helper without types
import { buildSentenceModel } from '../../scripts/build-sentence-model.mjs';
import { importOnnxRuntimeNode, loadOnnxEncoder } from '../node/load-onnx-encoder.js';
import { loadOnnxEncoderFromUrl } from './load-onnx-encoder-from-url.js';
import { createDenseRetriever } from '../dense/dense-retriever.js';

type Built = { vocabSize: number; dim: number; weights: Record<string, { E: number[]; W: number[]; V: number[] }> };
const build = buildSentenceModel as (dir: string, options?: object) => Built;
const reference = fileURLToPath(new URL('../../scripts/sentence-model-reference.py', import.meta.url));
const fixtures = fileURLToPath(new URL('../../test/fixtures/tiny-model/', import.meta.url));
const tokenizer = new Tokenizer(JSON.parse(readFileSync(join(fixtures, 'tokenizer.json'), 'utf8')) as object, JSON.parse(readFileSync(join(fixtures, 'tokenizer_config.json'), 'utf8')) as object);
const temp: string[] = [];
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));
const folder = (options: object): { dir: string; built: Built } => {
  const dir = mkdtempSync(join(tmpdir(), 'limit-st-model-'));
  temp.push(dir);
  return { dir, built: build(dir, options) };
};

/** numpy's embeddings for texts (prompt already prepended), `skip` prompt tokens left out of pooling. */
function numpyEmbeddings(built: Built, file: string, texts: string[], pooling: string[], options: { skip?: number; normalize?: boolean; fp16?: boolean } = {}): number[][] {
  const r = spawnSync('python3', [reference], {
    input: JSON.stringify({ weights: built.weights[file], dim: built.dim, texts: texts.map((t) => ({ ids: tokenizer.encode(t).ids, skip: options.skip ?? 0 })), pooling, normalize: options.normalize ?? true, fp16: options.fp16 ?? false }),
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return (JSON.parse(r.stdout) as { embeddings: number[][] }).embeddings;
}

function expectRows(actual: { rows: number; cols: number; data: Float32Array }, expected: number[][], tolerance = 1e-5): void {
  expect(actual.rows).toBe(expected.length);
  expected.forEach((row, i) => {
    expect(actual.cols).toBe(row.length);
    row.forEach((x, j) => expect(Math.abs(actual.data[i * actual.cols + j]! - x), `row ${i} col ${j}`).toBeLessThanOrEqual(tolerance));
  });
}

const texts = ['Who likes Quokkas?', 'Geneva Durben likes apples, pears and river otters.', 'cats', 'Who likes red boats and blue dogs?'];
const poolingConfig = (modes: string[], extra: object = {}) => ({
  word_embedding_dimension: 8,
  pooling_mode_cls_token: modes.includes('cls'),
  pooling_mode_mean_tokens: modes.includes('mean'),
  pooling_mode_max_tokens: modes.includes('max'),
  pooling_mode_mean_sqrt_len_tokens: modes.includes('mean_sqrt_len_tokens'),
  pooling_mode_weightedmean_tokens: modes.includes('weightedmean'),
  pooling_mode_lasttoken: modes.includes('lasttoken'),
  ...extra,
});
const ST_MODULES = [
  { idx: 0, name: '0', path: '', type: 'sentence_transformers.models.Transformer' },
  { idx: 1, name: '1', path: '1_Pooling', type: 'sentence_transformers.models.Pooling' },
  { idx: 2, name: '2', path: '2_Normalize', type: 'sentence_transformers.models.Normalize' },
];

describe('OnnxEncoder honours a sentence-transformers model folder (references from numpy)', () => {
  for (const modes of [['cls'], ['mean'], ['max'], ['mean_sqrt_len_tokens'], ['weightedmean'], ['lasttoken'], ['cls', 'mean', 'lasttoken']]) {
    it(`1_Pooling/config.json: ${modes.join(' + ')}`, async () => {
      const { dir, built } = folder({ pooling: poolingConfig(modes), modules: ST_MODULES });
      const encoder = await loadOnnxEncoder(dir);
      expect(encoder.pooling).toEqual(modes);
      expectRows(await encoder.encode(texts, { batchSize: 3 }), numpyEmbeddings(built, 'model.onnx', texts, modes));
      await encoder.dispose();
    });
  }
  it('modules.json without Normalize gives unnormalised embeddings; an explicit option overrides the folder', async () => {
    const { dir, built } = folder({ pooling: poolingConfig(['lasttoken']), modules: ST_MODULES.slice(0, 2) });
    const encoder = await loadOnnxEncoder(dir);
    expect(encoder.normalize).toBe(false);
    expectRows(await encoder.encode(texts), numpyEmbeddings(built, 'model.onnx', texts, ['lasttoken'], { normalize: false }));
    const mean = await loadOnnxEncoder(dir, { pooling: 'mean', normalize: true });
    expectRows(await mean.encode(texts), numpyEmbeddings(built, 'model.onnx', texts, ['mean']));
  });
  it('prompts: encodeQueries / encodeDocuments use the folder\'s query and document prompts; prompt and promptName as sentence-transformers', async () => {
    const prompts = { query: 'query: ', document: 'passage: ', classify: 'classify this: ' };
    const { dir, built } = folder({ pooling: poolingConfig(['lasttoken']), modules: ST_MODULES, stConfig: { prompts, default_prompt_name: null, similarity_fn_name: 'cosine' } });
    const encoder = await loadOnnxEncoder(dir);
    expect(encoder.prompts).toEqual(prompts);
    const ref = (prefix: string) => numpyEmbeddings(built, 'model.onnx', texts.map((t) => prefix + t), ['lasttoken']);
    expectRows(await encoder.encodeQueries(texts), ref('query: '));
    expectRows(await encoder.encodeDocuments(texts), ref('passage: '));
    expectRows(await encoder.encode(texts), ref(''));
    expectRows(await encoder.encode(texts, { promptName: 'classify' }), ref('classify this: '));
    expectRows(await encoder.encodeQueries(texts, { prompt: 'Q: ' }), ref('Q: '));
    const unknown = await encoder.encode(texts, { promptName: 'nope' }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(unknown) && unknown.parameter).toBe('options.promptName');
    await expect(encoder.encode(texts, { prompt: 'x', promptName: 'query' })).rejects.toSatisfy(InvalidArgumentError.isInstance);
    // the dense retriever prefers encodeQueries / encodeDocuments, and explicit prompts win
    const seen: string[][] = [];
    const spy = { encode: async (t: readonly string[], o?: object) => (seen.push(['encode', JSON.stringify(o && 'prompt' in o ? o.prompt : null)]), encoder.encode(t, o)), encodeQueries: async (t: readonly string[], o?: object) => (seen.push(['queries']), encoder.encodeQueries(t, o)), encodeDocuments: async (t: readonly string[], o?: object) => (seen.push(['documents']), encoder.encodeDocuments(t, o)) };
    await createDenseRetriever(spy).retrieve(texts.slice(0, 2), texts, { k: 2 });
    await createDenseRetriever(spy, { queryPrompt: '', documentPrompt: 'passage: ' }).retrieve(texts.slice(0, 2), texts, { k: 2 });
    expect(seen).toEqual([['queries'], ['documents'], ['encode', '""'], ['encode', '"passage: "']]);
  });
  it('default_prompt_name applies to encode(); include_prompt false leaves the prompt tokens out of pooling', async () => {
    const prompts = { query: 'query: ' };
    const { dir, built } = folder({ pooling: poolingConfig(['mean'], { include_prompt: false }), modules: ST_MODULES, stConfig: { prompts, default_prompt_name: 'query' } });
    const encoder = await loadOnnxEncoder(dir);
    expect(encoder.includePrompt).toBe(false);
    const skip = tokenizer.encode('query: ').ids.length - 1; // [CLS] + prompt tokens, without the closing [SEP]
    expect(skip).toBeGreaterThan(1);
    expectRows(await encoder.encode(texts), numpyEmbeddings(built, 'model.onnx', texts.map((t) => `query: ${t}`), ['mean'], { skip }));
  });
  it('refuses an unknown pooling mode (folder: DataFormatError naming the file; option: InvalidArgumentError) and modules it cannot apply', async () => {
    const bad = folder({ pooling: { ...poolingConfig([]), pooling_mode_median_tokens: true } });
    const e = await loadOnnxEncoder(bad.dir).catch((x: unknown) => x);
    expect(DataFormatError.isInstance(e) && e.file).toBe(join(bad.dir, '1_Pooling', 'config.json'));
    expect((e as Error).message).toMatch(/pooling_mode_median_tokens/);
    const none = folder({ pooling: poolingConfig([]) });
    await expect(loadOnnxEncoder(none.dir)).rejects.toSatisfy(DataFormatError.isInstance);
    const ok = folder({});
    const o = await loadOnnxEncoder(ok.dir, { pooling: 'median' as never }).catch((x: unknown) => x);
    expect(InvalidArgumentError.isInstance(o) && o.parameter).toBe('pooling');
    const dense = folder({ modules: [...ST_MODULES.slice(0, 2), { idx: 2, name: '2', path: '2_Dense', type: 'sentence_transformers.models.Dense' }] });
    const d = await loadOnnxEncoder(dense.dir).catch((x: unknown) => x);
    expect(DataFormatError.isInstance(d) && d.file).toBe(join(dense.dir, 'modules.json'));
    expect((d as Error).message).toMatch(/Dense/);
  });
  it('external data: model.onnx + model.onnx_data load from the path, cache key over both; a missing weights file is named', async () => {
    const { dir, built } = folder({ models: { 'onnx/model.onnx': { seed: 5, external: true } }, pooling: poolingConfig(['weightedmean']) });
    const encoder = await loadOnnxEncoder(dir);
    expectRows(await encoder.encode(texts), numpyEmbeddings(built, 'onnx/model.onnx', texts, ['weightedmean']));
    expect(encoder.modelSha256).toMatch(/^[0-9a-f]{64}$/);
    // the browser loader fetches the weights and hands them over as bytes: same embeddings, same cache key
    const ort = await importOnnxRuntimeNode();
    const fakeFetch = async (url: string) => {
      try {
        const bytes = await readFile(join(dir, url.replace('https://models.example/', '')));
        return { ok: true, status: 200, arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, text: async () => bytes.toString('utf8') };
      } catch {
        return { ok: false, status: 404, arrayBuffer: async () => new ArrayBuffer(0), text: async () => '' };
      }
    };
    const web = await loadOnnxEncoderFromUrl('https://models.example/', { ort, fetch: fakeFetch });
    expect(web.pooling).toEqual(['weightedmean']);
    expect(web.modelSha256).toBe(encoder.modelSha256);
    expectRows(await web.encode(texts), numpyEmbeddings(built, 'onnx/model.onnx', texts, ['weightedmean']));
    rmSync(join(dir, 'onnx', 'model.onnx_data'));
    const e = await loadOnnxEncoder(dir).catch((x: unknown) => x);
    expect(InvalidArgumentError.isInstance(e) && e.parameter).toBe('dir');
    expect((e as Error).message).toMatch(/model\.onnx_data/);
  });
  it('dtype picks onnx/model_<dtype>.onnx as transformers.js does; float16 outputs come back as float32', async () => {
    const { dir, built } = folder({
      models: { 'onnx/model.onnx': { seed: 1 }, 'onnx/model_fp16.onnx': { seed: 2, fp16Output: true }, 'onnx/model_quantized.onnx': { seed: 3 } },
      pooling: poolingConfig(['mean']),
    });
    const q8 = await loadOnnxEncoder(dir, { dtype: 'q8' });
    expectRows(await q8.encode(texts), numpyEmbeddings(built, 'onnx/model_quantized.onnx', texts, ['mean']));
    const fp16 = await loadOnnxEncoder(dir, { dtype: 'fp16' });
    const out = await fp16.encode(texts);
    expect(out.data).toBeInstanceOf(Float32Array);
    // float16 carries 11 significant bits: agreement to a few half-precision ulps
    expectRows(out, numpyEmbeddings(built, 'onnx/model_fp16.onnx', texts, ['mean'], { fp16: true }), 2e-3);
    const byFile = await loadOnnxEncoder(dir, { modelFile: 'onnx/model_quantized.onnx' });
    expect(byFile.modelSha256).toBe(q8.modelSha256);
    const missing = await loadOnnxEncoder(dir, { dtype: 'q4' }).catch((x: unknown) => x);
    expect(InvalidArgumentError.isInstance(missing) && missing.parameter).toBe('dir');
    expect((missing as Error).message).toMatch(/onnx\/model_q4\.onnx or model_q4\.onnx/);
    const unknown = await loadOnnxEncoder(dir, { dtype: 'fp8' as never }).catch((x: unknown) => x);
    expect(InvalidArgumentError.isInstance(unknown) && unknown.parameter).toBe('dtype');
  });
  it('sentence_bert_config.json max_seq_length sets maxLength; ort is the option name, runtime its deprecated alias', async () => {
    const { dir } = folder({ sbertConfig: { max_seq_length: 7, do_lower_case: false } });
    const ort = await importOnnxRuntimeNode();
    const encoder = await loadOnnxEncoder(dir, { ort });
    expect(encoder.maxLength).toBe(7);
    const legacy = await loadOnnxEncoder(dir, { runtime: ort });
    expect(Array.from((await legacy.encode(texts)).data)).toEqual(Array.from((await encoder.encode(texts)).data));
    const both = await loadOnnxEncoder(dir, { ort, runtime: ort }).catch((x: unknown) => x);
    expect(InvalidArgumentError.isInstance(both) && both.parameter).toBe('options.runtime');
  });
});
