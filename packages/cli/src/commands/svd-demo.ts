import { join } from 'node:path';
import type { Command } from 'commander';
import { createRng } from '@limit/core';
import { assertWritableOutput, writeJsonAtomic } from '@limit/core/node';
import { assertSvdFits, lowRankApproximation } from '@limit/matrix';
import { singularValuesChartSpec } from '@limit/charts';
import { writeChart } from '@limit/charts/node';
import { formatSignificant, formatTable } from '../util/table.js';
import { parseInteger, parseReal } from '../util/options.js';

interface SvdDemoOptions {
  out: string;
  seed: string;
  rows: string;
  cols: string;
  rank: string;
  noise: string;
}

/** `limit svd-demo --out DIR`: the classic low-rank-plus-noise SVD demo (table, JSON, log-scale SVG). */
export function registerSvdDemo(program: Command): void {
  program
    .command('svd-demo')
    .description('the classic SVD demo: a low-rank matrix plus noise, its singular values (log-scale plot), rank-r reconstruction and storage')
    .option('--out <dir>', 'folder for svd-demo.json and the singular-values chart (.vl.json spec, .svg, .png)', 'results/svd-demo')
    .option('--seed <n>', 'random seed', '42')
    .option('--rows <m>', 'rows M', '100')
    .option('--cols <n>', 'columns N', '80')
    .option('--rank <r>', 'rank of the signal (and of the reconstruction)', '5')
    .option('--noise <sigma>', 'standard deviation of the added Gaussian noise', '0.1')
    .action(async (options: SvdDemoOptions) => {
      await runSvdDemo(options);
    });
}

async function runSvdDemo(options: SvdDemoOptions): Promise<void> {
  const M = parseInteger('--rows', options.rows, { min: 1 });
  const N = parseInteger('--cols', options.cols, { min: 1 });
  const r = parseInteger('--rank', options.rank, { min: 1, max: Math.min(M, N) });
  const noise = parseReal('--noise', options.noise, { min: 0 });
  const seed = parseInteger('--seed', options.seed);
  // refuse what cannot fit (the demo's own three M × N copies besides the SVD's) and an unusable --out now
  assertSvdFits(M, N, { parameter: M >= N ? '--rows' : '--cols', extraBytes: 8 * (3 * M * N + (M + N) * r) });
  await assertWritableOutput('--out', options.out, { kind: 'directory' });
  const rng = createRng(seed);
  // signal = L · R with L (M × r), R (r × N) standard normal; observed = signal + noise · N(0, 1)
  const L = rng.fillNormal(new Float64Array(M * r));
  const R = rng.fillNormal(new Float64Array(r * N));
  const clean = new Float64Array(M * N);
  for (let i = 0; i < M; i++)
    for (let t = 0; t < r; t++) {
      const f = L[i * r + t]!;
      for (let j = 0; j < N; j++) clean[i * N + j] = clean[i * N + j]! + f * R[t * N + j]!;
    }
  const observed = Float64Array.from(clean, (v) => v + noise * rng.normal());
  const started = performance.now();
  const approx = lowRankApproximation({ rows: M, cols: N, data: observed }, r);
  const seconds = (performance.now() - started) / 1000;
  let errClean = 0;
  let normClean = 0;
  let errObservedVsClean = 0;
  for (let i = 0; i < M * N; i++) {
    errClean += (approx.matrix.data[i]! - clean[i]!) ** 2;
    errObservedVsClean += (observed[i]! - clean[i]!) ** 2;
    normClean += clean[i]! ** 2;
  }
  const s = Array.from(approx.singularValues);
  const result = {
    seed,
    rows: M,
    cols: N,
    signalRank: r,
    noise,
    singularValues: s,
    gap: { [`sigma${r}`]: s[r - 1], [`sigma${r + 1}`]: s[r] ?? 0, ratio: s[r] ? s[r - 1]! / s[r]! : Infinity },
    reconstruction: {
      rank: r,
      frobeniusError: approx.error,
      eckartYoungPrediction: approx.predictedError,
      relativeError: approx.relativeError,
      relativeErrorVsCleanSignal: Math.sqrt(errClean / normClean),
      noiseRelativeToCleanSignal: Math.sqrt(errObservedVsClean / normClean),
    },
    storage: { factored: (M + N) * r, factoredWithSingularValues: approx.storage.factored, dense: M * N, ratio: (M * N) / ((M + N) * r) },
    svdSeconds: seconds,
  };
  const chart = await writeChart(
    options.out,
    'singular-values',
    singularValuesChartSpec({ values: s, signalRank: r, title: `Singular values of a ${M} × ${N} rank-${r} matrix + noise (σ = ${noise})` }),
  );
  await writeJsonAtomic(join(options.out, 'svd-demo.json'), result);

  const shown = Math.min(s.length, r + 5);
  // one number format per column, every value with at least 4 significant digits (see util/table.ts):
  // the raw values go in, never numbers pre-rounded to a fixed precision
  const lines = [
    `A ${M} × ${N} matrix of rank ${r} plus Gaussian noise (σ = ${noise}, seed ${seed}); SVD in ${(seconds * 1000).toPrecision(3)} ms`,
    '',
    formatTable(
      ['i', 'σ_i', 'σ_i / σ_1'],
      s.slice(0, shown).map((v, i) => [i + 1, v, v / s[0]!]),
    ),
    '',
    formatTable(
      [`rank-${r} reconstruction`, 'value'],
      [
        ['‖A − A_r‖_F', approx.error],
        ['sqrt(Σ_{i>r} σ_i²) (Eckart–Young)', approx.predictedError],
        ['relative error vs observed A', approx.relativeError],
        ['relative error vs clean signal', result.reconstruction.relativeErrorVsCleanSignal],
        ['noise level vs clean signal', result.reconstruction.noiseRelativeToCleanSignal],
      ],
    ),
    '',
    formatTable(
      ['storage', 'numbers'],
      [
        ['factored (M + N)·r', (M + N) * r],
        ['dense M·N', M * N],
      ],
    ),
    `dense / factored: ${formatSignificant(result.storage.ratio, 4)}×`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
  process.stderr.write(`wrote ${join(options.out, 'svd-demo.json')}, ${chart.spec}, ${chart.svg} and ${chart.png}\n`);
}
