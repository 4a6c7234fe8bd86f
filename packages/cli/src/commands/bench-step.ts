import { execFileSync } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import type { Command } from 'commander';
import { BackendUnavailableError, InvalidArgumentError } from '@limit/core';
import { allCombinationQrels } from '@limit/combinatorics';
import { PAPER_TRAINING, initialEmbeddings, listEngineDevices, listEngineProviders, resolveEngine, type EngineCreateOptions, type EngineProvider, type StepEngine } from '@limit/trainer';
import { formatSignificant } from '../util/table.js';
import { engineFromFlags, quietTfjs, runtimesForEngine } from '../util/trainer-options.js';
import { parseInteger, withFlagNames } from '../util/options.js';
import { addEngineOptions, deviceFromFlag, engineModulesFromFlag, type EngineFlagValues } from '../util/engine-flags.js';

const integer = (flag: string, text: string, min: number, max?: number): number => parseInteger(flag, text, { min, ...(max !== undefined ? { max } : {}) });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Prints numpy's float32 2048² matmul rate in GFLOP/s (best of 5 after a warm-up). */
const NUMPY_GEMM_PEAK = [
  'import time, numpy as np',
  'a = np.random.default_rng(0).standard_normal((2048, 2048), dtype=np.float32); b = a.copy(); a @ b',
  'best = min((lambda t: (a @ b, time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(5))',
  'print(2 * 2048 ** 3 / best / 1e9)',
].join('\n');

/**
 * `limit bench-step`: steps per second of one full-batch training step, per engine (median of repeats), with
 * the step's GFLOP/s (6·q·n·d flops of GEMMs per step over the measured time) and the runtime's own float32
 * GEMM peak measured in the same run (`peakGflopsPerSecond`, from the provider's `measurePeakGflops`).
 */
export function registerBenchStep(program: Command): void {
  const command = program
    .command('bench-step')
    .description('measure training steps per second at (n, d) on one or all engines, optionally next to the numpy yardstick')
    .requiredOption('--n <n>', 'number of documents (queries: all C(n, k))')
    .requiredOption('--d <d>', 'embedding dimension')
    .option('--k <k>', 'relevant documents per query', '2')
    .option('--steps <s>', 'timed steps per repeat', '20')
    .option('--repeats <r>', 'repeats (the median is reported)', '3');
  addEngineOptions(command, 'an engine, a comma list (onnx,js,tfjs-wasm), or all: every engine, those that cannot run here listed with the reason')
    .option('--threads <t>', "threads for the step and the GEMM peak (default: the engine's choice)")
    .option('--numpy <script>', 'also run this numpy yardstick (numpy_reference.py) with python3 and report the ratio')
    .option('--json', 'print JSON (at the end)')
    .action(async (opts: EngineFlagValues & { n: string; d: string; k: string; steps: string; repeats: string; threads?: string; numpy?: string; json?: boolean }) => {
      quietTfjs();
      const n = integer('--n', opts.n, 2);
      const d = integer('--d', opts.d, 1);
      const k = integer('--k', opts.k, 1, n - 1);
      const steps = integer('--steps', opts.steps, 1);
      const repeats = integer('--repeats', opts.repeats, 1);
      const threads = opts.threads === undefined ? undefined : integer('--threads', opts.threads, 1);
      const device = deviceFromFlag(opts.device);
      await engineModulesFromFlag(opts.engineModule);
      const requested = opts.engine ?? opts.backend ?? 'auto';
      const all = requested.trim() === 'all';
      // all: every provider (or every engine of --device); a list: exactly those, each of which must run here
      const wanted: string[] = all
        ? device === undefined
          ? listEngineProviders().map((p) => p.id)
          : [...new Set(listEngineDevices('node').find((x) => x.device === device)!.engines.map((e) => e.engine))]
        : requested.split(',').map((b) => engineFromFlags(opts.engine !== undefined ? { engine: b } : { backend: b }));
      if (opts.numpy !== undefined) {
        // checked before any benchmarking, so a typo does not cost a whole run
        await access(opts.numpy, constants.R_OK).catch(() => {
          throw new InvalidArgumentError({ parameter: '--numpy', value: opts.numpy, message: `--numpy: cannot read ${opts.numpy}` });
        });
      }
      const qrels = allCombinationQrels(n, k);
      const work = qrels.numQueries * n * d;

      // Every engine resolved before the first measurement: a list fails now on one that cannot run; `all`
      // measures those that can and lists the others with the reason.
      const runnable: { requested: string; provider: EngineProvider; options: EngineCreateOptions }[] = [];
      const unavailable: { engine: string; reason: string }[] = [];
      for (const id of wanted) {
        try {
          const runtimes = await runtimesForEngine(id, device);
          const resolved = await withFlagNames({ device: '--device', engine: '--engine' }, () =>
            resolveEngine(id, {
              work,
              ...(device !== undefined ? { device } : {}),
              ...(threads !== undefined ? { threads } : {}),
              ...(runtimes !== undefined ? { runtimes } : {}),
            }),
          );
          runnable.push({ requested: id, ...resolved });
        } catch (error) {
          if (!all || !(BackendUnavailableError.isInstance(error) || InvalidArgumentError.isInstance(error))) throw error;
          unavailable.push({ engine: id, reason: BackendUnavailableError.isInstance(error) ? (error.reason ?? error.message) : error.message });
        }
      }
      if (runnable.length === 0) {
        throw new BackendUnavailableError({ backend: requested, available: [], reason: `no engine can run here: ${unavailable.map((u) => `${u.engine}: ${u.reason}`).join('; ')}` });
      }

      const start = initialEmbeddings({ numQueries: qrels.numQueries, numDocs: n, d }, PAPER_TRAINING.seed);
      const flopsPerStep = 6 * qrels.numQueries * n * d;
      const rows: BenchRow[] = [];
      const table = opts.json ? undefined : streamingTable(runnable.map((r) => r.requested));
      if (table) {
        process.stdout.write(`n=${n} d=${d} k=${k} (q=${qrels.numQueries}), median of ${repeats} × ${steps} steps\n`);
        for (const u of unavailable) process.stdout.write(`${u.engine}: unavailable (${u.reason})\n`);
        process.stdout.write(table.header);
      }
      for (const { requested: requestedEngine, provider, options } of runnable) {
        let engine: StepEngine;
        try {
          engine = await provider.create(
            {
              ...start,
              qrels,
              learningRate: PAPER_TRAINING.learningRate,
              temperature: PAPER_TRAINING.temperature,
              adam: PAPER_TRAINING.adam,
              blockSize: Math.max(1, Math.floor((1 << 21) / n)),
            },
            options,
          );
        } catch (error) {
          // an engine that loads but cannot start here (an execution provider, an adapter): with `all`, listed
          if (!all || !BackendUnavailableError.isInstance(error)) throw error;
          const reason = error.reason ?? error.message;
          unavailable.push({ engine: requestedEngine, reason });
          if (table) process.stdout.write(`${requestedEngine}: unavailable (${reason})\n`);
          continue;
        }
        let row: BenchRow;
        try {
          await engine.step(); // warm-up (session creation, kernel compilation)
          const samples: number[] = [];
          for (let r = 0; r < repeats; r++) {
            const t0 = performance.now();
            for (let i = 0; i < steps; i++) await engine.step();
            samples.push(steps / ((performance.now() - t0) / 1000));
          }
          const stepsPerSecond = median(samples);
          row = { backend: requestedEngine, engine: engine.name, stepsPerSecond, samples, gflopsPerSecond: (flopsPerStep * stepsPerSecond) / 1e9, peakGflopsPerSecond: null };
        } finally {
          await engine.dispose();
        }
        // The runtime's float32 GEMM peak on the same threads, measured now (after the step, so they do not overlap).
        row.peakGflopsPerSecond = provider.measurePeakGflops ? await provider.measurePeakGflops(options) : null;
        rows.push(row);
        // printed as it finishes: an abort keeps what was measured
        if (table) process.stdout.write(table.row([row.backend, row.engine, row.stepsPerSecond, row.gflopsPerSecond, row.peakGflopsPerSecond ?? '—']));
      }
      let numpy: number | undefined;
      let numpyPeak: number | undefined;
      if (opts.numpy) {
        const samples: number[] = [];
        for (let r = 0; r < repeats; r++) {
          const out = execFileSync('python3', [opts.numpy, 'steps', String(n), String(d), String(steps)], { encoding: 'utf8' });
          const match = /steps\/s=([\d.]+)/.exec(out);
          if (!match) throw new Error(`unexpected numpy output: ${out}`);
          samples.push(Number(match[1]));
        }
        numpy = median(samples);
        // numpy's own float32 GEMM peak (2048², the same BLAS threads), in the same run: the yardstick for
        // "share of the machine's peak" is the larger of this and the engine's reported peak.
        const gemm: number[] = [];
        for (let r = 0; r < repeats; r++) gemm.push(Number(execFileSync('python3', ['-c', NUMPY_GEMM_PEAK], { encoding: 'utf8' }).trim()));
        numpyPeak = median(gemm);
      }
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(
            {
              n, d, k, queries: qrels.numQueries, flopsPerStep, steps, repeats,
              results: rows.map((r) => ({
                ...r,
                ...(numpy !== undefined ? { ratioToNumpy: r.stepsPerSecond / numpy } : {}),
                ...(numpyPeak !== undefined || r.peakGflopsPerSecond !== null
                  ? { shareOfPeak: r.gflopsPerSecond / Math.max(numpyPeak ?? 0, r.peakGflopsPerSecond ?? 0) }
                  : {}),
              })),
              unavailable,
              numpy: numpy ?? null,
              numpyPeakGflopsPerSecond: numpyPeak ?? null,
            },
            null,
            2,
          )}\n`);
        return;
      }
      if (numpy !== undefined) {
        process.stdout.write(table!.row(['numpy', 'numpy_reference.py', numpy, (flopsPerStep * numpy) / 1e9, numpyPeak ?? '—']));
        process.stdout.write(`\n× numpy (steps/s over numpy's): ${rows.map((r) => `${r.backend} ${formatSignificant(r.stepsPerSecond / numpy!, 3)}`).join(', ')}\n`);
      }
    });
}

interface BenchRow {
  backend: string;
  engine: string;
  stepsPerSecond: number;
  samples: number[];
  gflopsPerSecond: number;
  peakGflopsPerSecond: number | null;
}

/** A table printed one row at a time (columns of fixed width, numbers to 4 significant digits). */
function streamingTable(engines: readonly string[]): { header: string; row: (cells: readonly (string | number)[]) => string } {
  const header = ['engine', 'runs as', 'steps/s', 'GFLOP/s', 'GEMM peak'];
  const widths = [Math.max(6, 'numpy'.length, ...engines.map((e) => e.length)), 18, 10, 10, 10];
  const line = (cells: readonly (string | number)[]) =>
    `${cells
      .map((c, i) => {
        // 4 significant digits, whole numbers from 1000 up (31620, not 3.162e+4)
        const text = typeof c === 'number' ? (Math.abs(c) >= 1000 ? String(Math.round(c)) : formatSignificant(c, 4)) : c;
        return i < 2 ? text.padEnd(widths[i]!) : text.padStart(widths[i]!);
      })
      .join('  ')
      .trimEnd()}\n`;
  return { header: line(header) + line(widths.map((w) => '-'.repeat(w))), row: line };
}
