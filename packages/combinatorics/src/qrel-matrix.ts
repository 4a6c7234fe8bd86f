import { InvalidArgumentError } from '@limit/core';
import { toSize } from './internal/arguments.js';

/**
 * A binary query × document relevance (qrel) matrix in compressed sparse row (CSR) form.
 *
 * The relevant documents of query i are `docs[offsets[i] .. offsets[i + 1])`, sorted ascending and
 * distinct; `offsets` has `numQueries + 1` entries, starting at 0 and ending at `docs.length`.
 * Document indices lie in [0, numDocs). For LIMIT (1000 queries × 2 relevant docs) this is 8 KB,
 * where a dense 0/1 matrix over 50,000 docs would be 200 MB.
 */
export interface QrelMatrix {
  /** Number of queries (rows). */
  readonly numQueries: number;
  /** Number of documents (columns); some may be relevant to no query. */
  readonly numDocs: number;
  /** Row pointers, length numQueries + 1. */
  readonly offsets: Int32Array;
  /** Column indices of the relevant documents, row by row, each row sorted ascending. */
  readonly docs: Int32Array;
}

/**
 * Builds a {@link QrelMatrix} from CSR parts after checking every invariant (offsets start at 0,
 * are non-decreasing and end at docs.length; each row's docs are strictly increasing and in
 * [0, numDocs)). The arrays are used as given, not copied.
 *
 * @param parts `numQueries`, `numDocs` (integers ≥ 0), `offsets` (Int32Array, numQueries + 1) and
 *   `docs` (Int32Array).
 * @returns the same arrays as a QrelMatrix.
 * @throws InvalidArgumentError naming `numQueries`, `numDocs`, `offsets` or `docs` when an
 *   invariant fails.
 * @example
 * // query 0 → docs {0, 2}; query 1 → doc {1}
 * const q = createQrelMatrix({ numQueries: 2, numDocs: 3, offsets: Int32Array.of(0, 2, 3), docs: Int32Array.of(0, 2, 1) });
 */
export function createQrelMatrix(parts: {
  numQueries: number;
  numDocs: number;
  offsets: Int32Array;
  docs: Int32Array;
}): QrelMatrix {
  return checkQrelParts(parts, '');
}

/** Extra rules of {@link assertQrelMatrix}. */
export interface QrelMatrixRules {
  /**
   * Allowed number of relevant documents per query, inclusive (default: any, 0 … numDocs). The trainer
   * asks for 1 … numDocs − 1: a query with no relevant document or with every document relevant has
   * no top-k set to learn.
   */
  readonly relevantPerQuery?: { readonly min?: number; readonly max?: number };
}

/**
 * Checks that a {@link QrelMatrix} built elsewhere (possibly by hand) satisfies every invariant
 * that {@link createQrelMatrix} checks — offsets of length numQueries + 1 from 0 to docs.length,
 * non-decreasing; each query's documents strictly increasing (so distinct) and in [0, numDocs) —
 * plus, optionally, bounds on the number of relevant documents per query. The one qrels validator
 * of the monorepo: `@limit/trainer` checks its qrels with it. O(numQueries + nnz).
 *
 * @param qrels - the matrix to check.
 * @param parameter - name used as the prefix of the reported field (default `qrels`).
 * @param rules - optional per-query bounds, see {@link QrelMatrixRules}.
 * @throws InvalidArgumentError naming `<parameter>.numQueries`, `.numDocs`, `.offsets` or `.docs`,
 *   or `<parameter>` itself when a query has too few or too many relevant documents.
 * @example
 * ```ts
 * assertQrelMatrix(qrels, 'qrels', { relevantPerQuery: { min: 1, max: qrels.numDocs - 1 } });
 * ```
 */
export function assertQrelMatrix(qrels: QrelMatrix, parameter = 'qrels', rules: QrelMatrixRules = {}): void {
  if (qrels === null || typeof qrels !== 'object') {
    throw new InvalidArgumentError({ parameter, value: qrels, message: `${parameter} must be a QrelMatrix { numQueries, numDocs, offsets, docs }` });
  }
  const checked = checkQrelParts(qrels, `${parameter}.`);
  const min = rules.relevantPerQuery?.min ?? 0;
  const max = rules.relevantPerQuery?.max ?? checked.numDocs;
  for (let i = 0; i < checked.numQueries; i++) {
    const count = checked.offsets[i + 1]! - checked.offsets[i]!;
    if (count < min || count > max) {
      throw new InvalidArgumentError({
        parameter,
        value: count,
        message: `query ${i} has ${count} relevant documents; every query needs between ${min} and ${max}`,
      });
    }
  }
}

function checkQrelParts(
  parts: { numQueries: number; numDocs: number; offsets: Int32Array; docs: Int32Array },
  prefix: string,
): QrelMatrix {
  const numQueries = toSize(`${prefix}numQueries`, parts.numQueries);
  const numDocs = toSize(`${prefix}numDocs`, parts.numDocs);
  const { offsets, docs } = parts;
  if (!(offsets instanceof Int32Array) || offsets.length !== numQueries + 1) {
    throw new InvalidArgumentError({
      parameter: `${prefix}offsets`,
      value: offsets,
      message: `offsets must be an Int32Array of length numQueries + 1 (${numQueries + 1})`,
    });
  }
  if (!(docs instanceof Int32Array)) {
    throw new InvalidArgumentError({ parameter: `${prefix}docs`, value: docs, message: 'docs must be an Int32Array' });
  }
  if (offsets[0] !== 0 || offsets[numQueries] !== docs.length) {
    throw new InvalidArgumentError({
      parameter: `${prefix}offsets`,
      value: offsets,
      message: `offsets must start at 0 and end at docs.length (${docs.length})`,
    });
  }
  for (let i = 0; i < numQueries; i++) {
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    if (end < start || end > docs.length) {
      throw new InvalidArgumentError({
        parameter: `${prefix}offsets`,
        value: offsets,
        message: `offsets must be non-decreasing and ≤ docs.length (${docs.length}); query ${i} spans [${start}, ${end})`,
      });
    }
    let prev = -1;
    for (let p = start; p < end; p++) {
      const d = docs[p]!;
      if (d < 0 || d >= numDocs) {
        throw new InvalidArgumentError({
          parameter: `${prefix}docs`,
          value: d,
          message: `query ${i} names document ${d}, outside [0, numDocs = ${numDocs})`,
        });
      }
      if (d <= prev) {
        throw new InvalidArgumentError({
          parameter: `${prefix}docs`,
          value: d,
          message: `the documents of query ${i} must be strictly increasing (found ${d} after ${prev})`,
        });
      }
      prev = d;
    }
  }
  return { numQueries, numDocs, offsets, docs };
}
