import { failingQueriesChartSpec, lineChartSpec } from '@limit/charts';
import { PAPER_TRAINING, topKFailures, trainFreeEmbeddings, type TopKFailure } from '@limit/trainer';
import { binomialNumber } from '@limit/combinatorics';
import { SIDE_BY_SIDE_WIDTH, renderVegaChart } from '../charts.js';
import { engineField, errorMessage, formatSeconds, h, numberField, readNumber, readString, setStatus } from '../dom.js';
import { DEFAULT_ENGINE, fillEngineSelect, resolveChoice, type DeviceSupport } from '../runtime.js';

/** Rows of the failing-queries chart and table (worst margins first). */
const MAX_FAILURE_ROWS = 25;

/**
 * Train tab: free embeddings for all C(n, k) top-k sets of n documents in d dimensions, on the chosen
 * engine (default `auto`: the trainer's order, the plain-JS engine at these sizes), with live loss and
 * official-accuracy charts, and after training the queries whose top-k is wrong (chart and table, with
 * their scores) or a plain "all solved". One accuracy throughout: the official script's. The result line
 * carries data attributes (state, engine, final accuracy, iterations) that the browser test reads.
 */
export function mountTrainTab(host: HTMLElement, devicesReady: Promise<DeviceSupport>): void {
  const form = h(
    'form',
    { class: 'controls', 'data-testid': 'train-form' },
    engineField(),
    numberField('d (dimensions)', 'd', 4, 1, 64),
    numberField('n (documents)', 'n', 6, 2, 200),
    numberField('k (relevant per query)', 'k', 2, 1, 10),
    numberField('learning rate', 'learningRate', PAPER_TRAINING.learningRate, 0.0001, 1, 0.0001),
    numberField('max iterations', 'maxIterations', 5000, 50, 100000, 50),
    numberField('log every (steps)', 'logInterval', 10, 1, 1000, 1),
    numberField('seed', 'seed', 1, 0, 2 ** 31, 1),
    h('button', { type: 'submit', class: 'primary', 'data-testid': 'train-button' }, 'Train'),
    h('button', { type: 'button', class: 'secondary', 'data-testid': 'stop-button', disabled: true }, 'Stop'),
  );
  const status = h('div', { class: 'status', 'data-testid': 'train-result', 'data-state': 'idle' }, 'Pick an engine (auto picks the fastest for the size) and press Train.');
  const lossChart = h('div', { 'data-testid': 'loss-chart' });
  const accuracyChart = h('div', { 'data-testid': 'accuracy-chart' });
  const note = h(
    'p',
    { class: 'note', 'data-testid': 'train-note' },
    'Every one of the C(n, k) k-subsets of n documents is the relevant set of one query. Query and document ',
    'vectors are free parameters (the best case for any embedding model); training is the paper’s full-batch ',
    'InfoNCE with temperature 0.1 and Adam, re-normalising rows after each step. Accuracy, here and in the ',
    'chart, is the official script’s: the share of relevant documents inside their query’s top-k, ',
    'Σ|top-k ∩ relevant| / Σ|relevant|. A run is solved when it reaches 100 %, that is when every query’s top-k ',
    'is exactly its relevant set. At d = 4 the paper finds the critical n ≈ 10.',
  );
  const failures = h('section', { class: 'failures', 'data-testid': 'failures', 'data-state': 'idle' });
  host.append(form, status, h('div', { class: 'charts' }, lossChart, accuracyChart), failures, note);

  const submit = form.querySelector<HTMLButtonElement>('[data-testid="train-button"]')!;
  const stop = form.querySelector<HTMLButtonElement>('[data-testid="stop-button"]')!;
  let controller: AbortController | undefined;
  stop.addEventListener('click', () => controller?.abort());

  void devicesReady.then((devices) => fillEngineSelect(form.elements.namedItem('engine') as HTMLSelectElement, devices, DEFAULT_ENGINE));

  const drawCharts = (iterations: number[], losses: number[], accIterations: number[], accuracies: number[]): void => {
    const points = (xs: number[], ys: number[]) => xs.map((x, i) => ({ x, y: ys[i]! }));
    void renderVegaChart(
      lossChart,
      lineChartSpec({ title: 'Training loss (InfoNCE)', xTitle: 'step', yTitle: 'loss (log scale)', logY: true, integerX: true, width: SIDE_BY_SIDE_WIDTH, series: [{ label: 'loss', points: points(iterations, losses) }] }),
    ).catch((error: unknown) => setStatus(status, 'error', `loss chart: ${errorMessage(error)}`));
    void renderVegaChart(
      accuracyChart,
      lineChartSpec({
        title: 'Official accuracy',
        xTitle: 'step',
        yTitle: 'relevant documents in the top-k',
        yDomain: [0, 1],
        yPercent: true,
        integerX: true,
        width: SIDE_BY_SIDE_WIDTH,
        series: [{ label: 'official accuracy', points: points(accIterations, accuracies) }],
      }),
    ).catch((error: unknown) => setStatus(status, 'error', `accuracy chart: ${errorMessage(error)}`));
  };
  drawCharts([], [], [], []);

  /** The failing-queries view: chart and table of every query whose top-k is wrong, or a plain "all solved". */
  const showFailures = (found: readonly TopKFailure[], numQueries: number, k: number): void => {
    failures.dataset['failures'] = String(found.length);
    if (found.length === 0) {
      failures.dataset['state'] = 'solved';
      failures.replaceChildren(
        h('p', { class: 'solved', 'data-testid': 'failures-summary' }, `All solved: each of the ${numQueries.toLocaleString('en')} queries ranks exactly its ${k} relevant documents first.`),
      );
      return;
    }
    failures.dataset['state'] = 'failing';
    const shown = found.slice(0, MAX_FAILURE_ROWS);
    const chart = h('div', { 'data-testid': 'failures-chart' });
    const score = (s: number): string => s.toFixed(3);
    const table = h(
      'table',
      { class: 'results failures-table', 'data-testid': 'failures-table' },
      h('tr', {}, h('th', {}, 'query'), h('th', {}, 'relevant docs (score)'), h('th', {}, `top-${k} returned (score)`), h('th', {}, 'margin')),
      ...shown.map((f) => {
        const relevant = new Set(f.relevant.map((r) => r.doc));
        // every document scoring ≥ the lowest relevant one is relevant or an intruder (at least k intruders kept)
        const top = [...f.relevant, ...f.intruders].sort((a, b) => b.score - a.score || a.doc - b.doc).slice(0, k);
        return h(
          'tr',
          { 'data-query': f.query },
          h('td', {}, `q${f.query}`),
          h('td', {}, f.relevant.map((r) => `d${r.doc} (${score(r.score)})`).join(', ')),
          h('td', {}, top.map((r) => `${relevant.has(r.doc) ? '✓' : '✗'} d${r.doc} (${score(r.score)})`).join(', ')),
          // 3 significant digits: a margin of −3·10⁻⁵ must not print as −0.0000
          h('td', {}, f.margin.toPrecision(3)),
        );
      }),
    );
    failures.replaceChildren(
      h(
        'p',
        { 'data-testid': 'failures-summary' },
        `${found.length.toLocaleString('en')} of ${numQueries.toLocaleString('en')} queries have a wrong top-${k}` +
          (shown.length < found.length ? `; the ${shown.length} worst margins are shown.` : '.') +
          ' Margin: lowest relevant score − highest non-relevant score (≤ 0 means a wrong top-k).',
      ),
      h('div', { class: 'charts' }, chart),
      table,
    );
    void renderVegaChart(
      chart,
      failingQueriesChartSpec({ failures: found, numQueries, maxRows: MAX_FAILURE_ROWS, width: 720, queryLabel: (f) => `q${f.query} {${f.relevant.map((r) => r.doc).join(', ')}}` }),
    ).catch((error: unknown) => setStatus(status, 'error', `failing-queries chart: ${errorMessage(error)}`));
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const choice = readString(form, 'engine');
    const d = readNumber(form, 'd');
    const n = readNumber(form, 'n');
    const k = readNumber(form, 'k');
    const learningRate = readNumber(form, 'learningRate');
    const maxIterations = readNumber(form, 'maxIterations');
    const seed = readNumber(form, 'seed');
    const logInterval = readNumber(form, 'logInterval');
    controller = new AbortController();
    const signal = controller.signal;
    submit.disabled = true;
    stop.disabled = false;
    delete status.dataset['finalAccuracy'];
    failures.dataset['state'] = 'idle';
    delete failures.dataset['failures'];
    failures.replaceChildren();
    status.dataset['choice'] = choice;
    delete status.dataset['engine'];
    let queries = '?';
    let work = Number.POSITIVE_INFINITY;
    try {
      const q = binomialNumber(n, k);
      queries = q.toLocaleString('en');
      work = q * n * d;
    } catch {
      // invalid n/k: the trainer reports it with a typed error below
    }
    setStatus(status, 'running', `Training d = ${d}, n = ${n}, k = ${k} (${queries} queries) on ${choice}…`);

    const iterations: number[] = [];
    const losses: number[] = [];
    const accIterations: number[] = [];
    const accuracies: number[] = [];
    let lastDraw = 0;
    const started = performance.now();
    void (async () => {
      try {
        const resolved = await resolveChoice(choice, await devicesReady, work);
        status.dataset['resolved'] = resolved.description;
        const { metrics, qrels, embeddings } = await trainFreeEmbeddings({
          n,
          d,
          k,
          seed,
          learningRate,
          maxIterations,
          logInterval,
          engine: resolved.engine,
          ...(resolved.device !== undefined ? { device: resolved.device } : {}),
          runtimes: resolved.runtimes,
          signal,
          returnEmbeddings: true,
          // progress arrives at every accuracy evaluation (every logInterval steps)
          onProgress: (progress) => {
            const step = progress.step + 1;
            iterations.push(step);
            losses.push(progress.loss);
            accIterations.push(step);
            accuracies.push(progress.accuracy);
            const now = performance.now();
            if (now - lastDraw > 150) {
              lastDraw = now;
              drawCharts(iterations, losses, accIterations, accuracies);
              setStatus(
                status,
                'running',
                `Training on ${progress.engine}: step ${step} of at most ${progress.maxIterations}, ` +
                  `loss ${progress.loss.toPrecision(4)}, official accuracy ${percent(progress.accuracy)}, ` +
                  `${progress.stepsPerSecond.toFixed(0)} steps/s`,
              );
            }
          },
        });
        const seconds = (performance.now() - started) / 1000;
        drawCharts(iterations, losses, accIterations, accuracies);
        // float64 scores of the final embeddings, as `limit verify` computes them
        showFailures(topKFailures({ ...embeddings!, qrels }, { maxIntruders: Math.max(5, k) }), qrels.numQueries, k);
        status.dataset['finalAccuracy'] = String(metrics.finalAccuracy);
        status.dataset['iterations'] = String(metrics.iterations);
        status.dataset['engine'] = metrics.engine;
        status.dataset['stepsPerSecond'] = metrics.stepsPerSecond.toFixed(1);
        setStatus(
          status,
          'done',
          `${metrics.engine} (${resolved.description}): final official accuracy ${percent(metrics.finalAccuracy)} after ${metrics.iterations} steps ` +
            `(${metrics.stopReason.replace('_', ' ')}; final loss ${metrics.finalLoss.toPrecision(4)}, ${formatSeconds(seconds)}) — d = ${d}, n = ${n}, k = ${k}` +
            (metrics.solved ? ': every top-k set is realised.' : ': not every top-k set could be fitted.'),
        );
      } catch (error) {
        setStatus(status, 'error', errorMessage(error));
      } finally {
        submit.disabled = false;
        stop.disabled = true;
      }
    })();
  });
}

/** A share in percent with one decimal, never rounded up to 100 % when it is not all (99.96 % → 99.96 %). */
export function percent(x: number): string {
  if (x >= 1) return '100%';
  for (let decimals = 1; ; decimals++) {
    const text = (x * 100).toFixed(decimals);
    if (Number(text) < 100 || decimals >= 6) return `${text}%`;
  }
}
