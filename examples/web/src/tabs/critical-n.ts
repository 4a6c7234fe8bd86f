import { binomialNumber } from '@limit/combinatorics';
import { PAPER_CRITICAL_N, createInProcessExecutor, paperCriticalNFit, runCriticalNExperiment, type CriticalNRun, type CriticalNTrial } from '@limit/trainer';
import { accuracyVsNChartSpec } from '@limit/charts';
import { renderVegaChart } from '../charts.js';
import { engineField, errorMessage, formatSeconds, h, numberField, readNumber, readString, setStatus } from '../dom.js';
import { DEFAULT_ENGINE, fillEngineSelect, resolveChoice, type DeviceSupport } from '../runtime.js';
import { percent } from './train.js';

type Evaluation = CriticalNRun;

/** The tab's defaults: a search that finishes in seconds with the default engine (auto → js at these sizes). */
export const CRITICAL_DEFAULTS = { d: 4, k: 2, initialN: 4, maxN: 20, maxIterations: 5000, restarts: 2, seed: 1 } as const;

/**
 * Whether a search stopped at its cap: its max n was solved, so the critical n is at least max n and the
 * search could not look further.
 */
export function stoppedAtMaxN(trials: readonly { readonly n: number; readonly solved: boolean }[], maxN: number): boolean {
  return trials.some((t) => t.n === maxN && t.solved);
}

/**
 * Critical-n tab: the paper's search protocol (gallop from an initial n, binary search, sweep n−4…n+5)
 * over real training runs at a fixed d, plotted as the best official accuracy against n. A search whose
 * max n solves says so: the critical n is then only a lower bound.
 */
export function mountCriticalTab(host: HTMLElement, devicesReady: Promise<DeviceSupport>): void {
  const D = CRITICAL_DEFAULTS;
  const form = h(
    'form',
    { class: 'controls', 'data-testid': 'critical-form' },
    engineField(),
    numberField('d (dimensions)', 'd', D.d, 1, 16),
    numberField('k', 'k', D.k, 1, 4),
    numberField('initial n', 'initialN', D.initialN, 2, 100),
    numberField('max n', 'maxN', D.maxN, 3, 200),
    numberField('max steps per run', 'maxIterations', D.maxIterations, 100, 100000, 100),
    numberField('restarts per n', 'restarts', D.restarts, 1, 5),
    numberField('base seed (restart r uses seed + r)', 'seed', D.seed, 0, 2 ** 31, 1),
    h('button', { type: 'submit', class: 'primary', 'data-testid': 'critical-button' }, 'Search'),
    h('button', { type: 'button', class: 'secondary', 'data-testid': 'critical-stop', disabled: true }, 'Stop'),
  );
  const status = h('div', { class: 'status', 'data-testid': 'critical-result', 'data-state': 'idle' }, 'Search for the largest n whose C(n, k) top-k sets fit in d dimensions.');
  const chart = h('div', { 'data-testid': 'critical-chart' });
  const trace = h('table', { class: 'results', 'data-testid': 'critical-trace' });
  const note = h(
    'p',
    { class: 'note' },
    'Each n is one free-embedding training run (restart r uses seed + r, as the CLI does); n counts as solved when ',
    'any restart makes every query’s top-k exactly its relevant set. The accuracy shown is the official script’s, ',
    'Σ|top-k ∩ relevant| / Σ|relevant|, the best any restart reached. The paper reports critical n ',
    `for k = 2 of ${Object.entries(PAPER_CRITICAL_N).slice(0, 5).map(([d, n]) => `${n} at d = ${d}`).join(', ')}, … (Table 6 goes to d = 45); single-seed runs vary, `,
    'so an unsolved n below the critical n is flagged as non-monotone rather than hidden (at d = 2, seed 1 gets ',
    'stuck on n = 3 while seeds 2 and 3 solve it). When max n itself solves, the search stopped there and the ',
    'critical n is at least max n.',
  );
  host.append(form, status, h('div', { class: 'charts' }, chart), trace, note);
  void devicesReady.then((devices) => fillEngineSelect(form.elements.namedItem('engine') as HTMLSelectElement, devices, DEFAULT_ENGINE));

  const draw = (trials: readonly CriticalNTrial<Evaluation>[], d: number, k: number, final?: { criticalN?: number; capped: boolean }): void => {
    const sorted = [...trials].sort((a, b) => a.n - b.n);
    const best = (t: CriticalNTrial<Evaluation>): number => Math.max(...t.runs.map((r) => r.maxAccuracy));
    // while searching, the rule marks the largest n solved so far; at the end, the search's critical n
    const solvedNs = sorted.filter((t) => t.solved).map((t) => t.n);
    const criticalN = final !== undefined ? final.criticalN : solvedNs.length > 0 ? Math.max(...solvedNs) : undefined;
    void renderVegaChart(
      chart,
      accuracyVsNChartSpec({
        k,
        traces: [{ d, ...(criticalN !== undefined ? { criticalN } : {}), capped: final?.capped === true, trials: sorted.map((t) => ({ n: t.n, accuracy: best(t), solved: t.solved })) }],
        notes: final === undefined ? ['searching: the rule marks the largest n solved so far'] : [],
      }),
    ).catch((error: unknown) => setStatus(status, 'error', `chart: ${errorMessage(error)}`));
    trace.replaceChildren(
      h('tr', {}, h('th', {}, 'n'), h('th', {}, 'phase'), h('th', {}, 'solved'), h('th', {}, 'success rate'), h('th', {}, 'best official accuracy'), h('th', {}, 'steps')),
      ...sorted.map((t) =>
        h(
          'tr',
          {},
          h('td', {}, String(t.n)),
          h('td', {}, t.phase),
          h('td', {}, t.solved ? 'yes' : 'no'),
          h('td', {}, `${(t.successRate * 100).toFixed(0)}%`),
          h('td', {}, percent(best(t))),
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
    const choice = readString(form, 'engine');
    const d = readNumber(form, 'd');
    const k = readNumber(form, 'k');
    const initialN = Math.max(readNumber(form, 'initialN'), k + 1);
    const maxN = readNumber(form, 'maxN');
    const maxIterations = readNumber(form, 'maxIterations');
    const restarts = readNumber(form, 'restarts');
    const seed = readNumber(form, 'seed');
    controller = new AbortController();
    const signal = controller.signal;
    submit.disabled = true;
    stop.disabled = false;
    delete status.dataset['criticalN'];
    delete status.dataset['capped'];
    status.dataset['choice'] = choice;
    setStatus(status, 'running', `Searching critical n for d = ${d}, k = ${k} on ${choice}…`);
    const trials: CriticalNTrial<Evaluation>[] = [];
    const started = performance.now();
    void (async () => {
      try {
        // one engine per search, chosen at the size it starts from (as runCriticalNExperiment resolves 'auto')
        let work = Number.POSITIVE_INFINITY;
        try {
          work = binomialNumber(initialN, k) * initialN * d;
        } catch {
          // bad n/k: the experiment reports it with a typed error below
        }
        const resolved = await resolveChoice(choice, await devicesReady, work);
        status.dataset['resolved'] = resolved.description;
        // The same experiment function as the CLI, in this thread (the in-process executor), runs kept in memory.
        const experiment = await runCriticalNExperiment({
          dimensions: [d],
          k,
          seed,
          restarts,
          statistic: 'any', // the note above: any restart solving n counts
          stopAtFirstSuccess: true,
          maxN,
          initialN: () => initialN,
          training: { maxIterations },
          engine: resolved.engine,
          ...(resolved.device !== undefined ? { device: resolved.device } : {}),
          runtimes: resolved.runtimes,
          executor: createInProcessExecutor({ runtimes: resolved.runtimes }),
          signal,
          onRunStart: (job) => setStatus(status, 'running', `Training n = ${job.n} (seed ${job.seed}) on ${resolved.description}…`),
          onTrial: (_d, trial) => {
            trials.push(trial);
            draw(trials, d, k);
          },
        });
        const result = { ...experiment.dimensions[0]!, evaluations: experiment.trainedRuns };
        const capped = stoppedAtMaxN(result.trials, maxN);
        draw(result.trials, d, k, { ...(result.criticalN !== undefined ? { criticalN: result.criticalN } : {}), capped });
        if (result.criticalN !== undefined) status.dataset['criticalN'] = String(result.criticalN);
        status.dataset['capped'] = String(capped);
        status.dataset['engine'] = result.engine;
        // the paper measured k = 2 at d = 4…8 (here) and fitted a cubic on d = 4…45; below d = 4 it says nothing
        const paper = k === 2 ? PAPER_CRITICAL_N[d] : undefined;
        const reference =
          paper !== undefined ? ` (paper: ${paper})` : k === 2 && d > 8 ? ` (paper's cubic fit: ≈ ${paperCriticalNFit(d).toFixed(1)})` : '';
        const answer =
          result.criticalN === undefined ? 'none solved' : capped ? `≥ ${result.criticalN}: the search stopped at max n` : String(result.criticalN);
        setStatus(
          status,
          'done',
          `critical n for d = ${d}, k = ${k}: ${answer}${reference} — ` +
            `${result.evaluations} training runs on ${result.engine} (${resolved.description}), ${formatSeconds((performance.now() - started) / 1000)}` +
            (result.nonMonotone.length > 0 ? `; unsolved below it: ${result.nonMonotone.join(', ')}` : '') +
            (capped ? `; raise max n above ${maxN} to find where it stops` : ''),
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
