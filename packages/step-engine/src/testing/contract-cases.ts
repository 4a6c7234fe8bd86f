import { EngineStateError, InvalidArgumentError, ShapeMismatchError, createDenseMatrix } from '@limit/core';
import { OBJECTIVE_DEFAULTS, OBJECTIVE_NAMES, QUERY_MODES, type ObjectiveName, type QueryMode } from '../objectives.js';
import type { Precision, StepEngine, StepEngineInit } from '../step-engine.js';
import { BAD_STEP_ENGINE_INITS, validStepEngineInit } from './bad-inits.js';
import { contractProblem } from './problems.js';
import { ReferenceStepper } from './reference-stepper.js';

/** Options of {@link stepEngineContractCases}. */
export interface StepEngineContractOptions {
  /** Engine label for case names. */
  readonly name: string;
  /** Creates an engine from an init (the engine's own options applied by you). */
  readonly create: (init: StepEngineInit) => Promise<StepEngine> | StepEngine;
  /** Precision to test in (default `'float32'`). */
  readonly precision?: Precision;
  /** Objectives the engine implements (default `['infoNce']`); the others must be refused. */
  readonly objectives?: readonly ObjectiveName[];
  /** Query modes the engine implements (default `['free']`); the others must be refused. */
  readonly queryModes?: readonly QueryMode[];
  /**
   * Largest loss difference per step (relative above 1), largest embedding difference after the steps, and largest
   * gradient difference relative to the largest gradient entry (defaults 1e-4, 1e-3, 1e-3 in float32; 1e-10, 1e-7,
   * 1e-6 in float64, where embeddings and gradients may be copied out in float32).
   */
  readonly tolerance?: { readonly loss?: number; readonly embeddings?: number; readonly gradients?: number };
  /** Steps compared with the reference (default 10). */
  readonly steps?: number;
  /** Whether two engines from one init must give bit-identical losses (default true). */
  readonly deterministic?: boolean;
}

/** One contract case: a name and a check that throws an Error describing the first violation. */
export interface StepEngineContractCase {
  readonly name: string;
  run(): Promise<void>;
}

class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new ContractViolation(message);
}

async function errorOf(work: () => unknown): Promise<unknown> {
  try {
    await work();
    return undefined;
  } catch (error) {
    return error;
  }
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

/**
 * The step-engine contract as runnable cases, independent of any test framework: from the same initial
 * embeddings, an engine must give the float64 {@link ReferenceStepper}'s losses, embeddings and accuracies step
 * by step for every objective and query mode it implements (and its `lossAndGradients`, when it has one),
 * work block by block exactly, refuse every bad init and every objective or query mode it does not implement
 * with a typed error naming the parameter, check shapes in `setEmbeddings`, refuse every call after `dispose()`,
 * and be deterministic.
 *
 * @param options - the engine factory and what it implements.
 * @returns the cases; run each in your framework (`for (const c of cases) it(c.name, c.run)`).
 * @example
 * ```ts
 * import { stepEngineContractCases } from '@limit/step-engine/testing';
 * for (const c of stepEngineContractCases({ name: 'mine', create: createMyEngine, objectives: ['infoNce', 'hinge'] })) {
 *   it(c.name, c.run);
 * }
 * ```
 */
export function stepEngineContractCases(options: StepEngineContractOptions): StepEngineContractCase[] {
  const precision = options.precision ?? 'float32';
  const objectives = options.objectives ?? ['infoNce'];
  const queryModes = options.queryModes ?? ['free'];
  const f32 = precision === 'float32';
  const lossTolerance = options.tolerance?.loss ?? (f32 ? 1e-4 : 1e-10);
  // float64 engines may copy embeddings and gradients out as Float32Array: allow that rounding (≤ 2⁻²⁴ relative)
  const embeddingTolerance = options.tolerance?.embeddings ?? (f32 ? 1e-3 : 1e-7);
  const gradientTolerance = options.tolerance?.gradients ?? (f32 ? 1e-3 : 1e-6);
  const steps = options.steps ?? 10;
  const label = `${options.name} (${precision})`;
  const create = async (init: StepEngineInit) => options.create({ ...init, precision });
  const cases: StepEngineContractCase[] = [];
  const objectiveOf = (name: ObjectiveName) => ({ ...OBJECTIVE_DEFAULTS[name] });

  for (const objectiveName of objectives) {
    for (const queryMode of queryModes) {
      const setting = `${objectiveName}, ${queryMode} queries`;
      cases.push({
        name: `${label}: ${steps} steps equal the float64 reference (${setting})`,
        async run() {
          const init = contractProblem(12, 4, 2, 7, { objective: objectiveOf(objectiveName), queryMode });
          const reference = new ReferenceStepper(init);
          const engine = await create(init);
          try {
            for (let s = 0; s < steps; s++) {
              const loss = await engine.step();
              const expected = reference.step();
              check(Math.abs(loss - expected) <= lossTolerance * Math.max(1, Math.abs(expected)), `step ${s}: loss ${loss}, reference ${expected}`);
            }
            const { queries, documents } = await engine.getEmbeddings();
            const dq = maxAbsDiff(queries.data, reference.Q);
            const dd = maxAbsDiff(documents.data, reference.D);
            check(dq <= embeddingTolerance && dd <= embeddingTolerance, `after ${steps} steps the embeddings differ from the reference by ${Math.max(dq, dd)}`);
            for (let r = 0; r < documents.rows; r++) {
              const norm = Math.hypot(...documents.data.subarray(r * documents.cols, (r + 1) * documents.cols));
              check(Math.abs(norm - 1) < 1e-5, `document ${r} has norm ${norm} after a step (rows must be re-normalised)`);
            }
            const accuracy = await engine.accuracy();
            const expected = reference.accuracy();
            check(accuracy.exactTopK === expected.exactTopK, `exactTopK ${accuracy.exactTopK}, reference ${expected.exactTopK}`);
            check(Math.abs(accuracy.relevantInTopK - expected.relevantInTopK) < 1e-12, `relevantInTopK ${accuracy.relevantInTopK}, reference ${expected.relevantInTopK}`);
            check((engine.precision ?? 'float32') === precision, `engine.precision is ${engine.precision}, asked for ${precision}`);
          } finally {
            await engine.dispose();
          }
        },
      });
      cases.push({
        name: `${label}: works block by block exactly (${setting}, 10 queries per block)`,
        async run() {
          const init = contractProblem(9, 3, 2, 8, { objective: objectiveOf(objectiveName), queryMode, blockSize: 10 }); // 36 queries, 4 blocks
          const reference = new ReferenceStepper(init);
          const engine = await create(init);
          try {
            for (let s = 0; s < steps; s++) {
              const loss = await engine.step();
              const expected = reference.step();
              check(Math.abs(loss - expected) <= lossTolerance * Math.max(1, Math.abs(expected)), `step ${s}: loss ${loss}, reference ${expected}`);
            }
          } finally {
            await engine.dispose();
          }
        },
      });
      cases.push({
        name: `${label}: lossAndGradients, when offered, equals the reference (${setting})`,
        async run() {
          const init = contractProblem(10, 3, 2, 9, { objective: objectiveOf(objectiveName), queryMode });
          const reference = new ReferenceStepper(init);
          const engine = await create(init);
          try {
            if (engine.lossAndGradients === undefined) return;
            await engine.step();
            reference.step();
            const got = await engine.lossAndGradients();
            const expected = reference.lossAndGradients();
            check(Math.abs(got.loss - expected.loss) <= lossTolerance * Math.max(1, Math.abs(expected.loss)), `loss ${got.loss}, reference ${expected.loss}`);
            const scale = Math.max(1e-12, ...Array.from(expected.documents, Math.abs), ...Array.from(expected.queries, Math.abs));
            const dq = maxAbsDiff(got.queries.data, expected.queries) / scale;
            const dd = maxAbsDiff(got.documents.data, expected.documents) / scale;
            check(dq <= gradientTolerance && dd <= gradientTolerance, `gradients differ from the reference by ${Math.max(dq, dd)} of their largest entry`);
          } finally {
            await engine.dispose();
          }
        },
      });
    }
  }

  cases.push({
    name: `${label}: refuses every bad init with a typed error naming the parameter`,
    async run() {
      for (const bad of BAD_STEP_ENGINE_INITS) {
        const error = await errorOf(() => options.create({ precision, ...bad.init }));
        check(bad.isError(error), `${bad.label}: expected a typed error, got ${String(error)}`);
        check((error as { parameter?: string }).parameter === bad.parameter, `${bad.label}: the error names ${(error as { parameter?: string }).parameter}, expected ${bad.parameter}`);
      }
    },
  });

  const missingObjectives = OBJECTIVE_NAMES.filter((o) => !objectives.includes(o));
  const missingModes = QUERY_MODES.filter((m) => !queryModes.includes(m));
  if (missingObjectives.length + missingModes.length > 0) {
    cases.push({
      name: `${label}: refuses what it does not implement (${[...missingObjectives, ...missingModes.map((m) => `${m} queries`)].join(', ')}), naming it`,
      async run() {
        for (const name of missingObjectives) {
          const error = await errorOf(() => create(validStepEngineInit({ objective: objectiveOf(name) })));
          check(InvalidArgumentError.isInstance(error) && error.parameter === 'objective', `objective ${name}: expected InvalidArgumentError naming objective, got ${String(error)}`);
          check(error.message.includes(name), `the refusal of ${name} does not name it: ${error.message}`);
        }
        for (const mode of missingModes) {
          const error = await errorOf(() => create(validStepEngineInit({ queryMode: mode })));
          check(InvalidArgumentError.isInstance(error) && error.parameter === 'queryMode', `queryMode ${mode}: expected InvalidArgumentError naming queryMode, got ${String(error)}`);
        }
      },
    });
  }

  cases.push({
    name: `${label}: setEmbeddings checks shapes; every call after dispose() is refused`,
    async run() {
      const init = validStepEngineInit();
      const engine = await create(init);
      const unit = (rows: number, cols: number) => createDenseMatrix(rows, cols, Float32Array.from({ length: rows * cols }, (_, i) => (i % cols === 0 ? 1 : 0)));
      const good = { queries: unit(3, 2), documents: unit(4, 2) };
      const wrongQueries = await errorOf(() => engine.setEmbeddings(unit(4, 2), good.documents));
      check(ShapeMismatchError.isInstance(wrongQueries) && wrongQueries.parameter === 'queries', `setEmbeddings with 4 × 2 queries: ${String(wrongQueries)}`);
      const wrongDocuments = await errorOf(() => engine.setEmbeddings(good.queries, unit(4, 3)));
      check(ShapeMismatchError.isInstance(wrongDocuments) && wrongDocuments.parameter === 'documents', `setEmbeddings with 4 × 3 documents: ${String(wrongDocuments)}`);
      await engine.setEmbeddings(good.queries, good.documents);
      const loss = await engine.step();
      check(Number.isFinite(loss), `loss after setEmbeddings is ${loss}`);
      await engine.dispose();
      await engine.dispose(); // idempotent
      const calls: Array<[string, () => Promise<unknown>]> = [
        ['step', () => engine.step()],
        ['accuracy', () => engine.accuracy()],
        ['getEmbeddings', () => engine.getEmbeddings()],
        ['setEmbeddings', () => engine.setEmbeddings(good.queries, good.documents)],
      ];
      for (const [call, work] of calls) {
        const error = await errorOf(work);
        check(EngineStateError.isInstance(error) && error.state === 'disposed', `${call}() after dispose(): expected EngineStateError (disposed), got ${String(error)}`);
      }
    },
  });

  if (options.deterministic !== false) {
    cases.push({
      name: `${label}: two engines from one init give bit-identical losses`,
      async run() {
        const init = contractProblem(10, 4, 2, 11);
        const a = await create(init);
        const b = await create(init);
        try {
          for (let s = 0; s < 5; s++) {
            const [la, lb] = [await a.step(), await b.step()];
            check(Object.is(la, lb), `step ${s}: ${la} vs ${lb}`);
          }
        } finally {
          await a.dispose();
          await b.dispose();
        }
      },
    });
  }
  return cases;
}
