import { BackendUnavailableError, EngineStateError, InvalidArgumentError, ShapeMismatchError, createDenseMatrix } from '@limit/core';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { createJsEngine } from '../../trainer/src/engines/js/js-engine.js';
import { nativeProvider } from '../../trainer/src/engines/native/index.js';
import {
  PAPER_ADAM as ADAM,
  ReferenceStepper,
  contractProblem,
  kSubsets,
  qrelsFromSets as csr,
  stepEngineContractCases,
  unitRows,
} from '@limit/step-engine/testing';
import { loadNativeKernels } from './load-native-kernels.js';
import { MIN_WORK_PER_THREAD, NATIVE_OBJECTIVES, NATIVE_QUERY_MODES, createNativeStepEngine, type InstructionSet } from './native-step-engine.js';
import type { Objective, QueryMode, StepEngineInit } from '@limit/step-engine';

const native = loadNativeKernels();
const problem = (n: number, d: number, k: number, seed: number, extra: Partial<StepEngineInit> = {}) => contractProblem(n, d, k, seed, { blockSize: 64, ...extra });
/** Both accuracies by a full ranking in float64 (the reference's rule: ties by the lower index, exact needs a strict gap). */
const bruteForceAccuracy = (queries: StepEngineInit['queries'], documents: StepEngineInit['documents'], sets: number[][]) =>
  new ReferenceStepper({ queries, documents, qrels: csr(sets, documents.rows), learningRate: 0.01, temperature: 0.1, adam: ADAM, blockSize: 1 }).accuracy();
const ISAS: InstructionSet[] = native.bestInstructionSet() === 'avx2' ? ['avx2', 'generic'] : ['generic'];
/**
 * Every objective and query mode the kernel implements, with settings other than the defaults (the contract
 * cases below run the defaults), so a setting that does not reach the kernel shows.
 */
const SETTINGS: { label: string; objective: Objective; queryMode: QueryMode }[] = (
  [
    { name: 'infoNce', temperature: 0.5 },
    { name: 'hinge', margin: 0.3 },
    { name: 'sigmoid', temperature: 0.5, bias: -1 },
  ] as const
).flatMap((objective) => (['free', 'centroid'] as const).map((queryMode) => ({ label: `${JSON.stringify(objective)}, ${queryMode} queries`, objective, queryMode })));

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / (Math.abs(b[i]!) + 1e-3));
  return worst;
}

describe.each(ISAS)('createNativeStepEngine (%s)', (instructionSet) => {
  it.each([
    [7, 3, 2],
    [7, 3, 3],
    [13, 9, 2], // d and n not multiples of 8, q not a multiple of the 4-row block
    [20, 16, 2],
    [30, 5, 2], // q = 435: three threads really run (at most ⌈q / 64⌉ are used)
  ])('follows the float64 reference (loss, Adam, re-normalisation) for n = %i, d = %i, k = %i', async (n, d, k) => {
    const init = problem(n, d, k, 3);
    for (const threads of [1, 3]) {
      const engine = await createNativeStepEngine(init, { threads, instructionSet });
      expect(engine.threads).toBe(Math.min(threads, Math.ceil(init.qrels.numQueries / 64)));
      const ref = new ReferenceStepper(init);
      for (let s = 0; s < 8; s++) {
        const loss = await engine.step();
        const expected = ref.step();
        expect(Math.abs(loss - expected) / expected).toBeLessThan(2e-5);
      }
      const { queries, documents } = await engine.getEmbeddings();
      expect(maxRelDiff(queries.data, ref.Q)).toBeLessThan(1e-3);
      expect(maxRelDiff(documents.data, ref.D)).toBeLessThan(1e-3);
      await engine.dispose();
    }
  });

  it.each(SETTINGS)('has the analytic gradient of the loss (central finite differences of the float64 reference): $label', async ({ objective, queryMode }) => {
    const init = problem(7, 3, 2, 5, { objective, queryMode, temperature: objective.name === 'infoNce' ? objective.temperature : 0.1 });
    const engine = await createNativeStepEngine(init, { threads: 2, instructionSet });
    const { loss, queries: gQ, documents: gD } = await engine.lossAndGradients();
    const ref = new ReferenceStepper(init);
    expect(loss).toBeCloseTo(ref.lossAndGradients().loss, 5);
    const h = 1e-5;
    // ref.Q is the free query matrix itself; with centroid queries it is computed from ref.D on each call
    const fd = (x: Float64Array, idx: number) => {
      const keep = x[idx]!;
      x[idx] = keep + h;
      const up = ref.lossAndGradients().loss;
      x[idx] = keep - h;
      const down = ref.lossAndGradients().loss;
      x[idx] = keep;
      return (up - down) / (2 * h);
    };
    let largest = 0;
    for (let idx = 0; idx < ref.D.length; idx++) {
      const expected = fd(ref.D, idx);
      largest = Math.max(largest, Math.abs(expected));
      expect(gD.data[idx]!).toBeCloseTo(expected, 5);
    }
    expect(largest).toBeGreaterThan(1e-3); // the check above compares real gradients, not zeros
    if (queryMode === 'free') {
      for (let idx = 0; idx < ref.Q.length; idx += 5) expect(gQ.data[idx]!).toBeCloseTo(fd(ref.Q, idx), 5);
    } else {
      expect(gQ.data.every((x) => x === 0)).toBe(true); // centroid queries are not parameters
    }
    // lossAndGradients changes nothing: a step afterwards still returns the same loss
    expect(await engine.step()).toBeCloseTo(loss, 6);
    await engine.dispose();
  });

  it.each(SETTINGS)('matches the trainer’s float64 js engine over 20 steps: $label', async ({ objective, queryMode }) => {
    const init = problem(10, 4, 2, 9, { objective, queryMode, temperature: objective.name === 'infoNce' ? objective.temperature : 0.1 });
    const js = createJsEngine({ ...init, precision: 'float64' });
    const engine = await createNativeStepEngine(init, { threads: 2, instructionSet });
    const first = await engine.step();
    expect(Math.abs(first - (await js.step())) / first).toBeLessThan(5e-5);
    let last = first;
    for (let s = 1; s < 20; s++) {
      const [a, b] = [await engine.step(), await js.step()];
      expect(Math.abs(a - b)).toBeLessThan(5e-5 * first);
      last = b;
    }
    expect(last).toBeLessThan(first); // the two engines agree on a trajectory that moves
    const ours = await engine.getEmbeddings();
    const theirs = await js.getEmbeddings();
    expect(maxRelDiff(ours.documents.data, theirs.documents.data)).toBeLessThan(2e-3);
    expect(maxRelDiff(ours.queries.data, theirs.queries.data)).toBeLessThan(2e-3);
    expect(await engine.accuracy()).toEqual(await js.accuracy());
    await engine.dispose();
  });

  it.each([{ label: 'the paper’s InfoNCE, free queries', objective: undefined, queryMode: undefined }, ...SETTINGS])('is bit-identical from run to run and across thread counts (fixed query slices, reduced in slice order): $label', async ({ objective, queryMode }) => {
    const init = problem(40, 16, 2, 4, objective === undefined ? {} : { objective, queryMode, temperature: objective.name === 'infoNce' ? objective.temperature : 0.1 });
    const run = async (threads: number) => {
      const engine = await createNativeStepEngine(init, { threads, instructionSet });
      const losses: number[] = [];
      for (let s = 0; s < 6; s++) losses.push(await engine.step());
      const out = await engine.getEmbeddings();
      await engine.dispose();
      return { losses, ...out };
    };
    const a = await run(2);
    const b = await run(2);
    expect(b.losses).toEqual(a.losses);
    expect(Buffer.from(b.queries.data.buffer).equals(Buffer.from(a.queries.data.buffer))).toBe(true);
    expect(Buffer.from(b.documents.data.buffer).equals(Buffer.from(a.documents.data.buffer))).toBe(true);
    // q = 780 lets up to 13 threads run: 1, 3 and 7 threads cut the work differently, the slices do not change
    for (const threads of [1, 3, 7]) {
      const other = await run(threads);
      expect(other.losses).toEqual(a.losses);
      expect(Buffer.from(other.queries.data.buffer).equals(Buffer.from(a.queries.data.buffer))).toBe(true);
      expect(Buffer.from(other.documents.data.buffer).equals(Buffer.from(a.documents.data.buffer))).toBe(true);
    }
  });

  it('computes both accuracies like a brute-force ranking (ties by the lower document index; exact needs a strict gap)', async () => {
    const n = 19;
    const d = 4;
    const sets = [...kSubsets(n, 2), [0, 4, 7], [1], [2, 3, 5, 8], [6, 9, 12, 15, 18]];
    const Q = unitRows(sets.length, d, 21);
    const D = unitRows(n, d, 22);
    // documents 3 and 6 are the same vector: every query scores them exactly equal
    D.data.copyWithin(6 * d, 3 * d, 4 * d);
    const init: StepEngineInit = { queries: Q, documents: D, qrels: csr(sets, n), learningRate: 0.01, temperature: 0.1, adam: ADAM, blockSize: 8 };
    const engine = await createNativeStepEngine(init, { threads: 2, instructionSet });
    expect(engine.threads).toBe(2);
    const expected = bruteForceAccuracy(Q, D, sets);
    const got = await engine.accuracy();
    expect(got.exactTopK).toBeCloseTo(expected.exactTopK, 12);
    expect(got.relevantInTopK).toBeCloseTo(expected.relevantInTopK, 12);
    expect(got.relevantInTopK).toBeGreaterThanOrEqual(got.exactTopK); // partial credit ≥ all-or-nothing

    // documents 3 and 6 tie exactly on top of query {3} and of query {6}: ranked by the lower index,
    // 3 is the top-1 (a hit for {3}, a miss for {6}); neither query is exact (no strict gap)
    const tieQ = createDenseMatrix(2, d, Float32Array.from([...D.data.subarray(3 * d, 4 * d), ...D.data.subarray(3 * d, 4 * d)]));
    const tieInit = { ...init, queries: tieQ, qrels: csr([[3], [6]], n) };
    const tie = await createNativeStepEngine(tieInit, { instructionSet });
    expect(await tie.accuracy()).toEqual({ relevantInTopK: 0.5, exactTopK: 0 });
    expect(bruteForceAccuracy(tieQ, D, [[3], [6]])).toEqual({ relevantInTopK: 0.5, exactTopK: 0 });
    // and the trainer's js engine applies the same rules
    expect(await createJsEngine(tieInit).accuracy()).toEqual({ relevantInTopK: 0.5, exactTopK: 0 });
    await engine.dispose();
    await tie.dispose();
  });

  it.each([
    { label: 'the paper’s InfoNCE', extra: {} },
    { label: 'the hinge at margin 0.1', extra: { objective: { name: 'hinge', margin: 0.1 } as Objective } },
  ])('trains n = 12, d = 5 (k = 2, all pairs) with $label to exact top-k accuracy 1 within the js engine’s step budget', async ({ extra }) => {
    const init = problem(12, 5, 2, 7, extra);
    const solveSteps = async (engine: { step(): Promise<number>; accuracy(): Promise<number | { exactTopK: number }> }) => {
      for (let s = 1; s <= 4000; s++) {
        await engine.step();
        if (s % 10 === 0) {
          const acc = await engine.accuracy();
          if ((typeof acc === 'number' ? acc : acc.exactTopK) === 1) return s;
        }
      }
      return Infinity;
    };
    const jsSteps = await solveSteps(createJsEngine(init));
    expect(jsSteps).toBeLessThan(4000);
    const engine = await createNativeStepEngine(init, { threads: 2, instructionSet });
    const nativeSteps = await solveSteps(engine);
    // float32 vs float64 trajectories differ slightly; allow 25% more steps than the js engine needed
    expect(nativeSteps).toBeLessThanOrEqual(Math.ceil(jsSteps * 1.25));
    expect((await engine.accuracy()).relevantInTopK).toBe(1);
    await engine.dispose();
  });
});

describe('createNativeStepEngine errors', () => {
  const good = () => problem(6, 3, 2, 1);

  it('rejects bad options with typed errors naming the parameter', async () => {
    const options: [Record<string, unknown>, string][] = [
      [{ threads: 0 }, 'options.threads'],
      [{ threads: 1.5 }, 'options.threads'],
      [{ instructionSet: 'avx512' }, 'options.instructionSet'],
      [{ numThreads: 2 }, 'options.numThreads'],
    ];
    for (const [option, parameter] of options) {
      await expect(createNativeStepEngine(good(), option)).rejects.toSatisfy(
        (e: unknown) => InvalidArgumentError.isInstance(e) && e.parameter === parameter,
      );
    }
  });

  it('checks setEmbeddings shapes, keeps Adam state, and refuses every call after dispose with EngineStateError', async () => {
    const init = good();
    const engine = await createNativeStepEngine(init, { threads: 2 });
    await expect(engine.setEmbeddings(unitRows(14, 3, 1), init.documents)).rejects.toSatisfy(
      (e: unknown) => ShapeMismatchError.isInstance(e) && e.parameter === 'queries',
    );
    await expect(engine.setEmbeddings(init.queries, unitRows(6, 2, 1))).rejects.toSatisfy(
      (e: unknown) => ShapeMismatchError.isInstance(e) && e.parameter === 'documents',
    );
    const first = await engine.step();
    await engine.setEmbeddings(init.queries, init.documents);
    const { queries, documents } = await engine.getEmbeddings();
    expect(Array.from(queries.data)).toEqual(Array.from(init.queries.data));
    expect(Array.from(documents.data)).toEqual(Array.from(init.documents.data));
    expect(await engine.step()).toBeCloseTo(first, 6); // same parameters → same loss before the update
    await engine.dispose();
    await engine.dispose(); // idempotent
    for (const call of [() => engine.step(), () => engine.accuracy(), () => engine.getEmbeddings(), () => engine.setEmbeddings(init.queries, init.documents)]) {
      await expect(call()).rejects.toSatisfy((e: unknown) => EngineStateError.isInstance(e) && e.state === 'disposed');
    }
  });

  it('by default steps small problems on the calling thread alone and gives large ones one thread per MIN_WORK_PER_THREAD of q·n·d', async () => {
    // q·n·d = 45·10·4: far below one thread's share, whatever the CPU count
    const small = await createNativeStepEngine(problem(10, 4, 2, 1));
    expect(small.threads).toBe(1);
    await small.dispose();
    // q·n·d = 4950·100·16 = 7,920,000 = 3.78 shares: three threads where the CPUs allow
    const large = await createNativeStepEngine(problem(100, 16, 2, 1));
    expect(7_920_000 / MIN_WORK_PER_THREAD).toBeCloseTo(3.78, 2);
    expect(large.threads).toBe(Math.min(availableParallelism(), 3));
    await large.dispose();
    // an explicit count is honoured (up to ⌈q / 64⌉) however small the problem
    const explicit = await createNativeStepEngine(problem(20, 4, 2, 1), { threads: 2 });
    expect(explicit.threads).toBe(2);
    await explicit.dispose();
  });

  it('loads the prebuild (never a BackendUnavailableError on the build platform)', () => {
    expect(() => loadNativeKernels()).not.toThrow();
    expect(BackendUnavailableError.isInstance(new Error('x'))).toBe(false);
  });
});

describe.each(ISAS)('the step-engine contract (native, %s)', (instructionSet) => {
  const cases = stepEngineContractCases({
    name: `native-${instructionSet}`,
    create: (init) => createNativeStepEngine(init, { threads: 2, instructionSet }),
    objectives: ['infoNce', 'hinge', 'sigmoid'],
    queryModes: ['free', 'centroid'],
  });
  for (const c of cases) it(c.name, c.run);
});

describe('the trainer’s native provider', () => {
  it('declares exactly the objectives and query modes the kernel implements, and creates engines for them', async () => {
    expect(nativeProvider.objectives).toEqual(NATIVE_OBJECTIVES);
    expect(nativeProvider.queryModes).toEqual(NATIVE_QUERY_MODES);
    const init = problem(8, 3, 2, 2, { objective: { name: 'hinge', margin: 0.2 }, queryMode: 'centroid' });
    const viaProvider = await nativeProvider.create(init, { threads: 1 });
    const direct = await createNativeStepEngine(init, { threads: 1 });
    for (let s = 0; s < 3; s++) expect(await viaProvider.step()).toBe(await direct.step());
    await viaProvider.dispose();
    await direct.dispose();
  });
});
