import type { DenseMatrix } from '@limit/core';
import type { EncodeOptions } from '../onnx/onnx-encoder.js';

/**
 * Anything that turns texts into one embedding per text (e.g. {@link OnnxEncoder}): `encode`, and
 * optionally `encodeQueries` / `encodeDocuments` for models with query and document prompts
 * (sentence-transformers' `encode_query` / `encode_document`), which retrievers then prefer.
 *
 * @example
 * const encoder: SentenceEncoder = { encode: async (texts) => myEmbed(texts) };
 */
export interface SentenceEncoder {
  encode(texts: readonly string[], options?: EncodeOptions): Promise<DenseMatrix>;
  encodeQueries?(texts: readonly string[], options?: EncodeOptions): Promise<DenseMatrix>;
  encodeDocuments?(texts: readonly string[], options?: EncodeOptions): Promise<DenseMatrix>;
}

/**
 * @deprecated Renamed {@link SentenceEncoder} (this name shadowed the platform's `TextEncoder`); kept for one release.
 * @example
 * const encoder: SentenceEncoder = await loadOnnxEncoder('models/e5');
 */
export type TextEncoder = SentenceEncoder;
