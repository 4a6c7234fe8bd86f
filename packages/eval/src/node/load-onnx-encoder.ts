import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFormatError, InvalidArgumentError } from '@limit/core';
import { listExternalDataFiles } from '@limit/onnx';
import type { OrtModule } from '@limit/onnx';
import { openDiskEmbeddingCache } from './disk-embedding-cache.js';
import { importOnnxRuntimeNode } from './import-onnx-runtime-node.js';
import { OnnxEncoder } from '../onnx/onnx-encoder.js';
import type { OnnxEncoderOptions } from '../onnx/onnx-encoder.js';
import { modelFileCandidates, poolingPathFromModules, readModelFolderSettings, type ModelDtype } from '../onnx/model-folder.js';

export { importOnnxRuntimeNode } from './import-onnx-runtime-node.js';

/** Options of {@link loadOnnxEncoder}: anything the folder declares can be overridden. */
export interface LoadOnnxEncoderOptions
  extends Omit<OnnxEncoderOptions, 'ort' | 'runtime' | 'model' | 'modelSha256' | 'externalData' | 'tokenizer' | 'tokenizerConfig' | 'config' | 'cache'> {
  /** Folder of the on-disk embedding cache (omit to disable caching). */
  cacheDir?: string;
  /** Any other cache factory (e.g. {@link createMemoryEmbeddingCache}); ignored when `cacheDir` is set. */
  cache?: OnnxEncoderOptions['cache'];
  /** The onnxruntime module to use (default: `import('onnxruntime-node')`). */
  ort?: OrtModule;
  /** @deprecated Use `ort`. Still accepted; passing both is an error. */
  runtime?: OrtModule;
  /** Which export to load, as transformers.js names them (see {@link MODEL_DTYPES}): `'q8'` → `onnx/model_quantized.onnx`, `'fp16'` → `onnx/model_fp16.onnx`, … */
  dtype?: ModelDtype;
  /** The model file, relative to the folder (e.g. `'onnx/model_int8.onnx'`); instead of `dtype`. */
  modelFile?: string;
}

/** Files a model folder must contain (`model.onnx` may also be `onnx/model.onnx`, or another file by `dtype` / `modelFile`). @example REQUIRED_MODEL_FILES.includes('config.json'); // true */
export const REQUIRED_MODEL_FILES = ['model.onnx', 'tokenizer.json', 'config.json'] as const;

/**
 * Loads a local Hugging Face / sentence-transformers model folder in Node into an
 * {@link OnnxEncoder} on onnxruntime-node (imported only now, so nothing loads it unless this is
 * called). Nothing is downloaded. What the folder declares is honoured:
 * - the model file: `model.onnx` or `onnx/model.onnx`, or the export picked by `dtype` (transformers.js'
 *   names and layout: `onnx/model_quantized.onnx` for `'q8'`, …) or `modelFile`; its external-data
 *   weights (`model.onnx_data`, models over 2 GB) are found from the model itself and loaded beside it;
 * - `modules.json`, `1_Pooling/config.json` (every sentence-transformers pooling mode,
 *   `include_prompt`), `config_sentence_transformers.json` (`prompts`, `default_prompt_name`,
 *   `similarity_fn_name`) and `sentence_bert_config.json` (`max_seq_length`); see `OnnxEncoder`.
 * Options given here override the folder.
 *
 * @param dir - The model folder.
 * @param options - pooling, prompts, dtype / modelFile, maxLength, cacheDir, ort, …
 * @throws InvalidArgumentError (parameter `dir`) naming missing files (the model file tried, an
 *   external-data file the model refers to), or for bad options.
 * @throws DataFormatError for a JSON file that does not parse, an unknown pooling mode, or a module
 *   the ONNX path cannot apply (e.g. `Dense`).
 * @throws BackendUnavailableError when onnxruntime-node is not installed.
 * @example
 * const encoder = await loadOnnxEncoder('models/e5-small-v2', { cacheDir: '.cache', dtype: 'q8' });
 * const q = await encoder.encodeQueries(['Who likes apples?']); // "query: …" from the folder's prompts
 */
export async function loadOnnxEncoder(dir: string, options: LoadOnnxEncoderOptions = {}): Promise<OnnxEncoder> {
  if (options.ort !== undefined && options.runtime !== undefined) {
    throw new InvalidArgumentError({ parameter: 'options.runtime', value: 'runtime', message: 'runtime is the deprecated name of ort; pass only ort' });
  }
  const { cacheDir, cache, ort: givenOrt, runtime, dtype, modelFile, ...rest } = options;
  const candidates = modelFileCandidates({ dtype, modelFile });
  const modelName = candidates.find((f) => isFile(join(dir, f)));
  const missing = [
    ...(modelName === undefined ? [candidates.join(' or ')] : []),
    ...REQUIRED_MODEL_FILES.filter((f) => f !== 'model.onnx' && !isFile(join(dir, f))),
  ];
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
  const optional = (file: string) => (isFile(join(dir, file)) ? { file: join(dir, file), json: readJson(file) as unknown } : undefined);
  const tokenizer = readJson('tokenizer.json');
  const config = readJson('config.json');
  const tokenizerConfig = isFile(join(dir, 'tokenizer_config.json')) ? readJson('tokenizer_config.json') : undefined;
  const modules = optional('modules.json');
  const folder = readModelFolderSettings({
    ...(modules ? { modules } : {}),
    ...optionalEntry('pooling', optional(join(poolingPathFromModules(modules), 'config.json'))),
    ...optionalEntry('sentenceTransformersConfig', optional('config_sentence_transformers.json')),
    ...optionalEntry('sentenceBertConfig', optional('sentence_bert_config.json')),
  });

  const modelPath = join(dir, modelName!);
  const modelBytes = new Uint8Array(await readFile(modelPath));
  const external = listExternalDataFiles(modelBytes);
  const missingData = external.filter((f) => !isFile(join(dir, modelName!, '..', f)));
  if (missingData.length > 0) {
    throw new InvalidArgumentError({ parameter: 'dir', value: dir, message: `${modelName} keeps its weights in ${missingData.join(', ')}, missing beside it` });
  }
  const ort = givenOrt ?? runtime ?? (await importOnnxRuntimeNode());
  // with external weights the runtime opens the model by path (it reads the weights beside it);
  // the cache key covers model and weights, streamed (they may exceed 2 GB)
  const model: Pick<OnnxEncoderOptions, 'model' | 'modelSha256'> =
    external.length === 0 ? { model: modelBytes } : { model: modelPath, modelSha256: await sha256Files([modelPath, ...external.map((f) => join(dir, modelName!, '..', f))]) };
  return OnnxEncoder.create({
    ...(folder.pooling ? { pooling: folder.pooling } : {}),
    ...(folder.includePrompt !== undefined ? { includePrompt: folder.includePrompt } : {}),
    ...(folder.prompts ? { prompts: folder.prompts } : {}),
    ...(folder.defaultPromptName !== undefined ? { defaultPromptName: folder.defaultPromptName } : {}),
    ...(folder.similarity ? { similarity: folder.similarity } : {}),
    ...(folder.normalize !== undefined ? { normalize: folder.normalize } : {}),
    ...(folder.maxLength !== undefined ? { maxLength: folder.maxLength } : {}),
    ...rest,
    ort,
    ...model,
    tokenizer,
    config,
    ...(tokenizerConfig !== undefined ? { tokenizerConfig } : {}),
    ...(cacheDir !== undefined ? { cache: memoize((namespace: string) => openDiskEmbeddingCache(cacheDir, namespace)) } : cache !== undefined ? { cache } : {}),
  });
}

function optionalEntry<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** sha256 (hex) of the files' bytes concatenated in order, streamed. */
async function sha256Files(paths: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const path of paths) {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
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
