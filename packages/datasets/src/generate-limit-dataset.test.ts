import { InvalidArgumentError } from '@limit/core';
import { combinations } from '@limit/combinatorics';
import { describe, expect, it } from 'vitest';
import { generateLimitDataset, type GenerateLimitDatasetOptions } from './generate-limit-dataset.js';
import { parseDocumentText, parseQueryText } from './limit-text.js';
import type { LimitDataset } from './types.js';
import { datasetStats } from './dataset-stats.js';
import { LIMIT_VOCABULARY } from './words/limit-vocabulary.js';

/**
 * Checks the LIMIT invariants from the texts alone (an independent reading of the output):
 * every doc lists `perDoc` distinct attributes, and each query's attribute occurs in exactly the
 * documents its qrels name.
 */
function checkInvariants(ds: LimitDataset, perDoc: number): void {
  // Collect problems and assert once: per-element expect() calls would dominate the run time.
  const problems: string[] = [];
  const holders = new Map<string, Set<string>>();
  for (const d of ds.corpus) {
    const { name, attributes } = parseDocumentText(d.text);
    if (name !== d._id) problems.push(`${d._id}: text names ${name}`);
    if (d.title !== '') problems.push(`${d._id}: non-empty title`);
    if (attributes.length !== perDoc || new Set(attributes).size !== perDoc) {
      problems.push(`${d._id}: ${attributes.length} attributes (${new Set(attributes).size} distinct)`);
    }
    for (const a of attributes) {
      let s = holders.get(a);
      if (!s) holders.set(a, (s = new Set()));
      s.add(d._id);
    }
  }
  const relevant = new Map<string, Set<string>>();
  for (const r of ds.qrels) {
    let s = relevant.get(r.queryId);
    if (!s) relevant.set(r.queryId, (s = new Set()));
    s.add(r.docId);
    if (r.score !== 1) problems.push(`qrel score ${r.score}`);
  }
  const seenAttributes = new Set<string>();
  for (const q of ds.queries) {
    const attr = parseQueryText(q.text);
    if (seenAttributes.has(attr)) problems.push(`${q._id}: attribute ${attr} repeated`);
    seenAttributes.add(attr);
    const have = [...(holders.get(attr) ?? [])].sort().join('|');
    const want = [...(relevant.get(q._id) ?? [])].sort().join('|');
    if (have !== want) problems.push(`${q._id} (${attr}): in docs [${have}] but relevant [${want}]`);
  }
  if (new Set(ds.corpus.map((d) => d._id)).size !== ds.corpus.length) problems.push('duplicate document ids');
  expect(problems).toEqual([]);
}

describe('generateLimitDataset', () => {
  const small = generateLimitDataset({ size: 'small', seed: 0 });

  it('LIMIT-small: 46 docs, 1000 queries, 2000 qrels, the published degree histogram', () => {
    expect(small.corpus.length).toBe(46);
    expect(small.queries.length).toBe(1000);
    expect(small.qrels.length).toBe(2000);
    expect(small.stats.degreeHistogram).toEqual([
      [45, 37],
      [38, 2],
      [37, 7],
    ]);
    expect(small.queries[0]!._id).toBe('query_0');
    expect(small.queries[999]!._id).toBe('query_999');
    checkInvariants(small, 45);
  });

  it('query i is relevant to the i-th itertools pair of the 46 documents', () => {
    const byQuery = new Map<string, number[]>();
    const position = new Map(small.corpus.map((d, i) => [d._id, i]));
    for (const r of small.qrels) byQuery.set(r.queryId, [...(byQuery.get(r.queryId) ?? []), position.get(r.docId)!]);
    let i = 0;
    for (const pair of combinations(46, 2)) {
      if (i === 1000) break;
      expect(byQuery.get(`query_${i}`)!.sort((a, b) => a - b)).toEqual(pair);
      i++;
    }
  });

  it('is deterministic for a seed and changes with the seed', () => {
    const again = generateLimitDataset({ size: 'small', seed: 0 });
    expect(again.corpus).toEqual(small.corpus);
    expect(again.queries).toEqual(small.queries);
    expect(again.qrels).toEqual(small.qrels);
    const other = generateLimitDataset({ size: 'small', seed: 1 });
    expect(other.corpus).not.toEqual(small.corpus);
    expect(other.stats.degreeHistogram).toEqual(small.stats.degreeHistogram);
  });

  it('full: 50,000 documents, the same relevance structure, distractors free of query attributes', () => {
    const full = generateLimitDataset({ seed: 3 });
    expect(full.corpus.length).toBe(50_000);
    expect(full.queries.length).toBe(1000);
    expect(full.qrels.length).toBe(2000);
    expect(full.stats.degreeHistogram).toEqual([
      [45, 37],
      [38, 2],
      [37, 7],
      [0, 49_954],
    ]);
    // Relevant documents are scattered, not packed at the start.
    const positions = [...full.stats.relevantPositions];
    expect(positions.length).toBe(46);
    expect(positions[45]!).toBeGreaterThan(40_000);
    checkInvariants(full, 45);
  }, 60_000);

  it.each(['random', 'cycle', 'disjoint'] as const)('pattern %s keeps the invariants', (pattern) => {
    const ds = generateLimitDataset({ size: 'small', pattern, numQueries: 200, seed: 5 });
    expect(ds.queries.length).toBe(200);
    expect(ds.qrels.length).toBe(400);
    checkInvariants(ds, 45);
    if (pattern === 'disjoint') expect(ds.corpus.length).toBe(400);
    if (pattern === 'cycle') expect(ds.stats.degreeHistogram).toEqual([[2, 200]]);
  });

  it('supports k = 3 and a custom attributesPerDoc', () => {
    const ds = generateLimitDataset({ size: 'small', k: 3, numQueries: 100, attributesPerDoc: 60, seed: 2 });
    // smallest n with C(n, 3) ≥ 100 is 10 (C(9, 3) = 84, C(10, 3) = 120)
    expect(ds.corpus.length).toBe(10);
    expect(ds.qrels.length).toBe(300);
    checkInvariants(ds, 60);
  });

  it('uses the shipped vocabulary, without a serial comma, never an "and" item in the last two places', () => {
    const vocab = new Set(LIMIT_VOCABULARY);
    for (const d of small.corpus) {
      const { attributes } = parseDocumentText(d.text);
      for (const a of attributes) expect(vocab.has(a)).toBe(true);
      expect(d.text).toMatch(/[^,] and [^,]+\.$/);
      expect(attributes.slice(-2).some((a) => / and /.test(a))).toBe(false);
    }
    // items with "and" do occur (elsewhere in the sentence)
    expect(small.corpus.some((d) => parseDocumentText(d.text).attributes.some((a) => / and /.test(a)))).toBe(true);
  });

  it("LIMIT-small (seed 0) meets the official release's text statistics (within 10%; overlap ≥ 75%)", () => {
    // Official LIMIT-small, measured (LIMIT-FACTS): 73.1 words per document (63–84), 1.54 words per
    // item, 34% of items share a word with another, a query's words reach 3.9 non-relevant documents.
    const t = datasetStats(small).text;
    expect(Math.abs(t.wordsPerDocument.mean - 73.1) / 73.1).toBeLessThanOrEqual(0.1);
    expect(Math.abs(t.wordsPerItem - 1.54) / 1.54).toBeLessThanOrEqual(0.1);
    expect(t.itemsSharingWord).toBeGreaterThanOrEqual(0.75 * 0.34);
    expect(t.queryWordReach).toBeGreaterThanOrEqual(0.75 * 3.9);
    expect(t.distinctItems).toBeGreaterThan(1000);
  });

  it('each query item is listed only by its relevant documents even when its words occur elsewhere', () => {
    // The point of the vocabulary: some query's words occur in non-relevant documents (other items),
    // while the item itself is in exactly its two relevant documents (checkInvariants, item level).
    const words = (s: string) => s.toLowerCase().split(/\s+/);
    let overlapping = 0;
    for (const q of small.queries.slice(0, 200)) {
      const item = parseQueryText(q.text);
      const rel = new Set(small.qrels.filter((r) => r.queryId === q._id).map((r) => r.docId));
      const others = small.corpus.filter((d) => !rel.has(d._id));
      if (others.some((d) => parseDocumentText(d.text).attributes.some((a) => a !== item && words(a).some((w) => words(item).includes(w))))) overlapping++;
      expect(others.some((d) => parseDocumentText(d.text).attributes.includes(item))).toBe(false);
    }
    expect(overlapping).toBeGreaterThan(40);
  });

  it.each([
    ['size', { size: 'medium' }],
    ['pattern', { pattern: 'diagonal' }],
    ['numQueries', { numQueries: 0 }],
    ['numQueries', { numQueries: 2.5 }],
    ['k', { k: 0 }],
    ['k', { k: Number.NaN }],
    ['numDocs', { numDocs: 45 }],
    ['numDocs', { numDocs: -1 }],
    ['attributesPerDoc', { attributesPerDoc: 44 }],
    ['attributesPerDoc', { attributesPerDoc: 2000 }],
    ['numQueries', { numQueries: 3000 }],
    ['attributes', { attributes: ['Tea', 'and Roll'], numQueries: 1, attributesPerDoc: 1 }],
    ['attributes', { attributes: ['Tea', 'Fish, Chips'], numQueries: 1, attributesPerDoc: 1 }],
    ['attributes', { attributes: ['Tea', 'tea'], numQueries: 1, attributesPerDoc: 1 }],
    ['numDocs', { firstNames: ['Ann'], surnames: ['Lee'], numQueries: 1, size: 'full' }],
    ['seed', { seed: 1.5 }],
  ] as const)('rejects bad options naming %s: %j', (parameter, options) => {
    try {
      generateLimitDataset(options as unknown as GenerateLimitDatasetOptions);
      expect.unreachable();
    } catch (e) {
      expect(InvalidArgumentError.isInstance(e)).toBe(true);
      expect((e as InvalidArgumentError).parameter).toBe(parameter);
    }
  });
});

describe('generateLimitDataset size guard', () => {
  it('refuses, before building any text, a corpus that cannot fit in memory (a huge user vocabulary), naming numDocs', () => {
    // 2.5 M names × 100,000 listed attributes of ~10 characters: terabytes of text
    const attributes = Array.from({ length: 200_000 }, (_, i) => `Attribute ${i}`);
    const started = performance.now();
    expect(() => generateLimitDataset({ size: 'full', numDocs: 2_000_000, attributesPerDoc: 100_000, attributes })).toThrow(
      /parameter numDocs: a corpus of 2000000 documents with 100000 attributes each needs about .* of memory: more than half/,
    );
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
