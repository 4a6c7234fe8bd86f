/**
 * The makemore MLP lesson (Bengio et al. 2003, as taught in Karpathy's "makemore part 2"), on the first names
 * of `@limit/datasets`: each character is a row of a learned embedding table C, looked up by index; the
 * embeddings of the previous `blockSize` characters are concatenated and fed to a tanh layer and a softmax
 * over the next character. Looking a row up is the same as multiplying its one-hot vector by C, which is
 * how the table gets its gradient: the rows that were used receive the gradient of their copies, added up
 * (a scatter-add), and no other row changes. The learning rate comes from a range test and the training uses
 * AdamW, whose decoupled weight decay shrinks C and the weight matrices but not the biases.
 *
 * The forward and backward passes are written out by hand over Float64Arrays (as in "makemore part 4: becoming
 * a backprop ninja"): at this size a step takes a millisecond or two this way, where tfjs-cpu's autodiff
 * spent well over ten on the same machine, and every gradient is checked against finite differences in the
 * test.
 */
import { assertInteger, assertKnownOptions, createRng, type Rng } from '@limit/core';
import { FIRST_NAMES } from '@limit/datasets';
import { adamW, findLearningRate, type LearningRateFinderResult } from '@limit/optim';
import { lineChartSpec } from '@limit/charts';
import { writeChart } from '@limit/charts/node';

/** '.' (index 0) marks the start and the end of a name; letters are 1…26. */
export const ALPHABET = '.abcdefghijklmnopqrstuvwxyz';

/** Contexts X (rows of `blockSize` character indices) and next characters Y. */
export interface Examples {
  readonly X: Int32Array;
  readonly Y: Int32Array;
  readonly count: number;
  readonly blockSize: number;
}

/** Every (context, next character) pair of the names, the context padded with '.' at the start. */
export function buildExamples(names: readonly string[], blockSize: number): Examples {
  const X: number[] = [];
  const Y: number[] = [];
  for (const name of names) {
    let context = new Array<number>(blockSize).fill(0);
    for (const ch of `${name.toLowerCase()}.`) {
      const ix = ALPHABET.indexOf(ch);
      if (ix < 0) throw new Error(`character ${JSON.stringify(ch)} of ${JSON.stringify(name)} is not in the alphabet`);
      X.push(...context);
      Y.push(ix);
      context = [...context.slice(1), ix];
    }
  }
  return { X: Int32Array.from(X), Y: Int32Array.from(Y), count: Y.length, blockSize };
}

/** Sizes of the model. */
export interface MlpShape {
  readonly vocab: number;
  readonly blockSize: number;
  readonly embedding: number;
  readonly hidden: number;
}

/** The parameters, flat row-major: C [vocab × embedding], W1 [blockSize·embedding × hidden], b1, W2 [hidden × vocab], b2. */
export interface Mlp {
  readonly shape: MlpShape;
  readonly C: Float64Array;
  readonly W1: Float64Array;
  readonly b1: Float64Array;
  readonly W2: Float64Array;
  readonly b2: Float64Array;
}

/**
 * N(0, 1) embeddings, W1 ~ N(0, 1)·(5/3)/√fan-in (Kaiming for tanh), W2 ~ N(0, 0.01²) and zero biases, so the
 * first predictions are nearly uniform and the first loss is close to log(vocab).
 */
export function createMlp(shape: MlpShape, rng: Rng): Mlp {
  const fanIn = shape.blockSize * shape.embedding;
  const normal = (length: number, scale: number) => Float64Array.from({ length }, () => rng.normal() * scale);
  return {
    shape,
    C: normal(shape.vocab * shape.embedding, 1),
    W1: normal(fanIn * shape.hidden, 5 / 3 / Math.sqrt(fanIn)),
    b1: new Float64Array(shape.hidden),
    W2: normal(shape.hidden * shape.vocab, 0.01),
    b2: new Float64Array(shape.vocab),
  };
}

/** The parameter arrays in the order of the gradients: C, W1, b1, W2, b2. */
export function parameters(model: Mlp): [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array] {
  return [model.C, model.W1, model.b1, model.W2, model.b2];
}

/** a [n × k] · b [k × m] → out [n × m] (overwritten). */
function matMul(a: Float64Array, b: Float64Array, out: Float64Array, n: number, k: number, m: number): void {
  out.fill(0, 0, n * m);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p]!;
      if (aip === 0) continue;
      const row = p * m;
      const o = i * m;
      for (let j = 0; j < m; j++) out[o + j] = out[o + j]! + aip * b[row + j]!;
    }
  }
}

/** aᵀ · b for a [n × k], b [n × m] → out [k × m] (overwritten). */
function matMulTransposeA(a: Float64Array, b: Float64Array, out: Float64Array, n: number, k: number, m: number): void {
  out.fill(0, 0, k * m);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p]!;
      if (aip === 0) continue;
      const o = p * m;
      const row = i * m;
      for (let j = 0; j < m; j++) out[o + j] = out[o + j]! + aip * b[row + j]!;
    }
  }
}

/** a · bᵀ for a [n × k], b [m × k] → out [n × m] (overwritten). */
function matMulTransposeB(a: Float64Array, b: Float64Array, out: Float64Array, n: number, k: number, m: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[j * k + p]!;
      out[i * m + j] = s;
    }
  }
}

/**
 * Mean cross-entropy of the next character over the rows `indices`, and (unless `withGradients` is false)
 * its gradient for every parameter, in {@link parameters}' order:
 *
 *   forward: e = concat(C[x₁], …, C[x_B])  (a lookup), h = tanh(e·W1 + b1), z = h·W2 + b2,
 *            loss = mean(logsumexp(z) − z[y])
 *   backward: dz = (softmax(z) − onehot(y)) / N, dW2 = hᵀ·dz, db2 = Σ dz, dh = dz·W2ᵀ,
 *             da = dh ⊙ (1 − h²), dW1 = eᵀ·da, db1 = Σ da, de = da·W1ᵀ, dC[xₜ] += de[t] (scatter-add)
 */
export function lossAndGradients(model: Mlp, data: Examples, indices: ArrayLike<number>, withGradients = true): { loss: number; gradients: Float64Array[] } {
  const { vocab: V, blockSize: T, embedding: E, hidden: H } = model.shape;
  const N = indices.length;
  const D = T * E;
  const e = new Float64Array(N * D);
  for (let i = 0; i < N; i++) {
    const row = indices[i]!;
    for (let t = 0; t < T; t++) e.set(model.C.subarray(data.X[row * T + t]! * E, data.X[row * T + t]! * E + E), i * D + t * E);
  }
  const h = new Float64Array(N * H);
  matMul(e, model.W1, h, N, D, H);
  for (let i = 0; i < N; i++) for (let j = 0; j < H; j++) h[i * H + j] = Math.tanh(h[i * H + j]! + model.b1[j]!);
  const z = new Float64Array(N * V);
  matMul(h, model.W2, z, N, H, V);
  let loss = 0;
  for (let i = 0; i < N; i++) {
    let max = -Infinity;
    for (let j = 0; j < V; j++) {
      z[i * V + j] = z[i * V + j]! + model.b2[j]!;
      max = Math.max(max, z[i * V + j]!);
    }
    let sum = 0;
    for (let j = 0; j < V; j++) sum += Math.exp(z[i * V + j]! - max);
    const y = data.Y[indices[i]!]!;
    loss += max + Math.log(sum) - z[i * V + y]!;
    // z becomes dz = (softmax − onehot) / N
    for (let j = 0; j < V; j++) z[i * V + j] = (Math.exp(z[i * V + j]! - max) / sum - (j === y ? 1 : 0)) / N;
  }
  if (!withGradients) return { loss: loss / N, gradients: [] };
  const dW2 = new Float64Array(H * V);
  matMulTransposeA(h, z, dW2, N, H, V);
  const db2 = new Float64Array(V);
  for (let i = 0; i < N; i++) for (let j = 0; j < V; j++) db2[j] = db2[j]! + z[i * V + j]!;
  const da = new Float64Array(N * H);
  matMulTransposeB(z, model.W2, da, N, V, H);
  for (let k = 0; k < N * H; k++) da[k] = da[k]! * (1 - h[k]! * h[k]!);
  const dW1 = new Float64Array(D * H);
  matMulTransposeA(e, da, dW1, N, D, H);
  const db1 = new Float64Array(H);
  for (let i = 0; i < N; i++) for (let j = 0; j < H; j++) db1[j] = db1[j]! + da[i * H + j]!;
  const de = new Float64Array(N * D);
  matMulTransposeB(da, model.W1, de, N, H, D);
  const dC = new Float64Array(V * E);
  for (let i = 0; i < N; i++) {
    const row = indices[i]!;
    for (let t = 0; t < T; t++) {
      const c = data.X[row * T + t]! * E;
      for (let k = 0; k < E; k++) dC[c + k] = dC[c + k]! + de[i * D + t * E + k]!;
    }
  }
  return { loss: loss / N, gradients: [dC, dW1, db1, dW2, db2] };
}

/** The mean loss over all examples (no gradients). */
export function evaluateLoss(model: Mlp, data: Examples): number {
  let total = 0;
  const chunk = 2048;
  for (let start = 0; start < data.count; start += chunk) {
    const indices = Array.from({ length: Math.min(chunk, data.count - start) }, (_, i) => start + i);
    total += lossAndGradients(model, data, indices, false).loss * indices.length;
  }
  return total / data.count;
}

/**
 * A lookup is a one-hot product: for the first `rows` contexts, the largest |C[x] − onehot(x)·C| (0).
 */
export function lookupEqualsOneHotProduct(model: Mlp, data: Examples, rows: number): number {
  const { vocab: V, embedding: E } = model.shape;
  let worst = 0;
  for (let r = 0; r < rows * data.blockSize; r++) {
    const x = data.X[r]!;
    const oneHot = Float64Array.from({ length: V }, (_, j) => (j === x ? 1 : 0));
    const product = new Float64Array(E);
    matMul(oneHot, model.C, product, 1, V, E);
    for (let k = 0; k < E; k++) worst = Math.max(worst, Math.abs(product[k]! - model.C[x * E + k]!));
  }
  return worst;
}

/** Draws names from the model: start from '.', sample the next character, stop at '.'. */
export function sampleNames(model: Mlp, count: number, rng: Rng, maxLength = 20): string[] {
  const { vocab: V, blockSize: T, embedding: E, hidden: H } = model.shape;
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    let context = new Array<number>(T).fill(0);
    let name = '';
    for (let step = 0; step < maxLength; step++) {
      const e = new Float64Array(T * E);
      context.forEach((c, t) => e.set(model.C.subarray(c * E, c * E + E), t * E));
      const h = new Float64Array(H);
      matMul(e, model.W1, h, 1, T * E, H);
      for (let j = 0; j < H; j++) h[j] = Math.tanh(h[j]! + model.b1[j]!);
      const z = new Float64Array(V);
      matMul(h, model.W2, z, 1, H, V);
      const max = Math.max(...z.map((v, j) => v + model.b2[j]!));
      const p = z.map((v, j) => Math.exp(v + model.b2[j]! - max));
      let u = rng.uniform() * p.reduce((a, b) => a + b, 0);
      let ix = V - 1;
      for (let j = 0; j < V; j++) {
        u -= p[j]!;
        if (u < 0) {
          ix = j;
          break;
        }
      }
      if (ix === 0) break;
      name += ALPHABET[ix];
      context = [...context.slice(1), ix];
    }
    names.push(name);
  }
  return names;
}

/** Options of {@link runEmbeddingTableLesson}. */
export interface LessonOptions {
  readonly blockSize: number;
  readonly embedding: number;
  readonly hidden: number;
  readonly batchSize: number;
  /** Learning-rate range test: steps and range. */
  readonly finderSteps: number;
  readonly finderMin: number;
  readonly finderMax: number;
  /** Training steps per run (the learning rate drops ×10 for the last third). */
  readonly steps: number;
  /** AdamW's weight decay for the decayed run (the other run has none). */
  readonly weightDecay: number;
  readonly samples: number;
  readonly seed: number;
  /** Folder for the range test's chart (`learning-rate-finder.svg`, `.png`); none when left out. */
  readonly out?: string;
  readonly onProgress?: (line: string) => void;
}

export const DEFAULT_OPTIONS: Omit<LessonOptions, 'onProgress'> = {
  blockSize: 3,
  embedding: 10,
  hidden: 200,
  batchSize: 32,
  finderSteps: 300,
  finderMin: 1e-4,
  finderMax: 1,
  steps: 5000,
  weightDecay: 0.03,
  samples: 12,
  seed: 2147483647,
};

export interface TrainedRun {
  readonly weightDecay: number;
  readonly trainLoss: number;
  readonly devLoss: number;
  /** Root mean square of the embedding table's entries after training. */
  readonly embeddingRms: number;
  readonly weightRms: number;
}

export interface LessonResult {
  readonly names: { readonly train: number; readonly dev: number; readonly test: number };
  readonly examples: { readonly train: number; readonly dev: number; readonly test: number };
  readonly parameterCount: number;
  readonly lookupDifference: number;
  readonly initialLoss: number;
  readonly uniformLoss: number;
  readonly finder: LearningRateFinderResult;
  readonly learningRate: number;
  /** The range test's chart files, when `out` was given. */
  readonly chart: { readonly svg: string; readonly png: string } | null;
  readonly runs: readonly TrainedRun[];
  /** The weight decay of the run with the lower dev loss; samples, neighbours and the test loss are that run's. */
  readonly chosenWeightDecay: number;
  readonly testLoss: number;
  readonly samples: readonly { readonly name: string; readonly inTraining: boolean }[];
  /** For a few letters, their nearest letters by cosine similarity of the learned embeddings. */
  readonly neighbours: readonly { readonly letter: string; readonly nearest: readonly string[] }[];
  readonly seconds: number;
}

const rms = (a: Float64Array) => Math.sqrt(a.reduce((s, x) => s + x * x, 0) / a.length);

/** The whole lesson: data, lookup check, range test, two AdamW runs (with and without decay), samples. */
export async function runEmbeddingTableLesson(options: LessonOptions): Promise<LessonResult> {
  assertKnownOptions('options', options, [...Object.keys(DEFAULT_OPTIONS), 'out', 'onProgress']);
  const started = performance.now();
  const log = options.onProgress ?? (() => {});
  const steps = assertInteger('steps', options.steps, { min: 3 });
  const batchSize = assertInteger('batchSize', options.batchSize, { min: 1 });
  const rng = createRng(options.seed);
  const names = rng.split().shuffle(FIRST_NAMES.map((n) => n.toLowerCase()));
  const cut1 = Math.round(0.8 * names.length);
  const cut2 = Math.round(0.9 * names.length);
  const train = buildExamples(names.slice(0, cut1), options.blockSize);
  const dev = buildExamples(names.slice(cut1, cut2), options.blockSize);
  const test = buildExamples(names.slice(cut2), options.blockSize);
  const shape: MlpShape = { vocab: ALPHABET.length, blockSize: options.blockSize, embedding: options.embedding, hidden: options.hidden };
  const initRng = rng.split();
  const fresh = () => createMlp(shape, initRng.split());
  const batches = rng.split();
  const batch = () => Int32Array.from({ length: batchSize }, () => batches.integer(train.count));

  const probe = fresh();
  const parameterCount = parameters(probe).reduce((s, p) => s + p.length, 0);
  const lookupDifference = lookupEqualsOneHotProduct(probe, train, 64);
  const initialLoss = evaluateLoss(probe, train);

  // the range test trains a throw-away model: one AdamW step per learning rate
  const probeOptimizer = adamW(parameters(probe), { learningRate: options.finderMin, weightDecay: 0 });
  const finder = await findLearningRate({
    minLearningRate: options.finderMin,
    maxLearningRate: options.finderMax,
    steps: options.finderSteps,
    step: (lr) => {
      probeOptimizer.learningRate = lr;
      const { loss, gradients } = lossAndGradients(probe, train, batch());
      probeOptimizer.step(gradients);
      return loss;
    },
  });
  // makemore's choice: the bottom of the curve (findLearningRate's suggestion, a tenth of it, is the cautious one)
  const learningRate = finder.minimum.learningRate;
  const chart =
    options.out === undefined
      ? null
      : await writeChart(
          options.out,
          'learning-rate-finder',
          lineChartSpec({
            title: 'Learning-rate range test: one AdamW step per rate',
            xTitle: 'log₁₀ learning rate',
            yTitle: 'training loss (batch)',
            series: [
              { label: 'batch loss', points: finder.learningRates.map((lr, i) => ({ x: Math.log10(lr), y: finder.losses[i]! })) },
              { label: 'smoothed', points: finder.learningRates.map((lr, i) => ({ x: Math.log10(lr), y: finder.smoothedLosses[i]! })) },
            ],
            notes: [`lowest smoothed loss at lr ${finder.minimum.learningRate.toPrecision(3)}: the training rate (÷ 10 for the last third)`],
          }),
        );
  log(`range test: ${finder.stop} after ${finder.learningRates.length} steps; minimum at lr ${finder.minimum.learningRate.toPrecision(2)}`);

  const runs: TrainedRun[] = [];
  const models: Mlp[] = [];
  for (const weightDecay of [0, options.weightDecay]) {
    const model = fresh();
    const [C, W1, b1, W2, b2] = parameters(model);
    const optimizer = adamW([C, W1, W2, { parameters: [b1, b2], weightDecay: 0 }], { learningRate, weightDecay });
    for (let step = 0; step < steps; step++) {
      if (step === Math.floor((2 * steps) / 3)) optimizer.learningRate = learningRate / 10;
      const { loss, gradients } = lossAndGradients(model, train, batch());
      // gradients come in parameters() order (C, W1, b1, W2, b2); the optimiser's order is C, W1, W2, b1, b2
      optimizer.step([gradients[0]!, gradients[1]!, gradients[3]!, gradients[2]!, gradients[4]!]);
      if (step % 1000 === 0) log(`weight decay ${weightDecay}: step ${step}, batch loss ${loss.toFixed(4)}`);
    }
    runs.push({ weightDecay, trainLoss: evaluateLoss(model, train), devLoss: evaluateLoss(model, dev), embeddingRms: rms(model.C), weightRms: Math.sqrt((rms(model.W1) ** 2 * model.W1.length + rms(model.W2) ** 2 * model.W2.length) / (model.W1.length + model.W2.length)) });
    log(`weight decay ${weightDecay}: train ${runs.at(-1)!.trainLoss.toFixed(4)}, dev ${runs.at(-1)!.devLoss.toFixed(4)}`);
    models.push(model);
  }
  // the dev set chooses the run; the test set is looked at once, for that run
  const best = runs.reduce((a, b) => (b.devLoss < a.devLoss ? b : a));
  const chosen = models[runs.indexOf(best)]!;
  const known = new Set(names.slice(0, cut1));
  const samples = sampleNames(chosen, options.samples, rng.split()).map((name) => ({ name, inTraining: known.has(name) }));
  const neighbours = ['a', 'e', 'k', 'm'].map((letter) => ({ letter, nearest: nearestLetters(chosen, letter, 3) }));
  return {
    names: { train: cut1, dev: cut2 - cut1, test: names.length - cut2 },
    examples: { train: train.count, dev: dev.count, test: test.count },
    parameterCount,
    lookupDifference,
    initialLoss,
    uniformLoss: Math.log(ALPHABET.length),
    finder,
    learningRate,
    chart: chart === null ? null : { svg: chart.svg, png: chart.png },
    runs,
    chosenWeightDecay: best.weightDecay,
    testLoss: evaluateLoss(chosen, test),
    samples,
    neighbours,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The `count` letters whose embeddings have the highest cosine similarity with `letter`'s. */
export function nearestLetters(model: Mlp, letter: string, count: number): string[] {
  const e = model.shape.embedding;
  const row = (i: number) => model.C.subarray(i * e, i * e + e);
  const cosine = (a: Float64Array, b: Float64Array) => {
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let k = 0; k < e; k++) {
      dot += a[k]! * b[k]!;
      na += a[k]! ** 2;
      nb += b[k]! ** 2;
    }
    return dot / Math.sqrt(na * nb);
  };
  const me = row(ALPHABET.indexOf(letter));
  return [...ALPHABET.slice(1)]
    .filter((c) => c !== letter)
    .map((c) => ({ c, s: cosine(me, row(ALPHABET.indexOf(c))) }))
    .sort((a, b) => b.s - a.s)
    .slice(0, count)
    .map((x) => x.c);
}

/** The report printed on stdout: every number in it is from the result. */
export function formatReport(r: LessonResult): string {
  const f = (x: number) => x.toFixed(4);
  const curve = r.finder.learningRates
    .map((lr, i) => ({ lr, loss: r.finder.smoothedLosses[i]! }))
    .filter((_, i, all) => i % Math.max(1, Math.floor(all.length / 10)) === 0 || i === all.length - 1);
  const lines = [
    `Names: ${r.names.train} / ${r.names.dev} / ${r.names.test} (train / dev / test) from @limit/datasets' first names;`,
    `${r.examples.train} / ${r.examples.dev} / ${r.examples.test} (context → next character) examples. Model: ${r.parameterCount} parameters.`,
    '',
    `Lookup = one-hot product: max |C[X] − onehot(X)·C| = ${r.lookupDifference} over 64 contexts.`,
    `Loss at initialisation: ${f(r.initialLoss)} (uniform over ${ALPHABET.length} characters: log ${ALPHABET.length} = ${f(r.uniformLoss)}).`,
    '',
    `Learning-rate range test (AdamW, one step per rate, ${r.finder.learningRates.length} rates from ${r.finder.learningRates[0]!.toPrecision(2)}, stopped: ${r.finder.stop}):`,
    '',
    '| log₁₀ lr | smoothed loss |',
    '| ---: | ---: |',
    ...curve.map((p) => `| ${Math.log10(p.lr).toFixed(2)} | ${f(p.loss)} |`),
    '',
    `Lowest smoothed loss at lr ${r.finder.minimum.learningRate.toPrecision(3)}: the training rate, as makemore picks it (÷ 10 for the`,
    `last third of the steps; findLearningRate's cautious suggestion is a tenth of it, ${r.finder.suggestedLearningRate.toPrecision(3)}).${r.chart ? ` The curve: ${r.chart.svg}` : ''}`,
    '',
    '| AdamW weight decay | train loss | dev loss | RMS of C | RMS of W1, W2 |',
    '| ---: | ---: | ---: | ---: | ---: |',
    ...r.runs.map((run) => `| ${run.weightDecay} | ${f(run.trainLoss)} | ${f(run.devLoss)} | ${run.embeddingRms.toFixed(3)} | ${run.weightRms.toFixed(3)} |`),
    '',
    `The dev set picks weight decay ${r.chosenWeightDecay}; its test loss: ${f(r.testLoss)}.`,
    `Sampled names: ${r.samples.map((s) => (s.inTraining ? `${s.name}*` : s.name)).join(', ')}  (* = a training name)`,
    `Nearest letters in the learned table (cosine): ${r.neighbours.map((n) => `${n.letter} → ${n.nearest.join(' ')}`).join('; ')}`,
  ];
  return `${lines.join('\n')}\n`;
}
