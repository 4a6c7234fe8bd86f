import { AbortedError, ShapeMismatchError, assertInteger, assertKnownOptions } from '@limit/core';
import { dotBlock } from './dot-block.js';
import type { TokenEmbeddings } from './token-embeddings.js';
import { TopKAccumulator } from '../retrieval/top-k.js';
import type { TopKResult } from '../retrieval/top-k.js';

/** Options of {@link maxSimSearch}. */
export interface MaxSimSearchOptions {
  /** Hits per query (≥ 1). */
  k: number;
  /** Documents per block (default 256): memory is (query tokens × block tokens) floats. */
  blockSize?: number;
  /** Called after each block with (documents done, total). */
  onProgress?: (done: number, total: number) => void;
  /** Cancels between blocks. */
  signal?: AbortSignal;
}

/**
 * Exact multi-vector (ColBERT late-interaction) retrieval: the MaxSim score of a query and a
 * document is the sum, over query tokens, of the best dot product with any document token,
 *
 *   MaxSim(q, d) = Σ_i max_j ⟨q_i, d_j⟩
 *
 * computed on the CPU in Float32 without tfjs: for each block of documents, all query tokens are
 * multiplied with the block's tokens by the register-tiled {@link dotBlock} kernel, reduced by max
 * per (query token, document), summed per query, and fed to a running top-k per query. It computes
 * the same quantity as `@limit/losses`' `maxSim` (a tfjs op for training), blocked so that the
 * `[queries, documents]` matrix of a large corpus is never materialised.
 *
 * @param queries - Query token embeddings (see {@link TokenEmbeddings}).
 * @param docs - Document token embeddings, same dim.
 * @param options - k, blockSize, progress, signal.
 * @throws ShapeMismatchError when the dims differ.
 * @example
 * const hits = maxSimSearch(await enc.encodeTokens(queries), await enc.encodeTokens(docs), { k: 10 });
 */
export function maxSimSearch(queries: TokenEmbeddings, docs: TokenEmbeddings, options: MaxSimSearchOptions): TopKResult {
  assertKnownOptions('options', options, ['k', 'blockSize', 'onProgress', 'signal'], { topK: 'k' });
  if (queries.dim !== docs.dim) throw new ShapeMismatchError({ parameter: 'docs', expected: [-1, queries.dim], actual: [-1, docs.dim] });
  const k = assertInteger('k', options.k, { min: 1 });
  const blockSize = assertInteger('blockSize', options.blockSize ?? 256, { min: 1 });
  const dim = queries.dim;
  const nqTokens = queries.offsets[queries.count]!;
  const qm = { rows: nqTokens, cols: dim, data: queries.data };
  const dm = { rows: docs.offsets[docs.count]!, cols: dim, data: docs.data };
  const acc = new TopKAccumulator(queries.count, k);
  for (let d0 = 0; d0 < docs.count; d0 += blockSize) {
    if (options.signal?.aborted) throw new AbortedError();
    const d1 = Math.min(docs.count, d0 + blockSize);
    const t0 = docs.offsets[d0]!;
    const nt = docs.offsets[d1]! - t0;
    const s = dotBlock(qm, dm, t0, nt, new Float32Array(nqTokens * nt));
    for (let d = d0; d < d1; d++) {
      const a = docs.offsets[d]! - t0;
      const b = docs.offsets[d + 1]! - t0;
      for (let q = 0; q < queries.count; q++) {
        let total = 0;
        for (let i = queries.offsets[q]!; i < queries.offsets[q + 1]!; i++) {
          let best = Number.NEGATIVE_INFINITY;
          const row = i * nt;
          for (let j = a; j < b; j++) if (s[row + j]! > best) best = s[row + j]!;
          if (b > a) total += best;
        }
        acc.push(q, b > a ? total : Number.NEGATIVE_INFINITY, d);
      }
    }
    options.onProgress?.(d1, docs.count);
  }
  return acc.result();
}
