import { readFile } from 'node:fs/promises';
import { DataFormatError, createDenseMatrix, type DenseMatrix, type MatrixData } from '@limit/core';
import { allCombinationQrels, qrelMatrixFromRows } from '@limit/combinatorics';
import type { EngineQrels } from '../engines/contract.js';
import { decodeEmbeddingCertificate } from '../certificates/embedding-certificate.js';

/** Documents (and, from a certificate, the trained queries) with the qrels they should realise. */
export interface Configuration {
  /** `certificate`: a run's saved embeddings; `documents`: a `limit-documents` file. */
  readonly kind: 'certificate' | 'documents';
  readonly documents: DenseMatrix<MatrixData>;
  readonly qrels: EngineQrels;
  /** The trained queries (certificates only). */
  readonly queries?: DenseMatrix;
  /** The certificate's recorded parameters (empty for a documents file). */
  readonly parameters: Readonly<Record<string, unknown>>;
}

/**
 * Reads the documents a refit or a check works on, from either
 * - a certificate (`limit train --save`, `limit critical-n --certificates`): float32 embeddings, its qrels and its
 *   trained queries; or
 * - a documents file, float64 as JSON numbers: `{ "format": "limit-documents", "documents": [[…], …], "k": 2 }`
 *   (every k-subset a query) or with `"sets": [[0, 1], [2, 5], …]` (the relevant sets, one per query).
 *
 * @param file - the file.
 * @returns the configuration.
 * @throws DataFormatError naming the file (line 0: the whole JSON) for anything else.
 * @example
 * ```ts
 * const { documents, qrels } = await readConfigurationFile('moment-curve-30.json');
 * ```
 */
export async function readConfigurationFile(file: string): Promise<Configuration> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new DataFormatError({ file, line: 0, message: `not a JSON file: ${error instanceof Error ? error.message : String(error)}`, cause: error });
  }
  const fail = (message: string): never => {
    throw new DataFormatError({ file, line: 0, message });
  };
  const value = json as { format?: unknown; documents?: unknown; k?: unknown; sets?: unknown } | null;
  if (value !== null && typeof value === 'object' && value.format === 'limit-embedding-certificate') {
    const { queries, documents, qrels, parameters } = decodeEmbeddingCertificate(json, file);
    return { kind: 'certificate', documents, qrels, queries, parameters };
  }
  if (value === null || typeof value !== 'object' || value.format !== 'limit-documents') {
    return fail('neither a certificate (format "limit-embedding-certificate") nor a documents file (format "limit-documents")');
  }
  const rows = value.documents;
  if (!Array.isArray(rows) || rows.length < 2 || !rows.every((r) => Array.isArray(r) && r.length === (rows[0] as unknown[]).length && r.length > 0 && r.every((x) => typeof x === 'number' && Number.isFinite(x)))) {
    return fail('documents must be at least two rows of equal length holding finite numbers');
  }
  const n = rows.length;
  const d = (rows[0] as number[]).length;
  const documents = createDenseMatrix(n, d, Float64Array.from((rows as number[][]).flat()));
  let qrels: EngineQrels;
  if (value.sets !== undefined) {
    const sets = value.sets;
    if (!Array.isArray(sets) || sets.length === 0 || !sets.every((s) => Array.isArray(s) && s.length >= 1 && s.length < n && s.every((j) => Number.isInteger(j) && j >= 0 && j < n) && new Set(s).size === s.length)) {
      return fail(`sets must be a non-empty list of sets of 1 … ${n - 1} distinct document indices in [0, ${n})`);
    }
    qrels = qrelMatrixFromRows((sets as number[][]).map((s) => [...s].sort((a, b) => a - b)), n);
  } else {
    const k = value.k;
    if (!Number.isInteger(k) || (k as number) < 1 || (k as number) >= n) return fail(`give "k" (every k-subset a query, 1 ≤ k < ${n}) or "sets"`);
    qrels = allCombinationQrels(n, k as number);
  }
  return { kind: 'documents', documents, qrels, parameters: {} };
}
