import { ShapeMismatchError } from '@limit/core';
import type { DenseMatrix } from '@limit/core';

/**
 * Checks the embeddings handed to `StepEngine.setEmbeddings` have the engine's shapes.
 *
 * @param queries - new Q, must be [q, d] with q·d values.
 * @param documents - new D, must be [n, d] with n·d values.
 * @param shape - the engine's q, n, d.
 * @throws ShapeMismatchError naming `queries` or `documents`.
 * @example
 * ```ts
 * assertEmbeddingShapes(newQ, newD, { q, n, d });
 * ```
 */
export function assertEmbeddingShapes(
  queries: DenseMatrix,
  documents: DenseMatrix,
  shape: { readonly q: number; readonly n: number; readonly d: number },
): void {
  const { q, n, d } = shape;
  if (queries.rows !== q || queries.cols !== d || queries.data.length !== q * d) {
    throw new ShapeMismatchError({ parameter: 'queries', expected: [q, d], actual: [queries.rows, queries.cols] });
  }
  if (documents.rows !== n || documents.cols !== d || documents.data.length !== n * d) {
    throw new ShapeMismatchError({ parameter: 'documents', expected: [n, d], actual: [documents.rows, documents.cols] });
  }
}
