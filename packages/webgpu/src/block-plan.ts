import { BackendUnavailableError, InvalidArgumentError } from '@limit/core';

/** Queries per slice of the document-gradient kernel: each slice writes one n × d partial sum. */
export const GRADIENT_SLICE = 256;
/** WebGPU's guaranteed maximum workgroups per dispatch dimension; the row kernels use one per query. */
export const MAX_WORKGROUPS_PER_DIMENSION = 65_535;
/** Bytes of the staging buffer embeddings are read back through (in chunks). */
export const READBACK_CHUNK_BYTES = 4 << 20;
/** Default budget for all the engine's GPU buffers together: 1 GiB. */
export const DEFAULT_MAX_BUFFER_BYTES = 2 ** 30;

/** Sizes the block plan is made from. */
export interface BlockPlanInput {
  readonly q: number;
  readonly n: number;
  readonly d: number;
  /** Relevant pairs P (the CSR document list length). */
  readonly numPairs: number;
  /** Upper bound on queries per block (`init.blockSize`). */
  readonly blockSizeCap: number;
  /** Budget for all buffers together. */
  readonly maxBufferBytes: number;
  /** The device's `maxStorageBufferBindingSize` (and `maxBufferSize`, the smaller of the two). */
  readonly maxBindingBytes: number;
  /**
   * Whether a block also needs a row of scores per query beside its gradient rows (the hinge when n exceeds
   * workgroup memory: its scores must outlive the writes of the gradient row). Default false.
   */
  readonly scoreRows?: boolean;
  /**
   * Centroid queries (`queryMode: 'centroid'`): no Adam moments for the queries, the second query buffer
   * holds ∇qᵢ/kᵢ, and the transposed qrels (n + 1 + P integers) are kept for the path through the
   * centroids. Default false.
   */
  readonly centroid?: boolean;
}

/** Every buffer of the engine with its size in bytes; `total` is the engine's peak GPU memory. */
export interface BlockPlan {
  readonly blockSize: number;
  readonly numBlocks: number;
  /** Slices of {@link GRADIENT_SLICE} queries in the largest block. */
  readonly slicesPerBlock: number;
  readonly buffers: Readonly<Record<BufferName, number>>;
  readonly total: number;
}

export type BufferName =
  | 'queriesA'
  | 'queriesB'
  | 'queryMoments'
  | 'documents'
  | 'documentMoments'
  | 'documentGradient'
  | 'qrels'
  | 'lossRows'
  | 'accuracyRows'
  | 'scalars'
  | 'scalarStaging'
  | 'readbackStaging'
  | 'uniforms'
  | 'gradientRows'
  | 'gradientPartials'
  | 'scoreRows'
  | 'transposedQrels';

const align = (bytes: number, to = 16): number => Math.max(to, Math.ceil(bytes / to) * to);

function planFor(input: BlockPlanInput, blockSize: number): BlockPlan {
  const { q, n, d, numPairs } = input;
  const numBlocks = Math.ceil(q / blockSize);
  const slicesPerBlock = Math.ceil(blockSize / GRADIENT_SLICE);
  const buffers: Record<BufferName, number> = {
    queriesA: align(q * d * 4),
    queriesB: align(q * d * 4),
    queryMoments: input.centroid ? 16 : align(2 * q * d * 4),
    documents: align(n * d * 4),
    documentMoments: align(2 * n * d * 4),
    documentGradient: align(n * d * 4),
    qrels: align((q + 1 + numPairs) * 4),
    lossRows: align(q * 4),
    accuracyRows: align(2 * q * 4),
    scalars: 16,
    scalarStaging: 16,
    readbackStaging: align(Math.min(READBACK_CHUNK_BYTES, Math.max(q, n) * d * 4)),
    // the step's uniform and one per block, each at WebGPU's 256-byte uniform offset alignment
    uniforms: 256 * (1 + numBlocks),
    gradientRows: align(blockSize * n * 4),
    gradientPartials: align(slicesPerBlock * n * d * 4),
    scoreRows: input.scoreRows ? align(blockSize * n * 4) : 16,
    transposedQrels: input.centroid ? align((n + 1 + numPairs) * 4) : 16,
  };
  const total = Object.values(buffers).reduce((a, b) => a + b, 0);
  return { blockSize, numBlocks, slicesPerBlock, buffers, total };
}

/**
 * Chooses the largest query block that fits: at most `blockSizeCap` and 65,535 queries (one
 * workgroup each), a block's gradient rows (blockSize × n floats) and partial document gradients
 * within one storage binding, and every buffer together within `maxBufferBytes`.
 *
 * Memory (bytes): fixed 16·q·d (Q twice for ping-pong, its two Adam moments; 8·q·d with centroid queries,
 * which have no moments) + 16·n·d (D, moments, gradient) + 4·(4q + 1 + P) (qrels, per-query loss and
 * accuracy rows) + 4·(n + 1 + P) with centroid queries (transposed qrels) + a readback chunk, plus per block
 * 4·blockSize·n (gradient rows; the logits live there when n exceeds workgroup memory), another 4·blockSize·n
 * for the hinge's scores in that case, and 4·⌈blockSize/256⌉·n·d (partial document gradients).
 *
 * @param input - sizes, the block-size cap, the byte budget and the device's binding limit.
 * @returns the plan with every buffer's size and the total (the engine's peak buffer bytes).
 * @throws InvalidArgumentError (`options.maxBufferBytes`) when not even a one-query block fits.
 * @throws BackendUnavailableError when a fixed buffer (Q, its moments) exceeds the device's binding limit.
 * @internal exported for tests and for sizing runs before a device exists.
 */
export function planBlocks(input: BlockPlanInput): BlockPlan {
  const { q, maxBufferBytes, maxBindingBytes } = input;
  const minimal = planFor(input, 1);
  for (const name of ['queriesA', 'queryMoments', 'qrels', 'accuracyRows', 'documentMoments', 'transposedQrels'] as const) {
    if (minimal.buffers[name] > maxBindingBytes) {
      throw new BackendUnavailableError({
        backend: 'webgpu',
        available: [],
        reason: `buffer ${name} needs ${minimal.buffers[name]} bytes but the device binds at most ${maxBindingBytes} bytes per storage buffer`,
      });
    }
  }
  if (minimal.total > maxBufferBytes) {
    throw new InvalidArgumentError({
      parameter: 'options.maxBufferBytes',
      value: maxBufferBytes,
      message: `q = ${q}, n = ${input.n}, d = ${input.d} need at least ${minimal.total} bytes of GPU buffers (got maxBufferBytes = ${maxBufferBytes})`,
    });
  }
  const fits = (b: number): boolean => {
    const plan = planFor(input, b);
    return (
      plan.total <= maxBufferBytes &&
      plan.buffers.gradientRows <= maxBindingBytes &&
      plan.buffers.scoreRows <= maxBindingBytes &&
      plan.buffers.gradientPartials <= maxBindingBytes
    );
  };
  let lo = 1;
  let hi = Math.min(input.blockSizeCap, MAX_WORKGROUPS_PER_DIMENSION, q);
  if (!fits(1)) {
    throw new BackendUnavailableError({ backend: 'webgpu', available: [], reason: `one query's gradient row (n = ${input.n}) exceeds the device's binding limit of ${maxBindingBytes} bytes` });
  }
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  // Even out the blocks: the same number of blocks, each as small as it can be.
  const numBlocks = Math.ceil(q / lo);
  return planFor(input, Math.ceil(q / numBlocks));
}
