import { execFileSync } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import type { Command } from 'commander';
import { InvalidArgumentError } from '@limit/core';
import { allCombinationQrels } from '@limit/combinatorics';
import { PAPER_TRAINING, availableEngineProviders, initialEmbeddings, resolveEngine } from '@limit/trainer';
import { formatTable } from '../util/table.js';
import { engineFromFlags, quietTfjs, runtimesForEngine } from '../util/trainer-options.js';
import { parseInteger } from '../util/options.js';

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
  program
    .command('bench-step')
    .description('measure training steps per second at (n, d) on one or all backends, optionally next to the numpy yardstick')
    .requiredOption('--n <n>', 'number of documents (queries: all C(n, k))')
    .requiredOption('--d <d>', 'embedding dimension')
    .option('--k <k>', 'relevant documents per query', '2')
    .option('--steps <s>', 'timed steps per repeat', '20')
    .option('--repeats <r>', 'repeats (the median is reported)', '3')
    .option('--engine <ids>', 'an engine id, a comma list (onnx,js,tfjs-wasm), auto, or all')
    .option('--backend <names>', 'older name of --engine (cpu, wasm name the tfjs engines)')
    .option('--threads <t>', 'threads for the step and the GEMM peak (default: the runtime\'s choice)')
    .option('--numpy <script>', 'also run this numpy yardstick (numpy_reference.py) with python3 and report the ratio')
    .option('--json', 'print JSON')
    .action(async (opts: { n: string; d: string; k: string; steps: string; repeats: string; engine?: string; backend?: string; threads?: string; numpy?: string; json?: boolean }) => {
      quietTfjs();
      const n = integer('--n', opts.n, 2);
      const d = integer('--d', opts.d, 1);
      const k = integer('--k', opts.k, 1, n - 1);
      const steps = integer('--steps', opts.steps, 1);
      const repeats = integer('--repeats', opts.repeats, 1);
      const threads = opts.threads === undefined ? undefined : integer('--threads', opts.threads, 1);
      const requested = opts.engine ?? opts.backend ?? 'auto';
      const engines: string[] =
        requested === 'all' ? (await availableEngineProviders()).map((p) => p.id) : requested.split(',').map((b) => engineFromFlags(opts.engine !== undefined ? { engine: b } : { backend: b }));
      if (opts.numpy !== undefined) {
        // checked before any benchmarking, so a typo does not cost a whole run
        await access(opts.numpy, constants.R_OK).catch(() => {
          throw new InvalidArgumentError({ parameter: '--numpy', value: opts.numpy, message: `--numpy: cannot read ${opts.numpy}` });
        });
      }
      const qrels = allCombinationQrels(n, k);
      const start = initialEmbeddings({ numQueries: qrels.numQueries, numDocs: n, d }, PAPER_TRAINING.seed);
      const flopsPerStep = 6 * qrels.numQueries * n * d;
      const rows: {
        backend: string;
        engine: string;
        stepsPerSecond: number;
        samples: number[];
        gflopsPerSecond: number;
        peakGflopsPerSecond: number | null;
      }[] = [];
      for (const requestedEngine of engines) {
        const runtimes = await runtimesForEngine(requestedEngine);
        const { provider, options } = await resolveEngine(requestedEngine, {
          work: qrels.numQueries * n * d,
          ...(threads !== undefined ? { threads } : {}),
          ...(runtimes !== undefined ? { runtimes } : {}),
        });
        const engine = await provider.create(
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
        try {
          await engine.step(); // warm-up (session creation, kernel compilation)
          const samples: number[] = [];
          for (let r = 0; r < repeats; r++) {
            const t0 = performance.now();
            for (let i = 0; i < steps; i++) await engine.step();
            samples.push(steps / ((performance.now() - t0) / 1000));
          }
          const stepsPerSecond = median(samples);
          rows.push({ backend: requestedEngine, engine: engine.name, stepsPerSecond, samples, gflopsPerSecond: (flopsPerStep * stepsPerSecond) / 1e9, peakGflopsPerSecond: null });
        } finally {
          await engine.dispose();
        }
        // The runtime's float32 GEMM peak on the same threads, measured now (after the step, so they do not overlap).
        const peak = provider.measurePeakGflops ? await provider.measurePeakGflops(options) : null;
        rows[rows.length - 1] = { ...rows[rows.length - 1]!, peakGflopsPerSecond: peak };
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
              numpy: numpy ?? null,
              numpyPeakGflopsPerSecond: numpyPeak ?? null,
            },
            null,
            2,
          )}\n`);
        return;
      }
      process.stdout.write(
        `n=${n} d=${d} k=${k} (q=${qrels.numQueries}), median of ${repeats} × ${steps} steps\n` +
          formatTable(
            ['engine', 'runs as', 'steps/s', 'GFLOP/s', 'GEMM peak', ...(numpy !== undefined ? ['× numpy'] : [])],
            [
              // raw values: the table gives each column one format with 4 significant digits
              ...rows.map((r) => [
                r.backend,
                r.engine,
                r.stepsPerSecond,
                r.gflopsPerSecond,
                r.peakGflopsPerSecond === null ? '—' : r.peakGflopsPerSecond,
                ...(numpy !== undefined ? [r.stepsPerSecond / numpy] : []),
              ]),
              ...(numpy !== undefined ? [['numpy', 'numpy_reference.py', numpy, (flopsPerStep * numpy) / 1e9, '—', 1]] : []),
            ],
          ) +
          '\n',
      );
    });
}
