import { DataFormatError, InvalidArgumentError, ShapeMismatchError, createDenseMatrix, type DenseMatrix } from '@limit/core';
import { allCombinationQrels } from '@limit/combinatorics';
import type { EngineQrels } from '../engines/contract.js';
import { base64ToFloat32, float32ToBase64 } from './internal/base64.js';
import { forEachQueryMargin } from '../engines/contract.js';

/** How a certificate names its qrels: all k-subsets of n (regenerated on verification) or listed explicitly. */
export type CertificateQrels =
  | { readonly kind: 'all-combinations'; readonly n: number; readonly k: number }
  | { readonly kind: 'explicit'; readonly numQueries: number; readonly numDocs: number; readonly offsets: readonly number[]; readonly docs: readonly number[] };

/** A float32 matrix stored as little-endian base64 (exact). */
export interface EncodedMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly dtype: 'float32';
  readonly encoding: 'base64-le';
  readonly data: string;
}

/**
 * A self-contained claim that free embeddings realise a qrel pattern: the embeddings, the qrels they were
 * trained for, the training parameters, and the claimed accuracy and minimum margin. Anyone can check it
 * with {@link verifyEmbeddingCertificate} (or `verifyEmbeddings(file)` from `@limit/trainer/node`).
 */
export interface EmbeddingCertificate {
  readonly format: 'limit-embedding-certificate';
  readonly version: 1;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly qrels: CertificateQrels;
  readonly claim: { readonly accuracy: number; readonly minMargin: number };
  readonly queries: EncodedMatrix;
  readonly documents: EncodedMatrix;
}

/** What re-checking a certificate found. */
export interface CertificateVerification {
  /** Recomputed accuracy and claim agree (accuracy exactly, margin to 1e-6). */
  readonly verified: boolean;
  /** Recomputed share of queries whose top-k (k = their relevant count) is exactly their relevant set. */
  readonly accuracy: number;
  readonly correctQueries: number;
  readonly numQueries: number;
  /** min over queries of (lowest relevant score − highest non-relevant score), in float64; > 0 iff accuracy is 1. */
  readonly minMargin: number;
  readonly claimedAccuracy: number;
  readonly claimedMinMargin: number;
  /** Human-readable reasons when not verified. */
  readonly problems: readonly string[];
}

/**
 * Builds a certificate from final embeddings; the claim (accuracy and minimum margin) is computed here in
 * float64 by the same routine the verifier uses.
 *
 * @param input.queries - Q [q, d] float32.
 * @param input.documents - D [n, d] float32.
 * @param input.qrels - the qrels (CSR) the embeddings were trained for.
 * @param input.qrelsSpec - `{ kind: 'all-combinations', n, k }` to store the qrels as a spec instead of listing them.
 * @param input.parameters - training parameters to record.
 * @throws ShapeMismatchError when the shapes disagree.
 * @example
 * ```ts
 * const cert = createEmbeddingCertificate({ ...result.embeddings!, qrels: result.qrels, parameters });
 * ```
 */
export function createEmbeddingCertificate(input: {
  queries: DenseMatrix;
  documents: DenseMatrix;
  qrels: EngineQrels;
  qrelsSpec?: { kind: 'all-combinations'; n: number; k: number };
  parameters?: Readonly<Record<string, unknown>>;
}): EmbeddingCertificate {
  const { queries, documents, qrels } = input;
  checkShapes(queries, documents, qrels);
  const check = scoreQueries(queries, documents, qrels);
  return {
    format: 'limit-embedding-certificate',
    version: 1,
    parameters: input.parameters ?? {},
    qrels: input.qrelsSpec
      ? { kind: 'all-combinations', n: input.qrelsSpec.n, k: input.qrelsSpec.k }
      : { kind: 'explicit', numQueries: qrels.numQueries, numDocs: qrels.numDocs, offsets: Array.from(qrels.offsets), docs: Array.from(qrels.docs) },
    claim: { accuracy: check.correct / qrels.numQueries, minMargin: check.minMargin },
    queries: encode(queries),
    documents: encode(documents),
  };
}

/**
 * Re-checks a certificate from scratch: decodes the embeddings, regenerates (or reads) the qrels, and
 * recomputes in float64 the top-k accuracy and the minimum margin min_i (min_{j∈R_i} ⟨qᵢ, dⱼ⟩ −
 * max_{j∉R_i} ⟨qᵢ, dⱼ⟩). It is verified when both match the claim. A query counts as correct only with a
 * strictly positive margin (ties fail).
 *
 * @param certificate - a parsed certificate (e.g. `JSON.parse` of a saved file).
 * @param file - label used in error messages.
 * @returns the recomputed numbers and whether they match the claim.
 * @throws DataFormatError when the certificate is malformed.
 * @example
 * ```ts
 * verifyEmbeddingCertificate(JSON.parse(text)).verified; // true for an honest certificate
 * ```
 */
export function verifyEmbeddingCertificate(certificate: unknown, file = '<certificate>'): CertificateVerification {
  const { queries, documents, qrels, claim, parameters } = decodeCertificate(certificate, file);
  const check = scoreQueries(queries, documents, qrels);
  const accuracy = check.correct / qrels.numQueries;
  const problems: string[] = [];
  // The recorded parameters must describe these embeddings.
  if (parameters.d !== undefined && parameters.d !== queries.cols) problems.push(`parameters.d (${String(parameters.d)}) but the embeddings have d = ${queries.cols}`);
  if (parameters.n !== undefined && parameters.n !== documents.rows) problems.push(`parameters.n (${String(parameters.n)}) but there are ${documents.rows} documents`);
  if (accuracy !== claim.accuracy) problems.push(`recomputed accuracy ${accuracy} differs from the claimed ${claim.accuracy}`);
  if (!(Math.abs(check.minMargin - claim.minMargin) <= 1e-6)) {
    problems.push(`recomputed minimum margin ${check.minMargin} differs from the claimed ${claim.minMargin}`);
  }
  return {
    verified: problems.length === 0,
    accuracy,
    correctQueries: check.correct,
    numQueries: qrels.numQueries,
    minMargin: check.minMargin,
    claimedAccuracy: claim.accuracy,
    claimedMinMargin: claim.minMargin,
    problems,
  };
}

function encode(m: DenseMatrix): EncodedMatrix {
  return { rows: m.rows, cols: m.cols, dtype: 'float32', encoding: 'base64-le', data: float32ToBase64(m.data) };
}

function checkShapes(queries: DenseMatrix, documents: DenseMatrix, qrels: EngineQrels): void {
  if (documents.cols !== queries.cols) {
    throw new ShapeMismatchError({ parameter: 'documents', expected: [-1, queries.cols], actual: [documents.rows, documents.cols] });
  }
  if (queries.rows !== qrels.numQueries) {
    throw new ShapeMismatchError({ parameter: 'queries', expected: [qrels.numQueries, queries.cols], actual: [queries.rows, queries.cols] });
  }
  if (documents.rows !== qrels.numDocs) {
    throw new ShapeMismatchError({ parameter: 'documents', expected: [qrels.numDocs, queries.cols], actual: [documents.rows, documents.cols] });
  }
}

/** Float64 scores of every query against every document; accuracy and minimum margin. */
function scoreQueries(queries: DenseMatrix, documents: DenseMatrix, qrels: EngineQrels): { correct: number; minMargin: number } {
  let correct = 0;
  let minMargin = Infinity;
  forEachQueryMargin(queries, documents, qrels, ({ margin }) => {
    if (margin > 0) correct += 1;
    if (margin < minMargin) minMargin = margin;
  });
  return { correct, minMargin };
}

/** A certificate's contents, decoded and checked for shape (not for its claim: see {@link verifyEmbeddingCertificate}). */
export interface DecodedEmbeddingCertificate {
  readonly queries: DenseMatrix;
  readonly documents: DenseMatrix;
  readonly qrels: EngineQrels;
  /** How the file names its qrels. */
  readonly qrelsSpec: CertificateQrels;
  readonly claim: { readonly accuracy: number; readonly minMargin: number };
  readonly parameters: Readonly<Record<string, unknown>>;
}

/**
 * Decodes a parsed certificate: the float32 embeddings, the qrels (regenerated for all k-subsets), the claim and
 * the recorded parameters, every shape checked.
 *
 * @param certificate - a parsed certificate (e.g. `JSON.parse` of a saved file).
 * @param file - label used in error messages.
 * @returns the decoded contents.
 * @throws DataFormatError naming the file when it is not a well-formed certificate.
 * @example
 * ```ts
 * const { documents, qrels } = decodeEmbeddingCertificate(JSON.parse(text), file);
 * ```
 */
export function decodeEmbeddingCertificate(certificate: unknown, file = '<certificate>'): DecodedEmbeddingCertificate {
  return decodeCertificate(certificate, file);
}

function decodeCertificate(value: unknown, file: string) {
  const fail = (message: string): never => {
    throw new DataFormatError({ file, line: 0, message });
  };
  if (value === null || typeof value !== 'object') fail('not a certificate (expected a JSON object)');
  const c = value as Partial<EmbeddingCertificate>;
  if (c.format !== 'limit-embedding-certificate' || c.version !== 1) fail('not a limit embedding certificate (format/version)');
  if (typeof c.claim?.accuracy !== 'number' || typeof c.claim?.minMargin !== 'number') fail('claim.accuracy and claim.minMargin must be numbers');
  const matrix = (m: EncodedMatrix | undefined, name: string): DenseMatrix => {
    if (!m || !Number.isSafeInteger(m.rows) || !Number.isSafeInteger(m.cols) || m.rows < 1 || m.cols < 1 || m.dtype !== 'float32' || m.encoding !== 'base64-le') {
      return fail(`${name} must be { rows, cols, dtype: 'float32', encoding: 'base64-le', data }`);
    }
    const data = base64ToFloat32(m.data, m.rows * m.cols);
    if (data === undefined) return fail(`${name}.data is not base64 of ${m.rows} × ${m.cols} float32 values`);
    if (!data.every(Number.isFinite)) return fail(`${name} holds non-finite values`);
    return createDenseMatrix(m.rows, m.cols, data);
  };
  const queries = matrix(c.queries, 'queries');
  const documents = matrix(c.documents, 'documents');
  let qrels: EngineQrels;
  const spec = c.qrels;
  try {
    if (spec?.kind === 'all-combinations') {
      qrels = allCombinationQrels(spec.n, spec.k);
    } else if (spec?.kind === 'explicit') {
      qrels = {
        numQueries: spec.numQueries,
        numDocs: spec.numDocs,
        offsets: Int32Array.from(spec.offsets),
        docs: Int32Array.from(spec.docs),
      };
      validateExplicit(qrels);
    } else {
      return fail("qrels must be { kind: 'all-combinations', n, k } or { kind: 'explicit', … }");
    }
  } catch (error) {
    if (DataFormatError.isInstance(error)) throw error;
    return fail(`bad qrels: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    checkShapes(queries, documents, qrels);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  const parameters = (c.parameters !== null && typeof c.parameters === 'object' ? c.parameters : {}) as Record<string, unknown>;
  return { queries, documents, qrels, qrelsSpec: spec!, claim: c.claim!, parameters };
}

function validateExplicit(q: EngineQrels): void {
  const bad = (message: string) => new InvalidArgumentError({ parameter: 'qrels', value: q, message });
  if (!Number.isSafeInteger(q.numQueries) || q.numQueries < 1 || q.offsets.length !== q.numQueries + 1) throw bad('offsets must have numQueries + 1 entries');
  if (q.offsets[0] !== 0 || q.offsets[q.numQueries] !== q.docs.length) throw bad('offsets must start at 0 and end at docs.length');
  for (let i = 0; i < q.numQueries; i++) {
    if (q.offsets[i + 1]! <= q.offsets[i]!) throw bad(`query ${i} has no relevant document`);
  }
  for (const doc of q.docs) if (!(doc >= 0 && doc < q.numDocs)) throw bad(`document ${doc} outside [0, ${q.numDocs})`);
}
