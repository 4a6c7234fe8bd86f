import { join } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from '@limit/core';
import { assertWritableOutput, writeFileAtomic, writeJsonAtomic } from '@limit/core/node';
import {
  CRITICAL_N_STATISTICS,
  PAPER_CRITICAL_N,
  PAPER_TRAINING,
  assertTrainingFits,
  compareCriticalNFits,
  criticalNJobSetting,
  criticalNObservations,
  initialCriticalN,
  measureStepCost,
  planCriticalNExperiment,
  resolveCriticalNEngines,
  resolveTrainingSettings,
  runCriticalNExperiment,
  summarizeCriticalN,
  type CriticalNExecutor,
  type CriticalNExperimentResult,
  type CriticalNFitComparison,
  type CriticalNJob,
} from '@limit/trainer';
import { CriticalNResultsFolder } from '@limit/trainer/node';
import { Progress, formatSeconds } from '../util/progress.js';
import { onInterrupt } from '../util/interrupt.js';
import { writeChart } from '@limit/charts/node';
import { criticalNCharts } from '../util/critical-n-charts.js';
import { formatMarkdownTable, formatSignificant, formatTable } from '../util/table.js';
import { engineFromFlags, precisionFromFlag, quietTfjs } from '../util/trainer-options.js';
import { parseChoice, parseInteger, withFlagNames } from '../util/options.js';
import { OBJECTIVE_FLAGS, addObjectiveOptions, parseObjectiveFlags, type ObjectiveFlagValues } from '../util/objective-options.js';
import { addEngineOptions, deviceFromFlag, engineModulesFromFlag, type EngineFlagValues } from '../util/engine-flags.js';
import { addExecutorOptions, executorFromFlags, workersFlagOf, type ExecutorFlagValues } from '../util/executor-flags.js';
import { addTrainingOptions, parseTrainingOptions, type TrainingFlagValues } from '../util/training.js';

interface CriticalNCommandOptions extends TrainingFlagValues, ObjectiveFlagValues, EngineFlagValues, ExecutorFlagValues {
  statistic: string;
  d: string;
  k: string;
  precision: string;
  restarts: string;
  seed: string;
  out: string;
  plan?: boolean;
  stepsPerRun?: string;
  certificates?: boolean;
}

/** Most dimensions one command may search (each is a whole critical-n search). */
const MAX_DIMENSIONS = 10_000;

/** Parses `4..8`, `4,6,8` or `6` into a sorted list of dimensions. */
export function parseDimensions(text: string): number[] {
  const out = new Set<number>();
  const tooMany = () =>
    new InvalidArgumentError({ parameter: '--d', value: text, message: `--d ${text} names more than ${MAX_DIMENSIONS.toLocaleString('en-US')} dimensions; search at most that many at once` });
  for (const part of text.split(',')) {
    const range = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(part);
    if (range) {
      const lo = parseInteger('--d', range[1]!, { min: 1 });
      const hi = parseInteger('--d', range[2]!, { min: 1 });
      if (hi < lo) throw new InvalidArgumentError({ parameter: '--d', value: text, message: `empty range ${part}` });
      if (hi - lo + 1 + out.size > MAX_DIMENSIONS) throw tooMany();
      for (let d = lo; d <= hi; d++) out.add(d);
    } else if (/^\s*\d+\s*$/.test(part)) {
      out.add(parseInteger('--d', part, { min: 1 }));
      if (out.size > MAX_DIMENSIONS) throw tooMany();
    } else {
      throw new InvalidArgumentError({ parameter: '--d', value: text, message: `--d takes a range like 4..8 or a list like 4,6,8, got "${text}"` });
    }
  }
  const dims = [...out].sort((a, b) => a - b);
  if (dims.some((d) => d < 1)) throw new InvalidArgumentError({ parameter: '--d', value: text, message: 'dimensions must be ≥ 1' });
  return dims;
}

const integerOption = (flag: string, text: string, min: number): number => parseInteger(flag, text, { min });

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** `limit critical-n`: the paper's critical-n search for a range of dimensions. */
export function registerCriticalN(program: Command): void {
  const command = program
    .command('critical-n')
    .description("find the critical n (largest n whose C(n, k) top-k sets free embeddings can realise) for each d, with the paper's search protocol")
    .option('--d <range>', 'dimensions: a range 4..8 or a list 4,6,8', '4..8')
    .option('--k <k>', 'relevant documents per query', String(PAPER_TRAINING.k));
  addEngineOptions(command, 'one engine for every run of a d (auto: the fastest here at the size the search starts from)')
    .option('--precision <p>', 'float32 (as JAX) | float64 (js engine only), for every run', PAPER_TRAINING.precision)
    .option('--restarts <r>', 'seeds per n (seed, seed + 1, …); the summary counts the seeds that solved each n', '1')
    .option('--statistic <s>', "which n counts as solved with --restarts: single (seed 0 decides, the paper's one seed) | any | majority", 'single')
    .option('--seed <seed>', 'base seed (restart r uses seed + r)', String(PAPER_TRAINING.seed))
    .option('--out <dir>', 'output folder (results JSON per d, summary, SVG plots); one experiment at a time', 'results/critical-n');
  addExecutorOptions(command, '; with --plan a list, e.g. 1,8,64')
    .option('--plan', 'print the expected runs and hours per d (from measured step times), train nothing')
    .option('--steps-per-run <s>', 'with --plan: average steps per run (default: the median of the runs in --out, else 3000, assumed)');
  addObjectiveOptions(addTrainingOptions(command))
    .option('--certificates', 'save the embeddings of every solved run as a verifiable certificate')
    .action(async (opts: CriticalNCommandOptions) => {
      quietTfjs();
      const dims = parseDimensions(opts.d);
      const k = integerOption('--k', opts.k, 1);
      // A dimension whose starting n cannot be trained is refused now, not as a RangeError later.
      for (const d of dims) assertTrainingFits({ n: initialCriticalN(d, k), d, k }, { d: '--d', n: '--d' });
      const restarts = integerOption('--restarts', opts.restarts, 1);
      const seed = integerOption('--seed', opts.seed, 0);
      const training = resolveTrainingSettings(parseTrainingOptions(opts));
      const setting = parseObjectiveFlags(opts);
      const { fields: beyondPaper, objective, queryMode } = criticalNJobSetting(setting, training.temperature);
      const statistic = parseChoice('--statistic', opts.statistic, CRITICAL_N_STATISTICS);
      const engine = engineFromFlags(opts);
      const device = deviceFromFlag(opts.device);
      const precision = precisionFromFlag(opts.precision);
      const workersFlag = workersFlagOf(opts);
      const workersText = opts.workers ?? opts.jobs;
      const engineModules = await engineModulesFromFlag(opts.engineModule);
      if (opts.plan) {
        const workerCounts = (workersText ?? '1').split(',').map((w) => integerOption(workersFlag, w.trim(), 1));
        await printPlan(dims, k, restarts, workerCounts, engine, opts);
        return;
      }
      // An output that cannot be a folder (a file, under a file, not writable) fails now, before any work.
      await assertWritableOutput('--out', opts.out, { kind: 'directory' });
      // The executor, then every engine resolved here and checked where runs train, before anything in --out
      // is touched: an unreachable Redis or a missing engine fails in seconds and leaves --out as it was.
      const { executor, slots } = await executorFromFlags(opts, engineModules);
      const interrupt = onInterrupt();
      let folder: CriticalNResultsFolder | undefined;
      const started = performance.now();
      try {
        // an unusable engine, or one that does not implement the objective, fails here, once
        await withFlagNames({ ...OBJECTIVE_FLAGS, device: '--device', engine: '--engine', precision: '--precision' }, () =>
          resolveCriticalNEngines({ dimensions: dims, k, engine, precision, objective: objective.name, queryMode, executor, ...(device !== undefined ? { device } : {}) }),
        );
        folder = await withFlagNames({ folder: '--out' }, () =>
          CriticalNResultsFolder.open(opts.out, { command: `limit ${process.argv.slice(2).join(' ')}`, onNote: (note) => process.stderr.write(`note: ${note}\n`) }),
        );
        const jobFor = (d: number) => (n: number, s: number): CriticalNJob => ({
          d,
          k,
          n,
          seed: s,
          training,
          engine,
          ...(device !== undefined ? { device } : {}),
          precision,
          certificate: opts.certificates === true,
          ...beyondPaper,
        });
        const pending = folder.pending(dims.map((d) => ({ d, seed, jobFor: jobFor(d), protocol: { initialN: initialCriticalN(d, k), minN: k + 1, restarts, statistic } })));
        const resumed = pending.filter((p) => p.recorded > 0);
        if (resumed.length > 0) {
          process.stderr.write(
            `resuming from ${opts.out}: ${resumed.map((p) => `d=${p.d} ${p.done ? 'complete' : `${p.recorded} runs recorded, next n=${p.next!.n}`}`).join('; ')}\n`,
          );
        }
        // The progress line counts finished d and runs: `critical-n 2/5 d 3.1s 14 runs trained, 0 read back; 2 training: …`
        const bar = new Progress({ label: 'critical-n', total: dims.length, unit: 'd' });
        const status = new Map<string, string>();
        const counts = { dims: 0, trained: 0, readBack: 0, failed: 0 };
        const redraw = () =>
          bar.update(
            counts.dims,
            `${counts.trained} runs trained, ${counts.readBack} read back${counts.failed > 0 ? `, ${counts.failed} failed` : ''}` +
              (status.size > 0 ? `; ${status.size} training: ${[...status.values()].slice(-2).join(' | ')}` : ''),
          );
        const result = await runCriticalNExperiment({
          dimensions: dims,
          k,
          seed,
          restarts,
          statistic,
          training,
          ...setting,
          engine,
          ...(device !== undefined ? { device } : {}),
          precision,
          executor,
          store: folder,
          ...(slots !== undefined ? { slots } : {}),
          ...(opts.certificates ? { certificates: true } : {}),
          signal: interrupt.signal,
          onRunFailure: ({ job, error, attempt, willRetry }) => {
            const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
            process.stderr.write(
              `d=${job.d} n=${job.n}${restarts > 1 ? ` seed=${job.seed}` : ''}: attempt ${attempt} failed (${what.replace(/\s*\n\s*/g, ' ')})` +
                `${willRetry ? '; retrying' : ''}\n`,
            );
          },
          onRunStart: (job) => {
            status.set(`${job.d}/${job.n}/${job.seed}`, `d=${job.d} n=${job.n}`);
            redraw();
          },
          onProgress: (job, p) => {
            status.set(`${job.d}/${job.n}/${job.seed}`, `d=${job.d} n=${job.n} step ${p.step} acc ${p.accuracy.toFixed(3)}`);
            redraw();
          },
          onRun: (run) => {
            status.delete(`${run.d}/${run.n}/${run.seed}`);
            if (run.source === 'cached') counts.readBack += 1;
            else if (run.source === 'failed') counts.failed += 1;
            else counts.trained += 1;
            const what =
              run.source === 'failed'
                ? run.incomplete
                  ? `INCOMPLETE after ${run.attempts} attempts (${run.errorClass}: ${run.error})`
                  : `FAILED, counted as not solved (${run.errorClass}: ${run.error})`
                : `${run.solved ? 'solved' : 'not solved'} (max acc ${run.maxAccuracy.toFixed(4)}` +
                  (run.source === 'cached' ? ', from results file)' : `, ${run.iterations} steps, ${formatSeconds(run.seconds)})`);
            if (!process.stderr.isTTY) process.stderr.write(`d=${run.d} n=${run.n}${restarts > 1 ? ` seed=${run.seed}` : ''}${run.speculative ? ' (ahead)' : ''}: ${what}\n`);
            redraw();
          },
          onDimensionDone: () => {
            counts.dims += 1;
            redraw();
          },
        });
        const seconds = (performance.now() - started) / 1000;
        bar.update(dims.length);
        bar.finish(
          `${result.trainedRuns} runs trained, ${result.cachedRuns} read back from ${opts.out}` +
            `${result.fetchedRuns > 0 ? `, ${result.fetchedRuns} fetched from the queue` : ''}${result.failedRuns.length > 0 ? `, ${result.failedRuns.length} failed` : ''}; done in ${formatSeconds(seconds)}`,
        );
        await report(opts.out, result, seconds, executor.name);
        const incomplete = result.dimensions.filter((r) => r.incomplete !== undefined);
        if (incomplete.length > 0) {
          const failures = new Map(result.failedRuns.filter((r) => r.incomplete).map((r) => [`${r.d}/${r.n}/${r.restart}`, r]));
          const why = incomplete.map((r) => {
            const f = failures.get(`${r.d}/${r.incomplete!.n}/${r.incomplete!.restart}`);
            return `d = ${r.d} (run n = ${r.incomplete!.n}${f ? `, seed ${f.seed}: ${f.attempts} attempts, last ${f.errorClass}: ${f.error}` : ''})`;
          });
          process.stderr.write(
            `limit: IncompleteExperiment: ${incomplete.length} dimension(s) could not be completed: ${why.join('; ')}. ` +
              `Every finished run is saved in ${opts.out} (open failures in failures.json); run the same command again to resume\n`,
          );
          process.exitCode = 1;
        }
      } catch (error) {
        if (!interrupt.handled(opts.out)) throw error;
      } finally {
        interrupt.dispose();
        await folder?.close();
        await executor.close();
      }
    });
}

/** `--plan`: measured step times → expected runs and hours per d, for each worker count. Trains nothing. */
async function printPlan(dims: number[], k: number, restarts: number, workers: number[], engine: string, opts: CriticalNCommandOptions): Promise<void> {
  let stepsPerRun: number;
  let stepsSource: string;
  if (opts.stepsPerRun !== undefined) {
    stepsPerRun = integerOption('--steps-per-run', opts.stepsPerRun, 1);
    stepsSource = 'given with --steps-per-run';
  } else {
    const { ResultsFile } = await import('@limit/trainer/node');
    const { readdir } = await import('node:fs/promises');
    const names = await readdir(opts.out).catch(() => [] as string[]);
    const iterations: number[] = [];
    for (const name of names.filter((n) => /^d\d+-k\d+\.json$/.test(n))) {
      for (const row of (await ResultsFile.open(join(opts.out, name))).rows) if (typeof row.metrics.iterations === 'number') iterations.push(row.metrics.iterations);
    }
    stepsPerRun = iterations.length > 0 ? median(iterations) : 3000;
    stepsSource = iterations.length > 0 ? `median of the ${iterations.length} runs in ${opts.out}` : 'assumed (no runs in --out to measure; set --steps-per-run)';
  }
  // Time a few sizes spanning the range (capped so the measurement takes seconds), calibrate the cost model.
  const lo = dims[0]!;
  const hi = dims[dims.length - 1]!;
  const sizes = [...new Set([lo, Math.round((lo + hi) / 2), hi])].map((d) => ({ d, n: Math.min(initialCriticalN(d, k), 150) }));
  process.stderr.write(`timing steps at ${sizes.map((s) => `n=${s.n} d=${s.d}`).join(', ')} …\n`);
  const threads = opts.threads === undefined ? 1 : integerOption('--threads', opts.threads, 1);
  const { samples, model } = await measureStepCost(sizes, { k, steps: 5, engine, engineOptions: { threads } });
  const plan = planCriticalNExperiment({ dimensions: dims, k, restarts, workers, stepCost: model, stepsPerRun });
  // a duration in prose, and each duration column in one unit (its largest value's), 3 significant digits
  const unitOf = (hours: readonly number[]) => {
    const max = Math.max(0, ...hours);
    return max >= 1 ? { unit: 'h', scale: 1 } : max >= 1 / 60 ? { unit: 'min', scale: 60 } : { unit: 's', scale: 3600 };
  };
  const hours = (h: number) => {
    const { unit, scale } = unitOf([h]);
    return `${formatSignificant(h * scale, 3)} ${unit}`;
  };
  const cpu = unitOf(plan.rows.map((r) => r.cpuHours));
  const longest = unitOf(plan.rows.map((r) => r.longestRunHours));
  const wall = unitOf(plan.wallHours.map((w) => w.hours));
  process.stdout.write(
    `capacity plan: k=${k}, ${restarts} restart(s), ${stepsPerRun} steps per run (${stepsSource}); ` +
      `step time = ${model.overheadSeconds.toExponential(2)} s + ${model.secondsPerUnit.toExponential(3)} s · C(n,${k})·n·d ` +
      `(measured: ${samples.map((s) => `${(s.secondsPerStep * 1000).toFixed(2)} ms at n=${s.n} d=${s.d}`).join(', ')}; ${threads} thread(s) per worker)\n\n` +
      formatTable(
        ['d', 'expected n', 'runs', `training, 1 worker (${cpu.unit})`, `longest run (${longest.unit})`],
        plan.rows.map((r) => [r.d, r.expectedCriticalN, r.runs, r.cpuHours * cpu.scale, r.longestRunHours * longest.scale]),
        { digits: [undefined, 3, undefined, 3, 3] },
      ) +
      `\n\ntotal: ${plan.totalRuns} runs, ${hours(plan.totalCpuHours)} of training\n` +
      formatTable([`workers`, `wall time ≈ max(total / W, longest run) (${wall.unit})`], plan.wallHours.map((w) => [w.workers, w.hours * wall.scale]), { digits: [undefined, 3] }) +
      '\n',
  );
}

function formatFits(comparison: CriticalNFitComparison): string {
  const lines: string[] = [];
  // at least 3 significant digits everywhere (1.92M, 16.4k, 512, 6.66)
  const fmt = (x: number | null) =>
    x === null ? '—' : x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : x >= 1e4 ? `${formatSignificant(x / 1e3, 3)}k` : x >= 100 ? x.toFixed(0) : formatSignificant(x, 3);
  const describe = (f: CriticalNFitComparison['measured'][number]) =>
    f.model === 'cubic'
      ? `n = ${f.coefficients.map((c, i) => `${c.toFixed(4)}${i === 0 ? '' : i === 1 ? '·d' : `·d^${i}`}`).join(' + ')}`
      : `n = ${f.coefficients[0]!.toFixed(4)}·d^${f.coefficients[1]!.toFixed(4)}`;
  const all = [
    ...comparison.measured.map((f) => ({ label: `ours, ${f.model}`, f })),
    ...comparison.paperValues.map((f) => ({ label: `paper values d=${comparison.paperValuesD[0]}…${comparison.paperValuesD[comparison.paperValuesD.length - 1]}, ${f.model}`, f })),
  ];
  for (const { label, f } of all) {
    lines.push(`${label}: ${describe(f)}  (r² = ${f.r2.toFixed(4)}, ${f.residualDegreesOfFreedom} residual d.o.f., ${Math.round(f.confidence * 100)} % bootstrap over ${f.method}, ${f.resamples} resamples)`);
  }
  lines.push('paper, published cubic: n = -10.5322 + 4.0309·d + 0.0520·d^2 + 0.0037·d^3 (r² = 0.999, fitted on its Table 6)');
  const header = ['d', ...all.map((a) => a.label), 'paper fit'];
  const rows = comparison.paperFit.map((p, i) => [
    p.d,
    ...all.map(({ f }) => {
      const e = f.extrapolation[i]!;
      return e.supported ? `${fmt(e.n)} [${fmt(e.low)}, ${fmt(e.high)}]` : '— (unsupported)';
    }),
    fmt(p.n),
  ]);
  lines.push('', formatTable(header, rows));
  const reasons = new Set(all.flatMap(({ label, f }) => f.extrapolation.filter((e) => !e.supported).map((e) => `${label}: ${e.reason}`)));
  for (const reason of [...reasons].slice(0, 6)) lines.push(`  ${reason}`);
  for (const note of comparison.notes) lines.push(`note: ${note}`);
  return lines.join('\n');
}

async function report(out: string, result: CriticalNExperimentResult, seconds: number, executor: string): Promise<void> {
  const { k, restarts, seed } = result;
  const rows = summarizeCriticalN(result);
  // with several seeds the header names the statistic that decided which n counts as solved
  const criticalHeader = restarts > 1 ? `critical n (${result.statistic} of ${restarts} seeds)` : 'critical n';
  const header = ['d', criticalHeader, 'paper', 'diff', 'largest solved', 'engine', 'n evaluated', 'unsolved below'];
  const table = rows.map((r, i) => [
    r.d,
    result.dimensions[i]!.incomplete !== undefined ? `incomplete (n = ${result.dimensions[i]!.incomplete!.n})` : (r.criticalN ?? '—'),
    r.paper ?? '—',
    r.criticalN !== null && r.paper !== null ? r.criticalN - r.paper : '—',
    r.largestSolvedN ?? '—',
    `${result.dimensions[i]!.engine} ${result.dimensions[i]!.precision}`,
    r.nEvaluated,
    r.nonMonotone.length > 0 ? r.nonMonotone.join(',') : '—',
  ]);
  // the diff column signed (+2, -1, 0)
  const tableOptions = { signed: header.map((h) => h === 'diff') };
  process.stdout.write(`\n${formatTable(header, table, tableOptions)}\n`);
  if (restarts > 1) {
    process.stdout.write(`\nseeds that solved each n, of ${restarts} (${seed}…${seed + restarts - 1}); critical n by '${result.statistic}':\n`);
    for (const r of rows) process.stdout.write(`  d=${r.d}: ${r.successRates.map((t) => `${t.n}:${t.solvedSeeds}/${t.seeds}`).join(' ')}\n`);
  }
  const diverged = result.failedRuns.filter((f) => !f.incomplete);
  if (diverged.length > 0) {
    process.stdout.write(`\n${diverged.length} run(s) failed in training (counted as not solved; listed in ${join(out, 'failures.json')}, tried again next time):\n`);
    for (const f of diverged) process.stdout.write(`  d=${f.d} n=${f.n} seed=${f.seed}: ${f.errorClass}: ${f.error}\n`);
  }
  const unfinished = result.failedRuns.filter((f) => f.incomplete);
  if (unfinished.length > 0) {
    process.stdout.write(`\n${unfinished.length} run(s) could not be completed (not counted; listed in ${join(out, 'failures.json')}, tried again next time):\n`);
    for (const f of unfinished) process.stdout.write(`  d=${f.d} n=${f.n} seed=${f.seed}: ${f.attempts} attempts, last ${f.errorClass}: ${f.error}\n`);
  }
  if (result.certificateRetrains > 0) {
    process.stdout.write(`\n${result.certificateRetrains} solved run(s) found without a certificate were trained again to write one (--certificates)\n`);
  }
  const observations = criticalNObservations(result);
  let comparison: CriticalNFitComparison | undefined;
  if (new Set(observations.map((o) => o.d)).size >= 2) {
    comparison = compareCriticalNFits(observations, { seed });
    process.stdout.write(`\n${formatFits(comparison)}\n`);
  }
  process.stdout.write(
    `\n${executor}: ${result.trainedRuns} runs trained, ${result.fetchedRuns > 0 ? `${result.fetchedRuns} fetched from the queue (trained earlier), ` : ''}` +
      `${result.cachedRuns} read from ${out}; ${result.unusedRuns} evaluated ahead and not needed; ` +
      `total ${formatSeconds(seconds)}\n`,
  );

  const summary = {
    k,
    restarts,
    statistic: result.statistic,
    objective: result.objective,
    queryMode: result.queryMode,
    passRule: result.passRule,
    seed,
    seconds,
    executor,
    trainedRuns: result.trainedRuns,
    fetchedRuns: result.fetchedRuns,
    cachedRuns: result.cachedRuns,
    unusedRuns: result.unusedRuns,
    failedRuns: result.failedRuns,
    retriedAttempts: result.retriedAttempts,
    certificateRetrains: result.certificateRetrains,
    dimensions: rows.map((r, i) => (result.dimensions[i]!.incomplete !== undefined ? { ...r, incomplete: result.dimensions[i]!.incomplete } : r)),
    fits: comparison ?? null,
    paper: { criticalN: PAPER_CRITICAL_N, fit: 'n = -10.5322 + 4.0309d + 0.0520d^2 + 0.0037d^3' },
  };
  await writeJsonAtomic(join(out, 'summary.json'), summary);
  await writeFileAtomic(join(out, 'summary.md'), `${formatMarkdownTable(header, table, tableOptions)}\n`);
  const charts = criticalNCharts({ k, seed, rows, observations, comparison });
  await writeChart(out, 'accuracy-vs-n', charts.accuracyVsN);
  await writeChart(out, 'critical-n-vs-d', charts.criticalNVsD);
}
