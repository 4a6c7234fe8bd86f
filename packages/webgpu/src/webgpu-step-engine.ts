import { BackendUnavailableError, EngineStateError, InvalidArgumentError, assertInteger, assertKnownOptions, createDenseMatrix } from '@limit/core';
import {
  assertEmbeddingShapes,
  createEngineGuard,
  validateStepEngineInit,
  type EngineAccuracy,
  type LossAndGradients,
  type Objective,
  type ObjectiveName,
  type QueryMode,
  type StepEngineInit,
} from '@limit/step-engine';
import type { DenseMatrix } from '@limit/core';
import { DEFAULT_MAX_BUFFER_BYTES, GRADIENT_SLICE, planBlocks, type BlockPlan, type BufferName } from './block-plan.js';
import { resolveGpu, type GpuLike } from './request-gpu.js';
import { MAX_DIMENSION } from './limits.js';
import type { WebGpuAdapterDescription, WebGpuStepEngine } from './step-engine-types.js';
import {
  ADAM_DOCUMENTS_WGSL,
  CENTROIDS_WGSL,
  CENTROID_GRADIENT_WGSL,
  ELEMENT_WORKGROUP,
  GRADIENT_PARTIALS_WGSL,
  GRADIENT_TILE,
  REDUCE_PARTIALS_WGSL,
  SUM_ACCURACY_WGSL,
  SUM_LOSS_WGSL,
  accuracyRowsWgsl,
  needsScoreRows,
  rowKernelShape,
  stepRowsKernel,
  type RowKernelShape,
  type StepRowsBinding,
  type StepRowsMode,
} from './wgsl-kernels.js';

/** The objectives the WGSL kernels implement (`Objective` of `@limit/step-engine`), each fused per query row. */
export const WEBGPU_OBJECTIVES = ['infoNce', 'hinge', 'sigmoid'] as const satisfies readonly ObjectiveName[];
/** The query modes the WGSL kernels implement (`QueryMode` of `@limit/step-engine`). */
export const WEBGPU_QUERY_MODES = ['free', 'centroid'] as const satisfies readonly QueryMode[];

/** Options of {@link createWebGpuStepEngine}. */
export interface WebGpuStepEngineOptions {
  /**
   * The WebGPU entry object: `navigator.gpu` in a browser, or `create([])` from the `webgpu` npm
   * package in Node. Default: `navigator.gpu` when present, else (Node) the `webgpu` package.
   */
  gpu?: GpuLike;
  /**
   * Budget in bytes for all the engine's GPU buffers together (default 1 GiB). The query block is
   * the largest (≤ `init.blockSize`) that fits; {@link WebGpuStepEngine.peakBufferBytes} reports the
   * total actually allocated.
   */
  maxBufferBytes?: number;
  /** Adapter preference passed to `requestAdapter` (default: the implementation's). */
  powerPreference?: 'low-power' | 'high-performance';
}

const OPTION_KEYS = ['gpu', 'maxBufferBytes', 'powerPreference'] as const;

// GPUBufferUsage / GPUMapMode values (fixed by the WebGPU specification), so no globals are needed.
const MAP_READ = 0x0001;
const COPY_SRC = 0x0004;
const COPY_DST = 0x0008;
const UNIFORM = 0x0040;
const STORAGE = 0x0080;

const unavailable = (reason: string) => new BackendUnavailableError({ backend: 'webgpu', available: [], reason });

function describeAdapter(adapter: GPUAdapter): WebGpuAdapterDescription {
  const info = (adapter as { info?: Partial<GPUAdapterInfo> }).info ?? {};
  return {
    vendor: String(info.vendor ?? ''),
    architecture: String(info.architecture ?? ''),
    device: String(info.device ?? ''),
    description: String(info.description ?? ''),
  };
}

/**
 * Creates the WebGPU step engine: a full-batch Adam step as fused WGSL compute kernels over blocks of
 * queries, on any GPU WebGPU reaches (Vulkan, Metal, D3D12; SwiftShader on the CPU) — in browsers through
 * `navigator.gpu`, in Node through the optional `webgpu` package (Dawn). It implements every objective of
 * the step-engine contract ({@link WEBGPU_OBJECTIVES}: `init.objective`, default the paper's InfoNCE at
 * `init.temperature`) and both query modes ({@link WEBGPU_QUERY_MODES}: `init.queryMode`, default `'free'`).
 *
 * Formula (per step t; float32 throughout): S = Q·Dᵀ, G = ∂L/∂S of the objective (formulas and defaults in
 * `@limit/step-engine`'s `Objective`; InfoNCE: p = softmax_rows(S/T), loss = −(1/P)·Σ_{(i,j) relevant} log p_ij,
 * G = (kᵢ·p − Y)/(P·T); hinge(γ): loss = (1/N)·Σ max(0, γ − S_ij + S_il) over (relevant j, irrelevant l),
 * N = Σᵢ kᵢ(n − kᵢ); sigmoid(T, b): loss = (1/(q·n))·Σ softplus(−z_ij(S_ij/T + b)), z = ±1), ∇Q = G·D,
 * ∇D = Gᵀ·Q; Adam with bias correction (x −= lr·m̂/(√v̂ + ε), m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t)); then
 * every parameter row is scaled to unit length. With centroid queries, qᵢ = (1/kᵢ)·Σ_{j∈Rᵢ} dⱼ, only D is a
 * parameter and ∇D gains Cᵀ·(G·D). `step()` returns the loss before the update.
 *
 * Kernels per block of B queries: one workgroup per query computes its scores, the objective's loss row and
 * gradient row (in workgroup memory for n ≤ 3,072, else in its row of the block's gradient buffer; the
 * hinge counts, per relevant document, the irrelevant ones within the margin in one pass over the row,
 * O(kᵢ·n); the sigmoid is pointwise with a stable softplus), ∇qᵢ, then Adam and the re-normalisation (free
 * queries) or ∇qᵢ/kᵢ (centroid queries); a tiled kernel forms the block's Gᵀ·Q in partial sums over
 * 256-query slices and a second adds the slices, in order, into ∇D — no float atomics, so steps are
 * deterministic. After the blocks (centroid queries: one kernel adds each document's ∇qᵢ/kᵢ, in query
 * order) one kernel updates D, (centroid queries: one recomputes the centroids,) one sums the loss rows.
 * Per step only the loss (4 bytes) is read back; `accuracy()` reads back two counts. All buffers are
 * created once; {@link WebGpuStepEngine.peakBufferBytes} is their total.
 *
 * @param init - Initial embeddings Q [q, d] and D [n, d] (float32, unit rows; d ≤ 256; with centroid
 *   queries the query values are ignored), qrels (CSR), learning rate, objective (or temperature), query
 *   mode, Adam settings and the block-size cap. The objective is complete, as every engine init's
 *   (`resolveObjective` fills in `OBJECTIVE_DEFAULTS`: InfoNCE temperature 0.1, the paper's; hinge margin
 *   0.1, where the paper tabulates its Theorem 1; sigmoid temperature 0.1 and bias −10, SigLIP's
 *   initialisation, arXiv 2303.15343).
 * @param options - `gpu` (navigator.gpu or the `webgpu` package's `create([])`), `maxBufferBytes`,
 *   `powerPreference`.
 * @returns a {@link WebGpuStepEngine} named `webgpu`.
 * @throws InvalidArgumentError for a bad init field (naming it, e.g. `learningRate`, `qrels.docs`,
 *   `precision` for float64), an unknown option key (`options.<key>`), or `options.maxBufferBytes` too
 *   small for even a one-query block.
 * @throws ShapeMismatchError when the embeddings and qrels disagree on q, n or d.
 * @throws BackendUnavailableError (backend `webgpu`) when no WebGPU is reachable: the `webgpu` package
 *   is not installed (Node), `navigator.gpu` is missing, no adapter is found, the device cannot be
 *   created, or a buffer exceeds the device's limits.
 * @throws EngineStateError later, for a call while another is in flight (`busy`), after `dispose()`
 *   (`disposed`), after the device was lost (`lost`) or on a GPU error (`gpu-error`).
 * @example
 * ```ts
 * import { create } from 'webgpu'; // Node; in a browser pass navigator.gpu (or nothing)
 * const engine = await createWebGpuStepEngine(init, { gpu: create([]) });
 * const lossBefore = await engine.step();
 * const { exactTopK } = await engine.accuracy();
 * await engine.dispose();
 * ```
 */
export async function createWebGpuStepEngine(init: StepEngineInit, options: WebGpuStepEngineOptions = {}): Promise<WebGpuStepEngine> {
  assertKnownOptions('options', options, OPTION_KEYS);
  const { q, n, d, numPairs, objective, queryMode } = validateStepEngineInit(init, {
    engine: 'webgpu',
    maxDimension: MAX_DIMENSION,
    objectives: WEBGPU_OBJECTIVES,
    queryModes: WEBGPU_QUERY_MODES,
  });
  const centroid = queryMode === 'centroid';
  const rowShape = rowKernelShape(n);
  const maxBufferBytes = options.maxBufferBytes ?? DEFAULT_MAX_BUFFER_BYTES;
  assertInteger('options.maxBufferBytes', maxBufferBytes, { min: 1 });
  const powerPreference = options.powerPreference;
  if (powerPreference !== undefined && powerPreference !== 'low-power' && powerPreference !== 'high-performance') {
    throw new InvalidArgumentError({ parameter: 'options.powerPreference', value: powerPreference, message: "options.powerPreference must be 'low-power' or 'high-performance'" });
  }

  const gpu = await resolveGpu(options.gpu);
  let adapter: GPUAdapter | null;
  try {
    adapter = (await gpu.requestAdapter(powerPreference ? { powerPreference } : undefined)) as GPUAdapter | null;
  } catch (error) {
    throw unavailable(`requestAdapter() failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (adapter === null || adapter === undefined) {
    throw unavailable(
      'requestAdapter() found no WebGPU adapter (in Node on a machine without a GPU driver, point VK_ICD_FILENAMES at a Vulkan driver such as the SwiftShader ICD of Debian\'s chromium package)',
    );
  }
  const maxBindingBytes = Math.min(adapter.limits.maxStorageBufferBindingSize, adapter.limits.maxBufferSize);
  const plan = planBlocks({ q, n, d, numPairs, blockSizeCap: init.blockSize, maxBufferBytes, maxBindingBytes, scoreRows: needsScoreRows(objective.name, rowShape), centroid });
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({
      requiredLimits: {
        maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
        maxBufferSize: adapter.limits.maxBufferSize,
      },
    });
  } catch (error) {
    throw unavailable(`requestDevice() failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return await buildEngine(device, describeAdapter(adapter), init, plan, { q, n, d, numPairs, objective, centroid, rowShape });
  } catch (error) {
    device.destroy();
    throw error;
  }
}

async function buildEngine(
  device: GPUDevice,
  adapterDescription: WebGpuAdapterDescription,
  init: StepEngineInit,
  plan: BlockPlan,
  shape: { q: number; n: number; d: number; numPairs: number; objective: Objective; centroid: boolean; rowShape: RowKernelShape },
): Promise<WebGpuStepEngine> {
  const { q, n, d, numPairs, objective, centroid, rowShape } = shape;
  const { blockSize, numBlocks } = plan;
  const guard = createEngineGuard('webgpu');
  let lostReason: string | undefined;
  void device.lost.then((info) => {
    lostReason = `${info.reason ?? 'unknown'}: ${info.message}`;
    guard.markLost(lostReason);
  });

  // --- buffers (all created here, reused by every call) ---
  device.pushErrorScope('out-of-memory');
  const usage: Record<BufferName, number> = {
    queriesA: STORAGE | COPY_SRC | COPY_DST,
    queriesB: STORAGE | COPY_SRC | COPY_DST,
    queryMoments: STORAGE,
    documents: STORAGE | COPY_SRC | COPY_DST,
    documentMoments: STORAGE,
    documentGradient: STORAGE | COPY_SRC | COPY_DST,
    qrels: STORAGE | COPY_DST,
    lossRows: STORAGE,
    accuracyRows: STORAGE,
    scalars: STORAGE | COPY_SRC,
    scalarStaging: MAP_READ | COPY_DST,
    readbackStaging: MAP_READ | COPY_DST,
    uniforms: UNIFORM | COPY_DST,
    gradientRows: STORAGE,
    gradientPartials: STORAGE,
    scoreRows: STORAGE,
    transposedQrels: STORAGE | COPY_DST,
  };
  const buffers = {} as Record<BufferName, GPUBuffer>;
  for (const name of Object.keys(usage) as BufferName[]) {
    buffers[name] = device.createBuffer({ label: `limit-webgpu ${name}`, size: plan.buffers[name], usage: usage[name] });
  }
  const oom = await device.popErrorScope();
  if (oom !== null) {
    for (const buffer of Object.values(buffers)) buffer.destroy();
    throw unavailable(`allocating ${plan.total} bytes of GPU buffers failed: ${oom.message}`);
  }
  const queries = [buffers.queriesA, buffers.queriesB] as const;

  // qrels as one u32 buffer: q + 1 offsets (rebased to 0), then the document ids
  const { offsets, docs } = init.qrels;
  const first = offsets[0]!;
  const csr = new Uint32Array(q + 1 + numPairs);
  for (let i = 0; i <= q; i++) csr[i] = offsets[i]! - first;
  csr.set(docs.subarray(first, first + numPairs), q + 1);
  device.queue.writeBuffer(buffers.qrels, 0, csr);
  if (centroid) {
    // the transposed qrels: n + 1 offsets, then the queries of each document in ascending order
    const csc = new Uint32Array(n + 1 + numPairs);
    for (let p = 0; p < numPairs; p++) {
      const m = csr[q + 1 + p]!;
      csc[m + 1] = csc[m + 1]! + 1;
    }
    for (let m = 0; m < n; m++) csc[m + 1] = csc[m + 1]! + csc[m]!;
    const next = csc.slice(0, n); // where the next query of each document goes
    for (let i = 0; i < q; i++) {
      for (let p = csr[i]!; p < csr[i + 1]!; p++) {
        const m = csr[q + 1 + p]!;
        csc[n + 1 + next[m]!] = i;
        next[m] = next[m]! + 1;
      }
    }
    device.queue.writeBuffer(buffers.transposedQrels, 0, csc);
  }
  device.queue.writeBuffer(queries[0], 0, Float32Array.from(init.queries.data));
  device.queue.writeBuffer(buffers.documents, 0, Float32Array.from(init.documents.data));

  // per-block uniforms at 256-byte offsets after the step's
  const blockParams = new Uint32Array(64 * numBlocks);
  for (let b = 0; b < numBlocks; b++) {
    const start = b * blockSize;
    const size = Math.min(blockSize, q - start);
    blockParams.set([start, size, Math.ceil(size / GRADIENT_SLICE), 0], 64 * b);
  }
  device.queue.writeBuffer(buffers.uniforms, 256, blockParams);

  // --- pipelines ---
  device.pushErrorScope('validation');
  const pipeline = async (code: string, label: string) => {
    const module = device.createShaderModule({ label, code });
    const info = await module.getCompilationInfo();
    const errors = info.messages.filter((m) => m.type === 'error');
    if (errors.length > 0) throw new Error(`${label}: ${errors.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('; ')}`);
    return device.createComputePipelineAsync({ label: `limit-webgpu ${label}`, layout: 'auto', compute: { module, entryPoint: 'main' } });
  };
  const rowsKernel = (mode: StepRowsMode) => stepRowsKernel({ shape: rowShape, objective: objective.name, mode });
  const stepRowsCode = rowsKernel(centroid ? 'centroid' : 'adam');
  let pipelines: GPUComputePipeline[];
  try {
    pipelines = await Promise.all([
      pipeline(stepRowsCode.code, `step-rows (${objective.name}, ${centroid ? 'centroid' : 'free'} queries)`),
      pipeline(GRADIENT_PARTIALS_WGSL, 'gradient-partials'),
      pipeline(REDUCE_PARTIALS_WGSL, 'reduce-partials'),
      pipeline(ADAM_DOCUMENTS_WGSL, 'adam-documents'),
      pipeline(SUM_LOSS_WGSL, 'sum-loss'),
      pipeline(accuracyRowsWgsl(rowShape), 'accuracy-rows'),
      pipeline(SUM_ACCURACY_WGSL, 'sum-accuracy'),
      ...(centroid ? [pipeline(CENTROIDS_WGSL, 'centroids'), pipeline(CENTROID_GRADIENT_WGSL, 'centroid-gradient')] : []),
    ]);
  } catch (error) {
    await device.popErrorScope();
    throw unavailable(`compiling the WGSL kernels failed on this adapter: ${error instanceof Error ? error.message : String(error)}`);
  }
  const compileError = await device.popErrorScope();
  if (compileError !== null) throw unavailable(`compiling the WGSL kernels failed on this adapter: ${compileError.message}`);
  const [stepRows, gradientPartials, reducePartials, adamDocuments, sumLoss, accuracyRows, sumAccuracy, centroids, centroidGradient] = pipelines as [
    GPUComputePipeline, GPUComputePipeline, GPUComputePipeline, GPUComputePipeline, GPUComputePipeline, GPUComputePipeline, GPUComputePipeline,
    GPUComputePipeline | undefined, GPUComputePipeline | undefined,
  ];

  // --- bind groups: [phase][block] where the current Q matters (phase p reads queries[p]) ---
  const stepUniform: GPUBufferBinding = { buffer: buffers.uniforms, offset: 0, size: 64 };
  const blockUniform = (b: number): GPUBufferBinding => ({ buffer: buffers.uniforms, offset: 256 * (b + 1), size: 16 });
  const group = (p: GPUComputePipeline, resources: GPUBindingResource[]) =>
    device.createBindGroup({ layout: p.getBindGroupLayout(0), entries: resources.map((resource, binding) => ({ binding, resource })) });
  const whole = (buffer: GPUBuffer): GPUBufferBinding => ({ buffer });
  const phases = [0, 1] as const;
  const blocks = Array.from({ length: numBlocks }, (_, b) => b);
  // the step-rows kernels read queries[p] and write queries[1 − p] (centroid queries: always p = 0, and
  // queries[1] receives ∇qᵢ/kᵢ)
  const rowsBuffer = (p: 0 | 1, name: StepRowsBinding): GPUBuffer =>
    ({ qIn: queries[p], qOut: queries[1 - p]!, qMoments: buffers.queryMoments, docEmb: buffers.documents, csr: buffers.qrels, gRows: buffers.gradientRows, lossRows: buffers.lossRows, zRows: buffers.scoreRows })[name];
  const rowsGroupsFor = (p: GPUComputePipeline, bindings: readonly StepRowsBinding[]) =>
    phases.map((phase) => blocks.map((b) => group(p, [stepUniform, blockUniform(b), ...bindings.map((name) => whole(rowsBuffer(phase, name)))])));
  const rowsGroups = rowsGroupsFor(stepRows, stepRowsCode.bindings);
  const partialGroups = phases.map((p) => blocks.map((b) =>
    group(gradientPartials, [stepUniform, blockUniform(b), whole(queries[p]), whole(buffers.gradientRows), whole(buffers.gradientPartials)])));
  const reduceGroups = blocks.map((b) => group(reducePartials, [stepUniform, blockUniform(b), whole(buffers.gradientPartials), whole(buffers.documentGradient)]));
  const adamGroup = group(adamDocuments, [stepUniform, whole(buffers.documentGradient), whole(buffers.documents), whole(buffers.documentMoments)]);
  const lossGroup = group(sumLoss, [stepUniform, whole(buffers.lossRows), whole(buffers.scalars)]);
  const accuracyGroups = phases.map((p) => blocks.map((b) =>
    group(accuracyRows, [stepUniform, blockUniform(b), whole(queries[p]), whole(buffers.documents), whole(buffers.qrels), whole(buffers.gradientRows), whole(buffers.accuracyRows)])));
  const accuracySumGroup = group(sumAccuracy, [stepUniform, whole(buffers.accuracyRows), whole(buffers.scalars)]);
  const centroidGroups = centroids ? blocks.map((b) => group(centroids, [stepUniform, blockUniform(b), whole(buffers.documents), whole(buffers.qrels), whole(queries[0])])) : [];
  const centroidGradientGroup = centroidGradient
    ? group(centroidGradient, [stepUniform, whole(queries[1]), whole(buffers.transposedQrels), whole(buffers.documentGradient)])
    : undefined;

  // --- step scalars (layout of StepParams in wgsl-kernels.ts) ---
  const { learningRate } = init;
  const { beta1, beta2, epsilon } = init.adam;
  const params = new ArrayBuffer(64);
  const paramsF32 = new Float32Array(params);
  const paramsU32 = new Uint32Array(params);
  const scales = objectiveScalars(objective, { q, n, numPairs, offsets: csr });
  paramsF32.set([0, 0, beta1, beta2, 1 - beta1, 1 - beta2, epsilon, scales.invT, scales.gradScale, scales.lossScale]);
  paramsU32.set([n, d, q, q + 1], 10);
  paramsF32.set([scales.margin, scales.bias], 14);
  const writeStepParams = (t: number) => {
    // bias corrections in float64, rounded once
    paramsF32[0] = learningRate / (1 - beta1 ** t);
    paramsF32[1] = 1 / (1 - beta2 ** t);
    device.queue.writeBuffer(buffers.uniforms, 0, params);
  };
  writeStepParams(1);

  let t = 0;
  let phase: 0 | 1 = 0;
  /** Submits the encoded work and fails loudly on any validation or internal error it raised. */
  const submit = async (encode: (encoder: GPUCommandEncoder) => void) => {
    device.pushErrorScope('validation');
    device.pushErrorScope('internal');
    const encoder = device.createCommandEncoder();
    encode(encoder);
    device.queue.submit([encoder.finish()]);
    const [internal, validation] = [await device.popErrorScope(), await device.popErrorScope()];
    const error = validation ?? internal;
    if (error !== null) throw new EngineStateError({ state: 'gpu-error', message: `the GPU rejected the engine's commands: ${error.message}` });
  };
  const mapRead = async (staging: GPUBuffer, size: number): Promise<ArrayBuffer> => {
    try {
      await staging.mapAsync(1 /* GPUMapMode.READ */, 0, size);
    } catch (error) {
      throw new EngineStateError({ state: lostReason !== undefined ? 'lost' : 'gpu-error', message: `reading back from the GPU failed: ${error instanceof Error ? error.message : String(error)}`, cause: error });
    }
    const copy = staging.getMappedRange(0, size).slice(0);
    staging.unmap();
    return copy;
  };
  const readBuffer = async (source: GPUBuffer, floats: number): Promise<Float32Array> => {
    const out = new Float32Array(floats);
    const chunk = plan.buffers.readbackStaging;
    for (let offset = 0; offset < floats * 4; offset += chunk) {
      const size = Math.min(chunk, floats * 4 - offset);
      await submit((encoder) => encoder.copyBufferToBuffer(source, offset, buffers.readbackStaging, 0, size));
      out.set(new Float32Array(await mapRead(buffers.readbackStaging, size)), offset / 4);
    }
    return out;
  };

  const gradientGrid: [number, number] = [Math.ceil(n / GRADIENT_TILE), Math.ceil(d / GRADIENT_TILE)];
  const elementGroups = Math.ceil((n * d) / ELEMENT_WORKGROUP);
  const blockQueries = (b: number) => Math.min(blockSize, q - b * blockSize);

  /**
   * Every block's step-rows kernel (the given groups), its Gᵀ·Q partials and their reduction into ∇D, then
   * (centroid queries) the path through the centroids: ∇D complete, the loss rows written.
   */
  const encodeGradients = (pass: GPUComputePassEncoder, rows: GPUComputePipeline, groups: GPUBindGroup[][], p: 0 | 1) => {
    for (let b = 0; b < numBlocks; b++) {
      pass.setPipeline(rows);
      pass.setBindGroup(0, groups[p]![b]!);
      pass.dispatchWorkgroups(blockQueries(b));
      pass.setPipeline(gradientPartials);
      pass.setBindGroup(0, partialGroups[p]![b]!);
      pass.dispatchWorkgroups(gradientGrid[0], gradientGrid[1], Math.ceil(blockQueries(b) / GRADIENT_SLICE));
      pass.setPipeline(reducePartials);
      pass.setBindGroup(0, reduceGroups[b]!);
      pass.dispatchWorkgroups(elementGroups);
    }
    if (centroidGradient !== undefined) {
      pass.setPipeline(centroidGradient);
      pass.setBindGroup(0, centroidGradientGroup!);
      pass.dispatchWorkgroups(elementGroups);
    }
  };
  /** Centroid queries: queries[0] = the centroids of the current documents. */
  const encodeCentroids = (pass: GPUComputePassEncoder) => {
    for (let b = 0; b < numBlocks; b++) {
      pass.setPipeline(centroids!);
      pass.setBindGroup(0, centroidGroups[b]!);
      pass.dispatchWorkgroups(Math.ceil(blockQueries(b) / ELEMENT_WORKGROUP));
    }
  };
  const encodeLoss = (encoder: GPUCommandEncoder, pass: GPUComputePassEncoder) => {
    pass.setPipeline(sumLoss);
    pass.setBindGroup(0, lossGroup);
    pass.dispatchWorkgroups(1);
    pass.end();
    encoder.copyBufferToBuffer(buffers.scalars, 0, buffers.scalarStaging, 0, 16);
  };
  const refreshCentroids = async () => {
    if (!centroid) return;
    await submit((encoder) => {
      const pass = encoder.beginComputePass();
      encodeCentroids(pass);
      pass.end();
    });
  };
  await refreshCentroids(); // centroid queries: the initial queries are the centroids of the initial documents

  // lossAndGradients of free queries: a step-rows variant that writes ∇qᵢ to queries[1 − p] (scratch until
  // the next step) instead of updating qᵢ; compiled on first use. Centroid queries use the step's kernel.
  let gradientRows: Promise<{ pipeline: GPUComputePipeline; groups: GPUBindGroup[][] }> | undefined;
  const gradientRowsPipeline = () => {
    if (centroid) return Promise.resolve({ pipeline: stepRows, groups: rowsGroups });
    gradientRows ??= (async () => {
      const kernel = rowsKernel('gradient');
      let compiled: GPUComputePipeline;
      try {
        compiled = await pipeline(kernel.code, `gradient-rows (${objective.name})`);
      } catch (error) {
        throw unavailable(`compiling the WGSL kernels failed on this adapter: ${error instanceof Error ? error.message : String(error)}`);
      }
      return { pipeline: compiled, groups: rowsGroupsFor(compiled, kernel.bindings) };
    })();
    return gradientRows;
  };

  const engine: WebGpuStepEngine = {
    name: 'webgpu',
    precision: 'float32',
    blockSize,
    numBlocks,
    peakBufferBytes: plan.total,
    logitsInWorkgroupMemory: rowShape.cached,
    adapter: adapterDescription,

    step: () =>
      guard.exclusive('step', async () => {
        t += 1;
        writeStepParams(t);
        const p = phase;
        await submit((encoder) => {
          encoder.clearBuffer(buffers.documentGradient);
          const pass = encoder.beginComputePass();
          encodeGradients(pass, stepRows, rowsGroups, p);
          pass.setPipeline(adamDocuments);
          pass.setBindGroup(0, adamGroup);
          pass.dispatchWorkgroups(Math.ceil(n / ELEMENT_WORKGROUP));
          if (centroid) encodeCentroids(pass);
          encodeLoss(encoder, pass);
        });
        // free queries: the updated rows are in queries[1 − p] now; centroid queries stay in queries[0]
        if (!centroid) phase = (1 - p) as 0 | 1;
        return new Float32Array(await mapRead(buffers.scalarStaging, 16))[0]!;
      }),

    lossAndGradients: () =>
      guard.exclusive('lossAndGradients', async (): Promise<LossAndGradients> => {
        const p = phase;
        const rows = await gradientRowsPipeline();
        await submit((encoder) => {
          encoder.clearBuffer(buffers.documentGradient);
          const pass = encoder.beginComputePass();
          encodeGradients(pass, rows.pipeline, rows.groups, p);
          encodeLoss(encoder, pass);
        });
        const loss = new Float32Array(await mapRead(buffers.scalarStaging, 16))[0]!;
        const documents = createDenseMatrix(n, d, await readBuffer(buffers.documentGradient, n * d)) as DenseMatrix;
        // centroid queries are not parameters: their gradient is zero (queries[1] holds ∇qᵢ/kᵢ, already in ∇D)
        const queryGradient = centroid ? new Float32Array(q * d) : await readBuffer(queries[1 - p]!, q * d);
        return { loss, queries: createDenseMatrix(q, d, queryGradient) as DenseMatrix, documents };
      }),

    accuracy: () =>
      guard.exclusive('accuracy', async (): Promise<EngineAccuracy> => {
        const p = phase;
        await submit((encoder) => {
          const pass = encoder.beginComputePass();
          for (let b = 0; b < numBlocks; b++) {
            pass.setPipeline(accuracyRows);
            pass.setBindGroup(0, accuracyGroups[p]![b]!);
            pass.dispatchWorkgroups(blockQueries(b));
          }
          pass.setPipeline(sumAccuracy);
          pass.setBindGroup(0, accuracySumGroup);
          pass.dispatchWorkgroups(1);
          pass.end();
          encoder.copyBufferToBuffer(buffers.scalars, 0, buffers.scalarStaging, 0, 16);
        });
        const counts = new Uint32Array(await mapRead(buffers.scalarStaging, 16));
        return { relevantInTopK: counts[1]! / numPairs, exactTopK: counts[2]! / q };
      }),

    getEmbeddings: () =>
      guard.exclusive('getEmbeddings', async () => ({
        queries: createDenseMatrix(q, d, await readBuffer(queries[phase], q * d)) as DenseMatrix,
        documents: createDenseMatrix(n, d, await readBuffer(buffers.documents, n * d)) as DenseMatrix,
      })),

    setEmbeddings: (newQueries: DenseMatrix, newDocuments: DenseMatrix) =>
      guard.exclusive('setEmbeddings', async () => {
        assertEmbeddingShapes(newQueries, newDocuments, { q, n, d });
        // centroid queries follow the documents (the given queries are ignored)
        if (!centroid) device.queue.writeBuffer(queries[phase], 0, Float32Array.from(newQueries.data));
        device.queue.writeBuffer(buffers.documents, 0, Float32Array.from(newDocuments.data));
        await refreshCentroids();
        await device.queue.onSubmittedWorkDone();
      }),

    async dispose(): Promise<void> {
      if (!guard.beginDispose()) return;
      for (const buffer of Object.values(buffers)) buffer.destroy();
      device.destroy();
    },
  };
  return engine;
}

/**
 * The per-step scalars of an objective (see StepParams in wgsl-kernels.ts): invT multiplies the scores,
 * gradScale turns the kernels' unscaled gradient rows into ∂L/∂S, lossScale normalises the summed loss rows.
 */
function objectiveScalars(
  objective: Objective,
  shape: { q: number; n: number; numPairs: number; offsets: Uint32Array },
): { invT: number; gradScale: number; lossScale: number; margin: number; bias: number } {
  const { q, n, numPairs, offsets } = shape;
  switch (objective.name) {
    case 'infoNce': {
      const T = objective.temperature;
      return { invT: 1 / T, gradScale: 1 / (numPairs * T), lossScale: 1 / numPairs, margin: 0, bias: 0 };
    }
    case 'hinge': {
      let pairs = 0; // N = Σᵢ kᵢ·(n − kᵢ), the (relevant, irrelevant) pairs
      for (let i = 0; i < q; i++) {
        const k = offsets[i + 1]! - offsets[i]!;
        pairs += k * (n - k);
      }
      return { invT: 1, gradScale: 1 / pairs, lossScale: 1 / pairs, margin: objective.margin, bias: 0 };
    }
    case 'sigmoid': {
      const T = objective.temperature;
      return { invT: 1 / T, gradScale: 1 / (T * q * n), lossScale: 1 / (q * n), margin: 0, bias: objective.bias };
    }
  }
}
