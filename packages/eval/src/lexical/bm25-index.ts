import { AbortedError, InvalidArgumentError, assertInteger, assertKnownOptions, assertNonNegative } from '@limit/core';
import { TopKAccumulator } from '../retrieval/top-k.js';
import type { TopKResult } from '../retrieval/top-k.js';
import { createWordTokenizer } from './word-tokenizer.js';

/** Options of {@link Bm25Index}. */
export interface Bm25Options {
  /** Term-frequency saturation k1 ≥ 0 (default 1.5, as bm25s, MTEB's BM25 baseline). */
  k1?: number;
  /** Length normalisation b ∈ [0, 1] (default 0.75). */
  b?: number;
  /** Text → tokens (default {@link createWordTokenizer}: Unicode words, Lucene English stop words, Porter stemming). */
  tokenize?: (text: string) => string[];
}

/** Options of {@link Bm25Index.search}. */
export interface Bm25SearchOptions {
  /** Hits per query (≥ 1). */
  k: number;
  /** Called with (queries done, total). */
  onProgress?: (done: number, total: number) => void;
  /** Cancels between queries. */
  signal?: AbortSignal;
}

/**
 * Okapi BM25 over an inverted index, with Lucene's (and Pyserini's, bm25s' "lucene" method) idf:
 *
 *   score(q, d) = Σ_{t ∈ q} idf(t) · tf(t,d) · (k1 + 1) / (tf(t,d) + k1 · (1 − b + b · |d| / avgdl))
 *   idf(t)      = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5))
 *
 * Each distinct query term counts once; |d| is the token count after analysis. The constructor
 * builds the index (postings are typed arrays, doc ids ascending); {@link Bm25Index.search} scores
 * with term-at-a-time accumulation and keeps a running top-k (ties: lower document index first).
 *
 * @example
 * const index = new Bm25Index(['Jon likes apples.', 'Ann likes pears.']);
 * const hits = index.search(['Who likes pears?'], { k: 1 });
 * hits.indices[0]; // 1
 */
export class Bm25Index {
  /** Number of indexed documents N. */
  readonly numDocs: number;
  /** Mean document length in tokens. */
  readonly averageLength: number;
  /** k1 in use. */
  readonly k1: number;
  /** b in use. */
  readonly b: number;
  private readonly tokenize: (text: string) => string[];
  private readonly terms = new Map<string, number>();
  private readonly postingsDocs: Int32Array[] = [];
  private readonly postingsTf: Float32Array[] = [];
  private readonly docLengths: Float32Array;

  /**
   * @param documents - Document texts (for BEIR-style corpora pass `title + ' ' + text`), or
   *   `{ tokens }`: documents already analysed with the same `tokenize` (lets callers tokenise in
   *   chunks and yield to the event loop).
   * @param options - k1, b and the tokenizer.
   * @throws InvalidArgumentError for k1 < 0, b outside [0, 1], or a non-string document.
   */
  constructor(documents: readonly string[] | { readonly tokens: readonly (readonly string[])[] }, options: Bm25Options = {}) {
    assertKnownOptions('options', options, ['k1', 'b', 'tokenize']);
    this.k1 = assertNonNegative('k1', options.k1 ?? 1.5);
    this.b = assertNonNegative('b', options.b ?? 0.75);
    if (this.b > 1) throw new InvalidArgumentError({ parameter: 'b', value: this.b, message: `b (${this.b}) must be ≤ 1` });
    this.tokenize = options.tokenize ?? createWordTokenizer();
    const pre = Array.isArray(documents) ? undefined : (documents as { readonly tokens: readonly (readonly string[])[] }).tokens;
    const texts = Array.isArray(documents) ? (documents as readonly string[]) : undefined;
    const n = pre?.length ?? texts?.length ?? 0;
    this.numDocs = n;
    this.docLengths = new Float32Array(n);
    const docs: number[][] = [];
    const tfs: number[][] = [];
    let total = 0;
    const counts = new Map<number, number>();
    for (let d = 0; d < n; d++) {
      let tokens: readonly string[];
      if (pre !== undefined) tokens = pre[d]!;
      else {
        const text = texts![d];
        if (typeof text !== 'string') throw new InvalidArgumentError({ parameter: `documents[${d}]`, value: text, message: 'documents must be strings' });
        tokens = this.tokenize(text);
      }
      this.docLengths[d] = tokens.length;
      total += tokens.length;
      counts.clear();
      for (const token of tokens) {
        let id = this.terms.get(token);
        if (id === undefined) {
          id = this.terms.size;
          this.terms.set(token, id);
          docs.push([]);
          tfs.push([]);
        }
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      for (const [id, tf] of counts) {
        docs[id]!.push(d);
        tfs[id]!.push(tf);
      }
    }
    for (let t = 0; t < docs.length; t++) {
      this.postingsDocs.push(Int32Array.from(docs[t]!));
      this.postingsTf.push(Float32Array.from(tfs[t]!));
    }
    this.averageLength = n > 0 ? total / n : 0;
  }

  /** Number of distinct terms in the index. */
  get vocabularySize(): number {
    return this.terms.size;
  }

  /** Lucene idf of an analysed term (0 when the term does not occur). */
  idf(term: string): number {
    const id = this.terms.get(term);
    if (id === undefined) return 0;
    const df = this.postingsDocs[id]!.length;
    return Math.log(1 + (this.numDocs - df + 0.5) / (df + 0.5));
  }

  /**
   * Top-k documents for each query.
   *
   * @param queries - Query texts.
   * @param options - k, progress and cancellation.
   * @returns Top-k document indices and BM25 scores per query (documents sharing no term with the
   *   query are never returned; their slots hold −1).
   * @throws InvalidArgumentError for a bad k or a non-string query.
   * @throws AbortedError when `signal` fires.
   */
  search(queries: readonly string[], options: Bm25SearchOptions): TopKResult {
    assertKnownOptions('options', options, ['k', 'onProgress', 'signal'], { topK: 'k' });
    const k = assertInteger('k', options.k, { min: 1 });
    const acc = new TopKAccumulator(queries.length, k);
    const scores = new Float64Array(this.numDocs);
    const touched = new Int32Array(this.numDocs);
    const norm = new Float64Array(this.numDocs);
    const { k1, b } = this;
    const avg = this.averageLength > 0 ? this.averageLength : 1;
    for (let d = 0; d < this.numDocs; d++) norm[d] = k1 * (1 - b + (b * this.docLengths[d]!) / avg);
    for (let q = 0; q < queries.length; q++) {
      if (options.signal?.aborted) throw new AbortedError();
      const text = queries[q];
      if (typeof text !== 'string') throw new InvalidArgumentError({ parameter: `queries[${q}]`, value: text, message: 'queries must be strings' });
      let nTouched = 0;
      for (const term of new Set(this.tokenize(text))) {
        const id = this.terms.get(term);
        if (id === undefined) continue;
        const docs = this.postingsDocs[id]!;
        const tfs = this.postingsTf[id]!;
        const idf = Math.log(1 + (this.numDocs - docs.length + 0.5) / (docs.length + 0.5));
        const scale = idf * (k1 + 1);
        for (let i = 0; i < docs.length; i++) {
          const d = docs[i]!;
          const tf = tfs[i]!;
          if (scores[d] === 0) touched[nTouched++] = d;
          scores[d]! += (scale * tf) / (tf + norm[d]!);
        }
      }
      for (let i = 0; i < nTouched; i++) {
        const d = touched[i]!;
        acc.push(q, scores[d]!, d);
        scores[d] = 0;
      }
      options.onProgress?.(q + 1, queries.length);
    }
    return acc.result();
  }
}
