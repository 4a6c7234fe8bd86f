import { assertKnownOptions } from '@limit/core';
import { maxSimSearch } from './max-sim-search.js';
import type { EncodeOptions } from '../onnx/onnx-encoder.js';
import type { Retriever } from '../retrieval/retriever.js';
import type { TokenEmbeddings } from './token-embeddings.js';

/** Anything that turns texts into per-token embeddings (e.g. {@link OnnxEncoder}). */
export interface TokenEncoder {
  encodeTokens(texts: readonly string[], options?: EncodeOptions): Promise<TokenEmbeddings>;
}

/**
 * A multi-vector {@link Retriever}: per-token outputs of `encoder` (each L2-normalised, optionally
 * truncated to `dims`) scored by exact MaxSim ({@link maxSimSearch}).
 *
 * @example
 * const retriever = createMaxSimRetriever(await loadOnnxEncoder('models/colbert'));
 */
export function createMaxSimRetriever(encoder: TokenEncoder, options: { dims?: number; batchSize?: number; name?: string } = {}): Retriever {
  assertKnownOptions('options', options, ['dims', 'batchSize', 'name']);
  return {
    name: options.name ?? (options.dims ? `maxsim@${options.dims}` : 'maxsim'),
    async retrieve(queries, documents, { k, onProgress, signal }) {
      const common = { ...(options.dims ? { dims: options.dims } : {}), ...(options.batchSize ? { batchSize: options.batchSize } : {}), ...(signal ? { signal } : {}) };
      const q = await encoder.encodeTokens(queries, { ...common, onProgress: (d, t) => onProgress?.('encode queries', d, t) });
      const d = await encoder.encodeTokens(documents, { ...common, onProgress: (dn, t) => onProgress?.('encode documents', dn, t) });
      return maxSimSearch(q, d, { k, ...(signal ? { signal } : {}), onProgress: (dn, t) => onProgress?.('search', dn, t) });
    },
  };
}
