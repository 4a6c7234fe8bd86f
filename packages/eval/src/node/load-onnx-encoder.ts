import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BackendUnavailableError, DataFormatError, InvalidArgumentError } from '@limit/core';
import { openDiskEmbeddingCache } from './disk-embedding-cache.js';
import { OnnxEncoder } from '../onnx/onnx-encoder.js';
import type { OnnxEncoderOptions } from '../onnx/onnx-encoder.js';
import type { OrtModuleLike } from '../onnx/onnx-runtime-types.js';

/** Options of {@link loadOnnxEncoder}. */
export interface LoadOnnxEncoderOptions extends Omit<OnnxEncoderOptions, 'runtime' | 'model' | 'tokenizer' | 'tokenizerConfig' | 'config' | 'cache' | 'pooling'> {
  /** Pooling; default from `1_Pooling/config.json` (sentence-transformers layout) when present, else `'mean'`. */
  pooling?: 'mean' | 'cls';
  /** Folder of the on-disk embedding cache (omit to disable caching). */
  cacheDir?: string;
  /** Any other cache factory (e.g. {@link createMemoryEmbeddingCache}); ignored when `cacheDir` is set. */
  cache?: OnnxEncoderOptions['cache'];
  /** The onnxruntime module to use (default: `import('onnxruntime-node')`). */
  runtime?: OrtModuleLike;
}

/** Files a model folder must contain (`model.onnx` may also be `onnx/model.onnx`). @example REQUIRED_MODEL_FILES.includes('config.json'); // true */
export const REQUIRED_MODEL_FILES = ['model.onnx', 'tokenizer.json', 'config.json'] as const;

/**
 * Loads a local Hugging Face-style model folder in Node — `model.onnx` (also found as
 * `onnx/model.onnx`), `tokenizer.json`, `config.json`, optional `tokenizer_config.json` and
 * `1_Pooling/config.json` — into an {@link OnnxEncoder} running on onnxruntime-node (imported
 * dynamically, so nothing loads it unless this is called). Nothing is downloaded.
 *
 * @param dir - The model folder.
 * @param options - Pooling, maxLength, cacheDir, …
 * @throws InvalidArgumentError (parameter `dir`) naming the missing files.
 * @throws DataFormatError for a JSON file that does not parse.
 * @throws BackendUnavailableError when onnxruntime-node cannot be imported.
 * @example
 * const encoder = await loadOnnxEncoder('models/bge-small', { cacheDir: '.cache' });
 * const e = await encoder.encode(['Who likes apples?']);
 */
export async function loadOnnxEncoder(dir: string, options: LoadOnnxEncoderOptions = {}): Promise<OnnxEncoder> {
  const modelPath = [join(dir, 'model.onnx'), join(dir, 'onnx', 'model.onnx')].find((p) => existsSync(p));
  const missing = REQUIRED_MODEL_FILES.filter((f) => (f === 'model.onnx' ? modelPath === undefined : !existsSync(join(dir, f))));
  if (missing.length > 0) {
    throw new InvalidArgumentError({ parameter: 'dir', value: dir, message: `model folder ${dir} is missing ${missing.join(', ')}` });
  }
  const readJson = (file: string): object => {
    const path = join(dir, file);
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as object;
    } catch (error) {
      throw new DataFormatError({ file: path, line: 0, message: `not valid JSON: ${(error as Error).message}`, cause: error });
    }
  };
  const tokenizer = readJson('tokenizer.json');
  const config = readJson('config.json');
  const tokenizerConfig = existsSync(join(dir, 'tokenizer_config.json')) ? readJson('tokenizer_config.json') : undefined;
  let pooling = options.pooling;
  if (pooling === undefined && existsSync(join(dir, '1_Pooling', 'config.json'))) {
    const p = readJson(join('1_Pooling', 'config.json')) as { pooling_mode_cls_token?: boolean };
    pooling = p.pooling_mode_cls_token === true ? 'cls' : 'mean';
  }
  const runtime = options.runtime ?? (await importOnnxRuntimeNode());
  const model = new Uint8Array(await readFile(modelPath!));
  const { cacheDir, cache, runtime: _r, ...rest } = options;
  return OnnxEncoder.create({
    ...rest,
    runtime,
    model,
    tokenizer,
    config,
    ...(tokenizerConfig !== undefined ? { tokenizerConfig } : {}),
    ...(pooling !== undefined ? { pooling } : {}),
    ...(cacheDir !== undefined ? { cache: memoize((namespace: string) => openDiskEmbeddingCache(cacheDir, namespace)) } : cache !== undefined ? { cache } : {}),
  });
}

/** One disk cache per namespace per encoder: shards are read once, not on every encode call. */
function memoize<T>(open: (namespace: string) => T): (namespace: string) => T {
  const opened = new Map<string, T>();
  return (namespace) => {
    let cache = opened.get(namespace);
    if (cache === undefined) {
      cache = open(namespace);
      opened.set(namespace, cache);
    }
    return cache;
  };
}

/**
 * Imports onnxruntime-node (an optional peer dependency).
 * @throws BackendUnavailableError when it is not installed.
 * @example
 * const ort = await importOnnxRuntimeNode();
 * const session = await ort.InferenceSession.create(bytes);
 */
export async function importOnnxRuntimeNode(): Promise<OrtModuleLike> {
  try {
    const name = 'onnxruntime-node';
    const mod = (await import(/* @vite-ignore */ name)) as OrtModuleLike & { default?: OrtModuleLike };
    return mod.InferenceSession ? mod : (mod.default as OrtModuleLike);
  } catch (error) {
    throw new BackendUnavailableError({ backend: 'onnxruntime-node', available: [], reason: `cannot import onnxruntime-node: ${(error as Error).message}` });
  }
}
