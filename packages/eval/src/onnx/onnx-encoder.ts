import { Tokenizer } from '@huggingface/tokenizers';
import { AbortedError, InvalidArgumentError, ShapeMismatchError, assertInteger, assertKnownOptions, assertOneOf, createDenseMatrix } from '@limit/core';
import type { DenseMatrix } from '@limit/core';
import { float16BitsToFloat32 } from '@limit/onnx';
import type { OrtModule, OrtSession, OrtSessionOptions, OrtTensor } from '@limit/onnx';
import type { EmbeddingCache } from './embedding-cache.js';
import { poolTokens, resolvePooling, type PoolingMode } from './pooling.js';
import { DOCUMENT_PROMPT_NAMES, checkPrompts, choosePrompt } from './prompts.js';
import type { TokenEmbeddings } from '../dense/token-embeddings.js';

/** The option keys of {@link OnnxEncoder.create}. @internal */
export const ONNX_ENCODER_OPTIONS = [
  'ort',
  'runtime',
  'model',
  'modelSha256',
  'externalData',
  'tokenizer',
  'tokenizerConfig',
  'config',
  'pooling',
  'includePrompt',
  'prompts',
  'defaultPromptName',
  'similarity',
  'maxLength',
  'normalize',
  'outputName',
  'sessionOptions',
  'cache',
] as const;
const ENCODE_OPTIONS = ['batchSize', 'dims', 'onProgress', 'signal', 'prompt', 'promptName'] as const;

/** How the model compares embeddings (sentence-transformers' `similarity_fn_name`). */
export type SimilarityFunction = 'cosine' | 'dot' | 'euclidean' | 'manhattan';

/** Options of {@link OnnxEncoder.create}. */
export interface OnnxEncoderOptions {
  /** The onnxruntime module (`onnxruntime-node` or `onnxruntime-web`), chosen by the caller. Required (or its deprecated name `runtime`). */
  ort?: OrtModule;
  /** @deprecated Use `ort` (the same module; one name across the limit packages). Still accepted; passing both is an error. */
  runtime?: OrtModule;
  /**
   * Bytes of the `.onnx` file, or a path / URL the runtime opens itself (onnxruntime-node reads a
   * model's external-data file beside its path; then `modelSha256` is required).
   */
  model: Uint8Array | string;
  /** sha256 (hex) identifying the model and its weights, for the cache; required when `model` is a path, computed otherwise. */
  modelSha256?: string;
  /** External-data files handed to the runtime (`sessionOptions.externalData`, onnxruntime-web's way): `{ path: 'model.onnx_data', data: bytes }`. */
  externalData?: readonly { readonly path: string; readonly data: Uint8Array | string }[];
  /** Parsed `tokenizer.json`. */
  tokenizer: object;
  /** Parsed `tokenizer_config.json` (optional). */
  tokenizerConfig?: object;
  /** Parsed `config.json` (optional; `max_position_embeddings` bounds the sequence length). */
  config?: object;
  /**
   * Pooling of token outputs into one vector, by sentence-transformers' names (see {@link POOLING_MODES}):
   * `'mean'` (default), `'cls'`, `'max'`, `'mean_sqrt_len_tokens'`, `'weightedmean'`, `'lasttoken'`; a list concatenates.
   */
  pooling?: PoolingMode | readonly PoolingMode[];
  /** Whether prompt tokens count in pooling (sentence-transformers' `include_prompt`, default true; INSTRUCTOR-style models set false). */
  includePrompt?: boolean;
  /** Prompt name → prefix (sentence-transformers' `prompts`, e.g. `{ query: 'query: ', document: 'passage: ' }`). */
  prompts?: Readonly<Record<string, string>>;
  /** The prompt used when an encode call names none (sentence-transformers' `default_prompt_name`; default none). */
  defaultPromptName?: string | null;
  /** The model's similarity function (sentence-transformers' `similarity_fn_name`, default `'cosine'`); informational, for retrievers. */
  similarity?: SimilarityFunction;
  /** Maximum tokens per text, special tokens included (default: tokenizer_config `model_max_length`, else config `max_position_embeddings`, else 512). */
  maxLength?: number;
  /** L2-normalise outputs (default true). */
  normalize?: boolean;
  /** Name of the token-level output (default `last_hidden_state`, else `token_embeddings`, else the first output). */
  outputName?: string;
  /** Options passed to `InferenceSession.create` (e.g. execution providers). */
  sessionOptions?: OrtSessionOptions;
  /** Creates the cache for one namespace (model sha256 + settings + output kind); omit for no caching. */
  cache?: (namespace: string) => EmbeddingCache;
}

/** Options of {@link OnnxEncoder.encode} and {@link OnnxEncoder.encodeTokens}. */
export interface EncodeOptions {
  /** Texts per model call (default 32). */
  batchSize?: number;
  /** Matryoshka truncation: keep the first `dims` components (then re-normalise). Default: all. */
  dims?: number;
  /** Called after each batch with (texts done, total). */
  onProgress?: (done: number, total: number) => void;
  /** Cancels between batches; nothing is cached from a cancelled call. */
  signal?: AbortSignal;
  /** A prefix put before every text (sentence-transformers' `prompt`), e.g. `'query: '`; wins over the model's default prompt. */
  prompt?: string;
  /** The name of one of the model's prompts (sentence-transformers' `prompt_name`), e.g. `'query'`. */
  promptName?: string;
}

interface Encoded {
  ids: number[];
}

/**
 * A sentence-embedding encoder over any Hugging Face-style ONNX export (a model whose token-level
 * output is `[batch, sequence, hidden]`, usually `last_hidden_state`, float32 or float16), with
 * tokenisation by `@huggingface/tokenizers` from the model's own `tokenizer.json`, and prompts and
 * pooling as sentence-transformers applies them:
 *
 *   text ← prompt + text;   e = pool(h_0 … h_{n−1});   e ← e[:dims] / ‖e[:dims]‖₂ (when normalize)
 *
 * with every pooling mode of sentence-transformers' `Pooling` (see {@link POOLING_MODES};
 * `mean`: e = Σ_t h_t / n). The runtime is injected (`onnxruntime-node` in Node, `onnxruntime-web`
 * in browsers; see `loadOnnxEncoder` in `@limit/eval/node`, which reads all of this from a model
 * folder), so this module imports neither. Texts are sorted by token length before batching (less
 * padding) and results returned in input order.
 *
 * @example
 * const encoder = await OnnxEncoder.create({ ort, model, tokenizer: tokenizerJson, prompts: { query: 'query: ', document: 'passage: ' } });
 * const queries = await encoder.encodeQueries(['Who likes apples?'], { dims: 64 }); // "query: Who likes apples?"
 */
export class OnnxEncoder {
  /** sha256 (hex) of the model file (and its external weights). */
  readonly modelSha256: string;
  /** Pooling modes in use, in concatenation order. */
  readonly pooling: readonly PoolingMode[];
  /** Whether prompt tokens count in pooling. */
  readonly includePrompt: boolean;
  /** Prompt name → prefix. */
  readonly prompts: Readonly<Record<string, string>>;
  /** The prompt used when none is named, or null. */
  readonly defaultPromptName: string | null;
  /** The model's similarity function. */
  readonly similarity: SimilarityFunction;
  /** Maximum tokens per text. */
  readonly maxLength: number;
  /** Whether outputs are L2-normalised. */
  readonly normalize: boolean;
  private readonly runtime: OrtModule;
  private readonly session: OrtSession;
  private readonly tokenizer: Tokenizer;
  private readonly outputName: string;
  private readonly padId: number;
  private readonly specialIds: Set<number>;
  private readonly makeCache: ((namespace: string) => EmbeddingCache) | undefined;

  private constructor(init: {
    modelSha256: string;
    runtime: OrtModule;
    session: OrtSession;
    tokenizer: Tokenizer;
    outputName: string;
    padId: number;
    specialIds: Set<number>;
    pooling: PoolingMode[];
    includePrompt: boolean;
    prompts: Record<string, string>;
    defaultPromptName: string | null;
    similarity: SimilarityFunction;
    maxLength: number;
    normalize: boolean;
    cache: ((namespace: string) => EmbeddingCache) | undefined;
  }) {
    this.modelSha256 = init.modelSha256;
    this.includePrompt = init.includePrompt;
    this.prompts = Object.freeze(init.prompts);
    this.defaultPromptName = init.defaultPromptName;
    this.similarity = init.similarity;
    this.runtime = init.runtime;
    this.session = init.session;
    this.tokenizer = init.tokenizer;
    this.outputName = init.outputName;
    this.padId = init.padId;
    this.specialIds = init.specialIds;
    this.pooling = Object.freeze(init.pooling);
    this.maxLength = init.maxLength;
    this.normalize = init.normalize;
    this.makeCache = init.cache;
  }

  /**
   * Creates an encoder: hashes the model, opens an inference session and builds the tokenizer.
   *
   * @throws InvalidArgumentError for bad options (an unknown pooling mode, a default prompt name
   *   the prompts lack, `ort` and `runtime` together, a model path without `modelSha256`), a model
   *   without an `input_ids` input, or a tokenizer.json the tokenizer library rejects.
   * @throws ShapeMismatchError (later, from encode) when the model output is not `[batch, sequence, hidden]`.
   */
  static async create(options: OnnxEncoderOptions): Promise<OnnxEncoder> {
    assertKnownOptions('options', options, ONNX_ENCODER_OPTIONS);
    if (options.ort !== undefined && options.runtime !== undefined) {
      throw new InvalidArgumentError({ parameter: 'options.runtime', value: 'runtime', message: 'runtime is the deprecated name of ort; pass only ort' });
    }
    const ort = options.ort ?? options.runtime;
    if (ort === undefined || typeof ort.InferenceSession?.create !== 'function' || typeof ort.Tensor !== 'function') {
      throw new InvalidArgumentError({ parameter: 'options.ort', value: ort, message: 'options.ort must be the onnxruntime module (import * as ort from "onnxruntime-node" or "onnxruntime-web")' });
    }
    const pooling = resolvePooling('pooling', options.pooling ?? 'mean');
    const includePrompt = options.includePrompt ?? true;
    if (typeof includePrompt !== 'boolean') throw new InvalidArgumentError({ parameter: 'includePrompt', value: includePrompt, message: 'includePrompt must be a boolean' });
    const prompts = checkPrompts('prompts', options.prompts);
    const defaultPromptName = options.defaultPromptName ?? null;
    if (defaultPromptName !== null) choosePrompt(prompts, defaultPromptName, {});
    const similarity = assertOneOf('similarity', options.similarity ?? 'cosine', ['cosine', 'dot', 'euclidean', 'manhattan'] as const);
    const isPath = typeof options.model === 'string';
    if (isPath ? options.model === '' : !(options.model instanceof Uint8Array) || options.model.length === 0) {
      throw new InvalidArgumentError({ parameter: 'model', value: options.model, message: 'model must be the non-empty bytes of a .onnx file, or its path' });
    }
    if (isPath && (typeof options.modelSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(options.modelSha256))) {
      throw new InvalidArgumentError({ parameter: 'modelSha256', value: options.modelSha256, message: 'a model given by path needs modelSha256 (64 hex digits) to key the embedding cache' });
    }
    let tokenizer: Tokenizer;
    try {
      tokenizer = new Tokenizer(options.tokenizer, options.tokenizerConfig ?? {});
    } catch (error) {
      throw new InvalidArgumentError({ parameter: 'tokenizer', value: undefined, message: `tokenizer.json could not be loaded: ${(error as Error).message}`, cause: error });
    }
    const cfg = (options.tokenizerConfig ?? {}) as { model_max_length?: unknown; pad_token?: unknown };
    const modelCfg = (options.config ?? {}) as { max_position_embeddings?: unknown };
    const fromConfig = [cfg.model_max_length, modelCfg.max_position_embeddings].find((v) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0 && v < 1e6);
    const maxLength = assertInteger('maxLength', options.maxLength ?? (fromConfig as number | undefined) ?? 512, { min: 2 });
    const tokJson = options.tokenizer as { padding?: { pad_id?: unknown } | null };
    const padToken = typeof cfg.pad_token === 'string' ? cfg.pad_token : undefined;
    const padId =
      (typeof tokJson.padding?.pad_id === 'number' ? tokJson.padding.pad_id : undefined) ??
      (padToken !== undefined ? tokenizer.token_to_id(padToken) : undefined) ??
      tokenizer.token_to_id('[PAD]') ??
      tokenizer.token_to_id('<pad>') ??
      0;
    const specialIds = new Set<number>();
    for (const [id, token] of tokenizer.get_added_tokens_decoder()) if (token.special) specialIds.add(id);

    const sessionOptions: OrtSessionOptions | undefined =
      options.externalData !== undefined ? { ...options.sessionOptions, externalData: [...options.externalData] } : options.sessionOptions;
    const session = isPath
      ? await ort.InferenceSession.create(options.model as string, sessionOptions)
      : await ort.InferenceSession.create(options.model as Uint8Array, sessionOptions);
    if (!session.inputNames.includes('input_ids')) {
      throw new InvalidArgumentError({ parameter: 'model', value: session.inputNames, message: `model inputs ${JSON.stringify(session.inputNames)} lack input_ids` });
    }
    const outputName =
      options.outputName ?? ['last_hidden_state', 'token_embeddings'].find((n) => session.outputNames.includes(n)) ?? session.outputNames[0];
    if (outputName === undefined || !session.outputNames.includes(outputName)) {
      throw new InvalidArgumentError({ parameter: 'outputName', value: outputName, message: `model outputs are ${JSON.stringify(session.outputNames)}` });
    }
    const modelSha256 =
      options.modelSha256 ??
      (await sha256Hex([options.model as Uint8Array, ...(options.externalData ?? []).flatMap((f) => (f.data instanceof Uint8Array ? [f.data] : []))]));
    return new OnnxEncoder({
      modelSha256,
      runtime: ort,
      session,
      tokenizer,
      outputName,
      padId,
      specialIds,
      pooling,
      includePrompt,
      prompts,
      defaultPromptName,
      similarity,
      maxLength,
      normalize: options.normalize ?? true,
      cache: options.cache,
    });
  }

  /**
   * Sentence embeddings, one row per text (prompt prepended, pooled, optionally truncated to `dims`,
   * L2-normalised). The prompt is `options.prompt`, else the model's prompt `options.promptName`,
   * else its default prompt, else none — sentence-transformers' rule.
   *
   * @param texts - Non-empty strings.
   * @returns `[texts.length, dims ?? hidden · modes]`.
   * @throws InvalidArgumentError for an empty text, a bad batchSize / dims, an unknown prompt name,
   *   or `prompt` together with `promptName`.
   * @throws ShapeMismatchError when the model output is not `[batch, sequence, hidden]`.
   * @throws AbortedError when `signal` fires (nothing is cached).
   */
  async encode(texts: readonly string[], options: EncodeOptions = {}): Promise<DenseMatrix> {
    assertKnownOptions('options', options, ENCODE_OPTIONS);
    const rows = await this.run(texts, options, 'pooled');
    const hidden = rows[0]?.cols ?? 0;
    const dims = checkDims(options.dims, hidden);
    const out = createDenseMatrix(texts.length, dims);
    rows.forEach((r, i) => {
      const row = out.data.subarray(i * dims, (i + 1) * dims);
      row.set(r.data.subarray(0, dims));
      if (this.normalize) normalizeInPlace(row);
    });
    return out;
  }

  /**
   * Query embeddings as sentence-transformers' `encode_query` makes them: with the model's `query`
   * prompt when it has one (an explicit `prompt` / `promptName` wins).
   *
   * @throws See {@link OnnxEncoder.encode}.
   * @example
   * await encoder.encodeQueries(['Who likes apples?']); // E5: "query: Who likes apples?"
   */
  async encodeQueries(texts: readonly string[], options: EncodeOptions = {}): Promise<DenseMatrix> {
    return this.encode(texts, this.roleOptions(options, ['query']));
  }

  /**
   * Document embeddings as sentence-transformers' `encode_document` makes them: with the model's
   * `document`, `passage` or `corpus` prompt (the first it has), else none.
   *
   * @throws See {@link OnnxEncoder.encode}.
   * @example
   * await encoder.encodeDocuments(['Ann likes apples.']); // E5: "passage: Ann likes apples."
   */
  async encodeDocuments(texts: readonly string[], options: EncodeOptions = {}): Promise<DenseMatrix> {
    return this.encode(texts, this.roleOptions(options, DOCUMENT_PROMPT_NAMES));
  }

  /**
   * Per-token embeddings (every non-padding token, special tokens and prompt included, as ColBERT
   * keeps them), each truncated to `dims` and L2-normalised when `normalize` is on — the input of MaxSim.
   *
   * @throws See {@link OnnxEncoder.encode}.
   */
  async encodeTokens(texts: readonly string[], options: EncodeOptions = {}): Promise<TokenEmbeddings> {
    assertKnownOptions('options', options, ENCODE_OPTIONS);
    const rows = await this.run(texts, options, 'tokens');
    const hidden = rows[0]?.cols ?? 0;
    const dims = checkDims(options.dims, hidden);
    const offsets = new Int32Array(texts.length + 1);
    rows.forEach((r, i) => (offsets[i + 1] = offsets[i]! + r.rows));
    const data = new Float32Array(offsets[texts.length]! * dims);
    rows.forEach((r, i) => {
      for (let t = 0; t < r.rows; t++) {
        const row = data.subarray((offsets[i]! + t) * dims, (offsets[i]! + t + 1) * dims);
        row.set(r.data.subarray(t * r.cols, t * r.cols + dims));
        if (this.normalize) normalizeInPlace(row);
      }
    });
    return { count: texts.length, dim: dims, offsets, data };
  }

  /** Releases the inference session. */
  async dispose(): Promise<void> {
    await this.session.release?.();
  }

  private roleOptions(options: EncodeOptions, names: readonly string[]): EncodeOptions {
    if (options.prompt !== undefined || options.promptName !== undefined) return options;
    const name = names.find((n) => Object.hasOwn(this.prompts, n));
    return name === undefined ? options : { ...options, promptName: name };
  }

  private tokenize(text: string): Encoded {
    let ids = this.tokenizer.encode(text).ids;
    if (ids.length > this.maxLength) {
      const last = ids[ids.length - 1]!;
      ids = ids.slice(0, this.maxLength);
      if (this.specialIds.has(last)) ids[this.maxLength - 1] = last; // keep the closing [SEP] / </s>
    }
    return { ids };
  }

  private async run(texts: readonly string[], options: EncodeOptions, kind: 'pooled' | 'tokens'): Promise<{ rows: number; cols: number; data: Float32Array }[]> {
    if (!Array.isArray(texts)) throw new InvalidArgumentError({ parameter: 'texts', value: texts, message: 'texts must be an array of strings' });
    texts.forEach((t, i) => {
      if (typeof t !== 'string' || t.trim() === '') {
        throw new InvalidArgumentError({ parameter: `texts[${i}]`, value: t, message: 'texts must be non-empty strings' });
      }
    });
    const batchSize = assertInteger('batchSize', options.batchSize ?? 32, { min: 1 });
    const prompt = choosePrompt(this.prompts, this.defaultPromptName, options);
    // sentence-transformers: prompt tokens = tokens of the prompt alone, less its closing special token
    const skip = !this.includePrompt && prompt !== '' ? Math.max(0, this.tokenize(prompt).ids.length - 1) : 0;
    const full = prompt === '' ? texts : texts.map((t) => prompt + t);
    const settings = kind === 'tokens' ? 'tokens' : `${this.pooling.join('+')}${skip > 0 ? `-skip${skip}` : ''}`;
    const cache = this.makeCache?.(`${this.modelSha256}.${settings}.${this.maxLength}`);
    const results: ({ rows: number; cols: number; data: Float32Array } | undefined)[] = full.map((t) => cache?.get(t));
    const todo = texts.map((_, i) => i).filter((i) => results[i] === undefined);
    const encoded = new Map<number, Encoded>(todo.map((i) => [i, this.tokenize(full[i]!)]));
    todo.sort((a, b) => encoded.get(a)!.ids.length - encoded.get(b)!.ids.length || a - b);
    let done = texts.length - todo.length;
    options.onProgress?.(done, texts.length);
    try {
      for (let start = 0; start < todo.length; start += batchSize) {
        if (options.signal?.aborted) throw new AbortedError();
        const batch = todo.slice(start, start + batchSize);
        const outputs = await this.runBatch(batch.map((i) => encoded.get(i)!), kind, skip);
        batch.forEach((i, j) => {
          results[i] = outputs[j]!;
          cache?.stage(full[i]!, outputs[j]!);
        });
        done += batch.length;
        options.onProgress?.(done, texts.length);
      }
      await cache?.commit();
    } catch (error) {
      cache?.discard();
      throw error;
    }
    return results as { rows: number; cols: number; data: Float32Array }[];
  }

  private async runBatch(batch: Encoded[], kind: 'pooled' | 'tokens', skip: number): Promise<{ rows: number; cols: number; data: Float32Array }[]> {
    const b = batch.length;
    const seq = Math.max(...batch.map((e) => e.ids.length));
    const ids = new BigInt64Array(b * seq).fill(BigInt(this.padId));
    const mask = new BigInt64Array(b * seq);
    batch.forEach((e, i) => {
      e.ids.forEach((id, t) => {
        ids[i * seq + t] = BigInt(id);
        mask[i * seq + t] = 1n;
      });
    });
    const { Tensor } = this.runtime;
    const feeds: Record<string, OrtTensor> = { input_ids: new Tensor('int64', ids, [b, seq]) };
    if (this.session.inputNames.includes('attention_mask')) feeds.attention_mask = new Tensor('int64', mask, [b, seq]);
    if (this.session.inputNames.includes('token_type_ids')) feeds.token_type_ids = new Tensor('int64', new BigInt64Array(b * seq), [b, seq]);
    const out = await this.session.run(feeds);
    const hiddenTensor = out[this.outputName];
    try {
      const dims = hiddenTensor?.dims ?? [];
      const data = hiddenTensor === undefined ? undefined : floatData(hiddenTensor);
      if (hiddenTensor === undefined || dims.length !== 3 || dims[0] !== b || dims[1] !== seq || data === undefined) {
        throw new ShapeMismatchError({
          parameter: `model output ${this.outputName}`,
          expected: [b, seq, -1],
          actual: [...dims],
          message: `expected float32 or float16 token embeddings [batch, sequence, hidden] (e.g. last_hidden_state), got ${hiddenTensor?.type ?? 'no output'} [${dims.join(', ')}]`,
        });
      }
      const hidden = dims[2]!;
      return batch.map((e, i) => {
        const n = e.ids.length;
        if (kind === 'tokens') return { rows: n, cols: hidden, data: data.slice(i * seq * hidden, (i * seq + n) * hidden) };
        const v = poolTokens(data, i * seq * hidden, n, hidden, this.pooling, skip);
        return { rows: 1, cols: v.length, data: v };
      });
    } finally {
      for (const t of Object.values(out)) t.dispose?.();
    }
  }
}

/** The values of a float32 or float16 output tensor as float32 (float16 arrives as Uint16Array bit patterns, or Float16Array where the platform has it). */
function floatData(tensor: OrtTensor): Float32Array | undefined {
  if (tensor.type === 'float32' && tensor.data instanceof Float32Array) return tensor.data;
  if (tensor.type === 'float16') {
    if (tensor.data instanceof Uint16Array) return float16BitsToFloat32(tensor.data);
    if (ArrayBuffer.isView(tensor.data)) return Float32Array.from(tensor.data as unknown as ArrayLike<number>);
  }
  return undefined;
}

function checkDims(dims: number | undefined, hidden: number): number {
  if (dims === undefined) return hidden;
  return assertInteger('dims', dims, { min: 1, max: Math.max(1, hidden) });
}

function normalizeInPlace(v: Float32Array): void {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  if (s > 0) {
    const inv = 1 / Math.sqrt(s);
    for (let i = 0; i < v.length; i++) v[i]! *= inv;
  }
}

/** sha256 of the model bytes; with external weights, of the concatenation model ‖ weights (in the given order). */
async function sha256Hex(parts: readonly Uint8Array[]): Promise<string> {
  let bytes = parts[0]!;
  if (parts.length > 1) {
    bytes = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
    let offset = 0;
    for (const p of parts) {
      bytes.set(p, offset);
      offset += p.length;
    }
  }
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (x) => x.toString(16).padStart(2, '0')).join('');
}
