import { AbortedError, InvalidArgumentError, ShapeMismatchError, assertInteger, createDenseMatrix, type DenseMatrix, type MatrixData } from '@limit/core';
import type { Highs } from 'highs';
import type { EngineQrels } from '../engines/contract.js';
import { forEachQueryMargin } from '../engines/contract.js';

/** What the refit decided for one relevant set. */
export type RefitVerdict = 'admitted' | 'not-admitted' | 'undecided';

/** The refit of one query: can any query make its relevant set the exact top-k of these documents? */
export interface SetRefit {
  /** Row of the qrels. */
  readonly query: number;
  /** Its relevant documents R. */
  readonly relevant: readonly number[];
  /**
   * `admitted`: the LP's query realises R with a margin above the tolerance (recomputed in float64, so this is
   * proved); `not-admitted`: the LP's dual proves that no query has a margin above the tolerance;
   * `undecided`: neither (a margin within the tolerance of 0, or a solver status other than optimal).
   */
  readonly verdict: RefitVerdict;
  /** The LP's optimum t* = max t s.t. ⟨q, dⱼ⟩ − ⟨q, dₗ⟩ ≥ t ∀ j ∈ R, l ∉ R, ‖q‖∞ ≤ 1 (as the solver reports it). */
  readonly lpOptimum: number;
  /** The margin (`forEachQueryMargin`: full gap of the unit query) of the LP's query: a lower bound, attained. */
  readonly marginLowerBound: number;
  /**
   * An upper bound on the margin of every unit query, from the LP's dual: with α ≥ 0 on R and β ≥ 0 off R, each
   * summing to 1, any q has min_R⟨q,dⱼ⟩ − max_{∉R}⟨q,dₗ⟩ ≤ ⟨q, Σαⱼdⱼ − Σβₗdₗ⟩ ≤ ‖Σαⱼdⱼ − Σβₗdₗ‖₂.
   */
  readonly marginUpperBound: number;
  /**
   * With `exactMargins`, for admitted sets: the largest margin any unit query achieves (the QP
   * min ‖q‖² s.t. ⟨q, dⱼ⟩ − s ≥ 1 on R, ⟨q, dₗ⟩ − s ≤ 0 off R, whose optimum has margin 1/‖q*‖), recomputed on
   * the QP's query with `forEachQueryMargin`.
   */
  readonly exactMargin?: number;
  /** The solver's status when it was not optimal. */
  readonly status?: string;
}

/** Options of {@link refitQueries}. */
export interface QueryRefitOptions {
  /**
   * A loaded HiGHS (`await (await import('highs')).default(options)`; in a browser pass `locateFile` to its loader
   * so it finds `highs.wasm`). Default: the `highs` package loaded here (Node finds the `.wasm` beside it).
   */
  readonly highs?: Highs;
  /** Also solve the QP of every admitted set: its largest unit-query margin (`exactMargin`). Default false. */
  readonly exactMargins?: boolean;
  /** Margins within this of 0 are undecided. Default 1e-9. */
  readonly tolerance?: number;
  /** At most this many sets are listed in `listed` (not admitted and undecided first). Default 100. */
  readonly maxListed?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** Called with every set's refit, in qrels order (to join with other per-query facts). */
  readonly onSet?: (set: SetRefit) => void;
  readonly signal?: AbortSignal;
}

/** What {@link refitQueries} found over every relevant set of the qrels. */
export interface QueryRefit {
  readonly numQueries: number;
  readonly numDocs: number;
  readonly dimension: number;
  /** Sets some query realises (proved by a recomputed positive margin). */
  readonly admitted: number;
  /** Sets no query realises (proved by the dual bound). */
  readonly notAdmitted: number;
  readonly undecided: number;
  /** Not-admitted and undecided sets first, then the admitted set with the smallest margin; at most `maxListed`. */
  readonly listed: readonly SetRefit[];
  /** Over every set, the smallest exact margin (with `exactMargins` and every set admitted), else null. */
  readonly exactMargin: number | null;
  /** A set with the smallest exact (or, without `exactMargins`, LP-query) margin among the admitted ones. */
  readonly tightest: SetRefit | null;
  /** `highs <version>`. */
  readonly solver: string;
  readonly seconds: number;
}

let loaded: Promise<Highs> | undefined;

async function defaultHighs(): Promise<Highs> {
  loaded ??= import('highs').then((mod) => {
    const load = ((mod as { default?: unknown }).default ?? mod) as (options?: object) => Promise<Highs>;
    return load();
  });
  return loaded;
}

/**
 * Re-fits the queries of a configuration exactly: for each relevant set R of the qrels, with the documents
 * fixed, solves the linear program
 *
 *   maximise t  s.t.  ⟨q, dⱼ⟩ − ⟨q, dₗ⟩ ≥ t  for every j ∈ R, l ∉ R,   ‖q‖∞ ≤ 1
 *
 * (HiGHS, as ⟨q, dⱼ⟩ − s − t ≥ 0 on R and ⟨q, dₗ⟩ − s ≤ 0 off R: 2n rows, only bounds change between sets, each
 * solve warm-started from the last). R is the exact top-k of some query if and only if t* > 0. Nothing is taken
 * on the solver's word: an `admitted` verdict is the LP's query recomputed in float64 with a margin above the
 * tolerance (`forEachQueryMargin`), a `not-admitted` verdict is a dual bound below it. So a run that failed
 * while its documents admit every set failed on the query side of the optimiser; a set not admitted cannot be
 * fixed by any query. With `exactMargins` the QP gives each admitted set's largest unit-query margin.
 *
 * @param input.documents - D [n, d], as given (not re-normalised).
 * @param input.qrels - CSR qrels, q × n (1 … n − 1 relevant documents per query).
 * @param options - see {@link QueryRefitOptions}.
 * @returns verdict counts, the sets worth listing and the exact margin.
 * @throws ShapeMismatchError when qrels.numDocs ≠ n; InvalidArgumentError for bad options or a query with no
 *   or every document relevant; AbortedError when `signal` aborts; BackendUnavailableError-like errors from
 *   loading HiGHS propagate.
 * @example
 * ```ts
 * const refit = await refitQueries({ documents: embeddings.documents, qrels });
 * refit.admitted === refit.numQueries; // every set is realisable with these documents
 * ```
 */
export async function refitQueries(input: { documents: DenseMatrix<MatrixData>; qrels: EngineQrels }, options: QueryRefitOptions = {}): Promise<QueryRefit> {
  const { documents, qrels } = input;
  const n = documents.rows;
  const d = documents.cols;
  if (qrels.numDocs !== n) throw new ShapeMismatchError({ parameter: 'documents', expected: [qrels.numDocs, d], actual: [n, d] });
  const tolerance = options.tolerance ?? 1e-9;
  if (!(tolerance >= 0) || !Number.isFinite(tolerance)) {
    throw new InvalidArgumentError({ parameter: 'tolerance', value: tolerance, message: `tolerance must be a finite number ≥ 0 (got ${String(tolerance)})` });
  }
  const maxListed = assertInteger('maxListed', options.maxListed ?? 100, { min: 0 });
  for (let i = 0; i < qrels.numQueries; i++) {
    const k = qrels.offsets[i + 1]! - qrels.offsets[i]!;
    if (k < 1 || k > n - 1) throw new InvalidArgumentError({ parameter: 'qrels', value: k, message: `query ${i} has ${k} relevant documents; a refit needs 1 … n − 1 (n = ${n})` });
  }
  const highs = options.highs ?? (await defaultHighs());
  const began = performance.now();
  const INF = highs.infinity;
  const D = Float64Array.from(documents.data);

  // LP columns: q_0 … q_{d−1} ∈ [−1, 1], s free, t free; rows A_j = ⟨q,d_j⟩ − s − t, B_j = ⟨q,d_j⟩ − s (j < n)
  const lpStarts = [0];
  const lpIndices: number[] = [];
  const lpValues: number[] = [];
  for (const withT of [true, false]) {
    for (let j = 0; j < n; j++) {
      for (let c = 0; c < d; c++) {
        lpIndices.push(c);
        lpValues.push(D[j * d + c]!);
      }
      lpIndices.push(d);
      lpValues.push(-1);
      if (withT) {
        lpIndices.push(d + 1);
        lpValues.push(-1);
      }
      lpStarts.push(lpIndices.length);
    }
  }
  const free = () => new Float64Array(2 * n).fill(-INF);
  const lp = highs.createModel({
    numCols: d + 2,
    numRows: 2 * n,
    sense: highs.constants.objectiveSense.maximize,
    colCost: [...new Array<number>(d + 1).fill(0), 1],
    colLower: [...new Array<number>(d).fill(-1), -INF, -INF],
    colUpper: [...new Array<number>(d).fill(1), INF, INF],
    rowLower: free(),
    rowUpper: new Float64Array(2 * n).fill(INF),
    matrix: { format: 'csr', numRows: 2 * n, numCols: d + 2, starts: lpStarts, indices: lpIndices, values: lpValues },
  });
  // QP columns: q free, s free; rows C_j = ⟨q,d_j⟩ − s; objective ½‖q‖²
  let qp: ReturnType<Highs['createModel']> | undefined;
  if (options.exactMargins) {
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    for (let j = 0; j < n; j++) {
      for (let c = 0; c < d; c++) {
        indices.push(c);
        values.push(D[j * d + c]!);
      }
      indices.push(d);
      values.push(-1);
      starts.push(indices.length);
    }
    qp = highs.createModel({
      numCols: d + 1,
      numRows: n,
      colCost: new Array<number>(d + 1).fill(0),
      colLower: new Array<number>(d + 1).fill(-INF),
      colUpper: new Array<number>(d + 1).fill(INF),
      rowLower: new Float64Array(n).fill(-INF),
      rowUpper: new Float64Array(n).fill(0),
      matrix: { format: 'csr', numRows: n, numCols: d + 1, starts, indices, values },
      hessian: {
        format: 'triangular',
        dimension: d + 1,
        starts: Array.from({ length: d + 2 }, (_, c) => Math.min(c, d)),
        indices: Array.from({ length: d }, (_, c) => c),
        values: new Array<number>(d).fill(1),
      },
    });
  }
  const optimal = highs.constants.modelStatus.optimal;
  const statusName = (code: number) => Object.entries(highs.constants.modelStatus).find(([, v]) => v === code)?.[0] ?? String(code);
  const oneQrel = { numQueries: 1, numDocs: n, offsets: new Int32Array(2), docs: new Int32Array(0) };
  /** The one margin definition, applied to one query vector and one set. */
  const marginOf = (q: Float64Array, relevant: Int32Array): number => {
    let margin = Number.NaN;
    forEachQueryMargin(createDenseMatrix(1, d, q), documents, { ...oneQrel, offsets: Int32Array.of(0, relevant.length), docs: relevant }, (row) => (margin = row.margin));
    return margin;
  };

  let admitted = 0;
  let notAdmitted = 0;
  let undecided = 0;
  const doubtful: SetRefit[] = [];
  let tightest: SetRefit | null = null;
  let exactMin = Infinity;
  let exactComplete = options.exactMargins === true;
  try {
    lp.options.set({ output_flag: false });
    qp?.options.set({ output_flag: false });
    const inR = new Uint8Array(n);
    for (let i = 0; i < qrels.numQueries; i++) {
      if (options.signal?.aborted) throw new AbortedError({ message: 'the refit was aborted' });
      const relevant = qrels.docs.slice(qrels.offsets[i]!, qrels.offsets[i + 1]!);
      inR.fill(0);
      for (const j of relevant) inR[j] = 1;
      const lower = new Float64Array(2 * n);
      const upper = new Float64Array(2 * n);
      for (let j = 0; j < n; j++) {
        lower[j] = inR[j] ? 0 : -INF; // A_j ≥ 0 on R
        upper[j] = INF;
        lower[n + j] = -INF;
        upper[n + j] = inR[j] ? INF : 0; // B_j ≤ 0 off R
      }
      lp.changeRowsBounds({ kind: 'range', from: 0, to: 2 * n - 1 }, lower, upper);
      lp.run();
      const status = lp.getModelStatus();
      let set: SetRefit;
      if (status !== optimal) {
        set = { query: i, relevant: Array.from(relevant), verdict: 'undecided', lpOptimum: Number.NaN, marginLowerBound: Number.NaN, marginUpperBound: Number.POSITIVE_INFINITY, status: statusName(status) };
      } else {
        const solution = lp.getSolution();
        const q = Float64Array.from(solution.colValue.subarray(0, d));
        const lowerBound = marginOf(q, relevant);
        // dual weights: α on the active A rows (R), β on the active B rows (off R), each normalised to sum 1
        let sumA = 0;
        let sumB = 0;
        for (let j = 0; j < n; j++) {
          if (inR[j]) sumA += Math.abs(solution.rowDual[j]!);
          else sumB += Math.abs(solution.rowDual[n + j]!);
        }
        let upperBound = Number.POSITIVE_INFINITY;
        if (sumA > 0 && sumB > 0) {
          const r = new Float64Array(d);
          for (let j = 0; j < n; j++) {
            const w = inR[j] ? Math.abs(solution.rowDual[j]!) / sumA : -Math.abs(solution.rowDual[n + j]!) / sumB;
            if (w !== 0) for (let c = 0; c < d; c++) r[c] = r[c]! + w * D[j * d + c]!;
          }
          upperBound = Math.hypot(...r);
        }
        const verdict: RefitVerdict = lowerBound > tolerance ? 'admitted' : upperBound <= tolerance ? 'not-admitted' : 'undecided';
        set = { query: i, relevant: Array.from(relevant), verdict, lpOptimum: lp.getObjectiveValue(), marginLowerBound: lowerBound, marginUpperBound: upperBound };
        if (verdict === 'admitted' && qp !== undefined) {
          const qLower = new Float64Array(n);
          const qUpper = new Float64Array(n);
          for (let j = 0; j < n; j++) {
            qLower[j] = inR[j] ? 1 : -INF;
            qUpper[j] = inR[j] ? INF : 0;
          }
          qp.changeRowsBounds({ kind: 'range', from: 0, to: n - 1 }, qLower, qUpper);
          qp.run();
          if (qp.getModelStatus() === optimal) {
            const exact = marginOf(Float64Array.from(qp.getSolution().colValue.subarray(0, d)), relevant);
            set = { ...set, exactMargin: Math.max(exact, lowerBound) };
            exactMin = Math.min(exactMin, set.exactMargin!);
          } else exactComplete = false;
        }
      }
      if (set.verdict === 'admitted') {
        admitted += 1;
        const key = (s: SetRefit) => s.exactMargin ?? s.marginLowerBound;
        if (tightest === null || key(set) < key(tightest)) tightest = set;
      } else {
        if (set.verdict === 'not-admitted') notAdmitted += 1;
        else undecided += 1;
        if (doubtful.length < maxListed) doubtful.push(set);
      }
      options.onSet?.(set);
      options.onProgress?.(i + 1, qrels.numQueries);
    }
  } finally {
    lp.dispose();
    qp?.dispose();
  }
  const listed = [...doubtful.sort((a, b) => (a.verdict === b.verdict ? a.query - b.query : a.verdict === 'not-admitted' ? -1 : 1))];
  if (tightest !== null && listed.length < maxListed) listed.push(tightest);
  return {
    numQueries: qrels.numQueries,
    numDocs: n,
    dimension: d,
    admitted,
    notAdmitted,
    undecided,
    listed,
    exactMargin: exactComplete && admitted === qrels.numQueries ? exactMin : null,
    tightest,
    solver: `highs ${highs.version?.string ?? ''}`.trim(),
    seconds: (performance.now() - began) / 1000,
  };
}
