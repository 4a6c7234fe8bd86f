import { BackendUnavailableError, DataFormatError, InvalidArgumentError } from '@limit/core';
import { OnnxEncoder } from './onnx-encoder.js';
import type { OnnxEncoderOptions } from './onnx-encoder.js';
import type { OrtModuleLike } from './onnx-runtime-types.js';

/** Options of {@link loadOnnxEncoderFromUrl}. */
export interface LoadOnnxEncoderFromUrlOptions extends Omit<OnnxEncoderOptions, 'runtime' | 'model' | 'tokenizer' | 'tokenizerConfig' | 'config'> {
  /** The onnxruntime module (default: `import('onnxruntime-web')`). */
  runtime?: OrtModuleLike;
  /** The fetch to use (default: `globalThis.fetch`). */
  fetch?: (url: string) => Promise<{ ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer>; text(): Promise<string> }>;
}

/**
 * Loads a Hugging Face-style model folder served over HTTP (`<base>/model.onnx`, `tokenizer.json`,
 * `config.json`, optional `tokenizer_config.json`) into an {@link OnnxEncoder} on onnxruntime-web —
 * the browser twin of `loadOnnxEncoder` from `@limit/eval/node`. onnxruntime-web is imported
 * dynamically (an optional peer dependency), never alongside onnxruntime-node.
 *
 * @param baseUrl - URL of the folder (with or without a trailing slash).
 * @throws InvalidArgumentError (parameter `baseUrl`) naming a required file that cannot be fetched.
 * @throws DataFormatError for a JSON file that does not parse.
 * @throws BackendUnavailableError when onnxruntime-web cannot be imported.
 * @example
 * const encoder = await loadOnnxEncoderFromUrl('/models/bge-small/');
 * const e = await encoder.encode(['Who likes apples?']);
 */
export async function loadOnnxEncoderFromUrl(baseUrl: string, options: LoadOnnxEncoderFromUrlOptions = {}): Promise<OnnxEncoder> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const doFetch = options.fetch ?? ((url: string) => globalThis.fetch(url));
  const get = async (file: string, required: boolean) => {
    const response = await doFetch(base + file).catch(() => undefined);
    if (!response?.ok) {
      if (required) throw new InvalidArgumentError({ parameter: 'baseUrl', value: baseUrl, message: `cannot fetch ${base + file} (${response?.status ?? 'network error'})` });
      return undefined;
    }
    return response;
  };
  const json = async (file: string, required: boolean): Promise<object | undefined> => {
    const response = await get(file, required);
    if (response === undefined) return undefined;
    const text = await response.text();
    try {
      return JSON.parse(text) as object;
    } catch (error) {
      throw new DataFormatError({ file: base + file, line: 0, message: `not valid JSON: ${(error as Error).message}`, cause: error });
    }
  };
  const [modelResponse, tokenizer, config, tokenizerConfig] = await Promise.all([
    get('model.onnx', true),
    json('tokenizer.json', true),
    json('config.json', true),
    json('tokenizer_config.json', false),
  ]);
  const runtime = options.runtime ?? (await importOnnxRuntimeWeb());
  const { runtime: _r, fetch: _f, ...rest } = options;
  return OnnxEncoder.create({
    ...rest,
    runtime,
    model: new Uint8Array(await modelResponse!.arrayBuffer()),
    tokenizer: tokenizer!,
    config: config!,
    ...(tokenizerConfig !== undefined ? { tokenizerConfig } : {}),
  });
}

async function importOnnxRuntimeWeb(): Promise<OrtModuleLike> {
  try {
    const name = 'onnxruntime-web';
    const mod = (await import(/* @vite-ignore */ name)) as OrtModuleLike & { default?: OrtModuleLike };
    return mod.InferenceSession ? mod : (mod.default as OrtModuleLike);
  } catch (error) {
    throw new BackendUnavailableError({ backend: 'onnxruntime-web', available: [], reason: `cannot import onnxruntime-web: ${(error as Error).message}` });
  }
}
