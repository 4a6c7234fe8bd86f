/**
 * A store of encoder outputs, keyed by the text (the cache itself is bound to one model file hash
 * and one set of encoder settings). Writes are staged and only become visible to later runs after
 * {@link EmbeddingCache.commit}; the encoder commits only when a whole `encode` call succeeded and
 * discards the staged entries otherwise, so nothing from a failed run is ever cached.
 * `@limit/eval/node` provides an on-disk implementation ({@link openDiskEmbeddingCache}).
 */
export interface EmbeddingCache {
  /** Cached rows of `text` (`rows × cols` floats; pooled outputs have one row), if any. */
  get(text: string): { rows: number; cols: number; data: Float32Array } | undefined;
  /** Stages an entry for the next commit. */
  stage(text: string, value: { rows: number; cols: number; data: Float32Array }): void;
  /** Makes staged entries durable (atomically). */
  commit(): Promise<void>;
  /** Drops staged entries. */
  discard(): void;
}
