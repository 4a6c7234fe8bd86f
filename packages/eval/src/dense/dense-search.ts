import { AbortedError, ShapeMismatchError, assertInteger, assertKnownOptions, assertOneOf } from '@limit/core';
import type { DenseMatrix } from '@limit/core';
import { dotBlock } from './dot-block.js';
import { TopKAccumulator } from '../retrieval/top-k.js';
import type { TopKResult } from '../retrieval/top-k.js';

/**
 * Computes raw dot products of all queries with a block of corpus rows: returns `[nq × count]`
 * row-major (`out[q·count + j] = queries[q] · corpus[start + j]`). The default is the JavaScript
 * kernel {@link dotBlock}; `@limit/eval/node` offers {@link createOnnxRuntimeScorer}, which runs the
 * block through onnxruntime-node's Gemm (MLAS, SIMD, multi-threaded).
 */
export interface BlockScorer {
  score(queries: DenseMatrix, corpus: DenseMatrix, start: number, count: number): Float32Array | Promise<Float32Array>;
  /** Releases native resources, if any. */
  dispose?(): Promise<void> | void;
  /**
   * True when `score` computes off the main thread and each call returns a fresh array: then
   * {@link denseSearch} requests block i + 1 before folding block i into the top-k (overlap).
   */
  readonly pipelined?: boolean;
}

/** Options of {@link denseSearch}. */
export interface DenseSearchOptions {
  /** Hits kept per query (≥ 1; capped at the corpus size). */
  k: number;
  /** `'dot'` (default) or `'cosine'` (dot of the L2-normalised rows; a zero row scores 0). */
  similarity?: 'dot' | 'cosine';
  /** Corpus rows scored per block (default 4096): memory is `nq × blockSize` floats. */
  blockSize?: number;
  /** Block kernel (default: the JavaScript {@link dotBlock}). */
  scorer?: BlockScorer;
  /** Called after each block with (corpus rows done, total). */
  onProgress?: (done: number, total: number) => void;
  /** Cancels between blocks. */
  signal?: AbortSignal;
}

/**
 * Exact (brute-force) top-k search of every query over a corpus of embeddings, by dot product or
 * cosine similarity. The corpus is processed in blocks; each block's `[nq × blockSize]` score matrix
 * feeds a running top-k per query (a bounded heap, {@link TopKAccumulator}), so no full sort and no
 * `[nq × nd]` matrix is ever materialised. Ties keep the lower corpus index.
 *
 * @param queries - `[nq, dim]` query embeddings.
 * @param corpus - `[nd, dim]` document embeddings.
 * @param options - See {@link DenseSearchOptions}.
 * @returns The top-k corpus indices and scores per query, best first.
 * @throws ShapeMismatchError when the dimensions differ.
 * @throws InvalidArgumentError for a bad k, blockSize or similarity.
 * @throws AbortedError when `signal` fires.
 * @example
 * const hits = await denseSearch(queryEmbeddings, docEmbeddings, { k: 100, similarity: 'cosine' });
 * hits.indices[0]; // best document of query 0
 */
export async function denseSearch(queries: DenseMatrix, corpus: DenseMatrix, options: DenseSearchOptions): Promise<TopKResult> {
  assertKnownOptions('options', options, ['k', 'similarity', 'blockSize', 'scorer', 'onProgress', 'signal'], { topK: 'k' });
  if (queries.cols !== corpus.cols) {
    throw new ShapeMismatchError({ parameter: 'corpus', expected: [-1, queries.cols], actual: [corpus.rows, corpus.cols], message: 'queries and corpus must have the same dimension' });
  }
  const k = assertInteger('k', options.k, { min: 1 });
  const similarity = assertOneOf('similarity', options.similarity ?? 'dot', ['dot', 'cosine'] as const);
  const blockSize = assertInteger('blockSize', options.blockSize ?? 4096, { min: 1 });
  const nq = queries.rows;
  const nd = corpus.rows;
  const acc = new TopKAccumulator(nq, Math.max(1, Math.min(k, nd)));
  const qScale = similarity === 'cosine' ? inverseNorms(queries) : undefined;
  const dScale = similarity === 'cosine' ? inverseNorms(corpus) : undefined;
  const buffer = new Float32Array(nq * Math.min(blockSize, Math.max(nd, 1)));
  const scorer = options.scorer;
  // With an asynchronous scorer (onnxruntime runs on its own threads), the next block is scored
  // while this thread folds the current one into the top-k.
  const launch = (start: number): Float32Array | Promise<Float32Array> =>
    scorer ? scorer.score(queries, corpus, start, Math.min(blockSize, nd - start)) : dotBlock(queries, corpus, start, Math.min(blockSize, nd - start), buffer);
  let pending = nd > 0 ? launch(0) : undefined;
  for (let start = 0; start < nd; start += blockSize) {
    if (options.signal?.aborted) {
      await pending;
      throw new AbortedError();
    }
    const count = Math.min(blockSize, nd - start);
    const scores = await pending!;
    pending = scorer?.pipelined && start + blockSize < nd ? launch(start + blockSize) : undefined;
    const thresholds = acc.thresholds;
    for (let q = 0; q < nq; q++) {
      const row = q * count;
      if (qScale === undefined || dScale === undefined) {
        for (let j = 0; j < count; j++) {
          const s = scores[row + j]!;
          if (s >= thresholds[q]!) acc.push(q, s, start + j);
        }
      } else {
        const sq = qScale[q]!;
        for (let j = 0; j < count; j++) {
          const s = scores[row + j]! * sq * dScale[start + j]!;
          if (s >= thresholds[q]!) acc.push(q, s, start + j);
        }
      }
    }
    options.onProgress?.(start + count, nd);
    if (!scorer?.pipelined && start + blockSize < nd) pending = launch(start + blockSize);
  }
  const result = acc.result();
  return k > acc.k ? padResult(result, k) : result;
}

function inverseNorms(m: DenseMatrix): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let t = i * m.cols, end = t + m.cols; t < end; t++) s += m.data[t]! * m.data[t]!;
    out[i] = s > 0 ? 1 / Math.sqrt(s) : 0;
  }
  return out;
}

function padResult(r: TopKResult, k: number): TopKResult {
  const indices = new Int32Array(r.rows * k).fill(-1);
  const scores = new Float32Array(r.rows * k).fill(Number.NEGATIVE_INFINITY);
  for (let q = 0; q < r.rows; q++) {
    indices.set(r.indices.subarray(q * r.k, (q + 1) * r.k), q * k);
    scores.set(r.scores.subarray(q * r.k, (q + 1) * r.k), q * k);
  }
  return { rows: r.rows, k, indices, scores };
}
