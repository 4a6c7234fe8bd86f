import type { EmbeddingCache } from './embedding-cache.js';

/**
 * An in-memory {@link EmbeddingCache} factory: entries live for the lifetime of the returned
 * function (e.g. to encode a corpus once and evaluate several Matryoshka `dims`). Like the disk
 * cache, staged entries become visible only on commit.
 *
 * @example
 * const encoder = await loadOnnxEncoder(dir, { cache: createMemoryEmbeddingCache() });
 * await encoder.encode(docs, { dims: 64 });
 * await encoder.encode(docs, { dims: 128 }); // no model call: served from memory
 */
export function createMemoryEmbeddingCache(): (namespace: string) => EmbeddingCache {
  const store = new Map<string, { rows: number; cols: number; data: Float32Array }>();
  return (namespace) => {
    const staged = new Map<string, { rows: number; cols: number; data: Float32Array }>();
    const key = (text: string) => `${namespace}\0${text}`;
    return {
      get: (text) => store.get(key(text)),
      stage: (text, value) => void staged.set(key(text), value),
      async commit() {
        for (const [k, v] of staged) store.set(k, v);
        staged.clear();
      },
      discard: () => staged.clear(),
    };
  };
}
