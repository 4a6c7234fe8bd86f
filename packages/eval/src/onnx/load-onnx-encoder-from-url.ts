import { BackendUnavailableError, DataFormatError, InvalidArgumentError } from '@limit/core';
import { listExternalDataFiles } from '@limit/onnx';
import type { OrtModule } from '@limit/onnx';
import { OnnxEncoder } from './onnx-encoder.js';
import type { OnnxEncoderOptions } from './onnx-encoder.js';
import { modelFileCandidates, poolingPathFromModules, readModelFolderSettings, type ModelDtype } from './model-folder.js';

/** Options of {@link loadOnnxEncoderFromUrl}. */
export interface LoadOnnxEncoderFromUrlOptions
  extends Omit<OnnxEncoderOptions, 'ort' | 'runtime' | 'model' | 'modelSha256' | 'externalData' | 'tokenizer' | 'tokenizerConfig' | 'config'> {
  /** The onnxruntime module (default: `import('onnxruntime-web')`). */
  ort?: OrtModule;
  /** @deprecated Use `ort`. Still accepted; passing both is an error. */
  runtime?: OrtModule;
  /** Which export to load (transformers.js' names: `'q8'` → `onnx/model_quantized.onnx`, …; see `MODEL_DTYPES`). */
  dtype?: ModelDtype;
  /** The model file relative to the folder URL, instead of `dtype`. */
  modelFile?: string;
  /**
   * The folder's files, relative to `baseUrl` (HTTP has no directory listing): when given, optional files that are
   * not listed are not requested, so a browser logs no 404 for a folder without, say, `modules.json`.
   */
  files?: readonly string[];
  /** The fetch to use (default: `globalThis.fetch`). */
  fetch?: (url: string) => Promise<{ ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer>; text(): Promise<string> }>;
}

/**
 * Loads a Hugging Face / sentence-transformers model folder served over HTTP into an
 * {@link OnnxEncoder} on onnxruntime-web — the browser twin of `loadOnnxEncoder` from
 * `@limit/eval/node`, honouring the same files (model file by `dtype` / `modelFile` with its
 * external-data weights, `modules.json`, `1_Pooling/config.json`,
 * `config_sentence_transformers.json`, `sentence_bert_config.json`). onnxruntime-web is imported
 * dynamically (an optional peer dependency), never alongside onnxruntime-node.
 *
 * @param baseUrl - URL of the folder (with or without a trailing slash).
 * @throws InvalidArgumentError (parameter `baseUrl`) naming a required file that cannot be fetched.
 * @throws DataFormatError for a JSON file that does not parse or declares an unknown pooling mode.
 * @throws BackendUnavailableError when onnxruntime-web cannot be imported.
 * @example
 * const encoder = await loadOnnxEncoderFromUrl('/models/bge-small/', { dtype: 'q8' });
 * const e = await encoder.encodeQueries(['Who likes apples?']);
 */
export async function loadOnnxEncoderFromUrl(baseUrl: string, options: LoadOnnxEncoderFromUrlOptions = {}): Promise<OnnxEncoder> {
  if (options.ort !== undefined && options.runtime !== undefined) {
    throw new InvalidArgumentError({ parameter: 'options.runtime', value: 'runtime', message: 'runtime is the deprecated name of ort; pass only ort' });
  }
  const { ort: givenOrt, runtime, fetch: givenFetch, dtype, modelFile, files, ...rest } = options;
  const candidates = modelFileCandidates({ dtype, modelFile });
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const doFetch = givenFetch ?? ((url: string) => globalThis.fetch(url));
  const get = async (file: string, required: boolean) => {
    if (!required && files !== undefined && !files.includes(file)) return undefined;
    const response = await doFetch(base + file).catch(() => undefined);
    if (!response?.ok) {
      if (required) throw new InvalidArgumentError({ parameter: 'baseUrl', value: baseUrl, message: `cannot fetch ${base + file} (${response?.status ?? 'network error'})` });
      return undefined;
    }
    return response;
  };
  const json = async (file: string, required: boolean): Promise<{ file: string; json: unknown } | undefined> => {
    const response = await get(file, required);
    if (response === undefined) return undefined;
    const text = await response.text();
    try {
      return { file: base + file, json: JSON.parse(text) as unknown };
    } catch (error) {
      throw new DataFormatError({ file: base + file, line: 0, message: `not valid JSON: ${(error as Error).message}`, cause: error });
    }
  };
  const [tokenizer, config, tokenizerConfig, modules, stConfig, sbertConfig] = await Promise.all([
    json('tokenizer.json', true),
    json('config.json', true),
    json('tokenizer_config.json', false),
    json('modules.json', false),
    json('config_sentence_transformers.json', false),
    json('sentence_bert_config.json', false),
  ]);
  const pooling = await json(`${poolingPathFromModules(modules)}/config.json`, false);
  const folder = readModelFolderSettings({
    ...(modules ? { modules } : {}),
    ...(pooling ? { pooling } : {}),
    ...(stConfig ? { sentenceTransformersConfig: stConfig } : {}),
    ...(sbertConfig ? { sentenceBertConfig: sbertConfig } : {}),
  });
  let modelResponse: Awaited<ReturnType<typeof get>>;
  let modelName = '';
  for (const name of candidates) {
    modelResponse = await get(name, false);
    if (modelResponse !== undefined) {
      modelName = name;
      break;
    }
  }
  if (modelResponse === undefined) throw new InvalidArgumentError({ parameter: 'baseUrl', value: baseUrl, message: `cannot fetch the model (${candidates.map((c) => base + c).join(' or ')})` });
  const model = new Uint8Array(await modelResponse.arrayBuffer());
  const folderOfModel = modelName.includes('/') ? modelName.slice(0, modelName.lastIndexOf('/') + 1) : '';
  const externalData = await Promise.all(
    listExternalDataFiles(model).map(async (path) => ({ path, data: new Uint8Array(await (await get(folderOfModel + path, true))!.arrayBuffer()) })),
  );
  const ort = givenOrt ?? runtime ?? (await importOnnxRuntimeWeb());
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
    model,
    ...(externalData.length > 0 ? { externalData } : {}),
    tokenizer: tokenizer!.json as object,
    config: config!.json as object,
    ...(tokenizerConfig !== undefined ? { tokenizerConfig: tokenizerConfig.json as object } : {}),
  });
}

async function importOnnxRuntimeWeb(): Promise<OrtModule> {
  try {
    const name = 'onnxruntime-web';
    const mod = (await import(/* @vite-ignore */ name)) as OrtModule & { default?: OrtModule };
    return mod.InferenceSession ? mod : (mod.default as OrtModule);
  } catch (error) {
    throw new BackendUnavailableError({
      backend: 'onnxruntime-web',
      available: [],
      reason: `cannot import onnxruntime-web (${(error as Error).message}); install it with \`npm i onnxruntime-web\` (an optional peer dependency of @limit/eval)`,
    });
  }
}
