import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, type DenseMatrix } from '@limit/core';
import { PAPER_ADAM, ReferenceStepper, kSubsets, qrelsFromSets as csr } from '@limit/step-engine/testing';
import { initialEmbeddings } from './initial-embeddings.js';
import { trainFreeEmbeddings } from './train-free-embeddings.js';
import { experimentParameters } from '../results/experiment-parameters.js';
import type { EngineQrels } from '../engines/contract.js';
import { listEngineProviders } from '../engines/registry.js';

/** The smallest full gap, by a plain loop written here (the query normalised, float64). */
function plainMinGap(queries: DenseMatrix, documents: DenseMatrix, qrels: EngineQrels): number {
  const d = queries.cols;
  let worst = Infinity;
  for (let i = 0; i < qrels.numQueries; i++) {
    const q = Array.from(queries.data.subarray(i * d, i * d + d));
    const norm = Math.hypot(...q);
    const rel = new Set(Array.from(qrels.docs.subarray(qrels.offsets[i]!, qrels.offsets[i + 1]!)));
    let lo = Infinity;
    let hi = -Infinity;
    for (let j = 0; j < documents.rows; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += (q[c]! / norm) * documents.data[j * d + c]!;
      if (rel.has(j)) lo = Math.min(lo, s);
      else hi = Math.max(hi, s);
    }
    worst = Math.min(worst, lo - hi);
  }
  return worst;
}

describe('trainFreeEmbeddings: objectives, query modes and pass rules', () => {
  it('trains hinge with centroid queries on the js engine, following the float64 reference (losses at logged steps)', async () => {
    const n = 6;
    const d = 3;
    const objective = { name: 'hinge', margin: 0.2 } as const;
    const { metrics } = await trainFreeEmbeddings({ n, d, seed: 3, engine: 'js', precision: 'float64', objective, queryMode: 'centroid', maxIterations: 60, logInterval: 10, earlyStopping: false });
    const sets = kSubsets(n, 2);
    const start = initialEmbeddings({ numQueries: sets.length, numDocs: n, d }, 3);
    const reference = new ReferenceStepper({ ...start, qrels: csr(sets, n), learningRate: 0.01, objective, queryMode: 'centroid', adam: PAPER_ADAM, blockSize: 1 });
    const losses: number[] = [];
    for (let i = 0; i < metrics.iterations; i++) {
      const loss = reference.step();
      if (i % 10 === 0 || i === 59) losses.push(loss);
    }
    expect(metrics.losses.length).toBe(losses.length);
    metrics.losses.forEach((loss, i) => expect(loss).toBeCloseTo(losses[i]!, 10));
  });

  it("'auto' picks an engine whose provider declares the objective, and an engine that does not is refused up front, naming the objective", async () => {
    const { metrics } = await trainFreeEmbeddings({ n: 6, d: 4, seed: 1, objective: 'sigmoid', maxIterations: 50 });
    const provider = listEngineProviders().find((p) => metrics.engine === p.id || metrics.engine.startsWith(`${p.id}-`))!;
    expect(provider.objectives).toContain('sigmoid');
    for (const engine of ['onnx', 'tfjs-cpu']) {
      const started = performance.now();
      const error = await trainFreeEmbeddings({ n: 30, d: 8, engine, objective: 'hinge' }).catch((e: unknown) => e);
      expect(InvalidArgumentError.isInstance(error), engine).toBe(true);
      expect((error as InvalidArgumentError).parameter).toBe('objective');
      expect((error as Error).message).toMatch(/not hinge; engines that do: js\b/);
      expect(performance.now() - started).toBeLessThan(2000);
    }
    const centroid = await trainFreeEmbeddings({ n: 6, d: 4, engine: 'onnx', queryMode: 'centroid' }).catch((e: unknown) => e);
    expect((centroid as InvalidArgumentError).parameter).toBe('queryMode');
  });

  it('reports the minimum margin of the final embeddings, equal to a plain recomputation', async () => {
    const { metrics, embeddings, qrels } = await trainFreeEmbeddings({ n: 7, d: 4, seed: 2, engine: 'js', returnEmbeddings: true });
    expect(metrics.solved).toBe(true);
    expect(metrics.minMargin).toBeGreaterThan(0);
    expect(metrics.minMargin).toBeCloseTo(plainMinGap(embeddings!.queries, embeddings!.documents, qrels), 12);
  });

  it("the margin rule trains on past 100 % until every margin reaches γ (same trajectory: more steps, and the margin it claims)", async () => {
    const common = { n: 7, d: 4, seed: 2, engine: 'js', returnEmbeddings: true } as const;
    const official = await trainFreeEmbeddings(common);
    const gamma = official.metrics.minMargin * 3;
    const strict = await trainFreeEmbeddings({ ...common, passRule: 'margin', passMargin: gamma });
    expect(strict.metrics.solved).toBe(true);
    expect(strict.metrics.iterations).toBeGreaterThan(official.metrics.iterations);
    expect(strict.metrics.minMargin).toBeGreaterThanOrEqual(gamma);
    expect(plainMinGap(strict.embeddings!.queries, strict.embeddings!.documents, strict.qrels)).toBeGreaterThanOrEqual(gamma);
    // an unreachable margin (the full gap of unit vectors is at most 2) is never solved
    const impossible = await trainFreeEmbeddings({ ...common, passRule: 'margin', passMargin: 2.5, maxIterations: official.metrics.iterations + 200, earlyStopping: false });
    expect(impossible.metrics.solved).toBe(false);
    expect(impossible.metrics.maxExactTopKObserved).toBe(1);
  });

  it('refuses bad pass rules and objectives with typed errors naming the option', async () => {
    const parameterOf = async (options: Parameters<typeof trainFreeEmbeddings>[0]) => ((await trainFreeEmbeddings(options).catch((e: unknown) => e)) as InvalidArgumentError).parameter;
    expect(await parameterOf({ n: 5, d: 3, passRule: 'margin' })).toBe('passMargin');
    expect(await parameterOf({ n: 5, d: 3, passMargin: 0.1 })).toBe('passMargin');
    expect(await parameterOf({ n: 5, d: 3, passRule: 'strict' as never })).toBe('passRule');
    expect(await parameterOf({ n: 5, d: 3, objective: 'triplet' as never })).toBe('objective');
    expect(await parameterOf({ n: 5, d: 3, queryMode: 'mean' as never })).toBe('queryMode');
    expect(await parameterOf({ n: 5, d: 3, temperature: 0.1, objective: { name: 'infoNce', temperature: 0.05 } })).toBe('objective.temperature');
  });

  it("records the paper's setting exactly as before (no new keys), and anything else by label", () => {
    const paper = experimentParameters({ n: 10, d: 4 }, 'js');
    expect(Object.keys(paper).sort()).toEqual(
      ['d', 'earlyStoppingMinDelta', 'earlyStoppingMonitor', 'earlyStoppingPatience', 'earlyStoppingRestoreBest', 'engine', 'k', 'learningRate', 'logInterval', 'maxIterations', 'n', 'precision', 'q', 'seed', 'temperature'].sort(),
    );
    expect(experimentParameters({ n: 10, d: 4, objective: 'infoNce' }, 'js')).toEqual(paper);
    const other = experimentParameters({ n: 10, d: 4, objective: 'hinge', queryMode: 'centroid', passRule: 'margin', passMargin: 0.05 }, 'js');
    expect(other).toMatchObject({ objective: 'hinge-m0.1', queryMode: 'centroid', passRule: 'margin', passMargin: 0.05 });
  });
});
