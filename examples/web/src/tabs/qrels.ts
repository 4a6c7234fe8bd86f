import { QREL_PATTERNS, binomialNumber, qrelPattern, qrelsToDense, type QrelPatternName } from '@limit/combinatorics';
import { createRng, type DenseMatrix } from '@limit/core';
import { forsterBound, marginDimensionBound, svd } from '@limit/matrix';
import { singularValuesChartSpec } from '@limit/charts';
import { renderHeatmap, renderVegaChart } from '../charts.js';
import { errorMessage, h, numberField, readNumber, readString, selectField, setStatus } from '../dom.js';

/** Above this many entries the dense SVD would stall the page. */
const MAX_ENTRIES = 400_000;

function signMatrix(a: DenseMatrix): DenseMatrix<Float64Array> {
  const data = new Float64Array(a.data.length);
  for (let i = 0; i < data.length; i += 1) data[i] = 2 * (a.data[i] ?? 0) - 1;
  return { rows: a.rows, cols: a.cols, data };
}

function numericalRank(values: Float64Array, rows: number, cols: number): number {
  const tol = Math.max(rows, cols) * (values[0] ?? 0) * 2.220446049250313e-16;
  return values.filter((s) => s > tol).length;
}

/**
 * Qrels tab: a LIMIT qrel pattern as a heatmap (queries × documents), the singular values of A and
 * of the sign matrix 2A − 1 (whose sign rank bounds the embedding dimension), and the paper's bounds.
 */
export function mountQrelsTab(host: HTMLElement): void {
  const form = h(
    'form',
    { class: 'controls', 'data-testid': 'qrels-form' },
    selectField('pattern', 'pattern', QREL_PATTERNS, 'dense'),
    numberField('documents (n)', 'numDocs', 12, 2, 2000),
    numberField('queries (0 = all k-subsets)', 'numQueries', 0, 0, 20000),
    numberField('k', 'k', 2, 1, 10),
    numberField('seed (random)', 'seed', 1, 0, 2 ** 31),
    h('button', { type: 'submit', class: 'primary', 'data-testid': 'qrels-button' }, 'Show'),
  );
  const status = h('div', { class: 'status', 'data-testid': 'qrels-result', 'data-state': 'idle' }, '');
  const canvas = h('canvas', { class: 'heatmap', 'data-testid': 'qrels-heatmap' });
  const spectrumA = h('div', { 'data-testid': 'qrels-spectrum' });
  const spectrumSign = h('div', { 'data-testid': 'qrels-sign-spectrum' });
  const note = h(
    'p',
    { class: 'note' },
    'Rows are queries, columns documents; a dark cell is a relevant pair. The paper bounds the dimension d an ',
    'embedding needs to rank every query’s relevant documents first by the sign rank of 2A − 1: ',
    'rank±(2A − 1) − 1 ≤ d. Forster’s bound √(q·n)/‖2A − 1‖₂ is a lower bound on that sign rank; ',
    'the ordinary rank of 2A − 1 is an upper bound. With margin γ, C(n, k) ≤ (1 + 1/γ)^d.',
  );
  host.append(
    form,
    status,
    h('div', { class: 'charts' }, h('div', {}, canvas), spectrumA, spectrumSign),
    note,
  );

  // values beyond the numerical rank are rounding noise (~1e-16 σ₁): left out, and the subtitle says so
  const drawSpectrum = (node: HTMLElement, values: Float64Array, rank: number, title: string): void => {
    const dropped = values.length - rank;
    const notes = dropped > 0 ? [`${dropped} value${dropped === 1 ? '' : 's'} below the rank tolerance (rounding noise) not shown`] : [];
    void renderVegaChart(node, singularValuesChartSpec({ values: [...values.subarray(0, rank)], title, notes, width: 440, height: 220 })).catch((error: unknown) =>
      setStatus(status, 'error', `spectrum chart: ${errorMessage(error)}`),
    );
  };

  const show = (): void => {
    try {
      const pattern = readString(form, 'pattern') as QrelPatternName;
      const numDocs = readNumber(form, 'numDocs');
      const k = readNumber(form, 'k');
      const requested = readNumber(form, 'numQueries');
      const numQueries = requested > 0 ? requested : pattern === 'cycle' ? numDocs : pattern === 'disjoint' ? Math.floor(numDocs / k) : binomialNumber(numDocs, k);
      if (numQueries * numDocs > MAX_ENTRIES) {
        setStatus(status, 'error', `${numQueries} × ${numDocs} is too large to decompose in the page (limit ${MAX_ENTRIES.toLocaleString('en')} entries).`);
        return;
      }
      const qrels = qrelPattern({ pattern, numDocs, numQueries, k, rng: createRng(readNumber(form, 'seed')) });
      const dense = qrelsToDense(qrels);
      renderHeatmap(canvas, dense, 420);
      const s = svd(dense).S;
      const signed = signMatrix(dense);
      const sSign = svd(signed).S;
      const rankA = numericalRank(s, dense.rows, dense.cols);
      const rankSign = numericalRank(sSign, signed.rows, signed.cols);
      const forster = forsterBound(dense);
      const margin = marginDimensionBound({ n: numDocs, k, margin: 0.1 });
      drawSpectrum(spectrumA, s, rankA, `Singular values of A (rank ${rankA})`);
      drawSpectrum(spectrumSign, sSign, rankSign, `Singular values of 2A − 1 (rank ${rankSign})`);
      status.dataset['rows'] = String(dense.rows);
      status.dataset['cols'] = String(dense.cols);
      status.dataset['rank'] = String(rankA);
      status.dataset['sigma1'] = String(s[0] ?? 0);
      setStatus(
        status,
        'done',
        `${pattern}: ${dense.rows} queries × ${dense.cols} documents, k = ${k}. rank(A) = ${rankA}, rank(2A − 1) = ${rankSign}, ` +
          `σ₁(A) = ${(s[0] ?? 0).toFixed(3)}. Sign rank of 2A − 1 ≥ ${forster.signRankLowerBound} (Forster), ≤ ${rankSign}; ` +
          `margin-0.1 bound for all C(${numDocs}, ${k}) subsets: d ≥ ${margin}.`,
      );
    } catch (error) {
      setStatus(status, 'error', errorMessage(error));
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    show();
  });
  show();
}
