import { assertAllocationFits } from '@limit/core';

/** Options of {@link assertSvdFits}. */
export interface SvdFitOptions {
  /** The parameter named in the error. Default `matrix`. */
  readonly parameter?: string;
  /** Full (square) U and V as well. Default false (thin). */
  readonly full?: boolean;
  /** Bytes the caller needs beside the decomposition (its own copies of the matrix). Default 0. */
  readonly extraBytes?: number;
}

/**
 * Refuses, before anything is allocated, an SVD of a rows × cols matrix that cannot fit: the float64 copies of
 * the matrix and the factors, about 8 · (4 · rows · cols + 4 · p²) bytes with p = min(rows, cols) (plus rows² +
 * cols² for full factors), must stay within half of this machine's memory and every array within 2³² − 1
 * elements. {@link svd} and {@link lowRankApproximation} check it first.
 *
 * @param rows - rows of the matrix.
 * @param cols - columns of the matrix.
 * @param options - see {@link SvdFitOptions}.
 * @throws InvalidArgumentError naming `options.parameter`, with the bytes needed and the limit exceeded.
 * @example
 * ```ts
 * assertSvdFits(100_000, 100_000, { parameter: '--rows' }); // throws: … needs about 320.0 GB of memory …
 * ```
 */
export function assertSvdFits(rows: number, cols: number, options: SvdFitOptions = {}): void {
  const p = Math.min(rows, cols);
  const full = options.full === true;
  const bytes = 8 * (4 * rows * cols + 4 * p * p + (full ? rows * rows + cols * cols : 0)) + (options.extraBytes ?? 0);
  const largest = Math.max(rows * cols, full ? Math.max(rows, cols) ** 2 : 0);
  assertAllocationFits(options.parameter ?? 'matrix', options.parameter === undefined ? [rows, cols] : undefined, {
    what: `the SVD of a ${rows} × ${cols} matrix`,
    bytes,
    largest: { elements: largest, what: full ? 'its largest array' : 'its copy of the matrix' },
  });
}
