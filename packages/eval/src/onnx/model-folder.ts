import { DataFormatError, InvalidArgumentError } from '@limit/core';
import { POOLING_CONFIG_KEYS, POOLING_MODES, type PoolingMode } from './pooling.js';
import type { SimilarityFunction } from './onnx-encoder.js';

/**
 * transformers.js' `dtype` → file-name suffix: `dtype: 'q8'` loads `onnx/model_quantized.onnx`,
 * `'fp16'` loads `onnx/model_fp16.onnx`, `'fp32'` loads `onnx/model.onnx`.
 */
export const MODEL_DTYPES = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
} as const;

/** A key of {@link MODEL_DTYPES}. */
export type ModelDtype = keyof typeof MODEL_DTYPES;

/**
 * The model files to try, in order, for a `dtype` or an explicit `modelFile` (relative to the folder):
 * `modelFile` alone when given; else `onnx/model<suffix>.onnx` then `model<suffix>.onnx`, where the
 * suffix comes from {@link MODEL_DTYPES} (default fp32: `model.onnx` first, then `onnx/model.onnx`).
 *
 * @throws InvalidArgumentError for an unknown dtype, both options, or a modelFile that leaves the folder.
 * @internal
 */
export function modelFileCandidates(options: { dtype?: string | undefined; modelFile?: string | undefined }): string[] {
  if (options.dtype !== undefined && options.modelFile !== undefined) {
    throw new InvalidArgumentError({ parameter: 'modelFile', value: options.modelFile, message: 'pass either dtype or modelFile, not both' });
  }
  if (options.modelFile !== undefined) {
    const f = options.modelFile;
    if (typeof f !== 'string' || f === '' || f.startsWith('/') || f.split(/[\\/]/).includes('..') || !f.endsWith('.onnx')) {
      throw new InvalidArgumentError({ parameter: 'modelFile', value: f, message: 'modelFile must be a .onnx file inside the model folder, e.g. "onnx/model_quantized.onnx"' });
    }
    return [f];
  }
  if (options.dtype === undefined) return ['model.onnx', 'onnx/model.onnx'];
  if (!Object.hasOwn(MODEL_DTYPES, options.dtype)) {
    throw new InvalidArgumentError({ parameter: 'dtype', value: options.dtype, message: `unknown dtype ${JSON.stringify(options.dtype)}; expected one of ${Object.keys(MODEL_DTYPES).join(', ')}` });
  }
  const suffix = MODEL_DTYPES[options.dtype as ModelDtype];
  return [`onnx/model${suffix}.onnx`, `model${suffix}.onnx`];
}

/** What a sentence-transformers model folder declares, read by {@link readModelFolderSettings}. */
export interface ModelFolderSettings {
  pooling?: PoolingMode[];
  includePrompt?: boolean;
  prompts?: Record<string, string>;
  defaultPromptName?: string | null;
  similarity?: SimilarityFunction;
  normalize?: boolean;
  maxLength?: number;
  /** The pooling config's path relative to the folder (from modules.json, default `1_Pooling`). */
  poolingPath?: string;
}

/** Parsed JSON files of a model folder (undefined when the file is absent), with their names for errors. */
export interface ModelFolderFiles {
  modules?: { file: string; json: unknown };
  pooling?: { file: string; json: unknown };
  sentenceTransformersConfig?: { file: string; json: unknown };
  sentenceBertConfig?: { file: string; json: unknown };
}

/** sentence-transformers module classes the ONNX path applies itself (the Transformer is the ONNX model). */
const SUPPORTED_MODULES = new Set(['Transformer', 'Pooling', 'Normalize']);

/**
 * The pooling config's folder named by `modules.json` (the `Pooling` module's `path`), else `1_Pooling`.
 * @throws DataFormatError when modules.json is not a list of modules.
 * @internal
 */
export function poolingPathFromModules(modules: { file: string; json: unknown } | undefined): string {
  if (modules === undefined) return '1_Pooling';
  const list = checkModules(modules);
  const pooling = list.find((m) => moduleClass(m.type) === 'Pooling');
  return pooling?.path || '1_Pooling';
}

/**
 * Reads the settings a sentence-transformers model folder declares:
 * - `modules.json`: a `Normalize` module → L2-normalised outputs (absent → not normalised); any
 *   module other than Transformer, Pooling, Normalize (a `Dense` projection, …) is refused, since
 *   an ONNX export of the transformer does not contain it;
 * - `1_Pooling/config.json` (or the Pooling module's path): every `pooling_mode_*` flag and
 *   `include_prompt`; an unknown mode set to true is refused;
 * - `config_sentence_transformers.json`: `prompts`, `default_prompt_name`, `similarity_fn_name`;
 * - `sentence_bert_config.json`: `max_seq_length`.
 *
 * @throws DataFormatError (file, key) for a file whose content is not what sentence-transformers writes.
 * @internal
 */
export function readModelFolderSettings(files: ModelFolderFiles): ModelFolderSettings {
  const out: ModelFolderSettings = {};
  if (files.modules !== undefined) {
    const list = checkModules(files.modules);
    for (const m of list) {
      const cls = moduleClass(m.type);
      if (!SUPPORTED_MODULES.has(cls)) {
        throw new DataFormatError({
          file: files.modules.file,
          line: 0,
          message: `module ${JSON.stringify(m.type)} (${m.path || m.name || 'no path'}) is not part of an ONNX export of the transformer and is not applied here; only Transformer, Pooling and Normalize are`,
        });
      }
    }
    out.normalize = list.some((m) => moduleClass(m.type) === 'Normalize');
  }
  if (files.pooling !== undefined) {
    const { file, json } = files.pooling;
    if (!isRecord(json)) throw new DataFormatError({ file, line: 0, message: 'not a pooling config (expected a JSON object)' });
    const modes: PoolingMode[] = [];
    for (const [key, value] of Object.entries(json)) {
      if (!key.startsWith('pooling_mode')) continue;
      if (key === 'pooling_mode' && typeof value === 'string') {
        // some versions also store the mode by name
        if (!(POOLING_MODES as readonly string[]).includes(value)) throw new DataFormatError({ file, line: 0, message: `unknown pooling mode ${JSON.stringify(value)} in "pooling_mode"; known: ${POOLING_MODES.join(', ')}` });
        modes.push(value as PoolingMode);
        continue;
      }
      if (typeof value !== 'boolean') throw new DataFormatError({ file, line: 0, message: `"${key}" must be true or false, got ${JSON.stringify(value)}` });
      const mode = Object.hasOwn(POOLING_CONFIG_KEYS, key) ? POOLING_CONFIG_KEYS[key] : undefined;
      if (mode === undefined) {
        if (value) throw new DataFormatError({ file, line: 0, message: `unknown pooling mode "${key}" is set; known: ${Object.keys(POOLING_CONFIG_KEYS).join(', ')}` });
        continue;
      }
      if (value) modes.push(mode);
    }
    if (modes.length === 0) throw new DataFormatError({ file, line: 0, message: `no pooling mode is set; set one of ${Object.keys(POOLING_CONFIG_KEYS).join(', ')}` });
    out.pooling = POOLING_MODES.filter((m) => modes.includes(m));
    if (json.include_prompt !== undefined) {
      if (typeof json.include_prompt !== 'boolean') throw new DataFormatError({ file, line: 0, message: '"include_prompt" must be true or false' });
      out.includePrompt = json.include_prompt;
    }
  }
  if (files.sentenceTransformersConfig !== undefined) {
    const { file, json } = files.sentenceTransformersConfig;
    if (!isRecord(json)) throw new DataFormatError({ file, line: 0, message: 'not a sentence-transformers config (expected a JSON object)' });
    if (json.prompts !== undefined && json.prompts !== null) {
      if (!isRecord(json.prompts) || Object.values(json.prompts).some((v) => typeof v !== 'string')) {
        throw new DataFormatError({ file, line: 0, message: '"prompts" must map prompt names to strings' });
      }
      out.prompts = { ...(json.prompts as Record<string, string>) };
    }
    if (json.default_prompt_name !== undefined && json.default_prompt_name !== null) {
      const name = json.default_prompt_name;
      if (typeof name !== 'string' || !Object.hasOwn(out.prompts ?? {}, name)) {
        throw new DataFormatError({ file, line: 0, message: `"default_prompt_name" ${JSON.stringify(name)} is not one of the prompts` });
      }
      out.defaultPromptName = name;
    }
    if (json.similarity_fn_name !== undefined && json.similarity_fn_name !== null) {
      const fn = json.similarity_fn_name;
      const map: Record<string, SimilarityFunction> = { cosine: 'cosine', dot: 'dot', dot_product: 'dot', euclidean: 'euclidean', manhattan: 'manhattan' };
      if (typeof fn !== 'string' || !Object.hasOwn(map, fn)) throw new DataFormatError({ file, line: 0, message: `unknown "similarity_fn_name" ${JSON.stringify(fn)}` });
      out.similarity = map[fn]!;
    }
  }
  if (files.sentenceBertConfig !== undefined) {
    const { file, json } = files.sentenceBertConfig;
    if (!isRecord(json)) throw new DataFormatError({ file, line: 0, message: 'not a sentence_bert_config (expected a JSON object)' });
    const m = json.max_seq_length;
    if (m !== undefined && m !== null) {
      if (!Number.isSafeInteger(m) || (m as number) < 2) throw new DataFormatError({ file, line: 0, message: `"max_seq_length" must be an integer ≥ 2, got ${JSON.stringify(m)}` });
      out.maxLength = m as number;
    }
  }
  return out;
}

interface ModuleEntry {
  type: string;
  path: string;
  name: string;
}

function checkModules({ file, json }: { file: string; json: unknown }): ModuleEntry[] {
  if (!Array.isArray(json)) throw new DataFormatError({ file, line: 0, message: 'not a modules list (expected a JSON array of { idx, name, path, type })' });
  return json.map((m, i) => {
    if (!isRecord(m) || typeof m.type !== 'string') throw new DataFormatError({ file, line: 0, message: `module ${i} has no "type"` });
    return { type: m.type, path: typeof m.path === 'string' ? m.path : '', name: typeof m.name === 'string' ? m.name : '' };
  });
}

/** `sentence_transformers.models.Pooling` (or any later package path) → `Pooling`. */
function moduleClass(type: string): string {
  return type.slice(type.lastIndexOf('.') + 1);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
