import { InvalidArgumentError, assertInteger } from '@limit/core';
import type { SparseMatrix } from './sparse-matrix.js';

/** Options of {@link encodeCharNgrams}. */
export interface CharNgramOptions {
  /** Shortest n-gram (default 3). */
  minN?: number;
  /** Longest n-gram (default 7). */
  maxN?: number;
  /** Hash buckets = output dimension (default 32,768). */
  dims?: number;
  /** Lowercase before extracting n-grams (default true). */
  lowercase?: boolean;
}

/**
 * The training-free character n-gram hashing encoder the LIMIT paper reports (93.9 recall@100 on
 * full LIMIT): every character n-gram of length minN…maxN (default 3–7) of the NFKC-normalised,
 * lowercased, whitespace-collapsed text is hashed (32-bit FNV-1a over its UTF-16 code units) into
 * one of `dims` buckets; a bucket's weight is log(1 + count), and each row is L2-normalised.
 *
 *   v[h] = ln(1 + #{n-grams g of the text : fnv1a(g) mod dims = h}),   v ← v / ‖v‖₂
 *
 * Texts shorter than minN are encoded as the single n-gram of the whole text (an empty text gives
 * an all-zero row). Similarity of two encodings is their sparse dot product (= cosine).
 *
 * @param texts - Texts to encode.
 * @param options - n-gram range, dimension, lowercasing.
 * @returns A CSR matrix `[texts.length, dims]` with columns ascending per row.
 * @throws InvalidArgumentError for minN < 1, maxN < minN, dims < 1 or a non-string text.
 * @example
 * const m = encodeCharNgrams(['Who likes apples?']);
 * m.indptr[1]; // number of non-zero buckets
 */
export function encodeCharNgrams(texts: readonly string[], options: CharNgramOptions = {}): SparseMatrix {
  const minN = assertInteger('minN', options.minN ?? 3, { min: 1 });
  const maxN = assertInteger('maxN', options.maxN ?? 7, { min: minN });
  const dims = assertInteger('dims', options.dims ?? 32_768, { min: 1 });
  const lowercase = options.lowercase ?? true;
  const counts = new Float64Array(dims);
  const touched: number[] = [];
  const indptr = new Int32Array(texts.length + 1);
  let indices = new Int32Array(Math.max(16, texts.length * 64));
  let values = new Float32Array(indices.length);
  let nnz = 0;
  for (let r = 0; r < texts.length; r++) {
    const raw = texts[r];
    if (typeof raw !== 'string') throw new InvalidArgumentError({ parameter: `texts[${r}]`, value: raw, message: 'texts must be strings' });
    let text = raw.normalize('NFKC').replace(/\s+/g, ' ').trim();
    if (lowercase) text = text.toLowerCase();
    touched.length = 0;
    const add = (h: number) => {
      if (counts[h] === 0) touched.push(h);
      counts[h]! += 1;
    };
    if (text.length > 0 && text.length < minN) add(fnv1a(text, 0, text.length) % dims);
    for (let start = 0; start < text.length; start++) {
      // extend the hash one character at a time: FNV-1a of text[start … start+n)
      let h = 0x811c9dc5;
      for (let n = 1; n <= maxN && start + n <= text.length; n++) {
        h = Math.imul(h ^ text.charCodeAt(start + n - 1), 0x01000193) >>> 0;
        if (n >= minN) add(h % dims);
      }
    }
    touched.sort((a, b) => a - b);
    let norm = 0;
    for (const h of touched) {
      const w = Math.log1p(counts[h]!);
      counts[h] = w;
      norm += w * w;
    }
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    if (nnz + touched.length > indices.length) {
      const size = Math.max(indices.length * 2, nnz + touched.length);
      const ni = new Int32Array(size);
      ni.set(indices.subarray(0, nnz));
      const nv = new Float32Array(size);
      nv.set(values.subarray(0, nnz));
      indices = ni;
      values = nv;
    }
    for (const h of touched) {
      indices[nnz] = h;
      values[nnz] = counts[h]! * inv;
      counts[h] = 0;
      nnz++;
    }
    indptr[r + 1] = nnz;
  }
  return { rows: texts.length, cols: dims, indptr, indices: indices.slice(0, nnz), values: values.slice(0, nnz) };
}

/** 32-bit FNV-1a of `s[start … end)` over UTF-16 code units. */
function fnv1a(s: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
