import { PAPER_CRITICAL_N, createInProcessExecutor, paperCriticalNFit, runCriticalNExperiment, type CriticalNRun, type CriticalNTrial } from '@limit/trainer';
import { accuracyVsNChartSpec } from '@limit/charts';
import { renderVegaChart } from '../charts.js';
import { errorMessage, h, numberField, readNumber, readString, selectField, setStatus } from '../dom.js';
import { BACKENDS, engineId, prepareBackend, type BrowserBackend, type DeviceSupport } from '../runtime.js';

type Evaluation = CriticalNRun;

/**
 * Critical-n tab: the paper's search protocol (gallop from an initial n, binary search, sweep n−4…n+5)
 * over real training runs at a fixed d, plotted as final accuracy against n.
 */
export function mountCriticalTab(host: HTMLElement, devicesReady: Promise<DeviceSupport>): void {
  const form = h(
    'form',
    { class: 'controls', 'data-testid': 'critical-form' },
    selectField('backend', 'backend', BACKENDS, 'webgl'),
    numberField('d (dimensions)', 'd', 3, 1, 16),
    numberField('k', 'k', 2, 1, 4),
    numberField('initial n', 'initialN', 4, 2, 100),
    numberField('max n', 'maxN', 20, 3, 200),
    numberField('max steps per run', 'maxIterations', 3000, 100, 100000, 100),
    numberField('restarts per n', 'restarts', 2, 1, 5),
    numberField('base seed (restart r uses seed + r)', 'seed', 1, 0, 2 ** 31, 1),
    h('button', { type: 'submit', class: 'primary', 'data-testid': 'critical-button' }, 'Search'),
    h('button', { type: 'button', class: 'secondary', 'data-testid': 'critical-stop', disabled: true }, 'Stop'),
  );
  const status = h('div', { class: 'status', 'data-testid': 'critical-result', 'data-state': 'idle' }, 'Search for the largest n whose C(n, k) top-k sets fit in d dimensions.');
  const chart = h('div', { 'data-testid': 'critical-chart' });
  const trace = h('table', { class: 'results', 'data-testid': 'critical-trace' });
  const note = h(
    'p',
    { class: 'note' },
    'Each n is one free-embedding training run (restart r uses seed + r, as the CLI does). The paper reports critical n ',
    `for k = 2 of ${Object.entries(PAPER_CRITICAL_N).map(([d, n]) => `${n} at d = ${d}`).join(', ')}; single-seed runs vary, `,
    'so an unsolved n below the critical n is flagged as non-monotone rather than hidden, and n counts as solved when any ',
    'restart solves it (at d = 2, seed 1 gets stuck on n = 3 while seeds 2 and 3 solve it). Small d keeps the search fast in a browser.',
  );
  host.append(form, status, h('div', { class: 'charts' }, chart), trace, note);
  void devicesReady.then((devices) => {
    const select = form.elements.namedItem('backend') as HTMLSelectElement;
    for (const option of select.options) {
      if (!devices[option.value as BrowserBackend]) option.textContent = `${option.value} (unavailable)`;
    }
  });

  const draw = (trials: readonly CriticalNTrial<Evaluation>[], d: number, k: number, final?: { criticalN?: number }): void => {
    const sorted = [...trials].sort((a, b) => a.n - b.n);
    const best = (t: CriticalNTrial<Evaluation>): number => Math.max(...t.runs.map((r) => r.maxAccuracy)) * 100;
    // while searching, the rule marks the largest n solved so far; at the end, the search's critical n
    const solvedNs = sorted.filter((t) => t.solved).map((t) => t.n);
    const criticalN = final !== undefined ? final.criticalN : solvedNs.length > 0 ? Math.max(...solvedNs) : undefined;
    void renderVegaChart(
      chart,
      accuracyVsNChartSpec({
        k,
        traces: [{ d, criticalN, trials: sorted.map((t) => ({ n: t.n, accuracy: best(t) / 100, solved: t.solved })) }],
        notes: final === undefined ? ['searching: the rule marks the largest n solved so far'] : [],
        width: 640,
      }),
    ).catch((error: unknown) => setStatus(status, 'error', `chart: ${errorMessage(error)}`));
    trace.replaceChildren(
      h('tr', {}, h('th', {}, 'n'), h('th', {}, 'phase'), h('th', {}, 'solved'), h('th', {}, 'success rate'), h('th', {}, 'best accuracy'), h('th', {}, 'steps')),
      ...sorted.map((t) =>
        h(
          'tr',
          {},
          h('td', {}, String(t.n)),
          h('td', {}, t.phase),
          h('td', {}, t.solved ? 'yes' : 'no'),
          h('td', {}, `${(t.successRate * 100).toFixed(0)}%`),
          h('td', {}, `${best(t).toFixed(1)}%`),
          h('td', {}, t.runs.map((r) => r.iterations ?? '—').join(' / ')),
        ),
      ),
    );
  };

  const submit = form.querySelector<HTMLButtonElement>('[data-testid="critical-button"]')!;
  const stop = form.querySelector<HTMLButtonElement>('[data-testid="critical-stop"]')!;
  let controller: AbortController | undefined;
  stop.addEventListener('click', () => controller?.abort());

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const backend = readString(form, 'backend') as BrowserBackend;
    const d = readNumber(form, 'd');
    const k = readNumber(form, 'k');
    const initialN = readNumber(form, 'initialN');
    const maxN = readNumber(form, 'maxN');
    const maxIterations = readNumber(form, 'maxIterations');
    const restarts = readNumber(form, 'restarts');
    const seed = readNumber(form, 'seed');
    controller = new AbortController();
    const signal = controller.signal;
    submit.disabled = true;
    stop.disabled = false;
    delete status.dataset['criticalN'];
    setStatus(status, 'running', `Searching critical n for d = ${d}, k = ${k} on ${backend}…`);
    const trials: CriticalNTrial<Evaluation>[] = [];
    void (async () => {
      try {
        const runtimes = await prepareBackend(backend);
        // The same experiment function as the CLI, in this thread (the in-process executor), runs kept in memory.
        const experiment = await runCriticalNExperiment({
          dimensions: [d],
          k,
          seed,
          restarts,
          stopAtFirstSuccess: true,
          maxN,
          initialN: () => Math.max(initialN, k + 1),
          training: { maxIterations },
          engine: engineId(backend),
          runtimes,
          executor: createInProcessExecutor({ runtimes }),
          signal,
          onRunStart: (job) => setStatus(status, 'running', `Training n = ${job.n} (seed ${job.seed}) on ${backend}…`),
          onTrial: (_d, trial) => {
            trials.push(trial);
            draw(trials, d, k);
          },
        });
        const result = { ...experiment.dimensions[0]!, evaluations: experiment.trainedRuns };
        draw(result.trials, d, k, { ...(result.criticalN !== undefined ? { criticalN: result.criticalN } : {}) });
        if (result.criticalN !== undefined) status.dataset['criticalN'] = String(result.criticalN);
        // the paper measured k = 2 at d = 4…8 and fitted a cubic there; below d = 4 it says nothing
        const paper = k === 2 ? PAPER_CRITICAL_N[d] : undefined;
        const reference =
          paper !== undefined ? ` (paper: ${paper})` : k === 2 && d > 8 ? ` (paper's cubic fit: ≈ ${paperCriticalNFit(d).toFixed(1)})` : '';
        setStatus(
          status,
          'done',
          `critical n for d = ${d}, k = ${k}: ${result.criticalN ?? 'none solved'}${reference} — ` +
            `${result.evaluations} training runs` +
            (result.nonMonotone.length > 0 ? `; unsolved below it: ${result.nonMonotone.join(', ')}` : ''),
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
