import type { TopKFailure } from './top-k-failures.js';
import { topKFailures } from './top-k-failures.js';
import { decodeEmbeddingCertificate, verifyEmbeddingCertificate } from './embedding-certificate.js';

/** One cross-check of a recorded parameter against the data in a certificate. */
export interface ParameterCheck {
  readonly parameter: string;
  readonly recorded: unknown;
  /** ok: matches; mismatch: contradicts the data; missing: not recorded; unchecked: nothing in the file to check it against. */
  readonly status: 'ok' | 'mismatch' | 'missing' | 'unchecked';
  readonly detail: string;
}

/**
 * What a certificate proves, as two separate facts:
 * (a) `claims.hold` — the file's claims hold: its accuracy and margin recomputed in float64 (`forEachQueryMargin`)
 *     match, and the recorded parameters (n, d, k, seed, qrels kind) agree with the qrels and the embeddings;
 * (b) `solved` — the embeddings realise every top-k set (accuracy 1, margin > 0): a different, stronger statement.
 */
export interface CertificateCheck {
  readonly file: string;
  readonly claims: {
    readonly hold: boolean;
    readonly accuracy: number;
    readonly correctQueries: number;
    readonly numQueries: number;
    /** Recomputed smallest margin (the full gap of the unit query, float64). */
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

/** Options of {@link checkEmbeddingCertificate}. */
export interface CertificateCheckOptions {
  /**
   * The digest of the initial embeddings a seed draws (`initialEmbeddingsDigest` of `@limit/trainer/node`), to
   * check a recorded seed against a recorded `initialEmbeddingsSha256`; without it the seed is `unchecked`.
   */
  readonly initialEmbeddingsDigest?: (shape: { numQueries: number; numDocs: number; d: number }, seed: number) => string;
}

/**
 * Re-checks a parsed certificate and says what it proves ({@link CertificateCheck}): the claim (via
 * `verifyEmbeddingCertificate`), every recorded parameter against the qrels and embeddings, and whether every
 * top-k set is realised. This is `limit verify`'s logic; `checkCertificateFile` in `@limit/trainer/node` reads
 * the file and checks the seed's digest.
 *
 * @param certificate - a parsed certificate.
 * @param file - its name, for messages.
 * @param options - see {@link CertificateCheckOptions}.
 * @returns the check.
 * @throws DataFormatError naming the file when it is not a certificate.
 * @example
 * ```ts
 * const check = checkEmbeddingCertificate(JSON.parse(text), 'd4-n9.cert.json');
 * check.claims.hold && check.solved; // an honest certificate of a solved run
 * ```
 */
export function checkEmbeddingCertificate(certificate: unknown, file = '<certificate>', options: CertificateCheckOptions = {}): CertificateCheck {
  const verification = verifyEmbeddingCertificate(certificate, file); // throws DataFormatError when malformed
  const { queries, documents, qrels, qrelsSpec, parameters: recorded } = decodeEmbeddingCertificate(certificate, file);
  const parameters = Object.keys(recorded).length > 0 ? recorded : undefined;
  const checks: ParameterCheck[] = [];
  const problems = [...verification.problems];
  if (parameters === undefined) {
    problems.push('the file records no parameters: the embeddings cannot be tied to a run (n, d, k, seed)');
  } else {
    const expect = (parameter: string, actual: unknown, what: string) => {
      const value = parameters[parameter];
      if (value === undefined) checks.push({ parameter, recorded: value, status: 'missing', detail: `not recorded (${what} is ${String(actual)})` });
      else if (value !== actual) checks.push({ parameter, recorded: value, status: 'mismatch', detail: `recorded ${String(value)}, but ${what} is ${String(actual)}` });
      else checks.push({ parameter, recorded: value, status: 'ok', detail: `${what} is ${String(actual)}` });
    };
    expect('n', documents.rows, 'the number of documents');
    expect('d', queries.cols, 'the embedding dimension');
    // k: every query's relevant count (for all k-subsets: the qrels' own k)
    const counts = new Set<number>();
    for (let i = 0; i < qrels.numQueries; i++) counts.add(qrels.offsets[i + 1]! - qrels.offsets[i]!);
    expect('k', counts.size === 1 ? [...counts][0] : `mixed (${[...counts].sort((a, b) => a - b).join(', ')})`, 'the relevant documents per query');
    // qrels kind: all k-subsets ↔ no query limit; a query limit ↔ that many listed queries
    const q = parameters.q;
    const kind = qrelsSpec.kind;
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
    else if (options.initialEmbeddingsDigest === undefined) checks.push({ parameter: 'seed', recorded: seed, status: 'unchecked', detail: 'no digest function given to recompute the initial embeddings' });
    else {
      const actual = options.initialEmbeddingsDigest({ numQueries: qrels.numQueries, numDocs: documents.rows, d: queries.cols }, seed);
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
