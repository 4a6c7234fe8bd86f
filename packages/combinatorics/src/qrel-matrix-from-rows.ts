import { InvalidArgumentError } from '@limit/core';
import { toSize } from './internal/arguments.js';
import { createQrelMatrix, type QrelMatrix } from './qrel-matrix.js';

/**
 * Builds a {@link QrelMatrix} from one array of relevant document indices per query. Each row is
 * sorted (a copy; the input is not modified); duplicates within a row are rejected.
 *
 * @param rows `rows[i]` lists the documents relevant to query i (any order), integers in
 *   [0, numDocs).
 * @param numDocs number of documents (columns), an integer ≥ 0.
 * @returns the CSR matrix with numQueries = rows.length.
 * @throws InvalidArgumentError (parameter `rows` or `numDocs`) for a bad index, a duplicate, or a
 *   total too large for Int32 offsets.
 * @example
 * qrelMatrixFromRows([[2, 0], [1]], 3); // offsets [0, 2, 3], docs [0, 2, 1]
 */
export function qrelMatrixFromRows(rows: readonly (readonly number[])[], numDocs: number): QrelMatrix {
  toSize('numDocs', numDocs);
  if (!Array.isArray(rows)) {
    throw new InvalidArgumentError({ parameter: 'rows', value: rows, message: 'rows must be an array of arrays' });
  }
  let total = 0;
  for (const row of rows) total += row.length;
  if (total > 0x7fffffff) {
    throw new InvalidArgumentError({ parameter: 'rows', value: total, message: `${total} entries do not fit Int32 offsets` });
  }
  const offsets = new Int32Array(rows.length + 1);
  const docs = new Int32Array(total);
  let p = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    for (const d of row) {
      if (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d >= numDocs) {
        throw new InvalidArgumentError({
          parameter: `rows[${i}]`,
          value: d,
          message: `document index ${String(d)} must be an integer in [0, ${numDocs})`,
        });
      }
    }
    const sorted = Int32Array.from(row).sort();
    for (let j = 1; j < sorted.length; j++) {
      if (sorted[j] === sorted[j - 1]) {
        throw new InvalidArgumentError({ parameter: `rows[${i}]`, value: row, message: `document ${sorted[j]} is listed twice` });
      }
    }
    docs.set(sorted, p);
    p += sorted.length;
    offsets[i + 1] = p;
  }
  return createQrelMatrix({ numQueries: rows.length, numDocs, offsets, docs });
}
