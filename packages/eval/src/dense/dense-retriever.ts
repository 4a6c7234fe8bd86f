import { denseSearch } from './dense-search.js';
import type { BlockScorer } from './dense-search.js';
import type { EncodeOptions } from '../onnx/onnx-encoder.js';
import type { Retriever } from '../retrieval/retriever.js';
import { assertInteger, assertKnownOptions, type DenseMatrix } from '@limit/core';

/** Anything that turns texts into one embedding per text (e.g. {@link OnnxEncoder}). */
export interface TextEncoder {
  encode(texts: readonly string[], options?: EncodeOptions): Promise<DenseMatrix>;
}

/**
 * A single-vector {@link Retriever}: encodes queries and documents with `encoder` (optionally
 * truncated to `dims`, Matryoshka-style) and runs exact {@link denseSearch}.
 *
 * @param encoder - e.g. an {@link OnnxEncoder}.
 * @param options - `dims` (integer ≥ 1), `similarity` (default `'dot'`; encoders normalise, so
 *   this is cosine), `batchSize` (integer ≥ 1), `scorer` (e.g. `createOnnxRuntimeScorer()` from
 *   `@limit/eval/node`).
 * @throws InvalidArgumentError (parameter `options.dims` / `options.batchSize`) when given but not
 *   an integer ≥ 1.
 * @example
 * const retriever = createDenseRetriever(await loadOnnxEncoder('models/e5'), { dims: 256 });
 */
export function createDenseRetriever(
  encoder: TextEncoder,
  options: { dims?: number; similarity?: 'dot' | 'cosine'; batchSize?: number; scorer?: BlockScorer; name?: string } = {},
): Retriever {
  const { dims, batchSize } = options;
  assertKnownOptions('options', options, ['dims', 'similarity', 'batchSize', 'scorer', 'name']);
  if (dims !== undefined) assertInteger('options.dims', dims, { min: 1 });
  if (batchSize !== undefined) assertInteger('options.batchSize', batchSize, { min: 1 });
  return {
    name: options.name ?? (dims !== undefined ? `onnx@${dims}` : 'onnx'),
    async retrieve(queries, documents, { k, onProgress, signal }) {
      const common = { ...(dims !== undefined ? { dims } : {}), ...(batchSize !== undefined ? { batchSize } : {}), ...(signal ? { signal } : {}) };
      const q = await encoder.encode(queries, { ...common, onProgress: (d, t) => onProgress?.('encode queries', d, t) });
      const d = await encoder.encode(documents, { ...common, onProgress: (dn, t) => onProgress?.('encode documents', dn, t) });
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
