// The engine's WGSL compute kernels. Every reduction has a fixed order (per-thread strided loops,
// then a tree in workgroup memory), and no kernel uses atomics, so a step is bit-for-bit
// reproducible on a given device and driver.
import { GRADIENT_SLICE } from './block-plan.js';
import { MAX_DIMENSION } from './limits.js';

/** Most threads per workgroup of the per-query kernels (one workgroup per query row). */
export const MAX_ROW_WORKGROUP = 128;
/**
 * Documents whose logits fit in workgroup memory (12 KiB of float32): up to this n a query's logits,
 * exponentials and gradient row never leave the workgroup; above it they live in the query's row of
 * the block's gradient buffer (global memory, which that row needs anyway), so there is no limit on n.
 * 3,072 + 2·256 + 128 floats = 14.5 KiB ≤ WebGPU's guaranteed 16 KiB of workgroup storage.
 */
export const WORKGROUP_LOGITS = 3072;

/** Sizes the per-query kernels are generated for (one pipeline set per engine). */
export interface RowKernelShape {
  /** Threads per workgroup: a power of two in [32, 128]. */
  readonly workgroup: number;
  /** Workgroup logits capacity: n when n ≤ {@link WORKGROUP_LOGITS} (rounded up to 4), else 4 (unused). */
  readonly logits: number;
  /** Whether the logits live in workgroup memory. */
  readonly cached: boolean;
}

/**
 * Workgroup size and logits capacity for n documents: the smallest power of two ≥ n/2 threads within
 * [32, 128] (more threads than documents would only wait at barriers — costly on CPU drivers such as
 * SwiftShader, useless on GPUs) and workgroup memory sized to n, so zero-initialising it is cheap.
 */
export function rowKernelShape(n: number): RowKernelShape {
  let workgroup = 32;
  while (workgroup < MAX_ROW_WORKGROUP && workgroup * 2 < n) workgroup *= 2;
  const cached = n <= WORKGROUP_LOGITS;
  return { workgroup, logits: cached ? Math.ceil(n / 4) * 4 : 4, cached };
}
/** Tile edge of the document-gradient product Gᵀ·Q (16 × 16 threads). */
export const GRADIENT_TILE = 16;
/** Threads per workgroup of the elementwise kernels. */
export const ELEMENT_WORKGROUP = 64;
/** Threads of the single-workgroup sums (loss, accuracy counts). */
export const SUM_WORKGROUP = 256;

const constants = (shape: RowKernelShape) => /* wgsl */ `
const WG: u32 = ${shape.workgroup}u;
const ZCAP: u32 = ${shape.logits}u;
const CACHED: bool = ${shape.cached};
const MAXD: u32 = ${MAX_DIMENSION}u;
const BIG: f32 = 0x1.fffffep+127f;
`;

/**
 * Per-step scalars; the layout is written by `writeStepParams` in the engine (16 × 4 bytes). By objective:
 * invT = 1/T (InfoNCE, sigmoid; 1 for the hinge), gradScale = the normalisation of ∂L/∂s (1/(P·T), 1/N,
 * 1/(T·q·n)), lossScale = the loss's (1/P, 1/N, 1/(q·n)), margin = γ (hinge), bias = b (sigmoid).
 */
const stepParams = /* wgsl */ `
struct StepParams {
  lrOverC1: f32, invC2: f32, beta1: f32, beta2: f32,
  oneMinusBeta1: f32, oneMinusBeta2: f32, epsilon: f32, invT: f32,
  gradScale: f32, lossScale: f32, n: u32, d: u32,
  q: u32, csrDocs: u32, margin: f32, bias: f32,
}
struct BlockParams { start: u32, size: u32, slices: u32, pad: u32 }
`;

/** Tree reductions over the workgroup (fixed order ⇒ deterministic); call in uniform control flow. */
const reductions = /* wgsl */ `
var<workgroup> red: array<f32, WG>;
fn reduceSum(t: u32, v: f32) -> f32 {
  red[t] = v;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s >> 1u) {
    if (t < s) { red[t] = red[t] + red[t + s]; }
    workgroupBarrier();
  }
  let r = red[0];
  workgroupBarrier();
  return r;
}
fn reduceMax(t: u32, v: f32) -> f32 {
  red[t] = v;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s >> 1u) {
    if (t < s) { red[t] = max(red[t], red[t + s]); }
    workgroupBarrier();
  }
  let r = red[0];
  workgroupBarrier();
  return r;
}
fn reduceMin(t: u32, v: f32) -> f32 {
  red[t] = v;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s >> 1u) {
    if (t < s) { red[t] = min(red[t], red[t + s]); }
    workgroupBarrier();
  }
  let r = red[0];
  workgroupBarrier();
  return r;
}
`;

/**
 * A query row's n values: workgroup memory when n ≤ ZCAP, else the row `base` of a global buffer — `gRows`
 * (the gradient rows) by default, or `zRows` where the scores must outlive the writes of the gradient row
 * (the hinge).
 */
const rowStorage = (global: 'gRows' | 'zRows' = 'gRows') => /* wgsl */ `
var<workgroup> zs: array<f32, ZCAP>;
fn zGet(cached: bool, base: u32, j: u32) -> f32 {
  if (cached) { return zs[j]; }
  return ${global}[base + j];
}
fn zSet(cached: bool, base: u32, j: u32, v: f32) {
  if (cached) { zs[j] = v; } else { ${global}[base + j] = v; }
}
fn syncRow() {
  storageBarrier();
  workgroupBarrier();
}
`;

/** The training objectives the WGSL kernels implement (`Objective` of `@limit/step-engine`). */
export type KernelObjective = 'infoNce' | 'hinge' | 'sigmoid';

/**
 * What the step-rows kernel does with ∇qᵢ: `adam` updates and re-normalises the free query (the step),
 * `gradient` writes ∇qᵢ (lossAndGradients of free queries), `centroid` writes ∇qᵢ/kᵢ for the documents the
 * centroid is made of (the step and lossAndGradients of centroid queries).
 */
export type StepRowsMode = 'adam' | 'gradient' | 'centroid';

/** The buffers a step-rows kernel binds, in binding order (0: step uniform, 1: block uniform, then these). */
export type StepRowsBinding = 'qIn' | 'qOut' | 'qMoments' | 'docEmb' | 'csr' | 'gRows' | 'lossRows' | 'zRows';

/** Everything a step-rows kernel is generated for. */
export interface StepRowsConfig {
  readonly shape: RowKernelShape;
  readonly objective: KernelObjective;
  readonly mode: StepRowsMode;
}

/** Whether a configuration keeps its scores in the `zRows` buffer (the hinge when n exceeds workgroup memory). */
export const needsScoreRows = (objective: KernelObjective, shape: RowKernelShape): boolean => objective === 'hinge' && !shape.cached;

/** Membership of document j in the row's relevant set csr[docsAt + rowBegin .. docsAt + rowEnd) (sorted: binary search). */
const relevantSearch = /* wgsl */ `
fn isRelevant(rowBegin: u32, rowEnd: u32, docsAt: u32, j: u32) -> bool {
  var lo = rowBegin;
  var hi = rowEnd;
  while (lo < hi) {
    let mid = (lo + hi) / 2u;
    let v = csr[docsAt + mid];
    if (v == j) { return true; }
    if (v < j) { lo = mid + 1u; } else { hi = mid; }
  }
  return false;
}
// log(1 + e) for e ∈ [0, 1] as 2·atanh(t), t = e/(2 + e) ∈ [0, 1/3] (exact for tiny e), by the series
// 2t·Σ_{k=0..6} t^{2k}/(2k + 1): truncation error ≤ t¹⁴/(15·(1 − t²)) ≤ 1.6e−8 relative.
fn log1p01(e: f32) -> f32 {
  let t = e / (2.0 + e);
  let u = t * t;
  var p = 1.0 / 13.0;
  p = p * u + 1.0 / 11.0;
  p = p * u + 1.0 / 9.0;
  p = p * u + 1.0 / 7.0;
  p = p * u + 1.0 / 5.0;
  p = p * u + 1.0 / 3.0;
  p = p * u + 1.0;
  return 2.0 * t * p;
}
`;

/**
 * The objective part of the step-rows kernel: from the logits (InfoNCE, sigmoid: s/T; hinge: s) in the row
 * storage, writes the row's loss term to lossRows[i] and the unscaled gradient row aⱼ (∂L/∂sᵢⱼ = gradScale·aⱼ)
 * to gRows (and to zs when cached), for {@link gradientRowRead} to read.
 */
const objectiveRows: Record<KernelObjective, string> = {
  // aⱼ = kᵢ·pⱼ − [j ∈ Rᵢ], loss row Σ_{j∈Rᵢ}(max − zⱼ) + kᵢ·log Σ exp(z − max)
  infoNce: /* wgsl */ `
  let zMax = reduceMax(t, localMax);

  // loss row, part 1: Σ over relevant of (max − z_j) (before the logits are overwritten)
  var rel = 0.0;
  for (var p = rowFrom + t; p < rowTo; p += WG) { rel = rel + (zMax - zGet(cached, go, csr[docsAt + p])); }
  let relSum = reduceSum(t, rel);

  // exponentials (each thread overwrites only its own entries) and their sum
  var localSum = 0.0;
  for (var j = t; j < n; j += WG) {
    let e = exp(zGet(cached, go, j) - zMax);
    zSet(cached, go, j, e);
    localSum = localSum + e;
  }
  let sum = reduceSum(t, localSum);
  if (t == 0u) { lossRows[i] = relSum + count * log(sum); }

  // unscaled gradient row a_j = k·p_j − [j relevant]
  for (var j = t; j < n; j += WG) {
    let a = count * (zGet(cached, go, j) / sum);
    if (cached) { zs[j] = a; }
    gRows[go + j] = a;
  }
  syncRow();
  for (var p = rowFrom + t; p < rowTo; p += WG) {
    let j = csr[docsAt + p];
    gRows[go + j] = gRows[go + j] - 1.0;
    if (cached) { zs[j] = zs[j] - 1.0; }
  }
  syncRow();
`,
  // a_l = #{j ∈ Rᵢ: γ − s_j + s_l > 0} for irrelevant l, a_j = −#{l ∉ Rᵢ: γ − s_j + s_l > 0} for relevant j;
  // loss row = Σ of the active violations. One pass over the row per relevant document: O(kᵢ·n/WG) per thread.
  hinge: /* wgsl */ `
  _ = localMax;
  for (var j = t; j < n; j += WG) { gRows[go + j] = 0.0; }
  syncRow();
  var violations = 0.0;
  for (var p = rowFrom; p < rowTo; p++) {
    let j = csr[docsAt + p];
    let a = sp.margin - zGet(cached, go, j);
    var activeCount = 0.0;
    for (var l = t; l < n; l += WG) {
      if (!isRelevant(rowFrom, rowTo, docsAt, l)) {
        let v = a + zGet(cached, go, l);
        if (v > 0.0) {
          activeCount = activeCount + 1.0;
          violations = violations + v;
          gRows[go + l] = gRows[go + l] + 1.0; // only this thread touches entry l
        }
      }
    }
    let total = reduceSum(t, activeCount);
    if (t == 0u) { gRows[go + j] = -total; } // relevant entries are never touched above
  }
  let lossRow = reduceSum(t, violations);
  if (t == 0u) { lossRows[i] = lossRow; }
  syncRow();
  if (cached) {
    for (var j = t; j < n; j += WG) { zs[j] = gRows[go + j]; }
  }
  syncRow();
`,
  // x = −z_l·(s_l/T + b) (z_l = ±1), loss term softplus(x) = max(x, 0) + log1p(e^{−|x|}), a_l = −z_l·σ(x) with
  // σ(x) = 1/(1 + e^{−|x|}) for x ≥ 0 and e^{−|x|}/(1 + e^{−|x|}) below (stable on both sides)
  sigmoid: /* wgsl */ `
  _ = localMax;
  var softplusSum = 0.0;
  for (var l = t; l < n; l += WG) {
    let relevant = isRelevant(rowFrom, rowTo, docsAt, l);
    let u = zGet(cached, go, l) + sp.bias;
    let x = select(u, -u, relevant);
    let e = exp(-abs(x));
    let r = 1.0 / (1.0 + e);
    softplusSum = softplusSum + max(x, 0.0) + log1p01(e);
    let sigma = select(r, e * r, x < 0.0);
    let a = select(sigma, -sigma, relevant);
    if (cached) { zs[l] = a; }
    gRows[go + l] = a; // in place of its own logit (only this thread touches entry l)
  }
  let lossRow = reduceSum(t, softplusSum);
  if (t == 0u) { lossRows[i] = lossRow; }
  syncRow();
`,
};

/**
 * Fused per-query step, one workgroup per query i of the block: the scores z = D·qᵢ (over T for InfoNCE and
 * the sigmoid), the objective's loss row and unscaled gradient row aⱼ (written to gRows for the document
 * gradient; see {@link objectiveRows}), ∇qᵢ = gradScale·Σⱼ aⱼ dⱼ, then by mode: Adam on qᵢ and the unit
 * re-normalisation written to qOut (ping-pong: the document gradient still needs the old qᵢ), or ∇qᵢ
 * (`gradient`), or ∇qᵢ/kᵢ (`centroid`) written to qOut.
 *
 * @returns the WGSL and the buffers it binds (bindings 2, 3, … in this order).
 */
export function stepRowsKernel(config: StepRowsConfig): { code: string; bindings: readonly StepRowsBinding[] } {
  const { shape, objective, mode } = config;
  const scoreRows = needsScoreRows(objective, shape);
  const bindings: StepRowsBinding[] = ['qIn', 'qOut', ...(mode === 'adam' ? (['qMoments'] as const) : []), 'docEmb', 'csr', 'gRows', 'lossRows', ...(scoreRows ? (['zRows'] as const) : [])];
  const access: Record<StepRowsBinding, string> = {
    qIn: 'var<storage, read> qIn: array<f32>',
    qOut: 'var<storage, read_write> qOut: array<f32>',
    qMoments: 'var<storage, read_write> qMoments: array<f32>',
    docEmb: 'var<storage, read> docEmb: array<f32>',
    csr: 'var<storage, read> csr: array<u32>',
    gRows: 'var<storage, read_write> gRows: array<f32>',
    lossRows: 'var<storage, read_write> lossRows: array<f32>',
    zRows: 'var<storage, read_write> zRows: array<f32>',
  };
  const declarations = bindings.map((name, k) => `@group(0) @binding(${k + 2}) ${access[name]};`).join('\n');
  const update =
    mode === 'adam'
      ? /* wgsl */ `
  // Adam (bias-corrected, ε added to √v̂) and the unit re-normalisation of the query row
  var sq = 0.0;
  for (var c = t; c < d; c += WG) {
    let g = gs[c];
    let m = sp.beta1 * qMoments[mo + c] + sp.oneMinusBeta1 * g;
    let v = sp.beta2 * qMoments[mo + d + c] + sp.oneMinusBeta2 * g * g;
    qMoments[mo + c] = m;
    qMoments[mo + d + c] = v;
    let x = qs[c] - sp.lrOverC1 * m / (sqrt(v * sp.invC2) + sp.epsilon);
    gs[c] = x;
    sq = sq + x * x;
  }
  let norm2 = reduceSum(t, sq);
  let inv = 1.0 / sqrt(norm2);
  for (var c = t; c < d; c += WG) { qOut[qo + c] = gs[c] * inv; }
`
      : mode === 'gradient'
        ? /* wgsl */ `
  for (var c = t; c < d; c += WG) { qOut[qo + c] = gs[c]; }
`
        : /* wgsl */ `
  // centroid queries: the gradient reaches each of the kᵢ documents the centroid averages
  for (var c = t; c < d; c += WG) { qOut[qo + c] = gs[c] / count; }
`;
  const code = /* wgsl */ `
${constants(shape)}
${stepParams}
@group(0) @binding(0) var<uniform> sp: StepParams;
@group(0) @binding(1) var<uniform> bp: BlockParams;
${declarations}
${reductions}
${rowStorage(scoreRows ? 'zRows' : 'gRows')}
${objective === 'infoNce' ? '' : relevantSearch}
var<workgroup> qs: array<f32, MAXD>;
var<workgroup> gs: array<f32, MAXD>;
var<workgroup> bounds: vec2<u32>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let n = sp.n;
  let d = sp.d;
  let i = bp.start + wid.x;
  let cached = CACHED;
  let qo = i * d;
  ${mode === 'adam' ? 'let mo = i * 2u * d;' : ''}
  let go = wid.x * n;
  if (t == 0u) { bounds = vec2<u32>(csr[i], csr[i + 1u]); }
  let rowBounds = workgroupUniformLoad(&bounds);
  let rowFrom = rowBounds.x;
  let rowTo = rowBounds.y;
  let docsAt = sp.csrDocs;
  let count = f32(rowTo - rowFrom);

  for (var c = t; c < d; c += WG) { qs[c] = qIn[qo + c]; }
  workgroupBarrier();

  // logits (InfoNCE, sigmoid: s/T; hinge: invT = 1, the scores) and their maximum
  var localMax = -BIG;
  for (var j = t; j < n; j += WG) {
    let dOff = j * d;
    var s = 0.0;
    for (var c = 0u; c < d; c++) { s = s + qs[c] * docEmb[dOff + c]; }
    s = s * sp.invT;
    zSet(cached, go, j, s);
    localMax = max(localMax, s);
  }
  storageBarrier();
${objectiveRows[objective]}
  // query gradient: gs[c] = gradScale · Σ_j a_j D[j, c]; threads split j into R interleaved ranges
  if (d <= WG) {
    let R = WG / d;
    var acc = 0.0;
    if (t < R * d) {
      let c = t % d;
      for (var j = t / d; j < n; j += R) { acc = acc + ${scoreRows ? 'gRows[go + j]' : 'zGet(cached, go, j)'} * docEmb[j * d + c]; }
    }
    red[t] = acc;
    workgroupBarrier();
    if (t < d) {
      var s = 0.0;
      for (var r = 0u; r < R; r++) { s = s + red[r * d + t]; }
      gs[t] = s * sp.gradScale;
    }
    workgroupBarrier();
  } else {
    for (var c = t; c < d; c += WG) {
      var s = 0.0;
      for (var j = 0u; j < n; j++) { s = s + ${scoreRows ? 'gRows[go + j]' : 'zGet(cached, go, j)'} * docEmb[j * d + c]; }
      gs[c] = s * sp.gradScale;
    }
    workgroupBarrier();
  }
${update}}
`;
  return { code, bindings };
}

/**
 * Centroid queries: row i of `queries` = (1/kᵢ)·Σ_{j∈Rᵢ} (row j of the documents), one thread per query of the
 * block.
 */
export const CENTROIDS_WGSL = /* wgsl */ `
${stepParams}
@group(0) @binding(0) var<uniform> sp: StepParams;
@group(0) @binding(1) var<uniform> bp: BlockParams;
@group(0) @binding(2) var<storage, read> docEmb: array<f32>;
@group(0) @binding(3) var<storage, read> csr: array<u32>;
@group(0) @binding(4) var<storage, read_write> queries: array<f32>;

@compute @workgroup_size(${ELEMENT_WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x >= bp.size) { return; }
  let i = bp.start + gid.x;
  let d = sp.d;
  let rowFrom = csr[i];
  let rowTo = csr[i + 1u];
  let count = f32(rowTo - rowFrom);
  for (var c = 0u; c < d; c++) {
    var s = 0.0;
    for (var p = rowFrom; p < rowTo; p++) { s = s + docEmb[csr[sp.csrDocs + p] * d + c]; }
    queries[i * d + c] = s / count;
  }
}
`;

/**
 * Centroid queries, the path through the centroids: gD[m] += Σ_{i: m ∈ Rᵢ} (∇qᵢ/kᵢ), the queries of each
 * document in ascending order (the transposed qrels `csc`: n + 1 offsets, then query ids), one thread per
 * element of gD. The step-rows kernel left ∇qᵢ/kᵢ (already scaled) in `queryGradients`.
 */
export const CENTROID_GRADIENT_WGSL = /* wgsl */ `
${stepParams}
@group(0) @binding(0) var<uniform> sp: StepParams;
@group(0) @binding(1) var<storage, read> queryGradients: array<f32>;
@group(0) @binding(2) var<storage, read> csc: array<u32>;
@group(0) @binding(3) var<storage, read_write> gD: array<f32>;

@compute @workgroup_size(${ELEMENT_WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let d = sp.d;
  let e = gid.x;
  if (e >= sp.n * d) { return; }
  let m = e / d;
  let c = e % d;
  let listAt = sp.n + 1u;
  var s = 0.0;
  for (var p = csc[m]; p < csc[m + 1u]; p++) { s = s + queryGradients[csc[listAt + p] * d + c]; }
  gD[e] = gD[e] + s;
}
`;

/**
 * Block share of the document gradient, Gᵀ·Q_block, as a tiled product: workgroup (x, y, s) owns a
 * 16-document × 16-dimension tile and the queries of slice s (256 queries), and writes its partial
 * sum to partials[s] — no atomics; the slices are added in order by {@link REDUCE_PARTIALS_WGSL}.
 */
export const GRADIENT_PARTIALS_WGSL = /* wgsl */ `
const TILE: u32 = ${GRADIENT_TILE}u;
const SLICE: u32 = ${GRADIENT_SLICE}u;
${stepParams}
@group(0) @binding(0) var<uniform> sp: StepParams;
@group(0) @binding(1) var<uniform> bp: BlockParams;
@group(0) @binding(2) var<storage, read> qIn: array<f32>;
@group(0) @binding(3) var<storage, read> gRows: array<f32>;
@group(0) @binding(4) var<storage, read_write> partials: array<f32>;
var<workgroup> gt: array<array<f32, ${GRADIENT_TILE}>, ${GRADIENT_TILE}>;
var<workgroup> qt: array<array<f32, ${GRADIENT_TILE}>, ${GRADIENT_TILE}>;

@compute @workgroup_size(${GRADIENT_TILE}, ${GRADIENT_TILE})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let n = sp.n;
  let d = sp.d;
  let j0 = wid.x * TILE;
  let c0 = wid.y * TILE;
  let begin = wid.z * SLICE;
  let end = min(bp.size, begin + SLICE);
  var acc = 0.0;
  for (var i0 = begin; i0 < end; i0 += TILE) {
    let li = i0 + lid.y;
    var gv = 0.0;
    var qv = 0.0;
    if (li < end) {
      let jl = j0 + lid.x;
      if (jl < n) { gv = gRows[li * n + jl]; }
      let cl = c0 + lid.x;
      if (cl < d) { qv = qIn[(bp.start + li) * d + cl]; }
    }
    gt[lid.y][lid.x] = gv;
    qt[lid.y][lid.x] = qv;
    workgroupBarrier();
    for (var k = 0u; k < TILE; k++) { acc = acc + gt[k][lid.y] * qt[k][lid.x]; }
    workgroupBarrier();
  }
  let j = j0 + lid.y;
  let c = c0 + lid.x;
  if (j < n && c < d) { partials[(wid.z * n + j) * d + c] = acc; }
}
`;

/** gD += (1/(P·T))·Σ_s partials[s], slices in order (one thread per element of gD). */
export const REDUCE_PARTIALS_WGSL = /* wgsl */ `
${stepParams}
@group(0) @binding(0) var<uniform> sp: StepParams;
@group(0) @binding(1) var<uniform> bp: BlockParams;
@group(0) @binding(2) var<storage, read> partials: array<f32>;
@group(0) @binding(3) var<storage, read_write> gD: array<f32>;

@compute @workgroup_size(${ELEMENT_WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let nd = sp.n * sp.d;
  let e = gid.x;
  if (e >= nd) { return; }
  var s = 0.0;
  for (var k = 0u; k < bp.slices; k++) { s = s + partials[k * nd + e]; }
  gD[e] = gD[e] + s * sp.gradScale;
}
`;

/** Adam on every document row, then its unit re-normalisation (one thread per document). */
export const ADAM_DOCUMENTS_WGSL = /* wgsl */ `
${stepParams}
@group(0) @binding(0) var<uniform> sp: StepParams;
@group(0) @binding(1) var<storage, read> gD: array<f32>;
@group(0) @binding(2) var<storage, read_write> docEmb: array<f32>;
@group(0) @binding(3) var<storage, read_write> dMoments: array<f32>;

@compute @workgroup_size(${ELEMENT_WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let j = gid.x;
  if (j >= sp.n) { return; }
  let d = sp.d;
  let o = j * d;
  let mo = j * 2u * d;
  var sq = 0.0;
  for (var c = 0u; c < d; c++) {
    let g = gD[o + c];
    let m = sp.beta1 * dMoments[mo + c] + sp.oneMinusBeta1 * g;
    let v = sp.beta2 * dMoments[mo + d + c] + sp.oneMinusBeta2 * g * g;
    dMoments[mo + c] = m;
    dMoments[mo + d + c] = v;
    let x = docEmb[o + c] - sp.lrOverC1 * m / (sqrt(v * sp.invC2) + sp.epsilon);
    docEmb[o + c] = x;
    sq = sq + x * x;
  }
  let inv = 1.0 / sqrt(sq);
  for (var c = 0u; c < d; c++) { docEmb[o + c] = docEmb[o + c] * inv; }
}
`;

/** loss = lossScale·Σᵢ lossRows[i]: compensated per-thread sums in a fixed order, then a tree. */
export const SUM_LOSS_WGSL = /* wgsl */ `
${stepParams}
@group(0) @binding(0) var<uniform> sp: StepParams;
@group(0) @binding(1) var<storage, read> lossRows: array<f32>;
@group(0) @binding(2) var<storage, read_write> scalars: array<f32>;
var<workgroup> part: array<f32, ${SUM_WORKGROUP}>;

@compute @workgroup_size(${SUM_WORKGROUP})
fn main(@builtin(local_invocation_index) t: u32) {
  var s = 0.0;
  var comp = 0.0;
  for (var i = t; i < sp.q; i += ${SUM_WORKGROUP}u) {
    let y = lossRows[i] - comp;
    let u = s + y;
    comp = (u - s) - y;
    s = u;
  }
  part[t] = s;
  workgroupBarrier();
  for (var w = ${SUM_WORKGROUP / 2}u; w > 0u; w = w >> 1u) {
    if (t < w) { part[t] = part[t] + part[t + w]; }
    workgroupBarrier();
  }
  if (t == 0u) { scalars[0] = part[0] * sp.lossScale; }
}
`;

/**
 * Exact top-k accuracy per query (k = its number of relevant documents), one workgroup per query:
 * scores ⟨qᵢ, dⱼ⟩; exact = max over non-relevant < min over relevant; hits = relevant documents
 * whose rank (documents with a higher score, or an equal score and a lower index) is below k.
 */
export const accuracyRowsWgsl = (shape: RowKernelShape): string => /* wgsl */ `
${constants(shape)}
${stepParams}
@group(0) @binding(0) var<uniform> sp: StepParams;
@group(0) @binding(1) var<uniform> bp: BlockParams;
@group(0) @binding(2) var<storage, read> qIn: array<f32>;
@group(0) @binding(3) var<storage, read> docEmb: array<f32>;
@group(0) @binding(4) var<storage, read> csr: array<u32>;
@group(0) @binding(5) var<storage, read_write> gRows: array<f32>;
@group(0) @binding(6) var<storage, read_write> accRows: array<u32>;
${reductions}
${rowStorage()}
var<workgroup> qs: array<f32, MAXD>;
var<workgroup> bounds: vec2<u32>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let n = sp.n;
  let d = sp.d;
  let i = bp.start + wid.x;
  let cached = CACHED;
  let go = wid.x * n;
  let docsAt = sp.csrDocs;
  if (t == 0u) { bounds = vec2<u32>(csr[i], csr[i + 1u]); }
  let b = workgroupUniformLoad(&bounds);
  for (var c = t; c < d; c += WG) { qs[c] = qIn[i * d + c]; }
  workgroupBarrier();
  for (var j = t; j < n; j += WG) {
    let dOff = j * d;
    var s = 0.0;
    for (var c = 0u; c < d; c++) { s = s + qs[c] * docEmb[dOff + c]; }
    zSet(cached, go, j, s);
  }
  syncRow();

  var lmin = BIG;
  for (var p = b.x + t; p < b.y; p += WG) { lmin = min(lmin, zGet(cached, go, csr[docsAt + p])); }
  let minRelevant = reduceMin(t, lmin);
  var lmax = -BIG;
  for (var j = t; j < n; j += WG) {
    var isRelevant = false;
    for (var p = b.x; p < b.y; p++) {
      if (csr[docsAt + p] == j) { isRelevant = true; break; }
    }
    if (!isRelevant) { lmax = max(lmax, zGet(cached, go, j)); }
  }
  let maxOther = reduceMax(t, lmax);

  let k = f32(b.y - b.x);
  var hits = 0u;
  for (var p = b.x; p < b.y; p++) {
    let j = csr[docsAt + p];
    let s = zGet(cached, go, j);
    var ahead = 0.0;
    for (var l = t; l < n; l += WG) {
      let v = zGet(cached, go, l);
      if (v > s || (v == s && l < j)) { ahead = ahead + 1.0; }
    }
    let total = reduceSum(t, ahead);
    if (total < k) { hits = hits + 1u; }
  }
  if (t == 0u) {
    accRows[2u * i] = hits;
    accRows[2u * i + 1u] = select(0u, 1u, maxOther < minRelevant);
  }
}
`;

/** Σ hits and Σ exact over all queries (integers: exact and order-independent). */
export const SUM_ACCURACY_WGSL = /* wgsl */ `
${stepParams}
@group(0) @binding(0) var<uniform> sp: StepParams;
@group(0) @binding(1) var<storage, read> accRows: array<u32>;
@group(0) @binding(2) var<storage, read_write> scalars: array<u32>;
var<workgroup> hitsPart: array<u32, ${SUM_WORKGROUP}>;
var<workgroup> exactPart: array<u32, ${SUM_WORKGROUP}>;

@compute @workgroup_size(${SUM_WORKGROUP})
fn main(@builtin(local_invocation_index) t: u32) {
  var h = 0u;
  var e = 0u;
  for (var i = t; i < sp.q; i += ${SUM_WORKGROUP}u) {
    h = h + accRows[2u * i];
    e = e + accRows[2u * i + 1u];
  }
  hitsPart[t] = h;
  exactPart[t] = e;
  workgroupBarrier();
  for (var w = ${SUM_WORKGROUP / 2}u; w > 0u; w = w >> 1u) {
    if (t < w) {
      hitsPart[t] = hitsPart[t] + hitsPart[t + w];
      exactPart[t] = exactPart[t] + exactPart[t + w];
    }
    workgroupBarrier();
  }
  if (t == 0u) {
    scalars[1] = hitsPart[0];
    scalars[2] = exactPart[0];
  }
}
`;
