import { createDenseMatrix, createRng, assertInteger, type DenseMatrix, type Seed } from '@limit/core';

/**
 * Draws the paper's initial embeddings on the CPU: every entry N(0, 1) from `createRng(seed)`, then every
 * row L2-normalised. Queries and documents come from two independent child streams (`rng.split()`), so the
 * document embeddings do not depend on the number of queries. Every backend starts from exactly these
 * float32 values, which is what makes backends comparable step by step.
 *
 * @param shape.numQueries - q, rows of the query matrix.
 * @param shape.numDocs - n, rows of the document matrix.
 * @param shape.d - embedding dimension.
 * @param seed - RNG seed.
 * @returns `{ queries: [q, d], documents: [n, d] }`, unit rows, float32.
 * @throws InvalidArgumentError when a size is not a positive integer.
 * @example
 * ```ts
 * const { queries, documents } = initialEmbeddings({ numQueries: 45, numDocs: 10, d: 4 }, 42);
 * ```
 */
export function initialEmbeddings(
  shape: { numQueries: number; numDocs: number; d: number },
  seed: Seed,
): { queries: DenseMatrix; documents: DenseMatrix } {
  assertInteger('numQueries', shape.numQueries, { min: 1 });
  assertInteger('numDocs', shape.numDocs, { min: 1 });
  assertInteger('d', shape.d, { min: 1 });
  const root = createRng(seed);
  const queryRng = root.split();
  const docRng = root.split();
  const queries = createDenseMatrix(shape.numQueries, shape.d, normalisedGaussian(queryRng.normals(shape.numQueries * shape.d), shape.d));
  const documents = createDenseMatrix(shape.numDocs, shape.d, normalisedGaussian(docRng.normals(shape.numDocs * shape.d), shape.d));
  return { queries, documents };
}

function normalisedGaussian(data: Float32Array, d: number): Float32Array {
  for (let start = 0; start < data.length; start += d) {
    let sum = 0;
    for (let j = 0; j < d; j++) sum += data[start + j]! * data[start + j]!;
    const scale = 1 / Math.sqrt(sum);
    for (let j = 0; j < d; j++) data[start + j] = data[start + j]! * scale;
  }
  return data;
}
