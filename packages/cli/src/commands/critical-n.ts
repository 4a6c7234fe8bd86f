import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { AbortedError, InvalidArgumentError } from '@limit/core';
import { writeFileAtomic, writeJsonAtomic } from '@limit/core/node';
import {
  PAPER_CRITICAL_N,
  PAPER_TRAINING,
  fitCriticalN,
  paperCriticalNFit,
  resolveEngine,
  type CriticalNSearchResult,
  type CriticalNFit,
} from '@limit/trainer';
import { ResultsFile, runCriticalNExperiment, type CriticalNRun } from '@limit/trainer/node';
import { assertTrainingFits } from '../util/memory-budget.js';
import { Progress, formatSeconds } from '../util/progress.js';
import { lineChartSvg } from '../util/svg.js';
import { formatMarkdownTable, formatTable } from '../util/table.js';
import { engineFromFlags, precisionFromFlag, quietTfjs } from '../util/trainer-options.js';

interface CriticalNCommandOptions {
  d: string;
  k: string;
  engine?: string;
  backend?: string;
  precision: string;
  restarts: string;
  seed: string;
  out: string;
  jobs: string;
  maxIterations: string;
  patience: string;
  logInterval: string;
  certificates?: boolean;
  child?: boolean;
}

/** Parses `4..8`, `4,6,8` or `6` into a sorted list of dimensions. */
export function parseDimensions(text: string): number[] {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const range = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(part);
    if (range) {
      const [lo, hi] = [Number(range[1]), Number(range[2])];
      if (hi < lo) throw new InvalidArgumentError({ parameter: '--d', value: text, message: `empty range ${part}` });
      for (let d = lo; d <= hi; d++) out.add(d);
    } else if (/^\s*\d+\s*$/.test(part)) {
      out.add(Number(part));
    } else {
      throw new InvalidArgumentError({ parameter: '--d', value: text, message: `--d takes a range like 4..8 or a list like 4,6,8, got "${text}"` });
    }
  }
  const dims = [...out].sort((a, b) => a - b);
  if (dims.some((d) => d < 1)) throw new InvalidArgumentError({ parameter: '--d', value: text, message: 'dimensions must be ≥ 1' });
  return dims;
}

function integerOption(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new InvalidArgumentError({ parameter: name, value: text, message: `${name} must be an integer ≥ ${min}, got "${text}"` });
  }
  return value;
}

/** Where the gallop starts: the paper's value when it has one, else the paper's fit (at least k + 1). */
function initialNFor(d: number, k: number, previous?: { d: number; n: number }): number {
  if (k === 2 && PAPER_CRITICAL_N[d] !== undefined) return PAPER_CRITICAL_N[d]!;
  if (previous) return Math.max(k + 1, Math.round(previous.n + paperCriticalNFit(d) - paperCriticalNFit(previous.d)));
  return Math.max(k + 1, Math.round(paperCriticalNFit(d)));
}

const resultsFileFor = (out: string, d: number, k: number) => join(out, `d${d}-k${k}.json`);

/** `limit critical-n`: the paper's critical-n search for a range of dimensions. */
export function registerCriticalN(program: Command): void {
  program
    .command('critical-n')
    .description("find the critical n (largest n whose C(n, k) top-k sets free embeddings can realise) for each d, with the paper's search protocol")
    .option('--d <range>', 'dimensions: a range 4..8 or a list 4,6,8', '4..8')
    .option('--k <k>', 'relevant documents per query', String(PAPER_TRAINING.k))
    .option('--engine <id>', 'auto | js | onnx | tfjs-wasm | tfjs-cpu | tfjs-node; one engine for every run of a d')
    .option('--backend <name>', 'older name of --engine (cpu, wasm, tensorflow name the tfjs engines)')
    .option('--precision <p>', 'float32 (as JAX) | float64 (js engine only), for every run', PAPER_TRAINING.precision)
    .option('--restarts <r>', 'seeds per n; n counts as solved if any seed reaches 100%', '1')
    .option('--seed <seed>', 'base seed (restart r uses seed + r)', String(PAPER_TRAINING.seed))
    .option('--out <dir>', 'output folder (results JSON per d, summary, SVG plots)', 'results/critical-n')
    .option('--jobs <j>', 'dimensions searched in parallel (child processes)', '2')
    .option('--max-iterations <steps>', 'maximum steps per run', String(PAPER_TRAINING.maxIterations))
    .option('--patience <steps>', 'early-stopping patience (steps without loss improvement ≥ 1e-5)', String(PAPER_TRAINING.earlyStopping.patience))
    .option('--log-interval <steps>', 'accuracy is checked every this many steps', String(PAPER_TRAINING.logInterval))
    .option('--certificates', 'save the embeddings of every solved run as a verifiable certificate')
    .option('--child', 'internal: run one d and report progress as JSON lines', false)
    .action(async (opts: CriticalNCommandOptions) => {
      quietTfjs();
      const dims = parseDimensions(opts.d);
      const k = integerOption('--k', opts.k, 1);
      // A dimension whose starting n cannot be trained is refused now, not as a RangeError later.
      for (const d of dims) assertTrainingFits('--d', d, { n: initialNFor(d, k), d, k });
      const restarts = integerOption('--restarts', opts.restarts, 1);
      const seed = integerOption('--seed', opts.seed, 0);
      const jobs = integerOption('--jobs', opts.jobs, 1);
      const training = {
        maxIterations: integerOption('--max-iterations', opts.maxIterations, 1),
        logInterval: integerOption('--log-interval', opts.logInterval, 1),
        earlyStopping: { patience: integerOption('--patience', opts.patience, 1), minDelta: PAPER_TRAINING.earlyStopping.minDelta },
      };
      const engine = engineFromFlags(opts);
      const precision = precisionFromFlag(opts.precision);
      const controller = new AbortController();
      const onSigint = () => controller.abort();
      process.once('SIGINT', onSigint);
      process.once('SIGTERM', onSigint);
      const started = performance.now();

      const searchOne = (
        d: number,
        previous: { d: number; n: number } | undefined,
        report: (line: string, run: CriticalNRun) => void,
        progress: (status: string) => void,
      ) =>
        runCriticalNExperiment({
          d,
          k,
          initialN: initialNFor(d, k, previous),
          resultsFile: resultsFileFor(opts.out, d, k),
          seed,
          restarts,
          engine,
          precision,
          // Several searches in parallel (child processes): one thread each beats oversubscribing the cores.
          ...(opts.child ? { engineOptions: { threads: 1 } } : {}),
          training,
          ...(opts.certificates ? { certificatesDir: join(opts.out, 'certificates') } : {}),
          signal: controller.signal,
          onProgress: ({ n, seed: s, progress: p }) =>
            progress(
              `d=${d} n=${n}${restarts > 1 ? ` seed=${s}` : ''} step ${p.step} loss ${p.loss.toFixed(4)} acc ${p.accuracy.toFixed(4)} ${Math.round(p.stepsPerSecond)} steps/s`,
            ),
          onRun: (run: CriticalNRun) =>
            report(
              `d=${d} n=${run.n}${restarts > 1 ? ` seed=${run.seed}` : ''}: ${run.solved ? 'solved' : 'not solved'} (max acc ${run.maxAccuracy.toFixed(4)}` +
                (run.cached ? ', from results file)' : `, ${run.iterations} steps, ${formatSeconds(run.seconds)})`),
              run,
            ),
        });

      try {
        if (opts.child) {
          // Child mode: one d, progress and run lines as JSON on stdout for the parent to render.
          const emit = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);
          let last = 0;
          await searchOne(dims[0]!, undefined, (line, run) => emit({ type: 'run', line, trained: !run.cached, seconds: run.seconds }), (status) => {
            const now = Date.now();
            if (now - last > 200) {
              last = now;
              emit({ type: 'progress', status });
            }
          });
          return;
        }

        // Refuse up front (and leave it untouched) when a results file exists but is not ours to resume,
        // and fail fast on an unusable backend rather than in every child.
        for (const d of dims) await ResultsFile.open(resultsFileFor(opts.out, d, k), { d });
        if (engine !== 'auto') await resolveEngine(engine, { precision });
        // Which dimensions still need training? Walk each search on the results file alone; the first run
        // that is not there stops the walk. Fully resumed dimensions then cost no child process.
        const pending: number[] = [];
        if (jobs > 1 && dims.length > 1) {
          for (const d of dims) {
            const probe = new AbortController();
            try {
              await runCriticalNExperiment({
                d,
                k,
                initialN: initialNFor(d, k),
                resultsFile: resultsFileFor(opts.out, d, k),
                seed,
                restarts,
                engine,
                precision,
                training,
                signal: probe.signal,
                onRunStart: () => probe.abort(),
              });
            } catch (error) {
              if (!(AbortedError.isInstance(error) && probe.signal.aborted)) throw error;
              pending.push(d);
            }
          }
        }
        const parallel = pending.length > 1;
        const searches = new Map<number, CriticalNSearchResult<CriticalNRun>>();
        // Runs trained by the child processes, per d (the parent's own pass below only re-reads them).
        const trainedInChildren = new Map<number, { runs: number; seconds: number }>();
        if (parallel) {
          await runInChildren(pending, jobs, opts, controller.signal, trainedInChildren);
          // Every n is now in the results files: this pass only reads them (no training) to build the summary.
        }
        const bar = new Progress({ label: 'critical-n', total: dims.length });
        let previous: { d: number; n: number } | undefined;
        for (const [i, d] of dims.entries()) {
          const result = await searchOne(
            d,
            // With --jobs > 1 every d starts without a previous d (as the children and the probe did), so the
            // searches retrace the runs already in the files.
            jobs > 1 && dims.length > 1 ? undefined : previous,
            (line) => {
              if (!parallel) process.stderr.write(`${line}\n`);
            },
            (status) => bar.update(i, status),
          );
          searches.set(d, result);
          bar.update(i + 1);
          if (result.largestSolvedN !== undefined) previous = { d, n: result.largestSolvedN };
        }
        const seconds = (performance.now() - started) / 1000;
        bar.finish(`done in ${formatSeconds(seconds)}`);
        await report(opts.out, k, restarts, seed, dims, searches, seconds, trainedInChildren);
      } catch (error) {
        if (controller.signal.aborted) {
          process.stderr.write(`\ninterrupted: every finished run is saved in ${opts.out}; run the same command again to resume\n`);
          process.exitCode = 130;
          return;
        }
        throw error;
      } finally {
        process.off('SIGINT', onSigint);
        process.off('SIGTERM', onSigint);
      }
    });
}

/** Runs one child process per d, `jobs` at a time, rendering their progress on one line. */
async function runInChildren(
  dims: number[],
  jobs: number,
  opts: CriticalNCommandOptions,
  signal: AbortSignal,
  trainedCounts: Map<number, { runs: number; seconds: number }>,
): Promise<void> {
  const cli = fileURLToPath(new URL('./cli.js', import.meta.url));
  const status = new Map<number, string>();
  const bar = new Progress({ label: 'critical-n', total: dims.length });
  let done = 0;
  // Largest d first: their searches take longest, so the two workers finish close together.
  const queue = [...dims].sort((a, b) => b - a);
  const failures: string[] = [];
  const runChild = (d: number) =>
    new Promise<void>((resolve) => {
      const args = [cli, 'critical-n', '--d', String(d), '--child', '--jobs', String(jobs)];
      for (const [flag, value] of [
        ['--k', opts.k],
        ['--engine', engineFromFlags(opts)],
        ['--precision', opts.precision],
        ['--restarts', opts.restarts],
        ['--seed', opts.seed],
        ['--out', opts.out],
        ['--max-iterations', opts.maxIterations],
        ['--patience', opts.patience],
        ['--log-interval', opts.logInterval],
      ] as const) {
        args.push(flag, value);
      }
      if (opts.certificates) args.push('--certificates');
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      const onAbort = () => child.kill('SIGINT');
      signal.addEventListener('abort', onAbort);
      let buffer = '';
      let errors = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        buffer += chunk;
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          try {
            const event = JSON.parse(line) as { type: string; line?: string; status?: string; trained?: boolean; seconds?: number };
            if (event.type === 'run' && event.trained) {
              const seen = trainedCounts.get(d) ?? { runs: 0, seconds: 0 };
              trainedCounts.set(d, { runs: seen.runs + 1, seconds: seen.seconds + (event.seconds ?? 0) });
            }
            if (event.type === 'progress') status.set(d, event.status ?? '');
            else if (event.type === 'run' && !process.stderr.isTTY) process.stderr.write(`${event.line}\n`);
            bar.update(done, [...status.values()].join(' | '));
          } catch {
            // not an event line: ignore
          }
        }
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
      child.on('close', (code) => {
        signal.removeEventListener('abort', onAbort);
        status.delete(d);
        done += 1;
        if (code !== 0 && !signal.aborted) failures.push(`d=${d}: exit ${code}\n${errors.trim()}`);
        resolve();
      });
    });
  await Promise.all(
    Array.from({ length: Math.min(jobs, dims.length) }, async () => {
      for (let d = queue.shift(); d !== undefined; d = queue.shift()) await runChild(d);
    }),
  );
  bar.finish();
  if (signal.aborted) throw new AbortedError('critical-n: interrupted while the per-d child processes ran');
  if (failures.length > 0) throw new Error(`a dimension failed:\n${failures.join('\n')}`);
}

async function report(
  out: string,
  k: number,
  restarts: number,
  seed: number,
  dims: number[],
  searches: Map<number, CriticalNSearchResult<CriticalNRun>>,
  seconds: number,
  trainedInChildren: ReadonlyMap<number, { runs: number; seconds: number }>,
): Promise<void> {
  const rows = dims.map((d) => {
    const s = searches.get(d)!;
    const paper = k === 2 ? PAPER_CRITICAL_N[d] : undefined;
    const runs = s.trials.flatMap((t) => t.runs);
    const trained = runs.filter((r) => !r.cached);
    return {
      d,
      // the binary-search n, as the paper and the official script report it; the sweep's best beside it
      criticalN: s.criticalN,
      largestSolvedN: s.largestSolvedN,
      paper,
      engines: [...new Set(runs.map((r) => `${r.engine ?? '?'} ${r.precision ?? '?'}`))],
      nonMonotone: s.nonMonotone,
      evaluated: s.trials.length,
      trainedRuns: trained.length + (trainedInChildren.get(d)?.runs ?? 0),
      trainingSeconds: trained.reduce((sum, r) => sum + r.seconds, 0) + (trainedInChildren.get(d)?.seconds ?? 0),
      trials: s.trials.map((t) => ({ n: t.n, solved: t.solved, successRate: t.successRate, phase: t.phase, maxAccuracy: Math.max(...t.runs.map((r) => r.maxAccuracy)) })),
    };
  });
  const header = ['d', 'critical n', 'paper', 'diff', 'largest solved', 'engine', 'n evaluated', 'runs trained', 'unsolved below'];
  const table = rows.map((r) => [
    r.d,
    r.criticalN ?? '—',
    r.paper ?? '—',
    r.criticalN !== undefined && r.paper !== undefined ? `${r.criticalN - r.paper >= 0 ? '+' : ''}${r.criticalN - r.paper}` : '—',
    r.largestSolvedN ?? '—',
    r.engines.join(', '),
    r.evaluated,
    r.trainedRuns,
    r.nonMonotone.length > 0 ? r.nonMonotone.join(',') : '—',
  ]);
  process.stdout.write(`\n${formatTable(header, table)}\n`);
  if (restarts > 1) {
    process.stdout.write(`\nsuccess rate per n over ${restarts} seeds (${seed}…${seed + restarts - 1}):\n`);
    for (const r of rows) process.stdout.write(`  d=${r.d}: ${r.trials.map((t) => `${t.n}:${Math.round(t.successRate * 100)}%`).join(' ')}\n`);
  }

  const points = rows.filter((r) => r.criticalN !== undefined).map((r) => ({ d: r.d, criticalN: r.criticalN! }));
  let fit: CriticalNFit | undefined;
  if (new Set(points.map((p) => p.d)).size >= 4) {
    fit = fitCriticalN(points);
    const c = fit.coefficients.map((x) => x.toFixed(4));
    process.stdout.write(
      `\ncubic fit: n = ${c[0]} + ${c[1]}·d + ${c[2]}·d² + ${c[3]}·d³  (r² = ${fit.r2.toFixed(4)}, ${fit.residualDegreesOfFreedom} residual d.o.f.)\n` +
        `paper:     n = -10.5322 + 4.0309·d + 0.0520·d² + 0.0037·d³  (r² = 0.999, fitted on more d)\n\n` +
        formatTable(
          ['d', 'our fit', 'paper fit'],
          fit.extrapolation.map((e) => [e.d, Math.round(e.fitted), Math.round(e.paper)]),
        ) +
        '\n',
    );
    if (fit.residualDegreesOfFreedom <= 1) {
      process.stdout.write('(a cubic through so few small-d points extrapolates poorly: measure more d for a meaningful fit)\n');
    }
  }
  process.stdout.write(`\ntotal ${formatSeconds(seconds)}; results in ${out}\n`);

  const summary = {
    k,
    restarts,
    seed,
    seconds,
    dimensions: rows,
    fit: fit ? { coefficients: fit.coefficients, r2: fit.r2, extrapolation: fit.extrapolation } : null,
    paper: { criticalN: PAPER_CRITICAL_N, fit: 'n = -10.5322 + 4.0309d + 0.0520d^2 + 0.0037d^3' },
  };
  await writeJsonAtomic(join(out, 'summary.json'), summary);
  await writeFileAtomic(join(out, 'summary.md'), `${formatMarkdownTable(header, table)}\n`);
  await writeFileAtomic(
    join(out, 'accuracy-vs-n.svg'),
    lineChartSvg(
      rows.map((r) => ({ name: `d = ${r.d}`, points: r.trials.map((t) => [t.n, t.maxAccuracy] as const) })),
      { title: `Best top-${k} accuracy reached against n`, xLabel: 'n (documents)', yLabel: 'max accuracy observed' },
    ),
  );
  const dRange = [Math.min(...dims), Math.max(...dims)];
  const curve = (f: (d: number) => number) =>
    Array.from({ length: 41 }, (_, i) => dRange[0]! + ((dRange[1]! - dRange[0]!) * i) / 40).map((d) => [d, f(d)] as const);
  await writeFileAtomic(
    join(out, 'critical-n-vs-d.svg'),
    lineChartSvg(
      [
        { name: 'measured', points: points.map((p) => [p.d, p.criticalN] as const), markersOnly: true },
        ...(k === 2 ? [{ name: 'paper', points: dims.filter((d) => PAPER_CRITICAL_N[d] !== undefined).map((d) => [d, PAPER_CRITICAL_N[d]!] as const), markersOnly: true }] : []),
        ...(fit ? [{ name: 'our cubic fit', points: curve((d) => fit!.predict(d)) }] : []),
        { name: 'paper cubic fit', points: curve(paperCriticalNFit), dashed: true },
      ],
      { title: `Critical n against d (k = ${k})`, xLabel: 'd (embedding dimension)', yLabel: 'critical n' },
    ),
  );
}
