import { join } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from '@limit/core';
import { assertWritableOutput, writeFileAtomic, writeJsonAtomic } from '@limit/core/node';
import { writeChart } from '@limit/charts/node';
import {
  assertTrainingFits,
  CRITICAL_N_STATISTICS,
  PAPER_TRAINING,
  QUERY_MODES,
  initialCriticalN,
  resolveEngine,
  resolveTrainingSettings,
  runCapacityExperiment,
  type CapacityResult,
  type Objective,
} from '@limit/trainer';
import { CriticalNResultsFolder } from '@limit/trainer/node';
import { Progress, formatSeconds } from '../util/progress.js';
import { onInterrupt } from '../util/interrupt.js';
import { formatMarkdownTable, formatSignificant, formatTable } from '../util/table.js';
import { engineFromFlags, precisionFromFlag, quietTfjs } from '../util/trainer-options.js';
import { parseChoice, parseInteger, parseReal, withFlagNames } from '../util/options.js';
import { OBJECTIVE_FLAGS, parseObjective } from '../util/objective-options.js';
import { addExecutorOptions, executorFromFlags, type ExecutorFlagValues } from '../util/executor-flags.js';
import { addEngineOptions, deviceFromFlag, engineModulesFromFlag, type EngineFlagValues } from '../util/engine-flags.js';
import { addTrainingOptions, parseTrainingOptions, type TrainingFlagValues } from '../util/training.js';
import { parseDimensions } from './critical-n.js';
import { capacityChartSpec } from '../util/capacity-chart.js';

interface CapacityCommandOptions extends TrainingFlagValues, EngineFlagValues, ExecutorFlagValues {
  d: string;
  k: string;
  objectives: string;
  margin?: string;
  restarts: string;
  statistic: string;
  seed: string;
  queries: string;
  precision: string;
  out: string;
  json?: boolean;
  refit: boolean;
  constructions: boolean;
}

/** Splits `infoNce,hinge:margin=0.2,sigmoid` into objectives (settings after colons). */
export function parseObjectiveList(flag: string, text: string): Objective[] {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) throw new InvalidArgumentError({ parameter: flag, value: text, message: `${flag} takes a comma-separated list such as infoNce,hinge,sigmoid` });
  return parts.map((p) => parseObjective(flag, p));
}

const fmt = (x: number | null | undefined, digits = 3) => (x === null || x === undefined ? '—' : formatSignificant(x, digits));

/** `limit capacity`: is the critical n the geometry or the optimiser? Objectives, refits, constructions and bounds per d. */
export function registerCapacity(program: Command): void {
  const command = program
    .command('capacity')
    .description(
      "for each d: the paper's Table 6 value, the critical n each objective finds with the paper's search (seeds that solved each n, margin reached), what the documents of the first failed n allow (exact LP refit of its queries), the moment-curve construction at the same n (exact, float64, float32) and Theorem 1",
    )
    .option('--d <range>', 'dimensions: a range 4..12 or a list 4,6,8', '4..8')
    .option('--k <k>', 'relevant documents per query (3 and 4 work: C(n, k) queries)', String(PAPER_TRAINING.k))
    .option('--objectives <list>', "objectives to compare, comma-separated: infoNce (the paper's), hinge, sigmoid; settings after colons (hinge:margin=0.2)", 'infoNce')
    .option('--margin <gamma>', 'also report the largest n solved with margin ≥ γ (full gap of the unit query) and Theorem 1 at γ')
    .option('--restarts <r>', 'seeds per n; the table counts the seeds that solved each n', '1')
    .option('--statistic <s>', "which n counts as solved: single (seed 0, the paper's one seed) | any | majority", 'single')
    .option('--seed <seed>', 'base seed (restart r uses seed + r)', String(PAPER_TRAINING.seed))
    .option('--queries <mode>', "free (the paper's) | centroid (a query is the mean of its documents)", 'free')
    .option('--precision <p>', 'float32 | float64 (js engine only)', PAPER_TRAINING.precision)
    .option('--out <dir>', 'results folder (resumable: a re-run trains nothing twice), capacity.json/.md and the chart', 'results/capacity')
    .option('--no-refit', 'skip the LP refit of the first failed n')
    .option('--no-constructions', 'skip the moment-curve rows and its float32 limit')
    .option('--json', 'print the result as JSON instead of the tables');
  addExecutorOptions(addEngineOptions(command, 'engine for every run (auto: the fastest that implements each objective)'));
  addTrainingOptions(command).action(async (opts: CapacityCommandOptions) => {
    quietTfjs();
    const dims = parseDimensions(opts.d);
    const k = parseInteger('--k', opts.k, { min: 1 });
    // a dimension whose starting n cannot be trained is refused now (C(n, 3), C(n, 4) grow fast)
    for (const d of dims) assertTrainingFits({ n: initialCriticalN(d, k), d, k }, { d: '--d', n: '--k' });
    const objectives = parseObjectiveList('--objectives', opts.objectives);
    const margin = opts.margin === undefined ? undefined : parseReal('--margin', opts.margin, { min: 0, exclusiveMin: true });
    const restarts = parseInteger('--restarts', opts.restarts, { min: 1 });
    const statistic = parseChoice('--statistic', opts.statistic, CRITICAL_N_STATISTICS);
    const seed = parseInteger('--seed', opts.seed, { min: 0 });
    const queryMode = parseChoice('--queries', opts.queries, QUERY_MODES);
    const training = resolveTrainingSettings(parseTrainingOptions(opts));
    const engine = engineFromFlags(opts);
    const device = deviceFromFlag(opts.device);
    const precision = precisionFromFlag(opts.precision);
    const engineModules = await engineModulesFromFlag(opts.engineModule);
    // every objective's engine is checked before anything trains
    for (const objective of objectives) {
      await withFlagNames({ ...OBJECTIVE_FLAGS, objective: '--objectives', device: '--device', engine: '--engine' }, () =>
        resolveEngine(engine, { precision, objective: objective.name, queryMode, ...(engine === 'auto' ? { work: 1 } : {}), ...(device !== undefined ? { device } : {}) }),
      );
    }
    await assertWritableOutput('--out', opts.out, { kind: 'directory' });
    const { executor, slots } = await executorFromFlags(opts, engineModules);
    const interrupt = onInterrupt();
    let folder: CriticalNResultsFolder | undefined;
    const started = performance.now();
    try {
      folder = await CriticalNResultsFolder.open(opts.out, { command: `limit ${process.argv.slice(2).join(' ')}` });
      const bar = new Progress({ label: 'capacity: runs finished' });
      let finishedRuns = 0;
      const result = await runCapacityExperiment({
        dimensions: dims,
        k,
        objectives,
        ...(margin !== undefined ? { margin } : {}),
        restarts,
        statistic,
        seed,
        queryMode,
        training,
        engine,
        precision,
        executor,
        store: folder,
        refit: opts.refit,
        constructions: opts.constructions,
        ...(slots !== undefined ? { slots } : {}),
        ...(device !== undefined ? { device } : {}),
        signal: interrupt.signal,
        onStage: (message) => process.stderr.write(`${message}\n`),
        onProgress: (job, p) => bar.update(finishedRuns, `d=${job.d} n=${job.n} ${job.objective?.name ?? 'infoNce'} step ${p.step} acc ${p.accuracy.toFixed(3)}`),
        onRun: (run) => {
          finishedRuns += 1;
          if (!process.stderr.isTTY) {
            const what = run.source === 'failed' ? `FAILED (${run.error})` : `${run.solved ? 'solved' : 'not solved'}${run.source === 'cached' ? ' (from results file)' : ` (${run.iterations} steps, ${formatSeconds(run.seconds)})`}`;
            process.stderr.write(`d=${run.d} n=${run.n} seed=${run.seed}: ${what}\n`);
          }
        },
      });
      const seconds = (performance.now() - started) / 1000;
      bar.finish(`done in ${formatSeconds(seconds)}`);
      await report(opts.out, result, seconds, executor.name, opts.json === true);
    } catch (error) {
      if (!interrupt.handled(opts.out)) throw error;
    } finally {
      interrupt.dispose();
      await folder?.close();
      await executor.close();
    }
  });
}

/** The two tables (objectives; construction) as header + rows. */
export function capacityTables(result: CapacityResult): { objectives: { header: string[]; rows: (string | number)[][] }; construction: { header: string[]; rows: (string | number)[][] } } {
  const statistic = result.restarts > 1 ? ` (${result.statistic} of ${result.restarts} seeds)` : '';
  const header = [
    'd',
    'paper',
    'objective',
    `critical n${statistic}`,
    'diff',
    'largest solved',
    'margin at n*',
    ...(result.margin !== null ? [`largest n, margin ≥ ${result.margin}`] : []),
    'Thm 1 at n*',
    'first failed n: refit',
    'seeds solved per n',
  ];
  const rows = result.rows.flatMap((r) =>
    r.objectives.map((o, i) => [
      i === 0 ? r.d : '',
      i === 0 ? (r.paper ?? '—') : '',
      o.objective,
      o.criticalN ?? '—',
      o.diff === null ? '—' : o.diff > 0 ? `+${o.diff}` : String(o.diff),
      o.largestSolvedN ?? '—',
      fmt(o.marginAtCriticalN),
      ...(result.margin !== null ? [o.largestNAtMargin ?? '—'] : []),
      o.theorem1AtCriticalN === null ? '—' : `d ≥ ${o.theorem1AtCriticalN}`,
      o.refit === null
        ? '—'
        : `${o.refit.n}: ${o.refit.diagnosis} (${o.refit.admitted}/${o.refit.numQueries} admitted, trained ${o.refit.trainedRealised})${o.refit.reproduced ? '' : ' [retrained run differs]'}`,
      o.successes.map((s) => `${s.n}:${s.solvedSeeds}/${s.seeds}`).join(' '),
    ]),
  );
  const cHeader = ['d', 'n', 'for', 'exact (every set)', 'margin float64', 'margin float32', 'float32 sets', 'Thm 1 at margin'];
  const cRows = result.rows.flatMap((r) =>
    r.construction === null
      ? [[r.d, '—', '', `needs d ≥ ${2 * result.k}`, '', '', '', '']]
      : r.construction.map((c, i) => [
          i === 0 ? r.d : '',
          c.n,
          c.sources.join(', '),
          c.exact ? 'yes' : 'no',
          fmt(c.float64Margin),
          fmt(c.float32Margin),
          `${c.float32Realised}/${c.sets}`,
          c.theorem1AtMargin === null ? '—' : `d ≥ ${c.theorem1AtMargin}`,
        ]),
  );
  return { objectives: { header, rows }, construction: { header: cHeader, rows: cRows } };
}

async function report(out: string, result: CapacityResult, seconds: number, executor: string, json: boolean): Promise<void> {
  const tables = capacityTables(result);
  const limit = result.float32Limit;
  const limitLine =
    limit === null
      ? ''
      : `moment curve (d = ${limit.dimension} of each d ≥ ${limit.dimension}): every k-subset of any n in exact arithmetic; float32 realises every set up to n = ${limit.largestN}` +
        (limit.firstFailureN !== null ? `, first loses one at n = ${limit.firstFailureN}${limit.sporadicPasses.length > 0 ? ` (passes again at ${limit.sporadicPasses.join(', ')})` : ''}` : '') +
        ` (float64 margin there ${fmt(limit.float64MarginAtLimit)})`;
  const theorem = result.rows.filter((r) => r.theorem1AtMargin !== null).map((r) => `d=${r.d}: n=${r.theorem1AtMargin!.n} needs d ≥ ${r.theorem1AtMargin!.dimension}`);
  const footer =
    `${executor}: ${result.trainedRuns} runs trained, ${result.cachedRuns} read from ${out}${result.failedRuns > 0 ? `, ${result.failedRuns} failed (retried next time)` : ''}; total ${formatSeconds(seconds)}`;
  const { experiments, ...summary } = result;
  const file = { ...summary, seconds, executor, experiments: experiments.map((e) => ({ ...e, dimensions: e.dimensions.map((d) => ({ ...d, trials: d.trials.map((t) => ({ ...t, runs: t.runs.map(({ n, seed, solved, minMargin, maxAccuracy, iterations, source }) => ({ n, seed, solved, minMargin, maxAccuracy, iterations, source })) })) })) })) };
  await writeJsonAtomic(join(out, 'capacity.json'), file);
  await writeFileAtomic(
    join(out, 'capacity.md'),
    `${formatMarkdownTable(tables.objectives.header, tables.objectives.rows)}\n\n${formatMarkdownTable(tables.construction.header, tables.construction.rows)}\n${limitLine ? `\n${limitLine}\n` : ''}`,
  );
  await writeChart(out, 'capacity-vs-d', capacityChartSpec(result));
  if (json) {
    process.stdout.write(`${JSON.stringify(file, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2)}\n`);
    return;
  }
  process.stdout.write(
    `\n${formatTable(tables.objectives.header, tables.objectives.rows)}\n\n${formatTable(tables.construction.header, tables.construction.rows)}\n` +
      (limitLine ? `\n${limitLine}\n` : '') +
      (theorem.length > 0 ? `Theorem 1 at γ = ${result.margin} (full gap; the theorem's γ is half of it): ${theorem.join('; ')}\n` : '') +
      `\n${footer}\n`,
  );
}
