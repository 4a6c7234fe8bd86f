import { parseDocumentText, parseQueryText } from './limit-text.js';
import type { LimitDataset } from './types.js';

/** Summary statistics of a dataset (generated or read from disk). */
export interface DatasetStats {
  readonly numDocs: number;
  readonly numQueries: number;
  readonly numQrels: number;
  /** `[relevant queries, documents]` pairs, highest first; documents no qrel names count as degree 0. */
  readonly degreeHistogram: ReadonlyArray<readonly [number, number]>;
  /** `[relevant documents, queries]` pairs, highest first. */
  readonly relevantPerQuery: ReadonlyArray<readonly [number, number]>;
  /**
   * `[attributes, documents]` pairs for documents whose text has the LIMIT form "X likes A, … Y and Z.";
   * documents in another form are counted in `unparsedDocs`.
   */
  readonly attributesPerDoc: ReadonlyArray<readonly [number, number]>;
  readonly unparsedDocs: number;
  /** Statistics of the texts, comparable with the official release's (see {@link DatasetTextStats}). */
  readonly text: DatasetTextStats;
}

/**
 * Text statistics of a LIMIT-style dataset, as the datasets README compares them with the official
 * LIMIT-small. Words are whitespace-separated tokens for lengths; for overlap, lower-cased runs of
 * letters and digits, "and" excluded.
 */
export interface DatasetTextStats {
  /** Words per document text: mean, min, max (official LIMIT-small: 73.1, 63, 84). */
  readonly wordsPerDocument: { readonly mean: number; readonly min: number; readonly max: number };
  /** Distinct items listed by the parsed documents (official LIMIT-small: 1,067). */
  readonly distinctItems: number;
  /** Mean words per distinct item (official: 1.54). */
  readonly wordsPerItem: number;
  /** Fraction of distinct items that share a word with another distinct item (official: 0.34). */
  readonly itemsSharingWord: number;
  /** `[words, queries]` pairs of query lengths, shortest first (official: 3: 580, 4: 335, 5: 61, 6: 18, 7: 6). */
  readonly queryWords: ReadonlyArray<readonly [number, number]>;
  /**
   * Mean, over queries "Who likes X?", of the number of non-relevant documents whose text contains
   * at least one word of X (official: 3.9). 0 when no query has that form.
   */
  readonly queryWordReach: number;
}

/**
 * Counts documents, queries and qrels and histograms the relevance structure of a dataset: how
 * many queries each document is relevant to (LIMIT-small: 37 × 45, 2 × 38, 7 × 37), how many
 * documents each query has, and how many attributes each document lists.
 *
 * Qrels with score ≤ 0 (explicitly non-relevant) are counted in `numQrels` but not in the degree
 * histograms.
 *
 * @param dataset corpus, queries and qrels.
 * @returns the {@link DatasetStats}.
 * @example
 * const s = datasetStats(generateLimitDataset({ size: 'small' }));
 * s.degreeHistogram; // [[45, 37], [38, 2], [37, 7]]
 */
export function datasetStats(dataset: LimitDataset): DatasetStats {
  const docDegree = new Map<string, number>();
  for (const d of dataset.corpus) docDegree.set(d._id, 0);
  const queryCount = new Map<string, number>();
  for (const q of dataset.queries) queryCount.set(q._id, 0);
  for (const r of dataset.qrels) {
    if (!(r.score > 0)) continue;
    docDegree.set(r.docId, (docDegree.get(r.docId) ?? 0) + 1);
    queryCount.set(r.queryId, (queryCount.get(r.queryId) ?? 0) + 1);
  }
  const attrCounts: number[] = [];
  let unparsedDocs = 0;
  // Items known from queries and from unambiguous positions resolve final "X and Y" pairs whose
  // items contain "and" ("Tea and Fish and Chips.").
  const knownItems = new Set<string>();
  for (const q of dataset.queries) {
    try {
      knownItems.add(parseQueryText(q.text));
    } catch {
      // not a LIMIT query
    }
  }
  for (const d of dataset.corpus) {
    const m = /^.+? likes (.+)\.$/s.exec(d.text);
    if (m) for (const piece of m[1]!.split(', ').slice(0, -1)) knownItems.add(piece);
  }
  const items = new Set<string>();
  for (const d of dataset.corpus) {
    try {
      const { attributes } = parseDocumentText(d.text, { knownItems });
      attrCounts.push(attributes.length);
      for (const a of attributes) items.add(a);
    } catch {
      unparsedDocs++;
    }
  }
  return {
    numDocs: dataset.corpus.length,
    numQueries: dataset.queries.length,
    numQrels: dataset.qrels.length,
    degreeHistogram: histogram(docDegree.values()),
    relevantPerQuery: histogram(queryCount.values()),
    attributesPerDoc: histogram(attrCounts),
    unparsedDocs,
    text: textStats(dataset, items),
  };
}

function overlapWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w !== 'and');
}

function textStats(dataset: LimitDataset, items: ReadonlySet<string>): DatasetTextStats {
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  const docWords = new Map<string, number[]>(); // word → document indices (ascending, distinct)
  dataset.corpus.forEach((d, i) => {
    const n = d.text.split(/\s+/).filter(Boolean).length;
    sum += n;
    min = Math.min(min, n);
    max = Math.max(max, n);
    for (const w of new Set(overlapWords(d.text))) {
      const list = docWords.get(w);
      if (list) list.push(i);
      else docWords.set(w, [i]);
    }
  });
  const itemList = [...items];
  const itemsOfWord = new Map<string, number>();
  let itemWordSum = 0;
  for (const it of itemList) {
    itemWordSum += it.split(/\s+/).length;
    for (const w of new Set(overlapWords(it))) itemsOfWord.set(w, (itemsOfWord.get(w) ?? 0) + 1);
  }
  const sharing = itemList.filter((it) => overlapWords(it).some((w) => (itemsOfWord.get(w) ?? 0) > 1)).length;

  const docIndex = new Map<string, number>();
  dataset.corpus.forEach((d, i) => docIndex.set(d._id, i));
  const relevant = new Map<string, Set<number>>();
  for (const r of dataset.qrels) {
    if (!(r.score > 0)) continue;
    const i = docIndex.get(r.docId);
    if (i === undefined) continue;
    let set = relevant.get(r.queryId);
    if (!set) relevant.set(r.queryId, (set = new Set()));
    set.add(i);
  }
  const stamp = new Int32Array(dataset.corpus.length).fill(-1);
  const lengths: number[] = [];
  let reachSum = 0;
  let reachQueries = 0;
  dataset.queries.forEach((q, qi) => {
    lengths.push(q.text.split(/\s+/).filter(Boolean).length);
    let item: string;
    try {
      item = parseQueryText(q.text);
    } catch {
      return;
    }
    const rel = relevant.get(q._id);
    let reach = 0;
    for (const w of new Set(overlapWords(item))) {
      for (const i of docWords.get(w) ?? []) {
        if (stamp[i] === qi || rel?.has(i)) continue;
        stamp[i] = qi;
        reach++;
      }
    }
    reachSum += reach;
    reachQueries++;
  });
  return {
    wordsPerDocument: { mean: dataset.corpus.length ? sum / dataset.corpus.length : 0, min: dataset.corpus.length ? min : 0, max },
    distinctItems: itemList.length,
    wordsPerItem: itemList.length ? itemWordSum / itemList.length : 0,
    itemsSharingWord: itemList.length ? sharing / itemList.length : 0,
    queryWords: histogram(lengths).reverse(),
    queryWordReach: reachQueries ? reachSum / reachQueries : 0,
  };
}

function histogram(values: Iterable<number>): Array<readonly [number, number]> {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[0] - a[0]);
}
