import { Tokenizer } from '@huggingface/tokenizers';
import { AbortedError, InvalidArgumentError, ShapeMismatchError, assertInteger, assertKnownOptions, assertOneOf, createDenseMatrix } from '@limit/core';
import type { DenseMatrix } from '@limit/core';
import type { EmbeddingCache } from './embedding-cache.js';
import type { OrtModuleLike, OrtSessionLike, OrtTensorLike } from './onnx-runtime-types.js';
import type { TokenEmbeddings } from '../dense/token-embeddings.js';

/** The option keys of {@link OnnxEncoder.create}. @internal */
export const ONNX_ENCODER_OPTIONS = ['runtime', 'model', 'tokenizer', 'tokenizerConfig', 'config', 'pooling', 'maxLength', 'normalize', 'outputName', 'sessionOptions', 'cache'] as const;
const ENCODE_OPTIONS = ['batchSize', 'dims', 'onProgress', 'signal'] as const;

/** Options of {@link OnnxEncoder.create}. */
export interface OnnxEncoderOptions {
  /** The onnxruntime module (`onnxruntime-node` or `onnxruntime-web`), chosen by the caller. */
  runtime: OrtModuleLike;
  /** Bytes of `model.onnx`. */
  model: Uint8Array;
  /** Parsed `tokenizer.json`. */
  tokenizer: object;
  /** Parsed `tokenizer_config.json` (optional). */
  tokenizerConfig?: object;
  /** Parsed `config.json` (optional; `max_position_embeddings` bounds the sequence length). */
  config?: object;
  /** Pooling of token outputs into one vector: `'mean'` over the attention mask (default) or `'cls'` (first token). */
  pooling?: 'mean' | 'cls';
  /** Maximum tokens per text, special tokens included (default: tokenizer_config `model_max_length`, else config `max_position_embeddings`, else 512). */
  maxLength?: number;
  /** L2-normalise outputs (default true). */
  normalize?: boolean;
  /** Name of the token-level output (default `last_hidden_state`, else `token_embeddings`, else the first output). */
  outputName?: string;
  /** Options passed to `InferenceSession.create` (e.g. execution providers). */
  sessionOptions?: Record<string, unknown>;
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
}

interface Encoded {
  ids: number[];
}

/**
 * A sentence-embedding encoder over any Hugging Face-style ONNX export (a `model.onnx` whose
 * token-level output is `[batch, sequence, hidden]`, usually `last_hidden_state`), with
 * tokenisation by `@huggingface/tokenizers` from the model's own `tokenizer.json`.
 *
 *   mean pooling: e = Σ_t m_t·h_t / Σ_t m_t      cls pooling: e = h_0      then e ← e[:dims] / ‖e[:dims]‖₂
 *
 * The runtime is injected (`onnxruntime-node` in Node, `onnxruntime-web` in browsers; see
 * `loadOnnxEncoder` in `@limit/eval/node`), so this module imports neither. Texts are sorted by
 * token length before batching (less padding) and results returned in input order.
 *
 * @example
 * const encoder = await OnnxEncoder.create({ runtime: ort, model, tokenizer: tokenizerJson });
 * const embeddings = await encoder.encode(['Who likes apples?'], { dims: 64 });
 */
export class OnnxEncoder {
  /** sha256 (hex) of the model file. */
  readonly modelSha256: string;
  /** Pooling in use. */
  readonly pooling: 'mean' | 'cls';
  /** Maximum tokens per text. */
  readonly maxLength: number;
  /** Whether outputs are L2-normalised. */
  readonly normalize: boolean;
  private readonly runtime: OrtModuleLike;
  private readonly session: OrtSessionLike;
  private readonly tokenizer: Tokenizer;
  private readonly outputName: string;
  private readonly padId: number;
  private readonly specialIds: Set<number>;
  private readonly makeCache: ((namespace: string) => EmbeddingCache) | undefined;

  private constructor(init: {
    modelSha256: string;
    runtime: OrtModuleLike;
    session: OrtSessionLike;
    tokenizer: Tokenizer;
    outputName: string;
    padId: number;
    specialIds: Set<number>;
    pooling: 'mean' | 'cls';
    maxLength: number;
    normalize: boolean;
    cache: ((namespace: string) => EmbeddingCache) | undefined;
  }) {
    this.modelSha256 = init.modelSha256;
    this.runtime = init.runtime;
    this.session = init.session;
    this.tokenizer = init.tokenizer;
    this.outputName = init.outputName;
    this.padId = init.padId;
    this.specialIds = init.specialIds;
    this.pooling = init.pooling;
    this.maxLength = init.maxLength;
    this.normalize = init.normalize;
    this.makeCache = init.cache;
  }

  /**
   * Creates an encoder: hashes the model, opens an inference session and builds the tokenizer.
   *
   * @throws InvalidArgumentError for bad options, a model without an `input_ids` input, or a
   *   tokenizer.json the tokenizer library rejects.
   * @throws ShapeMismatchError (later, from encode) when the model output is not `[batch, sequence, hidden]`.
   */
  static async create(options: OnnxEncoderOptions): Promise<OnnxEncoder> {
    assertKnownOptions('options', options, ONNX_ENCODER_OPTIONS);
    const pooling = assertOneOf('pooling', options.pooling ?? 'mean', ['mean', 'cls'] as const);
    if (!(options.model instanceof Uint8Array) || options.model.length === 0) {
      throw new InvalidArgumentError({ parameter: 'model', value: options.model, message: 'model must be the non-empty bytes of model.onnx' });
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

    const session = await options.runtime.InferenceSession.create(options.model, options.sessionOptions);
    if (!session.inputNames.includes('input_ids')) {
      throw new InvalidArgumentError({ parameter: 'model', value: session.inputNames, message: `model inputs ${JSON.stringify(session.inputNames)} lack input_ids` });
    }
    const outputName =
      options.outputName ?? ['last_hidden_state', 'token_embeddings'].find((n) => session.outputNames.includes(n)) ?? session.outputNames[0];
    if (outputName === undefined || !session.outputNames.includes(outputName)) {
      throw new InvalidArgumentError({ parameter: 'outputName', value: outputName, message: `model outputs are ${JSON.stringify(session.outputNames)}` });
    }
    const modelSha256 = await sha256Hex(options.model);
    return new OnnxEncoder({
      modelSha256,
      runtime: options.runtime,
      session,
      tokenizer,
      outputName,
      padId,
      specialIds,
      pooling,
      maxLength,
      normalize: options.normalize ?? true,
      cache: options.cache,
    });
  }

  /**
   * Sentence embeddings, one row per text (pooled, optionally truncated to `dims`, L2-normalised).
   *
   * @param texts - Non-empty strings.
   * @returns `[texts.length, dims ?? hidden]`.
   * @throws InvalidArgumentError for an empty text or a bad batchSize / dims.
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
   * Per-token embeddings (every non-padding token, special tokens included, as ColBERT keeps
   * them), each truncated to `dims` and L2-normalised when `normalize` is on — the input of MaxSim.
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
    const cache = this.makeCache?.(`${this.modelSha256}.${kind === 'pooled' ? this.pooling : 'tokens'}.${this.maxLength}`);
    const results: ({ rows: number; cols: number; data: Float32Array } | undefined)[] = texts.map((t) => cache?.get(t));
    const todo = texts.map((_, i) => i).filter((i) => results[i] === undefined);
    const encoded = new Map<number, Encoded>(todo.map((i) => [i, this.tokenize(texts[i]!)]));
    todo.sort((a, b) => encoded.get(a)!.ids.length - encoded.get(b)!.ids.length || a - b);
    let done = texts.length - todo.length;
    options.onProgress?.(done, texts.length);
    try {
      for (let start = 0; start < todo.length; start += batchSize) {
        if (options.signal?.aborted) throw new AbortedError();
        const batch = todo.slice(start, start + batchSize);
        const outputs = await this.runBatch(batch.map((i) => encoded.get(i)!), kind);
        batch.forEach((i, j) => {
          results[i] = outputs[j]!;
          cache?.stage(texts[i]!, outputs[j]!);
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

  private async runBatch(batch: Encoded[], kind: 'pooled' | 'tokens'): Promise<{ rows: number; cols: number; data: Float32Array }[]> {
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
    const feeds: Record<string, OrtTensorLike> = { input_ids: new Tensor('int64', ids, [b, seq]) };
    if (this.session.inputNames.includes('attention_mask')) feeds.attention_mask = new Tensor('int64', mask, [b, seq]);
    if (this.session.inputNames.includes('token_type_ids')) feeds.token_type_ids = new Tensor('int64', new BigInt64Array(b * seq), [b, seq]);
    const out = await this.session.run(feeds);
    const hiddenTensor = out[this.outputName];
    try {
      const dims = hiddenTensor?.dims ?? [];
      if (hiddenTensor === undefined || dims.length !== 3 || dims[0] !== b || dims[1] !== seq || !(hiddenTensor.data instanceof Float32Array)) {
        throw new ShapeMismatchError({
          parameter: `model output ${this.outputName}`,
          expected: [b, seq, -1],
          actual: [...dims],
          message: 'expected float32 token embeddings [batch, sequence, hidden] (e.g. last_hidden_state)',
        });
      }
      const hidden = dims[2]!;
      const data = hiddenTensor.data;
      return batch.map((e, i) => {
        const n = e.ids.length;
        if (kind === 'tokens') return { rows: n, cols: hidden, data: data.slice(i * seq * hidden, (i * seq + n) * hidden) };
        const v = new Float32Array(hidden);
        if (this.pooling === 'cls') v.set(data.subarray(i * seq * hidden, i * seq * hidden + hidden));
        else {
          const acc = new Float64Array(hidden);
          for (let t = 0; t < n; t++) for (let h = 0; h < hidden; h++) acc[h]! += data[(i * seq + t) * hidden + h]!;
          for (let h = 0; h < hidden; h++) v[h] = acc[h]! / n;
        }
        return { rows: 1, cols: hidden, data: v };
      });
    } finally {
      for (const t of Object.values(out)) t.dispose?.();
    }
  }
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

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (x) => x.toString(16).padStart(2, '0')).join('');
}
