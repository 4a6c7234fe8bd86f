import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { importOnnxRuntimeNode, loadOnnxEncoder } from '../node/load-onnx-encoder.js';
import { loadOnnxEncoderFromUrl } from './load-onnx-encoder-from-url.js';

const fixtures = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
/** A fetch serving the fixtures folder, as a static web server would. */
const fakeFetch = async (url: string) => {
  const path = join(fixtures, url.replace('https://models.example/', ''));
  try {
    const bytes = await readFile(path);
    return { ok: true, status: 200, arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, text: async () => bytes.toString('utf8') };
  } catch {
    return { ok: false, status: 404, arrayBuffer: async () => new ArrayBuffer(0), text: async () => '' };
  }
};

describe('loadOnnxEncoderFromUrl (browser loading path, runtime injected)', () => {
  it('gives the same embeddings as the Node folder loader', async () => {
    const runtime = await importOnnxRuntimeNode();
    const web = await loadOnnxEncoderFromUrl('https://models.example/tiny-model', { ort: runtime, fetch: fakeFetch });
    const node = await loadOnnxEncoder(join(fixtures, 'tiny-model'));
    const texts = ['Who likes Quokkas?', 'Omar likes red boats and cats.'];
    expect(Array.from((await web.encode(texts)).data)).toEqual(Array.from((await node.encode(texts)).data));
    expect(web.modelSha256).toBe(node.modelSha256);
  });
  it('names a file that cannot be fetched', async () => {
    const runtime = await importOnnxRuntimeNode();
    const e = await loadOnnxEncoderFromUrl('https://models.example/nowhere/', { ort: runtime, fetch: fakeFetch }).catch((x: unknown) => x);
    expect(InvalidArgumentError.isInstance(e) && e.parameter).toBe('baseUrl');
    expect((e as Error).message).toMatch(/model\.onnx|tokenizer\.json|config\.json/);
  });
  it('requests only listed files when given the folder listing (no 404 probes in a browser console)', async () => {
    const runtime = await importOnnxRuntimeNode();
    const requested: string[] = [];
    const recording = (url: string) => (requested.push(url.replace('https://models.example/tiny-model/', '')), fakeFetch(url));
    const files = ['model.onnx', 'tokenizer.json', 'config.json'];
    const listed = await loadOnnxEncoderFromUrl('https://models.example/tiny-model/', { ort: runtime, fetch: recording, files });
    expect(requested.sort()).toEqual([...files].sort());
    const unlisted = await loadOnnxEncoderFromUrl('https://models.example/tiny-model/', { ort: runtime, fetch: fakeFetch });
    const texts = ['Who likes Quokkas?'];
    expect(Array.from((await listed.encode(texts)).data)).toEqual(Array.from((await unlisted.encode(texts)).data));
  });
});
