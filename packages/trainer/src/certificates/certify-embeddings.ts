import type { DenseMatrix, MatrixData } from '@limit/core';
import { binomialNumber } from '@limit/combinatorics';
import { gapDimensionBound } from '@limit/matrix';
import type { EngineQrels } from '../engines/contract.js';
import { forEachQueryMargin } from '../engines/contract.js';
import { refitQueries, type QueryRefit, type QueryRefitOptions, type SetRefit } from './query-refit.js';

/** What the documents allow, set beside what the trained queries achieved. */
export type CertifyDiagnosis =
  /** The trained queries realise every set: the run is solved; the report gives the exact margin. */
  | 'solved'
  /** The run failed, yet its documents admit every set: the optimiser failed on the query side. */
  | 'query-side'
  /** Some sets cannot be realised by any query with these documents: the documents themselves are the limit. */
  | 'document-side'
  /** Neither proved: some sets are undecided (margins within the tolerance of 0). */
  | 'undecided'
  /** Documents without trained queries (a construction, a hand configuration): they admit every set. */
  | 'every-set-admitted';

/** What {@link certifyEmbeddings} found. */
export interface EmbeddingsCertification {
  readonly numQueries: number;
  readonly numDocs: number;
  readonly dimension: number;
  /** The trained queries: how many sets they realise (margin > 0) and their smallest margin (`forEachQueryMargin`); null without queries. */
  readonly trained: { readonly realised: number; readonly minMargin: number } | null;
  readonly refit: QueryRefit;
  readonly diagnosis: CertifyDiagnosis;
  /** Sets the documents admit that the trained queries miss (what a better query optimiser could still fix). */
  readonly missedAdmitted: number;
  /** With exact margins: the best margin the documents admit over all sets, and Theorem 1's d at that full gap (qrels of all k-subsets only). */
  readonly exactMargin: number | null;
  readonly theorem1AtExactMargin: number | null;
  /** One sentence saying what this proves. */
  readonly summary: string;
}

/**
 * Certifies what a trained configuration's documents allow ({@link refitQueries}: one LP per relevant set, each
 * verdict proved by a recomputed margin or a dual bound) and sets it beside what its trained queries achieved:
 * a solved run gets its exact margin (the largest unit-query margin the documents admit, over every set); a failed
 * run whose documents admit every set failed on the query side of the optimiser; sets no query can realise show a
 * document-side limit.
 *
 * @param input - the documents and qrels, and the run's queries when there are (only used for what they achieved).
 * @param options - refit options; `exactMargins` defaults to true for a solved run or documents without queries, false otherwise.
 * @returns the certification.
 * @throws what {@link refitQueries} throws.
 * @example
 * ```ts
 * const { queries, documents, qrels } = await readCertificateFile('run.cert.json');
 * const c = await certifyEmbeddings({ queries, documents, qrels });
 * c.diagnosis; // 'query-side': every set admitted, the trained queries missed some
 * ```
 */
export async function certifyEmbeddings(
  input: { queries?: DenseMatrix<MatrixData>; documents: DenseMatrix<MatrixData>; qrels: EngineQrels },
  options: QueryRefitOptions = {},
): Promise<EmbeddingsCertification> {
  const { queries, documents, qrels } = input;
  const trainedMargins = new Float64Array(qrels.numQueries);
  let realised = 0;
  let minMargin = Infinity;
  if (queries !== undefined) {
    forEachQueryMargin(queries, documents, qrels, ({ query, margin }) => {
      trainedMargins[query] = margin;
      if (margin > 0) realised += 1;
      minMargin = Math.min(minMargin, margin);
    });
  }
  const solved = queries !== undefined && realised === qrels.numQueries;
  let missedAdmitted = 0;
  const refit = await refitQueries(
    { documents, qrels },
    {
      ...options,
      exactMargins: options.exactMargins ?? (solved || queries === undefined),
      onSet: (set: SetRefit) => {
        if (queries !== undefined && set.verdict === 'admitted' && !(trainedMargins[set.query]! > 0)) missedAdmitted += 1;
        options.onSet?.(set);
      },
    },
  );
  const diagnosis: CertifyDiagnosis = solved
    ? 'solved'
    : refit.notAdmitted > 0
      ? 'document-side'
      : refit.undecided > 0
        ? 'undecided'
        : queries === undefined
          ? 'every-set-admitted'
          : 'query-side';
  // Theorem 1 speaks of all k-subsets: only then is it reported
  const k = qrels.offsets[1]! - qrels.offsets[0]!;
  const allSubsets = qrels.numQueries === binomialNumber(documents.rows, k) && Array.from({ length: qrels.numQueries }, (_, i) => qrels.offsets[i + 1]! - qrels.offsets[i]!).every((x) => x === k);
  const theorem1 = allSubsets && refit.exactMargin !== null && refit.exactMargin > 0 ? gapDimensionBound({ n: documents.rows, k, gap: refit.exactMargin }) : null;
  const c = qrels.numQueries;
  const summary =
    diagnosis === 'solved'
      ? `solved: the trained queries realise all ${c} sets (smallest margin ${minMargin.toPrecision(3)})` +
        (refit.exactMargin !== null ? `; the documents admit a margin of ${refit.exactMargin.toPrecision(3)} on every set (the best unit queries, exact)` : '')
      : diagnosis === 'query-side'
        ? `query side: the run failed (${c - realised} of ${c} sets wrong), yet its documents admit every one of the ${c} sets — better queries exist for these documents`
        : diagnosis === 'document-side'
          ? `${queries === undefined ? '' : 'document side: '}the documents admit ${refit.admitted} of ${c} sets; ${refit.notAdmitted} cannot be realised by any query with these documents` +
            (missedAdmitted > 0 ? `, and the trained queries also miss ${missedAdmitted} sets the documents admit` : '')
          : diagnosis === 'every-set-admitted'
            ? `the documents admit every one of the ${c} sets` + (refit.exactMargin !== null ? `, each with a margin of at least ${refit.exactMargin.toPrecision(3)} (the best unit queries, exact)` : '')
            : `undecided: ${refit.undecided} sets have margins within the tolerance of 0 (admitted ${refit.admitted}, not admitted ${refit.notAdmitted})`;
  return {
    numQueries: c,
    numDocs: documents.rows,
    dimension: documents.cols,
    trained: queries === undefined ? null : { realised, minMargin },
    refit,
    diagnosis,
    missedAdmitted,
    exactMargin: refit.exactMargin,
    theorem1AtExactMargin: theorem1,
    summary,
  };
}
