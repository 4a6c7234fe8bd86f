import * as tf from '@tensorflow/tfjs-core';
import { BackendUnavailableError, EngineStateError, InvalidArgumentError, createDenseMatrix, type DenseMatrix } from '@limit/core';
import { infoNceValueAndGradients } from '@limit/losses';
import type { EngineAccuracy, EngineQrels, StepEngine, StepEngineInit } from '../contract.js';
import { assertEmbeddingShapes } from '../contract.js';
import { createEngineGuard, validateStepEngineInit } from '../contract.js';

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
  /** 1 where position p < the query's own k, [size, K] (K = largest k). */
  readonly positions: tf.Tensor2D;
}

/** Options of {@link createTfjsEngine}. */
export interface TfjsEngineOptions {
  /**
   * The tfjs backend to run on (`cpu`, `wasm`, `webgl`, `webgpu`, `tensorflow`), already registered
   * (by importing its package). Default: the active backend at creation.
   */
  readonly backend?: string;
  /** Label reported as `engine.name` (default `tfjs-<backend>`). */
  readonly name?: string;
}

/**
 * Creates the tfjs step engine on one tfjs backend. Usually reached through the `tfjs-*` engine
 * providers (`getEngineProvider('tfjs-wasm')`), which load the backend first.
 *
 * tfjs has one global active backend. The engine never leaves it changed: every call switches to
 * the engine's backend when another one is active and switches back before it returns (also on
 * error), so the host program's `tf.getBackend()` is what it set, and two engines on different
 * backends can alternate.
 *
 * Each step runs the paper's objective block by block over the queries: for every block of at most
 * `init.blockSize` queries, `infoNceValueAndGradients` from `@limit/losses` returns the block's loss and
 * analytic gradients with the global normaliser P (number of relevant pairs), so the block losses and the
 * document gradients simply add up. Then one Adam update (bias-corrected, explicit ε) and row
 * re-normalisation of Q and D. No more than `blockSize × n` logits exist at once, and every intermediate
 * tensor is disposed (the tensor count is flat across steps).
 *
 * @param init - initial embeddings (Q [q, d], D [n, d]), qrels, learning rate, temperature, Adam settings, block size.
 * @param options - the backend and label, see {@link TfjsEngineOptions}.
 * @returns a {@link StepEngine} bound to that backend.
 * @throws InvalidArgumentError for a bad hyper-parameter, block size or qrels (see `validateStepEngineInit`)
 *   and for `precision: 'float64'` (tfjs trains in float32).
 * @throws BackendUnavailableError when the backend is not registered or does not initialise.
 * @throws EngineStateError (state `disposed`) for any call after `dispose()`.
 * @throws ShapeMismatchError when the embeddings and qrels disagree on q, n or d (also in `setEmbeddings`).
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-cpu';
 * const engine = await createTfjsEngine(init, { backend: 'cpu' });
 * const loss = await engine.step();
 * ```
 */
export async function createTfjsEngine(init: StepEngineInit, options: TfjsEngineOptions = {}): Promise<StepEngine> {
  const { q, n, d, numPairs: relevantPairs, maxRelevant, objective } = validateStepEngineInit(init, { engine: 'tfjs' });
  const backend = options.backend ?? tf.getBackend();
  const { qrels, learningRate, adam } = init;
  const temperature = objective.name === 'infoNce' ? objective.temperature : Number.NaN; // infoNce only (validated)
  const blockSize = Math.max(1, Math.min(q, init.blockSize));
  const cacheRelevance = q * n <= MAX_CACHED_RELEVANCE_ENTRIES;
  const guard = createEngineGuard('tfjs');

  /** Runs `work` with the engine's backend active, then puts the host's backend back. */
  const onBackend = async <R>(call: string, work: () => Promise<R> | R): Promise<R> => {
    guard.assertLive(call);
    const host = activeBackendName();
    if (host !== backend) await switchTo(backend);
    try {
      return await work();
    } finally {
      if (host !== null && host !== backend) await switchTo(host);
    }
  };

  return onBackend('create', () => createOnActiveBackend());

  async function createOnActiveBackend(): Promise<StepEngine> {
  await tf.ready();
  // Inside tidy: the initial-value tensors are released, the variables (never tidied) stay.
  const [queries, documents, mQ, vQ, mD, vD] = tf.tidy(() => [
    tf.variable(tf.tensor2d(init.queries.data, [q, d], 'float32'), false),
    tf.variable(tf.tensor2d(init.documents.data, [n, d], 'float32'), false),
    tf.variable(tf.zeros([q, d]), false),
    tf.variable(tf.zeros([q, d]), false),
    tf.variable(tf.zeros([n, d]), false),
    tf.variable(tf.zeros([n, d]), false),
  ]) as [tf.Variable<tf.Rank.R2>, tf.Variable<tf.Rank.R2>, tf.Variable, tf.Variable, tf.Variable, tf.Variable];
  const blocks = buildBlocks(qrels, blockSize, cacheRelevance, maxRelevant);
  let t = 0;

  const relevanceOf = (block: QueryBlock): tf.Tensor2D =>
    block.relevance ?? tf.scatterND(block.indices, block.ones, [block.size, n]);

  const sliceQueries = (block: QueryBlock): tf.Tensor2D =>
    blocks.length === 1 ? queries : tf.slice(queries, [block.start, 0], [block.size, d]);

  return {
    name: options.name ?? `tfjs-${backend}`,
    precision: 'float32',

    step: () => onBackend('step', async (): Promise<number> => {
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
    }),

    accuracy: () => onBackend('accuracy', async (): Promise<EngineAccuracy> => {
      const totals = tf.tidy(() => {
        let sums: tf.Tensor = tf.zeros([2]);
        for (const block of blocks) {
          const blockSums = tf.tidy(() => {
            const scores = tf.matMul(sliceQueries(block), documents, false, true);
            const relevance = relevanceOf(block);
            // Exact: the worst relevant score beats the best non-relevant score (strictly): then the
            // top-|R| documents are exactly R. No sort needed.
            const minRelevant = tf.min(tf.add(scores, tf.mul(tf.sub(1, relevance), MASK)), 1);
            const maxOther = tf.max(tf.sub(scores, tf.mul(relevance, MASK)), 1);
            const exact = tf.sum(tf.cast(tf.greater(minRelevant, maxOther), 'float32'));
            // Official: relevant documents among the first k of the top-K (K = largest k, k = the row's own).
            const { indices } = tf.topk(scores, maxRelevant, true);
            // relevance[i, indices[i, p]] by a flat gather (gather with batchDims fails on the wasm backend)
            const flat = tf.add(indices, tf.mul(tf.reshape(tf.range(0, block.size, 1, 'int32'), [block.size, 1]), tf.scalar(n, 'int32')));
            const relevantAtTop = tf.gather(tf.reshape(relevance, [block.size * n]), flat) as unknown as tf.Tensor2D;
            const hits = tf.sum(tf.mul(relevantAtTop, block.positions));
            return tf.stack([hits, exact]);
          });
          const next = tf.add(sums, blockSums);
          sums.dispose();
          blockSums.dispose();
          sums = next;
        }
        return sums;
      });
      const [hits, exact] = Array.from(await totals.data());
      totals.dispose();
      return { relevantInTopK: hits! / relevantPairs, exactTopK: exact! / q };
    }),

    getEmbeddings: () => onBackend('getEmbeddings', async (): Promise<{ queries: DenseMatrix; documents: DenseMatrix }> => {
      const [qData, dData] = await Promise.all([queries.data(), documents.data()]);
      return {
        queries: createDenseMatrix(q, d, Float32Array.from(qData as Float32Array)),
        documents: createDenseMatrix(n, d, Float32Array.from(dData as Float32Array)),
      };
    }),

    setEmbeddings: (newQueries: DenseMatrix, newDocuments: DenseMatrix) => onBackend('setEmbeddings', (): void => {
      assertEmbeddingShapes(newQueries, newDocuments, { q, n, d });
      tf.tidy(() => {
        queries.assign(tf.tensor2d(newQueries.data, [q, d], 'float32'));
        documents.assign(tf.tensor2d(newDocuments.data, [n, d], 'float32'));
      });
    }),

    async dispose(): Promise<void> {
      if (!guard.beginDispose()) return;
      for (const v of [queries, documents, mQ, vQ, mD, vD]) v.dispose();
      for (const block of blocks) {
        block.relevance?.dispose();
        block.indices.dispose();
        block.ones.dispose();
        block.positions.dispose();
      }
    },
  };
  }
}

/** The active tfjs backend's name, or null when none was chosen yet (without initialising one, as `tf.getBackend()` would). */
export function activeBackendName(): string | null {
  return (tf.engine() as unknown as { backendName: string | null }).backendName ?? null;
}

/** Makes `name` the active tfjs backend, checking that it took (tfjs falls back silently). */
async function switchTo(name: string): Promise<void> {
  if (tf.findBackendFactory(name) === null) {
    throw new BackendUnavailableError({ backend: name, available: [], reason: `the tfjs backend "${name}" is not registered: import its package first` });
  }
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) {
    throw new BackendUnavailableError({ backend: name, available: [], reason: `tfjs could not initialise the ${name} backend` });
  }
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

function buildBlocks(qrels: EngineQrels, blockSize: number, cacheRelevance: boolean, maxRelevant: number): QueryBlock[] {
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
    const positions = new Float32Array(size * maxRelevant);
    for (let i = 0; i < size; i++) {
      const k = qrels.offsets[start + i + 1]! - qrels.offsets[start + i]!;
      positions.fill(1, i * maxRelevant, i * maxRelevant + k);
    }
    blocks.push({
      start,
      size,
      relevance,
      positions: tf.tensor2d(positions, [size, maxRelevant], 'float32'),
      indices: tf.tensor2d(pairs, [to - from, 2], 'int32'),
      ones: tf.ones([to - from], 'float32') as tf.Tensor1D,
    });
  }
  return blocks;
}
