import {
  InvalidArgumentError,
  assertAllocationFits,
  assertInteger,
  assertOneOf,
  createRng,
  type Rng,
  type Seed,
} from '@limit/core';
import {
  QREL_PATTERNS,
  degreeHistogram,
  documentDegrees,
  minDocsForQueries,
  qrelPattern,
  type QrelMatrix,
  type QrelPatternName,
} from '@limit/combinatorics';
import { containsAnd, isRenderableAttribute, renderDocumentTextUnchecked, renderQueryText } from './limit-text.js';
import { chooseQueryItems } from './internal/choose-query-items.js';
import type { CorpusDocument, LimitDataset, Qrel, Query } from './types.js';
import { LIMIT_VOCABULARY } from './words/limit-vocabulary.js';
import { FIRST_NAMES } from './words/first-names.js';
import { SURNAMES } from './words/surnames.js';

/** Options of {@link generateLimitDataset}. Every field is optional. */
export interface GenerateLimitDatasetOptions {
  /** `'small'` (only the relevant documents, like LIMIT-small) or `'full'` (50,000 documents). Default `'full'`. */
  size?: 'small' | 'full';
  /** Total documents. Default: `relevantDocs` for small, 50,000 for full. Must be ≥ `relevantDocs`. */
  numDocs?: number;
  /** Number of queries (one attribute each). Default 1000. */
  numQueries?: number;
  /** Relevant documents per query. Default 2. */
  k?: number;
  /** Qrel pattern among the relevant documents (see `qrelPattern`). Default `'dense'`. */
  pattern?: QrelPatternName;
  /** Distinct attributes listed by every document, query attributes included. Default 45. */
  attributesPerDoc?: number;
  /**
   * How many documents the qrel pattern spreads over (the rest are distractors). Default by
   * pattern: dense → the smallest n with C(n, k) ≥ numQueries (46 for LIMIT); random →
   * max(that, ⌈2 · numQueries · k / attributesPerDoc⌉) so random degrees stay below
   * attributesPerDoc (89 for LIMIT's sizes); cycle → numQueries; disjoint → numQueries · k.
   */
  relevantDocs?: number;
  /** Seed of every random choice. Default 0. */
  seed?: Seed;
  /**
   * Attribute vocabulary. Default {@link LIMIT_VOCABULARY} (1,850 items with the official release's
   * kind of overlap). Items may contain "and" but no commas.
   */
  attributes?: readonly string[];
  /** Given names. Default {@link FIRST_NAMES}. */
  firstNames?: readonly string[];
  /** Family names. Default {@link SURNAMES}. */
  surnames?: readonly string[];
}

/** Summary of a generated dataset. */
export interface LimitDatasetStats {
  readonly numDocs: number;
  readonly numQueries: number;
  readonly numQrels: number;
  readonly k: number;
  readonly pattern: QrelPatternName;
  readonly attributesPerDoc: number;
  /** Documents the qrel pattern spreads over (46 for LIMIT). */
  readonly relevantDocs: number;
  /** Corpus positions of the pattern's documents, ascending (pattern document j sits at position j's entry). */
  readonly relevantPositions: Int32Array;
  /** `[degree, documents]` pairs, highest degree first, distractors (degree 0) included. */
  readonly degreeHistogram: ReadonlyArray<readonly [number, number]>;
  /** Size of the attribute vocabulary (numQueries of them are query attributes). */
  readonly vocabularySize: number;
}

/** How a dataset was generated: enough to generate it again (written to `limit-dataset.json` by `writeDataset`). */
export interface GeneratorRecord {
  readonly package: '@limit/datasets';
  readonly function: 'generateLimitDataset';
  /** Every option, resolved (defaults filled in); a custom word list is recorded as `{ custom: <its length> }`. */
  readonly options: {
    readonly size: 'small' | 'full';
    readonly numDocs: number;
    readonly numQueries: number;
    readonly k: number;
    readonly pattern: QrelPatternName;
    readonly attributesPerDoc: number;
    readonly relevantDocs: number;
    readonly seed: Seed;
    readonly attributes: 'default' | { readonly custom: number };
    readonly firstNames: 'default' | { readonly custom: number };
    readonly surnames: 'default' | { readonly custom: number };
  };
}

/** A generated dataset: the three record lists, the relevance matrix over corpus positions, stats and the generator record. */
export interface GeneratedLimitDataset extends LimitDataset {
  /** Relevance as a CSR matrix: row i = query i, columns = corpus positions. */
  readonly relevance: QrelMatrix;
  readonly stats: LimitDatasetStats;
  /** How it was generated (every option resolved, seed included). */
  readonly generator: GeneratorRecord;
}

/** Number of documents in the full LIMIT corpus. */
export const FULL_LIMIT_DOCS = 50_000;

/**
 * Generates a LIMIT-style dataset offline and deterministically (arXiv 2508.21038, §4): documents
 * "First Last likes A, B, … Y and Z." (no serial comma, as in the release) and queries "Who likes
 * X?", where each query's item X is listed by exactly its k relevant documents and by no other.
 * "Listed" is at the item level: X's words may well occur in other items of other documents
 * ("Trees" in "Palm Trees"), as in the release — that lexical overlap is what makes LIMIT hard for
 * BM25.
 *
 * Construction (every random choice comes from `createRng(seed)` split into streams):
 * 1. The relevance structure is `qrelPattern({ pattern, numDocs: relevantDocs, numQueries, k })`;
 *    for the defaults it is LIMIT's: the first 1000 pairs, in itertools order, of 46 documents, so
 *    37 documents are relevant to 45 queries, 2 to 38 and 7 to 37.
 * 2. The attribute vocabulary is shuffled and numQueries query attributes are taken from it so that
 *    query lengths follow the official release's (580 / 335 / 61 / 18 / 6 queries of 3 … 7 words per
 *    1,000, i.e. items of 1 … 5 words) with at most one "and" item per 1,000 queries, as in the
 *    release (query i asks about the i-th chosen, in shuffled order); the rest are filler attributes.
 * 3. Relevant documents are placed at uniformly random corpus positions (pattern document j at the
 *    j-th smallest chosen position, so for `size: 'small'` the order is the pattern's); every other
 *    position is a distractor. This mirrors the official release, where the 46 relevant documents
 *    sit among 49,954 distractors.
 * 4. Each document lists exactly attributesPerDoc distinct attributes: its query attributes plus
 *    fillers drawn without replacement from the filler attributes (distractors take fillers only),
 *    in shuffled order; an item containing "and" is then swapped out of the last two places (so
 *    "… Y and Z." always splits unambiguously). Names are distinct First × Last pairs.
 *
 * @param options see {@link GenerateLimitDatasetOptions}.
 * @returns corpus (numDocs documents in position order), queries (`query_0` …), qrels (score 1,
 *   by query then position), the CSR `relevance` matrix and `stats`.
 * @throws InvalidArgumentError naming the option: `size`, `pattern` (unknown), `numDocs`,
 *   `numQueries`, `k`, `attributesPerDoc`, `relevantDocs` (not positive integers, or inconsistent:
 *   numDocs < relevantDocs; a document relevant to more queries than attributesPerDoc; more
 *   queries than attributes; fewer filler attributes than a document needs; more documents than
 *   distinct names), plus every error of `qrelPattern`.
 * @example
 * const small = generateLimitDataset({ size: 'small', seed: 0 });
 * small.corpus.length;  // 46
 * small.queries[0].text; // 'Who likes …?'
 * small.qrels.length;   // 2000
 * const full = generateLimitDataset({ seed: 0 }); // 50,000 documents, same queries and qrels structure
 */
export function generateLimitDataset(options: GenerateLimitDatasetOptions = {}): GeneratedLimitDataset {
  const size = assertOneOf('size', options.size ?? 'full', ['small', 'full'] as const);
  const pattern = assertOneOf('pattern', options.pattern ?? 'dense', QREL_PATTERNS);
  const numQueries = assertInteger('numQueries', options.numQueries ?? 1000, { min: 1 });
  const k = assertInteger('k', options.k ?? 2, { min: 1 });
  const attributesPerDoc = assertInteger('attributesPerDoc', options.attributesPerDoc ?? 45, { min: 1 });
  const attributes = checkWordList('attributes', options.attributes ?? LIMIT_VOCABULARY);
  for (const a of attributes) {
    if (!isRenderableAttribute(a)) {
      throw new InvalidArgumentError({
        parameter: 'attributes',
        value: a,
        message: `attribute ${JSON.stringify(a)} must not contain a comma, surrounding spaces, or start or end with "and" (documents would be ambiguous)`,
      });
    }
  }
  const firstNames = checkWordList('firstNames', options.firstNames ?? FIRST_NAMES);
  const surnames = checkWordList('surnames', options.surnames ?? SURNAMES);

  const defaultRelevant =
    pattern === 'dense'
      ? minDocsForQueries(numQueries, k)
      : pattern === 'random'
        ? Math.max(minDocsForQueries(numQueries, k), Math.ceil((2 * numQueries * k) / attributesPerDoc))
        : pattern === 'cycle'
          ? Math.max(numQueries, k)
          : numQueries * k;
  const relevantDocs = assertInteger('relevantDocs', options.relevantDocs ?? defaultRelevant, { min: k });
  const numDocs = assertInteger('numDocs', options.numDocs ?? (size === 'small' ? relevantDocs : FULL_LIMIT_DOCS), { min: 1 });
  if (numDocs < relevantDocs) {
    throw new InvalidArgumentError({
      parameter: 'numDocs',
      value: numDocs,
      message: `numDocs (${numDocs}) must be ≥ relevantDocs (${relevantDocs}), the documents the ${pattern} pattern needs for ${numQueries} queries with k = ${k}`,
    });
  }
  if (numQueries > attributes.length) {
    throw new InvalidArgumentError({
      parameter: 'numQueries',
      value: numQueries,
      message: `numQueries (${numQueries}) must be ≤ the ${attributes.length} available attributes (each query needs its own)`,
    });
  }
  if (numDocs > firstNames.length * surnames.length) {
    throw new InvalidArgumentError({
      parameter: 'numDocs',
      value: numDocs,
      message: `numDocs (${numDocs}) exceeds the ${firstNames.length * surnames.length} distinct first × last names`,
    });
  }
  // The texts are built in memory: refuse, before building them, a corpus that cannot fit (about 2 bytes per
  // character of the attributes each document lists, plus its name and the sentence around them).
  const meanAttribute = attributes.reduce((sum, a) => sum + a.length + 2, 0) / Math.max(1, attributes.length);
  assertAllocationFits('numDocs', numDocs, {
    what: `a corpus of ${numDocs} documents with ${attributesPerDoc} attributes each`,
    bytes: numDocs * (2 * (attributesPerDoc * meanAttribute + 40) + 200) + numQueries * 300,
    largest: { elements: numDocs, what: 'the list of documents' },
  });

  const root = createRng(options.seed ?? 0);
  const patternRng = root.split();
  const attributeRng = root.split();
  const placementRng = root.split();
  const nameRng = root.split();
  const textRng = root.split();

  // 1. Relevance structure over the pattern's documents.
  const pat = qrelPattern({ pattern, numDocs: relevantDocs, numQueries, k, rng: patternRng });
  const degrees = documentDegrees(pat);
  let maxDegree = 0;
  let minDegree = Number.POSITIVE_INFINITY;
  for (const d of degrees) {
    maxDegree = Math.max(maxDegree, d);
    minDegree = Math.min(minDegree, d);
  }
  if (maxDegree > attributesPerDoc) {
    throw new InvalidArgumentError({
      parameter: 'attributesPerDoc',
      value: attributesPerDoc,
      message: `a document is relevant to ${maxDegree} queries, so attributesPerDoc (${attributesPerDoc}) must be ≥ ${maxDegree} (or raise relevantDocs)`,
    });
  }

  // 2. Query attributes and fillers.
  const vocab = attributeRng.shuffle([...attributes]);
  const { queryItems: queryAttributes, fillers } = chooseQueryItems(vocab, numQueries, attributeRng);
  const maxFill = attributesPerDoc - (numDocs > relevantDocs ? 0 : minDegree);
  if (fillers.length < maxFill) {
    throw new InvalidArgumentError({
      parameter: 'attributesPerDoc',
      value: attributesPerDoc,
      message: `documents need up to ${maxFill} filler attributes but only ${fillers.length} attributes are left after the ${numQueries} query attributes`,
    });
  }

  // 3. Placement: pattern document j → corpus position positions[j].
  const positions = randomSortedSubset(numDocs, relevantDocs, placementRng);
  const patternDocAt = new Int32Array(numDocs).fill(-1);
  for (let j = 0; j < relevantDocs; j++) patternDocAt[positions[j]!] = j;

  const queryAttrsOfDoc: string[][] = Array.from({ length: relevantDocs }, () => []);
  for (let i = 0; i < numQueries; i++) {
    for (let p = pat.offsets[i]!; p < pat.offsets[i + 1]!; p++) queryAttrsOfDoc[pat.docs[p]!]!.push(queryAttributes[i]!);
  }

  // 4. Names and texts.
  const names = distinctNames(numDocs, firstNames, surnames, nameRng);
  const fillerOrder = Int32Array.from({ length: fillers.length }, (_, i) => i);
  const distractorPool = numDocs > relevantDocs ? distractorFillerPool(fillers, queryAttributes) : undefined;
  const stamp = new Int32Array(fillers.length).fill(-1);
  const corpus: CorpusDocument[] = new Array<CorpusDocument>(numDocs);
  for (let pos = 0; pos < numDocs; pos++) {
    const j = patternDocAt[pos]!;
    const liked = j >= 0 ? queryAttrsOfDoc[j]!.slice() : [];
    const need = attributesPerDoc - liked.length;
    if (j < 0 && distractorPool !== undefined && distractorPool.distinct >= need) {
      // Distractors draw fillers without replacement, weighted towards items sharing a word with
      // some query item (see distractorFillerPool): rejection on a repeated draw.
      let got = 0;
      while (got < need) {
        const f = distractorPool.pool[textRng.integer(distractorPool.pool.length)]!;
        if (stamp[f] === pos) continue;
        stamp[f] = pos;
        liked.push(fillers[f]!);
        got++;
      }
    } else
    // Partial Fisher–Yates: the first `need` entries of fillerOrder become a uniform sample.
    for (let t = 0; t < need; t++) {
      const r = t + textRng.integer(fillerOrder.length - t);
      const tmp = fillerOrder[t]!;
      fillerOrder[t] = fillerOrder[r]!;
      fillerOrder[r] = tmp;
      liked.push(fillers[fillerOrder[t]!]!);
    }
    textRng.shuffle(liked);
    keepAndItemsOffTheEnd(liked);
    const name = names[pos]!;
    corpus[pos] = { _id: name, title: '', text: renderDocumentTextUnchecked(name, liked) };
  }

  const queries: Query[] = queryAttributes.map((a, i) => ({ _id: `query_${i}`, text: renderQueryText(a) }));
  const relOffsets = new Int32Array(numQueries + 1);
  const relDocs = new Int32Array(pat.docs.length);
  const qrels: Qrel[] = [];
  for (let i = 0; i < numQueries; i++) {
    // positions is increasing in j, so mapping keeps each row sorted.
    for (let p = pat.offsets[i]!; p < pat.offsets[i + 1]!; p++) {
      const pos = positions[pat.docs[p]!]!;
      relDocs[p] = pos;
      qrels.push({ queryId: queries[i]!._id, docId: corpus[pos]!._id, score: 1 });
    }
    relOffsets[i + 1] = pat.offsets[i + 1]!;
  }
  const relevance: QrelMatrix = { numQueries, numDocs, offsets: relOffsets, docs: relDocs };

  const list = (given: readonly string[] | undefined) => (given === undefined ? ('default' as const) : { custom: given.length });
  const generator: GeneratorRecord = {
    package: '@limit/datasets',
    function: 'generateLimitDataset',
    options: {
      size,
      numDocs,
      numQueries,
      k,
      pattern,
      attributesPerDoc,
      relevantDocs,
      seed: options.seed ?? 0,
      attributes: list(options.attributes),
      firstNames: list(options.firstNames),
      surnames: list(options.surnames),
    },
  };
  return {
    corpus,
    queries,
    qrels,
    relevance,
    generator,
    stats: {
      numDocs,
      numQueries,
      numQrels: qrels.length,
      k,
      pattern,
      attributesPerDoc,
      relevantDocs,
      relevantPositions: positions,
      degreeHistogram: degreeHistogram(relevance),
      vocabularySize: attributes.length,
    },
  };
}

function checkWordList(parameter: string, list: readonly string[]): readonly string[] {
  if (!Array.isArray(list) || list.length === 0) {
    throw new InvalidArgumentError({ parameter, value: list, message: `${parameter} must be a non-empty array of strings` });
  }
  const seen = new Set<string>();
  for (const w of list) {
    if (typeof w !== 'string' || w.trim() === '') {
      throw new InvalidArgumentError({ parameter, value: w, message: `${parameter} must contain non-empty strings` });
    }
    const key = w.toLowerCase();
    if (seen.has(key)) throw new InvalidArgumentError({ parameter, value: w, message: `${parameter} lists ${JSON.stringify(w)} twice` });
    seen.add(key);
  }
  return list;
}

/**
 * Moves items containing "and" out of the last two places (swapping with the first plain items),
 * so "… Y and Z." has exactly one " and " between Y and Z. Deterministic; uses no randomness.
 */
function keepAndItemsOffTheEnd(items: string[]): void {
  const n = items.length;
  let next = 0;
  for (let end = Math.max(0, n - 2); end < n; end++) {
    if (!containsAnd(items[end]!)) continue;
    while (next < n - 2 && containsAnd(items[next]!)) next++;
    if (next >= n - 2) return; // nothing to swap with: the text needs knownItems to parse
    const t = items[end]!;
    items[end] = items[next]!;
    items[next] = t;
    next++;
  }
}

/** How much more often a distractor lists a filler per query item sharing a word with it: chosen by scanning a few values on seed 0 against issue 22's full-LIMIT BM25 targets (see the README). */
const DISTRACTOR_OVERLAP_WEIGHT = 0.05;

/**
 * The distractors' filler distribution: filler f appears 1 + round(w · q_f) times in the pool, where
 * q_f counts the query items sharing a word with f and w = {@link DISTRACTOR_OVERLAP_WEIGHT}. The
 * release's 49,954 distractors carry only items no query asks for, yet BM25 meets them at R@2 far
 * more often than on LIMIT-small (85.7 against 97.8): its fillers share query words more often than
 * a uniform draw of ours does.
 */
function distractorFillerPool(fillers: readonly string[], queryItems: readonly string[]): { pool: Int32Array; distinct: number } {
  const words = (a: string) => new Set((a.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w !== 'and'));
  const queryItemsOfWord = new Map<string, number>();
  for (const q of queryItems) for (const w of words(q)) queryItemsOfWord.set(w, (queryItemsOfWord.get(w) ?? 0) + 1);
  const copies = fillers.map((f) => {
    let q = 0;
    for (const w of words(f)) q += queryItemsOfWord.get(w) ?? 0;
    return 1 + Math.round(DISTRACTOR_OVERLAP_WEIGHT * q);
  });
  const pool = new Int32Array(copies.reduce((a, b) => a + b, 0));
  let at = 0;
  copies.forEach((c, f) => pool.fill(f, at, (at += c)));
  return { pool, distinct: fillers.length };
}

/** A uniformly random `count`-subset of [0, n), ascending (partial Fisher–Yates over n indices). */
function randomSortedSubset(n: number, count: number, rng: Rng): Int32Array {
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  for (let t = 0; t < count; t++) {
    const r = t + rng.integer(n - t);
    const tmp = idx[t]!;
    idx[t] = idx[r]!;
    idx[r] = tmp;
  }
  return idx.slice(0, count).sort();
}

/** `count` distinct "First Last" names, in random order (Floyd's algorithm over the F × L grid). */
function distinctNames(count: number, first: readonly string[], last: readonly string[], rng: Rng): string[] {
  const total = first.length * last.length;
  const chosen = new Set<number>();
  for (let j = total - count; j < total; j++) {
    const t = rng.integer(j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  const cells = rng.shuffle([...chosen]);
  return cells.map((c) => `${first[Math.floor(c / last.length)]} ${last[c % last.length]}`);
}
