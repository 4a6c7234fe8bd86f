import { assertKnownOptions } from '@limit/core';
import { stemmer } from 'stemmer';

/**
 * Lucene's default English stop words (`EnglishAnalyzer.ENGLISH_STOP_WORDS_SET`, 33 words), the
 * list Pyserini's and Elasticsearch's English BM25 baselines drop.
 */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  'a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with'.split(' '),
);

/** Options of {@link createWordTokenizer}. */
export interface WordTokenizerOptions {
  /** Apply the Porter stemmer (package `stemmer`; default true). */
  stem?: boolean;
  /** Words dropped after lowercasing, before stemming (default {@link ENGLISH_STOP_WORDS}; pass an empty set to keep all). */
  stopWords?: ReadonlySet<string>;
}

/**
 * Creates the BM25 analyser: NFKC-normalise, lowercase, split into Unicode words (maximal runs of
 * letters, marks and digits — so "River Otters," gives `river`, `otters`), drop stop words, then
 * Porter-stem with the maintained `stemmer` package.
 *
 * @param options - Stemming and stop words.
 * @returns A function from text to tokens.
 * @example
 * createWordTokenizer()('Who likes River Otters?'); // ['who', 'like', 'river', 'otter']
 */
export function createWordTokenizer(options: WordTokenizerOptions = {}): (text: string) => string[] {
  assertKnownOptions('options', options, ['stem', 'stopWords']);
  const stem = options.stem ?? true;
  const stopWords = options.stopWords ?? ENGLISH_STOP_WORDS;
  const cache = new Map<string, string>();
  return (text: string): string[] => {
    const words = text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
    const out: string[] = [];
    for (const w of words) {
      if (stopWords.has(w)) continue;
      if (!stem) {
        out.push(w);
        continue;
      }
      let s = cache.get(w);
      if (s === undefined) {
        s = stemmer(w);
        if (cache.size < 1_000_000) cache.set(w, s);
      }
      out.push(s);
    }
    return out;
  };
}
