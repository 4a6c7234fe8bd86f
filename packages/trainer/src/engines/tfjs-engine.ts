import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, createDenseMatrix, type DenseMatrix } from '@limit/core';
import { infoNceValueAndGradients } from '@limit/losses';
import type { EngineQrels, StepEngine, StepEngineInit } from '../engine.js';
import { assertEmbeddingShapes } from './assert-embedding-shapes.js';
import { validateStepEngineInit } from './validate-step-engine-init.js';

/** Above this many q × n entries the dense relevance blocks are rebuilt each step instead of cached. */
const MAX_CACHED_RELEVANCE_ENTRIES = 32 * 1024 * 1024;
/** Added to / subtracted from scores to mask them out in the blocked accuracy (scores lie in [-1, 1]). */
const MASK = 1e6;

interface QueryBlock {
  readonly start: number;
  readonly size: number;
  /** Cached dense relevance [size, n], when small enough. */
  readonly relevance: tf.Tensor2D | undefined;
  /** (row, doc) pairs of the block for `tf.scatterND`, used when the dense block is not cached. */
  readonly indices: tf.Tensor2D;
  readonly ones: tf.Tensor1D;
}

/**
 * Creates the tfjs step engine on the currently active tfjs backend (`cpu`, `wasm`, `webgl`, `webgpu`,
 * `tensorflow`). Usually reached through `createStepEngine`, which selects the backend first.
 *
 * Each step runs the paper's objective block by block over the queries: for every block of at most
 * `init.blockSize` queries, `infoNceValueAndGradients` from `@limit/losses` returns the block's loss and
 * analytic gradients with the global normaliser P (number of relevant pairs), so the block losses and the
 * document gradients simply add up. Then one Adam update (bias-corrected, explicit ε) and row
 * re-normalisation of Q and D. No more than `blockSize × n` logits exist at once, and every intermediate
 * tensor is disposed (the tensor count is flat across steps).
 *
 * @param init - initial embeddings (Q [q, d], D [n, d]), qrels, learning rate, temperature, Adam settings, block size.
 * @param options.name - label reported as `engine.name` (default `tfjs-<backend>`).
 * @returns a {@link StepEngine} bound to the active backend.
 * @throws InvalidArgumentError for a bad hyper-parameter, block size or qrels (see `validateStepEngineInit`),
 *   and `parameter: 'engine'` for any call after `dispose()`.
 * @throws ShapeMismatchError when the embeddings and qrels disagree on q, n or d (also in `setEmbeddings`).
 * @example
 * ```ts
 * await tf.setBackend('cpu');
 * const engine = await createTfjsEngine(init);
 * const loss = await engine.step();
 * ```
 */
export async function createTfjsEngine(init: StepEngineInit, options: { name?: string } = {}): Promise<StepEngine> {
  const { q, n, d, numPairs: relevantPairs } = validateStepEngineInit(init);
  await tf.ready();
  const { qrels, temperature, learningRate, adam } = init;
  const blockSize = Math.max(1, Math.min(q, init.blockSize));
  const cacheRelevance = q * n <= MAX_CACHED_RELEVANCE_ENTRIES;

  // Inside tidy: the initial-value tensors are released, the variables (never tidied) stay.
  const [queries, documents, mQ, vQ, mD, vD] = tf.tidy(() => [
    tf.variable(tf.tensor2d(init.queries.data, [q, d], 'float32'), false),
    tf.variable(tf.tensor2d(init.documents.data, [n, d], 'float32'), false),
    tf.variable(tf.zeros([q, d]), false),
    tf.variable(tf.zeros([q, d]), false),
    tf.variable(tf.zeros([n, d]), false),
    tf.variable(tf.zeros([n, d]), false),
  ]) as [tf.Variable<tf.Rank.R2>, tf.Variable<tf.Rank.R2>, tf.Variable, tf.Variable, tf.Variable, tf.Variable];
  const blocks = buildBlocks(qrels, blockSize, cacheRelevance);
  let t = 0;
  let disposed = false;

  const relevanceOf = (block: QueryBlock): tf.Tensor2D =>
    block.relevance ?? tf.scatterND(block.indices, block.ones, [block.size, n]);

  const sliceQueries = (block: QueryBlock): tf.Tensor2D =>
    blocks.length === 1 ? queries : tf.slice(queries, [block.start, 0], [block.size, d]);

  // tfjs has one global active backend: put ours back if someone switched it since (another engine, the app).
  const backend = tf.getBackend();
  const checkAlive = async () => {
    if (disposed) throw new InvalidArgumentError({ parameter: 'engine', value: 'disposed', message: 'the tfjs engine was disposed' });
    if (tf.getBackend() !== backend) await tf.setBackend(backend);
  };

  return {
    name: options.name ?? `tfjs-${backend}`,

    async step(): Promise<number> {
      await checkAlive();
      t += 1;
      // Each block in its own scope, so its relevance block and slices are freed before the next block:
      // only the running loss, the running document gradient and the query-gradient blocks stay alive.
      let loss: tf.Scalar = tf.scalar(0);
      let gradD: tf.Tensor2D | undefined;
      const gradQBlocks: tf.Tensor2D[] = [];
      for (const block of blocks) {
        const result = tf.tidy(() => {
          const r = infoNceValueAndGradients(sliceQueries(block), documents, relevanceOf(block), {
            temperature,
            normalizer: relevantPairs,
            // The trainer checks the loss itself; skipping the check saves a device read per block.
            checkFinite: false,
          });
          return { loss: r.loss, queryGradient: r.queryGradient, candidateGradient: r.candidateGradient };
        });
        const nextLoss = tf.add<tf.Scalar>(loss, result.loss);
        loss.dispose();
        result.loss.dispose();
        loss = nextLoss;
        if (gradD === undefined) {
          gradD = result.candidateGradient;
        } else {
          const nextGradD = tf.add<tf.Tensor2D>(gradD, result.candidateGradient);
          gradD.dispose();
          result.candidateGradient.dispose();
          gradD = nextGradD;
        }
        gradQBlocks.push(result.queryGradient);
      }
      tf.tidy(() => {
        const gradQ = gradQBlocks.length === 1 ? gradQBlocks[0]! : tf.concat2d(gradQBlocks, 0);
        const c1 = 1 - adam.beta1 ** t;
        const c2 = 1 - adam.beta2 ** t;
        adamUpdate(queries, mQ, vQ, gradQ, learningRate, adam, c1, c2);
        adamUpdate(documents, mD, vD, gradD!, learningRate, adam, c1, c2);
      });
      for (const g of gradQBlocks) g.dispose();
      gradD!.dispose();
      const lossTensor = loss;
      const value = (await lossTensor.data())[0]!;
      lossTensor.dispose();
      return value;
    },

    async accuracy(): Promise<number> {
      await checkAlive();
      const correctTensor = tf.tidy(() => {
        let correct: tf.Tensor = tf.scalar(0, 'int32');
        for (const block of blocks) {
          const blockCorrect = tf.tidy(() => {
            const scores = tf.matMul(sliceQueries(block), documents, false, true);
            const relevance = relevanceOf(block);
            // A query is right when its worst relevant score beats its best non-relevant score (strictly):
            // then its top-|R| documents are exactly R. No sort needed.
            const minRelevant = tf.min(tf.add(scores, tf.mul(tf.sub(1, relevance), MASK)), 1);
            const maxOther = tf.max(tf.sub(scores, tf.mul(relevance, MASK)), 1);
            return tf.sum(tf.cast(tf.greater(minRelevant, maxOther), 'int32'));
          });
          const next = tf.add(correct, blockCorrect);
          correct.dispose();
          blockCorrect.dispose();
          correct = next;
        }
        return correct;
      });
      const value = (await correctTensor.data())[0]!;
      correctTensor.dispose();
      return value / q;
    },

    async getEmbeddings(): Promise<{ queries: DenseMatrix; documents: DenseMatrix }> {
      await checkAlive();
      const [qData, dData] = await Promise.all([queries.data(), documents.data()]);
      return {
        queries: createDenseMatrix(q, d, Float32Array.from(qData as Float32Array)),
        documents: createDenseMatrix(n, d, Float32Array.from(dData as Float32Array)),
      };
    },

    async setEmbeddings(newQueries: DenseMatrix, newDocuments: DenseMatrix): Promise<void> {
      await checkAlive();
      assertEmbeddingShapes(newQueries, newDocuments, { q, n, d });
      tf.tidy(() => {
        queries.assign(tf.tensor2d(newQueries.data, [q, d], 'float32'));
        documents.assign(tf.tensor2d(newDocuments.data, [n, d], 'float32'));
      });
    },

    async dispose(): Promise<void> {
      if (disposed) return;
      disposed = true;
      for (const v of [queries, documents, mQ, vQ, mD, vD]) v.dispose();
      for (const block of blocks) {
        block.relevance?.dispose();
        block.indices.dispose();
        block.ones.dispose();
      }
    },
  };
}

/** One bias-corrected Adam update (as optax.adam: ε added to √v̂), then rows re-normalised to unit length. */
function adamUpdate(
  param: tf.Variable,
  m: tf.Variable,
  v: tf.Variable,
  grad: tf.Tensor,
  learningRate: number,
  adam: StepEngineInit['adam'],
  c1: number,
  c2: number,
): void {
  const newM = tf.add(tf.mul(m, adam.beta1), tf.mul(grad, 1 - adam.beta1));
  const newV = tf.add(tf.mul(v, adam.beta2), tf.mul(tf.square(grad), 1 - adam.beta2));
  // lr·m̂/(√v̂ + ε) with m̂ = m/c1, v̂ = v/c2, folded into two scalars.
  const update = tf.div(tf.mul(newM, learningRate / c1), tf.add(tf.sqrt(tf.div(newV, c2)), adam.epsilon));
  const moved = tf.sub(param, update);
  const normalised = tf.div(moved, tf.norm(moved, 'euclidean', 1, true));
  m.assign(newM);
  v.assign(newV);
  param.assign(normalised);
}

function buildBlocks(qrels: EngineQrels, blockSize: number, cacheRelevance: boolean): QueryBlock[] {
  const blocks: QueryBlock[] = [];
  const n = qrels.numDocs;
  for (let start = 0; start < qrels.numQueries; start += blockSize) {
    const size = Math.min(blockSize, qrels.numQueries - start);
    const from = qrels.offsets[start]!;
    const to = qrels.offsets[start + size]!;
    const pairs = new Int32Array(2 * (to - from));
    for (let i = 0; i < size; i++) {
      for (let p = qrels.offsets[start + i]!; p < qrels.offsets[start + i + 1]!; p++) {
        pairs[2 * (p - from)] = i;
        pairs[2 * (p - from) + 1] = qrels.docs[p]!;
      }
    }
    let relevance: tf.Tensor2D | undefined;
    if (cacheRelevance) {
      const dense = new Float32Array(size * n);
      for (let p = 0; p < pairs.length; p += 2) dense[pairs[p]! * n + pairs[p + 1]!] = 1;
      relevance = tf.tensor2d(dense, [size, n], 'float32');
    }
    blocks.push({
      start,
      size,
      relevance,
      indices: tf.tensor2d(pairs, [to - from, 2], 'int32'),
      ones: tf.ones([to - from], 'float32') as tf.Tensor1D,
    });
  }
  return blocks;
}
