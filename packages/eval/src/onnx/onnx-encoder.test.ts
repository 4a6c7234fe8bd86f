import { mkdtempSync, readdirSync, readFileSync, rmSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tokenizer } from '@huggingface/tokenizers';
import { AbortedError, InvalidArgumentError, ShapeMismatchError } from '@limit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { importOnnxRuntimeNode, loadOnnxEncoder } from '../node/load-onnx-encoder.js';
import type { OrtModule } from '@limit/onnx';

const fixtures = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
const modelDir = join(fixtures, 'tiny-model');
const weights = JSON.parse(readFileSync(join(fixtures, 'tiny-model-weights.json'), 'utf8')) as { dim: number; embeddings: number[]; weight: number[] };
const tokenizer = new Tokenizer(
  JSON.parse(readFileSync(join(modelDir, 'tokenizer.json'), 'utf8')) as object,
  JSON.parse(readFileSync(join(modelDir, 'tokenizer_config.json'), 'utf8')) as object,
);
const temp: string[] = [];
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Plain-JS forward pass from the saved weights: h_t = tanh(E[id_t] · W). */
function tokenVectors(text: string, maxLength = 32): number[][] {
  let ids = tokenizer.encode(text).ids;
  if (ids.length > maxLength) ids = [...ids.slice(0, maxLength - 1), ids[ids.length - 1]!];
  const D = weights.dim;
  return ids.map((id) => Array.from({ length: D }, (_, j) => Math.tanh(Array.from({ length: D }, (_, t) => weights.embeddings[id * D + t]! * weights.weight[t * D + j]!).reduce((a, b) => a + b, 0))));
}
const normalize = (v: number[]) => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};
const meanPool = (vs: number[][]) => vs[0]!.map((_, j) => vs.reduce((s, v) => s + v[j]!, 0) / vs.length);

const texts = ['Who likes Quokkas?', 'Geneva Durben likes apples, pears and river otters.', 'a', 'Who likes xylophones and red boats?', 'cats'];

describe('OnnxEncoder on the project tiny model (onnxruntime-node)', () => {
  it('mean and CLS pooling match a plain-JS forward pass, across batches with padding', async () => {
    for (const pooling of ['mean', 'cls'] as const) {
      const encoder = await loadOnnxEncoder(modelDir, { pooling });
      const progress: number[] = [];
      const out = await encoder.encode(texts, { batchSize: 2, onProgress: (d) => progress.push(d) });
      expect(out.rows).toBe(texts.length);
      expect(out.cols).toBe(weights.dim);
      expect(progress.at(-1)).toBe(texts.length);
      texts.forEach((t, i) => {
        const vs = tokenVectors(t);
        const expected = normalize(pooling === 'mean' ? meanPool(vs) : vs[0]!);
        Array.from(out.data.subarray(i * out.cols, (i + 1) * out.cols)).forEach((x, j) => expect(x).toBeCloseTo(expected[j]!, 5));
      });
      await encoder.dispose();
    }
  });
  it('Matryoshka dims truncate then re-normalise; encodeTokens returns every token vector', async () => {
    const encoder = await loadOnnxEncoder(modelDir);
    const out = await encoder.encode(texts.slice(0, 2), { dims: 4 });
    expect(out.cols).toBe(4);
    const expected = normalize(meanPool(tokenVectors(texts[1]!)).slice(0, 4));
    Array.from(out.data.subarray(4, 8)).forEach((x, j) => expect(x).toBeCloseTo(expected[j]!, 5));
    const tokens = await encoder.encodeTokens(texts.slice(0, 2), { dims: 8 });
    const vs = tokenVectors(texts[0]!);
    expect(tokens.offsets[1]).toBe(vs.length);
    const v = normalize(vs[2]!.slice(0, 8));
    Array.from(tokens.data.subarray(2 * 8, 3 * 8)).forEach((x, j) => expect(x).toBeCloseTo(v[j]!, 5));
    await expect(encoder.encode(['x'], { dims: 99 })).rejects.toSatisfy(InvalidArgumentError.isInstance);
  });
  it('truncates long texts to maxLength, keeping the closing [SEP]', async () => {
    const encoder = await loadOnnxEncoder(modelDir, { maxLength: 6 });
    const long = 'who likes apples pears quokkas otters trees and boats';
    const tokens = await encoder.encodeTokens([long], { batchSize: 1 });
    expect(tokens.offsets[1]).toBe(6);
    const expected = normalize(tokenVectors(long, 6)[5]!);
    Array.from(tokens.data.subarray(5 * 16, 6 * 16)).forEach((x, j) => expect(x).toBeCloseTo(expected[j]!, 5));
  });
  it('caches on disk keyed by model hash + text, and caches nothing from a failed run', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'limit-eval-cache-'));
    temp.push(cacheDir);
    const ort = await importOnnxRuntimeNode();
    let runs = 0;
    const counting: OrtModule = {
      Tensor: ort.Tensor,
      InferenceSession: {
        async create(model: Uint8Array, options?: object) {
          const s = await ort.InferenceSession.create(model, options);
          const run = s.run.bind(s);
          return Object.assign(s, { run: (feeds: Parameters<typeof run>[0]) => (runs++, run(feeds)) });
        },
      } as OrtModule['InferenceSession'],
    };
    const first = await loadOnnxEncoder(modelDir, { cacheDir, ort: counting });
    const a = await first.encode(texts, { batchSize: 2 });
    expect(runs).toBe(3);
    // a fresh encoder (new process, same model file) reads the shard back
    const second = await loadOnnxEncoder(modelDir, { cacheDir, ort: counting });
    const b = await second.encode(texts, { batchSize: 2 });
    expect(runs).toBe(3);
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    // partly cached: only the new text runs
    await second.encode([...texts, 'dogs'], { batchSize: 2 });
    expect(runs).toBe(4);
    const shardsBefore = readdirSync(cacheDir, { recursive: true }).filter((f) => String(f).endsWith('.lec')).length;
    // an aborted run stages nothing durable
    const controller = new AbortController();
    await expect(
      second.encode(['blue cat', 'red dog', 'green boat'], { batchSize: 1, signal: controller.signal, onProgress: (d) => d === 1 && controller.abort() }),
    ).rejects.toSatisfy(AbortedError.isInstance);
    const shardsAfter = readdirSync(cacheDir, { recursive: true }).filter((f) => String(f).endsWith('.lec')).length;
    expect(shardsAfter).toBe(shardsBefore);
    const before = runs;
    await second.encode(['blue cat'], { batchSize: 1 });
    expect(runs).toBe(before + 1); // was not cached by the failed run
  });
  it('rejects a folder missing files, a model with a wrong output shape, and empty texts', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'limit-eval-model-'));
    temp.push(broken);
    cpSync(join(modelDir, 'model.onnx'), join(broken, 'model.onnx'));
    const e = await loadOnnxEncoder(broken).catch((x: unknown) => x);
    expect(InvalidArgumentError.isInstance(e) && e.parameter).toBe('dir');
    expect((e as Error).message).toMatch(/tokenizer\.json, config\.json/);
    const flat = await loadOnnxEncoder(join(fixtures, 'tiny-model-2d'));
    const s = await flat.encode(['who likes cats']).catch((x: unknown) => x);
    expect(ShapeMismatchError.isInstance(s)).toBe(true);
    const encoder = await loadOnnxEncoder(modelDir);
    const empty = await encoder.encode(['ok', '  ']).catch((x: unknown) => x);
    expect(InvalidArgumentError.isInstance(empty) && empty.parameter).toBe('texts[1]');
  });
});
