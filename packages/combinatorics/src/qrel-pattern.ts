import { InvalidArgumentError, assertOneOf, createRng, type Rng } from '@limit/core';
import { allCombinationQrels } from './all-combination-qrels.js';
import { binomialUnchecked } from './binomial.js';
import { toSize } from './internal/arguments.js';
import { minDocsForQueries } from './min-docs-for-queries.js';
import type { QrelMatrix } from './qrel-matrix.js';
import { qrelMatrixFromRows } from './qrel-matrix-from-rows.js';
import { sampleCombinations } from './sample-combinations.js';

/** The qrel patterns compared in the LIMIT paper. */
export type QrelPatternName = 'dense' | 'random' | 'cycle' | 'disjoint';

/** Every {@link QrelPatternName}, for argument parsers. */
export const QREL_PATTERNS: readonly QrelPatternName[] = ['dense', 'random', 'cycle', 'disjoint'];

/** Options of {@link qrelPattern}. */
export interface QrelPatternOptions {
  /** Which pattern (see {@link qrelPattern}). */
  pattern: QrelPatternName;
  /** Number of documents: the matrix width. Documents no query uses are allowed. */
  numDocs: number;
  /** Number of queries: the matrix height. */
  numQueries: number;
  /** Relevant documents per query, ≥ 1. */
  k: number;
  /** Random source for `random` (ignored by the other patterns). Default `createRng(0)`. */
  rng?: Rng;
}

/**
 * Builds a query × document relevance matrix with one of the LIMIT paper's qrel patterns; every
 * query has exactly k relevant documents and no two queries share the same relevant set.
 *
 * - `dense`: the first numQueries k-subsets, in lexicographic (itertools) order, of the smallest n
 *   with C(n, k) ≥ numQueries ({@link minDocsForQueries}); documents n … numDocs − 1 are relevant
 *   to nothing. LIMIT: numQueries 1000, k 2 → the first 1000 pairs of 46 documents. This packs
 *   the most distinct top-k sets into the fewest documents, which is what makes it hardest.
 * - `random`: numQueries distinct k-subsets of all numDocs documents drawn uniformly
 *   ({@link sampleCombinations}), in shuffled order.
 * - `cycle`: query i gets documents i, i + 1, …, i + k − 1 (mod numDocs); needs numQueries ≤
 *   numDocs (then every set is distinct) — or numQueries = 1 when k = numDocs.
 * - `disjoint`: query i gets the block i·k … i·k + k − 1; needs numDocs ≥ numQueries · k.
 *
 * @param options see {@link QrelPatternOptions}.
 * @returns a {@link QrelMatrix} of numQueries rows × numDocs columns, each row k sorted indices.
 * @throws InvalidArgumentError naming the parameter: `pattern` (unknown), `numDocs` /
 *   `numQueries` / `k` (not an integer, NaN, < 1), `k` (k > numDocs), `numQueries` (more queries
 *   than the pattern has distinct sets: C(numDocs, k) for dense and random, numDocs for cycle),
 *   `numDocs` (fewer than numQueries · k for disjoint), `rng` (not an Rng).
 * @example
 * const small = qrelPattern({ pattern: 'dense', numDocs: 46, numQueries: 1000, k: 2 });
 * small.docs.subarray(0, 4); // Int32Array [0, 1, 0, 2]
 * const rnd = qrelPattern({ pattern: 'random', numDocs: 46, numQueries: 1000, k: 2, rng: createRng(1) });
 */
export function qrelPattern(options: QrelPatternOptions): QrelMatrix {
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError({ parameter: 'options', value: options, message: 'options must be an object' });
  }
  const pattern = assertOneOf('pattern', options.pattern, QREL_PATTERNS);
  const numDocs = toSize('numDocs', options.numDocs, 1);
  const numQueries = toSize('numQueries', options.numQueries, 1);
  const k = toSize('k', options.k);
  if (k === 0) {
    throw new InvalidArgumentError({ parameter: 'k', value: k, message: 'k (0) must be ≥ 1: every query needs a relevant document' });
  }
  if (k > numDocs) {
    throw new InvalidArgumentError({ parameter: 'k', value: k, message: `k (${k}) must be ≤ numDocs (${numDocs})` });
  }
  const rng = options.rng ?? createRng(0);
  if (rng === null || typeof rng !== 'object' || typeof rng.nextUint32 !== 'function') {
    throw new InvalidArgumentError({ parameter: 'rng', value: options.rng, message: 'rng must be an Rng from createRng(seed)' });
  }

  switch (pattern) {
    case 'dense':
    case 'random': {
      const available = binomialUnchecked(BigInt(numDocs), BigInt(k));
      if (BigInt(numQueries) > available) {
        throw new InvalidArgumentError({
          parameter: 'numQueries',
          value: numQueries,
          message: `numQueries (${numQueries}) must be ≤ C(numDocs, k) = C(${numDocs}, ${k}) = ${available}: not enough distinct ${k}-subsets`,
        });
      }
      if (pattern === 'dense') {
        const n = minDocsForQueries(numQueries, k);
        const q = allCombinationQrels(n, k, { limit: numQueries });
        return { numQueries, numDocs, offsets: q.offsets, docs: q.docs };
      }
      const sets = sampleCombinations(numDocs, k, numQueries, rng);
      rng.shuffle(sets);
      return qrelMatrixFromRows(sets, numDocs);
    }
    case 'cycle': {
      const distinct = k === numDocs ? 1 : numDocs;
      if (numQueries > distinct) {
        throw new InvalidArgumentError({
          parameter: 'numQueries',
          value: numQueries,
          message: `numQueries (${numQueries}) must be ≤ ${distinct} for the cycle pattern over ${numDocs} documents with k = ${k} (more queries would repeat a relevant set)`,
        });
      }
      const rows: number[][] = [];
      for (let i = 0; i < numQueries; i++) {
        const row: number[] = [];
        for (let j = 0; j < k; j++) row.push((i + j) % numDocs);
        rows.push(row);
      }
      return qrelMatrixFromRows(rows, numDocs);
    }
    case 'disjoint': {
      if (numQueries * k > numDocs) {
        throw new InvalidArgumentError({
          parameter: 'numDocs',
          value: numDocs,
          message: `numDocs (${numDocs}) must be ≥ numQueries × k = ${numQueries * k} for the disjoint pattern`,
        });
      }
      const offsets = new Int32Array(numQueries + 1);
      const docs = new Int32Array(numQueries * k);
      for (let i = 0; i < numQueries * k; i++) docs[i] = i;
      for (let i = 0; i <= numQueries; i++) offsets[i] = i * k;
      return { numQueries, numDocs, offsets, docs };
    }
  }
}
