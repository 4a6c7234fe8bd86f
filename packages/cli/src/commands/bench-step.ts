import { execFileSync } from 'node:child_process';
import type { Command } from 'commander';
import { InvalidArgumentError } from '@limit/core';
import { allCombinationQrels } from '@limit/combinatorics';
import { availableBackends, createStepEngine, initialEmbeddings, type BackendName } from '@limit/trainer';
import { formatTable } from '../util/table.js';
import { quietTfjs } from '../util/trainer-options.js';

function integer(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new InvalidArgumentError({ parameter: name, value: text, message: `${name} must be an integer ≥ ${min}, got "${text}"` });
  }
  return value;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** `limit bench-step`: steps per second of one full-batch training step, per backend (median of repeats). */
export function registerBenchStep(program: Command): void {
  program
    .command('bench-step')
    .description('measure training steps per second at (n, d) on one or all backends, optionally next to the numpy yardstick')
    .requiredOption('--n <n>', 'number of documents (queries: all C(n, k))')
    .requiredOption('--d <d>', 'embedding dimension')
    .option('--k <k>', 'relevant documents per query', '2')
    .option('--steps <s>', 'timed steps per repeat', '20')
    .option('--repeats <r>', 'repeats (the median is reported)', '3')
    .option('--backend <names>', 'a backend, a comma list (onnx,js,wasm), auto, or all', 'auto')
    .option('--numpy <script>', 'also run this numpy yardstick (numpy_reference.py) with python3 and report the ratio')
    .option('--json', 'print JSON')
    .action(async (opts: { n: string; d: string; k: string; steps: string; repeats: string; backend: string; numpy?: string; json?: boolean }) => {
      quietTfjs();
      const n = integer('--n', opts.n, 2);
      const d = integer('--d', opts.d, 1);
      const k = integer('--k', opts.k, 1);
      const steps = integer('--steps', opts.steps, 1);
      const repeats = integer('--repeats', opts.repeats, 1);
      const backends: (BackendName | 'auto')[] =
        opts.backend === 'all' ? await availableBackends() : (opts.backend.split(',').map((b) => b.trim()) as BackendName[]);
      const qrels = allCombinationQrels(n, k);
      const start = initialEmbeddings({ numQueries: qrels.numQueries, numDocs: n, d }, 42);
      const rows: { backend: string; engine: string; stepsPerSecond: number; samples: number[] }[] = [];
      for (const backend of backends) {
        const engine = await createStepEngine(backend, {
          ...start,
          qrels,
          learningRate: 0.01,
          temperature: 0.1,
          adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
          blockSize: Math.max(1, Math.floor((1 << 21) / n)),
        });
        try {
          await engine.step(); // warm-up (session creation, kernel compilation)
          const samples: number[] = [];
          for (let r = 0; r < repeats; r++) {
            const t0 = performance.now();
            for (let i = 0; i < steps; i++) await engine.step();
            samples.push(steps / ((performance.now() - t0) / 1000));
          }
          rows.push({ backend, engine: engine.name, stepsPerSecond: median(samples), samples });
        } finally {
          await engine.dispose();
        }
      }
      let numpy: number | undefined;
      if (opts.numpy) {
        const samples: number[] = [];
        for (let r = 0; r < repeats; r++) {
          const out = execFileSync('python3', [opts.numpy, 'steps', String(n), String(d), String(steps)], { encoding: 'utf8' });
          const match = /steps\/s=([\d.]+)/.exec(out);
          if (!match) throw new Error(`unexpected numpy output: ${out}`);
          samples.push(Number(match[1]));
        }
        numpy = median(samples);
      }
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ n, d, k, queries: qrels.numQueries, steps, repeats, results: rows, numpy: numpy ?? null }, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        `n=${n} d=${d} k=${k} (q=${qrels.numQueries}), median of ${repeats} × ${steps} steps\n` +
          formatTable(
            ['backend', 'engine', 'steps/s', ...(numpy !== undefined ? ['× numpy'] : [])],
            [
              ...rows.map((r) => [r.backend, r.engine, Number(r.stepsPerSecond.toFixed(2)), ...(numpy !== undefined ? [Number((r.stepsPerSecond / numpy).toFixed(2))] : [])]),
              ...(numpy !== undefined ? [['numpy', 'numpy_reference.py', Number(numpy.toFixed(2)), 1]] : []),
            ],
          ) +
          '\n',
      );
    });
}
