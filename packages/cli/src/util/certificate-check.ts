/**
 * What `limit verify` proves about a certificate, as two separate facts:
 * (a) the file's claims hold: the claimed accuracy and margin are recomputed in float64, and the recorded
 *     parameters (n, d, k, seed, qrels kind) are cross-checked against the qrels and the embeddings;
 * (b) the embeddings realise every top-k set (accuracy 1, margin > 0) — a different, stronger statement.
 */
import { readFile } from 'node:fs/promises';
import { DataFormatError, createDenseMatrix, type DenseMatrix } from '@limit/core';
import { allCombinationQrels } from '@limit/combinatorics';
import { topKFailures, verifyEmbeddingCertificate, type EngineQrels, type TopKFailure } from '@limit/trainer';
import { initialEmbeddingsDigest } from './training.js';

/** One cross-check of a recorded parameter. */
export interface ParameterCheck {
  readonly parameter: string;
  readonly recorded: unknown;
  /** ok: matches; mismatch: contradicts the data; unchecked: nothing in the file to check it against. */
  readonly status: 'ok' | 'mismatch' | 'missing' | 'unchecked';
  readonly detail: string;
}

/** The result of {@link checkCertificate}. */
export interface CertificateCheck {
  readonly file: string;
  readonly claims: {
    readonly hold: boolean;
    readonly accuracy: number;
    readonly correctQueries: number;
    readonly numQueries: number;
    readonly minMargin: number;
    readonly claimedAccuracy: number;
    readonly claimedMinMargin: number;
    readonly parameters: readonly ParameterCheck[];
    readonly problems: readonly string[];
  };
  /** Every query's top-k is exactly its relevant set (accuracy 1, minimum margin > 0). */
  readonly solved: boolean;
  /** The failing queries, worst margin first (at most 20). */
  readonly failingQueries: readonly TopKFailure[];
}

function decodeMatrix(m: { rows: number; cols: number; data: string }): DenseMatrix {
  const bytes = Buffer.from(m.data, 'base64');
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return createDenseMatrix(m.rows, m.cols, new Float32Array(copy.buffer, 0, m.rows * m.cols));
}

/**
 * Re-checks a certificate file: the claim (via the trainer's float64 verifier), the recorded parameters
 * against the qrels and embeddings, and whether every top-k set is realised.
 *
 * @throws DataFormatError when the file is not a readable certificate.
 */
export async function checkCertificate(file: string): Promise<CertificateCheck> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new DataFormatError({ file, line: 0, message: `not a JSON certificate: ${error instanceof Error ? error.message : String(error)}` });
  }
  const verification = verifyEmbeddingCertificate(json, file); // throws DataFormatError when malformed
  const cert = json as {
    parameters?: unknown;
    qrels: { kind: 'all-combinations'; n: number; k: number } | { kind: 'explicit'; numQueries: number; numDocs: number; offsets: number[]; docs: number[] };
    queries: { rows: number; cols: number; data: string };
    documents: { rows: number; cols: number; data: string };
  };
  const queries = decodeMatrix(cert.queries);
  const documents = decodeMatrix(cert.documents);
  const qrels: EngineQrels =
    cert.qrels.kind === 'all-combinations'
      ? allCombinationQrels(cert.qrels.n, cert.qrels.k)
      : { numQueries: cert.qrels.numQueries, numDocs: cert.qrels.numDocs, offsets: Int32Array.from(cert.qrels.offsets), docs: Int32Array.from(cert.qrels.docs) };

  const parameters = cert.parameters !== null && typeof cert.parameters === 'object' && !Array.isArray(cert.parameters) ? (cert.parameters as Record<string, unknown>) : undefined;
  const checks: ParameterCheck[] = [];
  const problems = [...verification.problems];
  if (parameters === undefined || Object.keys(parameters).length === 0) {
    problems.push('the file records no parameters: the embeddings cannot be tied to a run (n, d, k, seed)');
  } else {
    const expect = (parameter: string, actual: unknown, what: string) => {
      const recorded = parameters[parameter];
      if (recorded === undefined) checks.push({ parameter, recorded, status: 'missing', detail: `not recorded (${what} is ${String(actual)})` });
      else if (recorded !== actual) checks.push({ parameter, recorded, status: 'mismatch', detail: `recorded ${String(recorded)}, but ${what} is ${String(actual)}` });
      else checks.push({ parameter, recorded, status: 'ok', detail: `${what} is ${String(actual)}` });
    };
    expect('n', documents.rows, 'the number of documents');
    expect('d', queries.cols, 'the embedding dimension');
    // k: every query's relevant count (for all k-subsets: the qrels' own k)
    const counts = new Set<number>();
    for (let i = 0; i < qrels.numQueries; i++) counts.add(qrels.offsets[i + 1]! - qrels.offsets[i]!);
    expect('k', counts.size === 1 ? [...counts][0] : `mixed (${[...counts].sort((a, b) => a - b).join(', ')})`, 'the relevant documents per query');
    // qrels kind: all k-subsets ↔ no query limit; a query limit ↔ that many listed queries
    const q = parameters.q;
    const kind = cert.qrels.kind;
    if (q === undefined) checks.push({ parameter: 'q', recorded: q, status: 'missing', detail: `not recorded (qrels: ${kind})` });
    else if (q === null && kind === 'all-combinations') checks.push({ parameter: 'q', recorded: q, status: 'ok', detail: 'all C(n, k) queries, and the qrels are all k-subsets' });
    else if (typeof q === 'number' && kind === 'explicit' && qrels.numQueries === q) checks.push({ parameter: 'q', recorded: q, status: 'ok', detail: `${q} listed queries` });
    else checks.push({ parameter: 'q', recorded: q, status: 'mismatch', detail: `recorded q = ${String(q)}, but the qrels are ${kind} with ${qrels.numQueries} queries` });
    // seed: the initial embeddings it draws must hash to the recorded digest
    const seed = parameters.seed;
    const digest = parameters.initialEmbeddingsSha256;
    if (seed === undefined) checks.push({ parameter: 'seed', recorded: seed, status: 'missing', detail: 'not recorded' });
    else if (typeof digest !== 'string') checks.push({ parameter: 'seed', recorded: seed, status: 'unchecked', detail: 'no initialEmbeddingsSha256 in the file to check it against' });
    else if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) checks.push({ parameter: 'seed', recorded: seed, status: 'mismatch', detail: 'not an integer' });
    else {
      const actual = initialEmbeddingsDigest({ numQueries: qrels.numQueries, numDocs: documents.rows, d: queries.cols }, seed);
      checks.push(
        actual === digest
          ? { parameter: 'seed', recorded: seed, status: 'ok', detail: 'its initial embeddings match the recorded digest' }
          : { parameter: 'seed', recorded: seed, status: 'mismatch', detail: 'its initial embeddings do not match the recorded digest (initialEmbeddingsSha256)' },
      );
    }
    for (const c of checks) if (c.status === 'mismatch' || c.status === 'missing') problems.push(`parameters.${c.parameter}: ${c.detail}`);
  }
  const failures = topKFailures({ queries, documents, qrels });
  return {
    file,
    claims: {
      hold: problems.length === 0,
      accuracy: verification.accuracy,
      correctQueries: verification.correctQueries,
      numQueries: verification.numQueries,
      minMargin: verification.minMargin,
      claimedAccuracy: verification.claimedAccuracy,
      claimedMinMargin: verification.claimedMinMargin,
      parameters: checks,
      problems,
    },
    solved: failures.length === 0 && verification.accuracy === 1 && verification.minMargin > 0,
    failingQueries: failures.slice(0, 20),
  };
}
