import { createHash } from 'node:crypto';
import { initialEmbeddings } from '../training/initial-embeddings.js';

/**
 * SHA-256 (hex) of the float32 bytes of the initial embeddings (queries then documents) that
 * `initialEmbeddings(shape, seed)` draws: recorded in a certificate (`initialEmbeddingsSha256`) so a check can tie
 * the embeddings to their seed.
 *
 * @param shape - numQueries, numDocs, d.
 * @param seed - the seed.
 * @returns 64 hex digits.
 * @example
 * ```ts
 * initialEmbeddingsDigest({ numQueries: 45, numDocs: 10, d: 4 }, 42).length; // 64
 * ```
 */
export function initialEmbeddingsDigest(shape: { numQueries: number; numDocs: number; d: number }, seed: number): string {
  const { queries, documents } = initialEmbeddings(shape, seed);
  const hash = createHash('sha256');
  hash.update(new Uint8Array(queries.data.buffer, queries.data.byteOffset, queries.data.byteLength));
  hash.update(new Uint8Array(documents.data.buffer, documents.data.byteOffset, documents.data.byteLength));
  return hash.digest('hex');
}
