import type { OrtModule, OrtSession, OrtTensor } from '@limit/onnx';
import { BackendUnavailableError, InvalidArgumentError, assertInteger, createDenseMatrix, isBrowser } from '@limit/core';
import type { DenseMatrix } from '@limit/core';
import type { EngineAccuracy, StepEngine, StepEngineInit } from '../contract.js';
import { assertEmbeddingShapes } from '../contract.js';
import { createEngineGuard, validateStepEngineInit } from '../contract.js';
import { STEP_IO, buildAccuracyGraph, buildStepGraph } from './onnx-engine-graphs.js';

/** @deprecated Use `OrtModule` from `@limit/onnx`: the one onnxruntime type of the limit packages. */
export type OrtLike = OrtModule;

/** Options of {@link createOnnxEngine}. */
export interface OnnxEngineOptions {
  /** The onnxruntime module (onnxruntime-node in Node, onnxruntime-web in browsers). */
  ort: OrtModule;
  /** Execution providers in order of preference (default `['cpu']`). */
  executionProviders?: string[];
  /** Threads per operator (default: the number of logical cores, when it can be detected). */
  intraOpNumThreads?: number;
  /**
   * Further onnxruntime session options, merged over the engine's (`graphOptimizationLevel: 'all'`,
   * `executionMode: 'sequential'`, non-spinning intra-op threads), e.g. `{ enableProfiling: true }`.
   */
  sessionOptions?: Record<string, unknown>;
  /**
   * Logits per block the engine aims for (default 2^19 = 2 MB of float32 per intermediate):
   * `init.blockSize` is an upper bound, and the engine uses blocks of at most
   * ⌊cacheBlockEntries / n⌋ queries so that a block's logits and probabilities stay in the CPU cache.
   * Measured at n = 300, d = 16 on the 2-core machine: blocks of 1,748 queries ran 1.6–1.9× faster
   * than blocks of 6,990. Use `Infinity` to follow `init.blockSize` exactly.
   */
  cacheBlockEntries?: number;
  /**
   * Whether to pass pre-allocated output tensors to `session.run` (default: true in Node, false in
   * browsers). onnxruntime-node writes into them; onnxruntime-web 1.30 ignores them and its results
   * would be lost, so there the engine takes the fresh outputs and copies them into its buffers.
   */
  preallocatedOutputs?: boolean;
}

/** Default logits per block: 2^19 float32 = 2 MB, so Z and softmax(Z) of a block fit an 8 MB L3. */
const DEFAULT_CACHE_BLOCK_ENTRIES = 1 << 19;

interface Block {
  readonly start: number;
  readonly size: number;
  /** Step feeds and fetches for the two ping-pong phases (read buffer set 0 → write set 1, and back). */
  readonly stepFeeds: [Record<string, OrtTensor>, Record<string, OrtTensor>];
  readonly stepFetches: [Record<string, OrtTensor>, Record<string, OrtTensor>];
  readonly accuracyFeeds: [Record<string, OrtTensor>, Record<string, OrtTensor>];
  readonly accuracyFetches: Record<string, OrtTensor>;
  readonly correct: Uint8Array;
  readonly hits: Float32Array;
}

/**
 * Creates the onnxruntime step engine: the paper's full-batch Adam step as one fused ONNX graph per
 * block of queries (logits, softmax, loss, the query gradient with its Adam update and
 * re-normalisation, and the block's share of the document gradient), with the small n × d document
 * update done in JavaScript after the blocks.
 *
 * Formula (per step t, as the numpy yardstick): Z = Q·Dᵀ/T, p = softmax_rows(Z),
 * loss = −(1/P)·Σ_{(i,j) relevant} log p_ij, G = (r_i·p − M)/(P·T), gQ = G·D, gD = Gᵀ·Q; Adam with
 * bias correction (m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t), x −= lr·m̂/(√v̂ + ε)); then every row of Q and
 * D is scaled to unit length. `step()` returns the loss before the update.
 *
 * Memory: at most blockSize × n logits exist at once; the relevance is kept as per-query document
 * ids (2K int64 + K + 1 floats per query, K = most relevant documents of a query), Q with its Adam
 * moments as two ping-pong buffers of q × 3d floats, and every tensor is a view created once, so a
 * step allocates no typed arrays. Rows are assumed unit-length on entry (the contract of
 * {@link StepEngineInit}); the log-softmax shortcut relies on it (logits within ±1/T).
 *
 * @param init - Initial embeddings Q [q, d] and D [n, d], qrels (CSR), learning rate, temperature,
 *   Adam hyper-parameters and the query block size.
 * @param options - The injected `ort` module, execution providers, thread count, extra session
 *   options and the cache-sized block target (`init.blockSize` is an upper bound on the block).
 * @returns A {@link StepEngine} named `onnx-<first execution provider>`.
 * @throws InvalidArgumentError for a bad hyper-parameter, block size, or qrels (document id out of
 *   range, a query listing a document twice, no relevant document), naming the field, and for
 *   `precision: 'float64'` (this engine is float32).
 * @throws BackendUnavailableError when onnxruntime cannot create a session with the execution
 *   providers (e.g. `['cuda']` where the CUDA provider is not installed).
 * @throws EngineStateError for a call while another is in flight (`busy`) or after `dispose()`.
 * @throws ShapeMismatchError when the embeddings and qrels disagree on q, n or d.
 * @example
 * import * as ort from 'onnxruntime-node';
 * const engine = await createOnnxEngine(init, { ort });
 * const lossBefore = await engine.step();
 * const accuracy = await engine.accuracy();
 * await engine.dispose();
 */
export async function createOnnxEngine(init: StepEngineInit, options: OnnxEngineOptions): Promise<StepEngine> {
  const { ort } = options;
  if (typeof ort?.InferenceSession?.create !== 'function' || typeof ort.Tensor !== 'function') {
    throw new InvalidArgumentError({ parameter: 'options.ort', value: ort, message: 'options.ort must be the onnxruntime module object' });
  }
  const { queries, documents, qrels } = init;
  const { q, n, d, numPairs, maxRelevant: kMax, objective } = validateStepEngineInit(init, { engine: 'onnx' });
  const lr = init.learningRate;
  const temperature = objective.name === 'infoNce' ? objective.temperature : Number.NaN; // infoNce only (validated)
  const { beta1, beta2, epsilon } = init.adam;
  const cacheBlockEntries = options.cacheBlockEntries ?? DEFAULT_CACHE_BLOCK_ENTRIES;
  if (!(cacheBlockEntries >= 1)) {
    throw new InvalidArgumentError({ parameter: 'options.cacheBlockEntries', value: cacheBlockEntries, message: 'cacheBlockEntries must be ≥ 1' });
  }
  const blockSize = Math.min(
    init.blockSize,
    Math.max(1, Math.floor(cacheBlockEntries / Math.max(n, 1))),
    Math.max(q, 1),
  );
  const threads = options.intraOpNumThreads ?? (await detectCores());
  if (threads !== undefined) assertInteger('options.intraOpNumThreads', threads, { min: 1 });
  const executionProviders = options.executionProviders ?? ['cpu'];

  // Relevance → padded per-query id lists (ids and offsets were checked by validateStepEngineInit).
  const { offsets, docs } = qrels;
  // ids row i = [idx (padding repeats a relevant id) | idxz (padding → zero row n)], wr row i = [w | rs].
  const K2 = 2 * kMax;
  const ids = new BigInt64Array(q * K2);
  const wr = new Float32Array(q * (kMax + 1));
  for (let i = 0; i < q; i++) {
    const from = offsets[i]!;
    const len = offsets[i + 1]! - from; // ≥ 1 (validated)
    wr[i * (kMax + 1) + kMax] = len / (numPairs * temperature);
    for (let k = 0; k < kMax; k++) {
      const j = docs[from + Math.min(k, len - 1)]!;
      ids[i * K2 + k] = BigInt(j);
      ids[i * K2 + kMax + k] = BigInt(k < len ? j : n);
      wr[i * (kMax + 1) + k] = k < len ? 1 : 0;
    }
  }

  // Parameters and Adam state. Q side: rows [Q_i | m_i | v_i] (3d floats) in two ping-pong buffers,
  // read from one and written to the other by each step. D side: plain arrays updated in JS.
  const d3 = 3 * d;
  const stateBuf = [new Float32Array(q * d3), new Float32Array(q * d3)] as const;
  writeQueries(stateBuf[0], queries.data, q, d);
  const dBuf = Float32Array.from(documents.data);
  const mD = new Float64Array(n * d);
  const vD = new Float64Array(n * d);
  const gDAcc = new Float64Array(n * d);
  const gDBlock = new Float32Array(n * d);
  const lossBuf = new Float32Array(1);
  const scalarBuf = new Float32Array(2);
  let phase = 0;
  let t = 0;

  // Softmax probabilities are ≥ exp(−2/T)/n for unit rows; take logs of them only while that is a
  // comfortably normal float32, otherwise build the log-sum-exp path.
  const logFromSoftmax = 2 / temperature + Math.log(n) < 80;
  const sessionOptions: Record<string, unknown> = {
    executionProviders,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    ...(threads !== undefined ? { intraOpNumThreads: threads } : {}),
    // Idle intra-op threads sleep instead of spinning: on a shared or oversubscribed CPU spinning
    // workers steal the cores the other worker needs (measured: up to 2× slower steps on 2 cores).
    extra: { session: { intra_op: { allow_spinning: '0' } } },
    ...options.sessionOptions,
  };
  const createSession = async (model: Uint8Array) => {
    try {
      return await ort.InferenceSession.create(model, sessionOptions);
    } catch (error) {
      // An execution provider this onnxruntime build lacks (e.g. CUDA without its libraries) fails here.
      throw new BackendUnavailableError({
        backend: `onnx-${executionProviders.join('+')}`,
        available: [],
        reason: `onnxruntime could not create a session with execution providers [${executionProviders.join(', ')}]: ${firstLine(error)}` +
          (executionProviders.some((ep) => ep !== 'cpu' && ep !== 'wasm') ? ' (is that execution provider installed? onnxruntime-node ships CUDA only on linux-x64, with its CUDA 12 libraries)' : ''),
      });
    }
  };
  const stepSession = await createSession(
    buildStepGraph({ numDocs: n, dim: d, temperature, numPairs, maxRelevant: kMax, beta1, beta2, epsilon, logFromSoftmax }),
  );
  const accuracySession = await createSession(buildAccuracyGraph(n, d, kMax)).catch(async (error: unknown) => {
    await stepSession.release();
    throw error;
  });

  const T = ort.Tensor;
  const dTensor = new T('float32', dBuf, [n, d]);
  const scalarTensor = new T('float32', scalarBuf, [2]);
  const gDTensor = new T('float32', gDBlock, [n, d]);
  const lossTensor = new T('float32', lossBuf, []);
  const blocks: Block[] = [];
  for (let start = 0; start < q; start += blockSize) {
    const size = Math.min(blockSize, q - start);
    const rows = (a: Float32Array) => new T('float32', a.subarray(start * d3, (start + size) * d3), [size, d3]);
    const idsTensor = new T('int64', ids.subarray(start * K2, (start + size) * K2), [size, K2]);
    const wrTensor = new T('float32', wr.subarray(start * (kMax + 1), (start + size) * (kMax + 1)), [size, kMax + 1]);
    const feeds = (s: 0 | 1) => ({ state: rows(stateBuf[s]), D: dTensor, ids: idsTensor, wr: wrTensor, scalars: scalarTensor });
    const fetches = (s: 0 | 1) => ({ state_out: rows(stateBuf[s]), gD: gDTensor, loss: lossTensor });
    const correct = new Uint8Array(size);
    const hits = new Float32Array(size);
    blocks.push({
      start,
      size,
      stepFeeds: [feeds(0), feeds(1)],
      stepFetches: [fetches(1), fetches(0)],
      accuracyFeeds: [
        { state: rows(stateBuf[0]), D: dTensor, ids: idsTensor, wr: wrTensor },
        { state: rows(stateBuf[1]), D: dTensor, ids: idsTensor, wr: wrTensor },
      ],
      accuracyFetches: { correct: new T('bool', correct, [size]), hits: new T('float32', hits, [size]) },
      correct,
      hits,
    });
  }

  const preallocated = options.preallocatedOutputs ?? !isBrowser();
  const guard = createEngineGuard('onnx');

  return {
    name: `onnx-${executionProviders[0] ?? 'cpu'}`,
    precision: 'float32',

    step: () => guard.exclusive('step', async () => {
      t += 1;
      scalarBuf[0] = lr / (1 - beta1 ** t);
      scalarBuf[1] = 1 / (1 - beta2 ** t);
      gDAcc.fill(0);
      let loss = 0;
      for (const block of blocks) {
        const fetches = block.stepFetches[phase as 0 | 1];
        const result = await stepSession.run(block.stepFeeds[phase as 0 | 1], preallocated ? fetches : undefined);
        for (const name of STEP_IO.outputs) adoptOutput(result, fetches, name);
        loss += lossBuf[0]!;
        for (let i = 0; i < gDAcc.length; i++) gDAcc[i]! += gDBlock[i]!;
      }
      phase = 1 - phase;
      // Document side: Adam + unit rows, n × d, in float64 arithmetic.
      const c1 = 1 - beta1 ** t;
      const c2 = 1 - beta2 ** t;
      for (let r = 0; r < n; r++) {
        let sq = 0;
        const base = r * d;
        for (let j = base; j < base + d; j++) {
          const g = gDAcc[j]!;
          const m = (mD[j] = beta1 * mD[j]! + (1 - beta1) * g);
          const v = (vD[j] = beta2 * vD[j]! + (1 - beta2) * g * g);
          const x = dBuf[j]! - (lr * (m / c1)) / (Math.sqrt(v / c2) + epsilon);
          gDAcc[j] = x;
          sq += x * x;
        }
        const inv = 1 / Math.sqrt(sq);
        for (let j = base; j < base + d; j++) dBuf[j] = gDAcc[j]! * inv;
      }
      return loss;
    }),

    accuracy: () => guard.exclusive('accuracy', async (): Promise<EngineAccuracy> => {
      let correct = 0;
      let hits = 0;
      for (const block of blocks) {
        const result = await accuracySession.run(
          block.accuracyFeeds[phase as 0 | 1],
          preallocated ? block.accuracyFetches : undefined,
        );
        adoptOutput(result, block.accuracyFetches, 'correct');
        adoptOutput(result, block.accuracyFetches, 'hits');
        for (let i = 0; i < block.size; i++) {
          if (block.correct[i]) correct++;
          hits += block.hits[i]!;
        }
      }
      return { relevantInTopK: hits / numPairs, exactTopK: correct / q };
    }),

    async getEmbeddings(): Promise<{ queries: DenseMatrix; documents: DenseMatrix }> {
      guard.assertLive('getEmbeddings');
      return {
        queries: createDenseMatrix(q, d, readQueries(stateBuf[phase as 0 | 1], q, d)),
        documents: createDenseMatrix(n, d, Float32Array.from(dBuf)),
      };
    },

    async setEmbeddings(newQueries: DenseMatrix, newDocuments: DenseMatrix): Promise<void> {
      guard.assertLive('setEmbeddings');
      assertEmbeddingShapes(newQueries, newDocuments, { q, n, d });
      writeQueries(stateBuf[phase as 0 | 1], newQueries.data, q, d);
      dBuf.set(newDocuments.data);
    },

    async dispose(): Promise<void> {
      if (!guard.beginDispose()) return;
      await stepSession.release();
      await accuracySession.release();
    },
  };
}

/**
 * onnxruntime-node writes into pre-allocated output tensors; other runtimes may hand back fresh
 * tensors instead. Copy in that case, so the engine's buffers always hold the result.
 */
function adoptOutput(result: Record<string, OrtTensor>, fetches: Record<string, OrtTensor>, name: string): void {
  const got = result[name]?.data as ArrayBufferView | undefined;
  const want = fetches[name]!.data as Float32Array | Uint8Array;
  if (got === undefined) throw new InvalidArgumentError({ parameter: 'options.ort', value: name, message: `the runtime returned no output ${name}` });
  if (got.buffer !== want.buffer || got.byteOffset !== want.byteOffset) {
    want.set(got as unknown as ArrayLike<number>);
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

/** Writes query rows into the first d of every 3d-wide state row (Adam moments untouched). */
function writeQueries(state: Float32Array, queries: ArrayLike<number>, q: number, d: number): void {
  for (let i = 0; i < q; i++) {
    for (let j = 0; j < d; j++) state[i * 3 * d + j] = queries[i * d + j]!;
  }
}

/** Copies the query rows out of a state buffer. */
function readQueries(state: Float32Array, q: number, d: number): Float32Array {
  const out = new Float32Array(q * d);
  for (let i = 0; i < q; i++) out.set(state.subarray(i * 3 * d, i * 3 * d + d), i * d);
  return out;
}

/** Logical core count where it can be detected without importing Node modules statically. */
async function detectCores(): Promise<number | undefined> {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  if (nav?.hardwareConcurrency) return nav.hardwareConcurrency;
  try {
    const os = await import(/* @vite-ignore */ 'node:' + 'os');
    return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  } catch {
    return undefined;
  }
}
