import { denseSearch } from './dense-search.js';
import type { BlockScorer } from './dense-search.js';
import type { SentenceEncoder } from './sentence-encoder.js';
import type { EncodeOptions } from '../onnx/onnx-encoder.js';
import type { Retriever } from '../retrieval/retriever.js';
import { InvalidArgumentError, assertInteger, assertKnownOptions, type DenseMatrix } from '@limit/core';

export type { SentenceEncoder, TextEncoder } from './sentence-encoder.js';

/** Options of {@link createDenseRetriever}. */
export interface DenseRetrieverOptions {
  /** Matryoshka truncation (integer ≥ 1). */
  dims?: number;
  /** `'dot'` (default; normalised encoders make it cosine) or `'cosine'`. */
  similarity?: 'dot' | 'cosine';
  /** Texts per model call. */
  batchSize?: number;
  /** Block scorer, e.g. `createOnnxRuntimeScorer()` from `@limit/eval/node`. */
  scorer?: BlockScorer;
  /** The retriever's name (default `onnx` / `onnx@<dims>`). */
  name?: string;
  /** Prefix for every query (sentence-transformers' `prompt`); overrides the model's query prompt. `''` = none. */
  queryPrompt?: string;
  /** Prefix for every document; overrides the model's document prompt. `''` = none. */
  documentPrompt?: string;
  /** A prompt name of the model for queries (sentence-transformers' `prompt_name`). */
  queryPromptName?: string;
  /** A prompt name of the model for documents. */
  documentPromptName?: string;
}

const OPTIONS = ['dims', 'similarity', 'batchSize', 'scorer', 'name', 'queryPrompt', 'documentPrompt', 'queryPromptName', 'documentPromptName'] as const;

/**
 * A single-vector {@link Retriever}: encodes queries and documents with `encoder` (optionally
 * truncated to `dims`, Matryoshka-style) and runs exact {@link denseSearch}. Prompts follow
 * sentence-transformers: an explicit `queryPrompt` / `queryPromptName` wins, else the encoder's
 * `encodeQueries` (the model's own query prompt), else plain `encode`; documents likewise.
 *
 * @param encoder - e.g. an {@link OnnxEncoder}.
 * @param options - see {@link DenseRetrieverOptions}.
 * @throws InvalidArgumentError (parameter `options.dims` / `options.batchSize`) when given but not
 *   an integer ≥ 1, or for a prompt together with a prompt name of the same side.
 * @example
 * const retriever = createDenseRetriever(await loadOnnxEncoder('models/e5'), { dims: 256 });
 * const plain = createDenseRetriever(encoder, { queryPrompt: '', documentPrompt: '' }); // no prompts
 */
export function createDenseRetriever(encoder: SentenceEncoder, options: DenseRetrieverOptions = {}): Retriever {
  const { dims, batchSize } = options;
  assertKnownOptions('options', options, OPTIONS);
  if (dims !== undefined) assertInteger('options.dims', dims, { min: 1 });
  if (batchSize !== undefined) assertInteger('options.batchSize', batchSize, { min: 1 });
  for (const side of ['query', 'document'] as const) {
    if (options[`${side}Prompt`] !== undefined && options[`${side}PromptName`] !== undefined) {
      throw new InvalidArgumentError({ parameter: `options.${side}PromptName`, value: options[`${side}PromptName`], message: `pass either ${side}Prompt or ${side}PromptName, not both` });
    }
  }
  const encodeSide = (side: 'query' | 'document', texts: readonly string[], common: EncodeOptions): Promise<DenseMatrix> => {
    const prompt = options[`${side}Prompt`];
    const promptName = options[`${side}PromptName`];
    if (prompt !== undefined) return encoder.encode(texts, { ...common, prompt });
    if (promptName !== undefined) return encoder.encode(texts, { ...common, promptName });
    const role = side === 'query' ? encoder.encodeQueries : encoder.encodeDocuments;
    return role ? role.call(encoder, texts, common) : encoder.encode(texts, common);
  };
  return {
    name: options.name ?? (dims !== undefined ? `onnx@${dims}` : 'onnx'),
    async retrieve(queries, documents, { k, onProgress, signal }) {
      const common = { ...(dims !== undefined ? { dims } : {}), ...(batchSize !== undefined ? { batchSize } : {}), ...(signal ? { signal } : {}) };
      const q = await encodeSide('query', queries, { ...common, onProgress: (d, t) => onProgress?.('encode queries', d, t) });
      const d = await encodeSide('document', documents, { ...common, onProgress: (dn, t) => onProgress?.('encode documents', dn, t) });
      return denseSearch(q, d, {
        k,
        similarity: options.similarity ?? 'dot',
        ...(options.scorer ? { scorer: options.scorer } : {}),
        ...(signal ? { signal } : {}),
        onProgress: (dn, t) => onProgress?.('search', dn, t),
      });
    },
  };
}
