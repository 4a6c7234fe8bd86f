import { encodeOnnxModel } from '@limit/onnx';
import { InvalidArgumentError, assertKnownOptions, type DenseMatrix } from '@limit/core';
import type { OrtModule, OrtTensor } from '@limit/onnx';
import type { BlockScorer } from '../dense/dense-search.js';
import { importOnnxRuntimeNode } from './import-onnx-runtime-node.js';

/** Options of {@link createOnnxRuntimeScorer}. */
export interface OnnxRuntimeScorerOptions {
  /** The onnxruntime module (default: `import('onnxruntime-node')`). */
  ort?: OrtModule;
  /** @deprecated Use `ort`. Still accepted; passing both is an error. */
  runtime?: OrtModule;
  /** Intra-op threads (default: the runtime's choice). */
  threads?: number;
}

/**
 * A {@link BlockScorer} that runs each `queries · blockᵀ` through onnxruntime's `Gemm` (transB = 1)
 * — MLAS's SIMD, multi-threaded SGEMM — instead of the JavaScript kernel. The one-node model is
 * built in memory with `@limit/onnx`. About 10× faster than {@link dotBlock} on a 2-core x86 machine
 * (see the README's benchmark).
 *
 * @param options - `ort` (default: `import('onnxruntime-node')`), `threads` (intra-op threads; default: runtime's choice).
 * @throws BackendUnavailableError when onnxruntime-node is not installed.
 * @throws InvalidArgumentError for an unknown option, or `ort` with its deprecated name `runtime`.
 * @example
 * const scorer = await createOnnxRuntimeScorer();
 * const hits = await denseSearch(q, corpus, { k: 100, scorer });
 * await scorer.dispose();
 */
export async function createOnnxRuntimeScorer(options: OnnxRuntimeScorerOptions = {}): Promise<BlockScorer> {
  assertKnownOptions('options', options, ['ort', 'runtime', 'threads']);
  if (options.ort !== undefined && options.runtime !== undefined) {
    throw new InvalidArgumentError({ parameter: 'options.runtime', value: 'runtime', message: 'runtime is the deprecated name of ort; pass only ort' });
  }
  const ort = options.ort ?? options.runtime ?? (await importOnnxRuntimeNode());
  const model = encodeOnnxModel({
    name: 'limit-eval-block-scores',
    inputs: [
      { name: 'queries', type: 'float32', shape: ['nq', 'dim'] },
      { name: 'block', type: 'float32', shape: ['nb', 'dim'] },
    ],
    outputs: [{ name: 'scores', type: 'float32', shape: ['nq', 'nb'] }],
    nodes: [{ opType: 'Gemm', inputs: ['queries', 'block'], outputs: ['scores'], attributes: { transB: { int: 1 } } }],
  });
  // no spin-waiting between blocks: the top-k update runs on the main thread meanwhile
  const session = await ort.InferenceSession.create(model, {
    ...(options.threads ? { intraOpNumThreads: options.threads } : {}),
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  });
  let lastQueries: DenseMatrix | undefined;
  let queryTensor: OrtTensor | undefined;
  return {
    pipelined: true,
    async score(queries, corpus, start, count) {
      if (queries !== lastQueries) {
        queryTensor = new ort.Tensor('float32', queries.data, [queries.rows, queries.cols]);
        lastQueries = queries;
      }
      const block = new ort.Tensor('float32', corpus.data.subarray(start * corpus.cols, (start + count) * corpus.cols), [count, corpus.cols]);
      const out = await session.run({ queries: queryTensor!, block });
      return out.scores!.data as Float32Array;
    },
    async dispose() {
      await session.release?.();
    },
  };
}
