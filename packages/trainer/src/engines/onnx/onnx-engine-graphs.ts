import { GraphBuilder } from '@limit/onnx';

/**
 * The two ONNX graphs behind the onnxruntime step engine (internal to `createOnnxEngine`).
 *
 * Both work on one block of B queries at a time (B is a symbolic dimension, so the last, shorter
 * block runs in the same session). The relevance of a block is given sparsely: `idx` [B, K] holds
 * each query's relevant document ids, padded to K = the largest number of relevant documents with
 * a repeat of the row's first id, `idxz` [B, K] is the same with padding pointing at an extra zero
 * row n, and `w` [B, K] is 1 for a real entry and 0 for padding.
 *
 * Inputs and outputs are packed into few tensors (each tensor crossing the onnxruntime-node binding
 * costs several microseconds per run, which dominates the step at small n):
 * `state` [B, 3d] = [Q | m | v] per query row, `ids` [B, 2K] = [idx | idxz], `wr` [B, K + 1] = [w | rs],
 * `scalars` [2] = [lr/(1 − β1^t), 1/(1 − β2^t)].
 */

/** Names of the step graph's inputs and outputs. */
export const STEP_IO = {
  inputs: ['state', 'D', 'ids', 'wr', 'scalars'] as const,
  outputs: ['state_out', 'gD', 'loss'] as const,
};

/** Hyper-parameters baked into the step graph as constants. */
export interface StepGraphParams {
  numDocs: number;
  dim: number;
  temperature: number;
  /** Total number of relevant (query, document) pairs P. */
  numPairs: number;
  /** K: the largest number of relevant documents of one query (the padded width of `idx`). */
  maxRelevant: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /**
   * Whether log-probabilities may be taken from the softmax output. True when logits span at most
   * 2/T (unit rows) and exp(−2/T)/n stays a normal float32; otherwise a log-sum-exp path is built.
   */
  logFromSoftmax: boolean;
}

/**
 * One block of the step: logits, softmax, the block's loss, the Q-block gradient with its Adam
 * update and row re-normalisation, and the block's contribution to the document gradient.
 *
 * With Z = Q·Dᵀ/T, p = softmax(Z), r_i = Σ_j M_ij and G = (r_i·p − M)/(P·T):
 *   gQ = G·D    = (r_i/(P·T))·(p·D) − (1/(P·T))·Σ_{j ∈ rel(i)} D_j
 *   gD_b = Gᵀ·Q = pᵀ·(r/(P·T) ⊙ Q) − (1/(P·T))·Σ_i Σ_{j ∈ rel(i)} e_j·Q_i   (a scatter-add)
 * so the dense part is two GEMMs on p and the relevance part never needs a dense B × n mask.
 * Inputs: state [B, 3d] (rows of Q and their Adam moments m, v), D [n, d], ids [B, 2K] int64,
 * wr [B, K + 1] (w and rs = r_i/(P·T)), scalars [2] (lrc = lr/(1 − β1^t), bc2 = 1/(1 − β2^t)).
 * Outputs: state_out [B, 3d], gD [n, d], loss [] = −(1/P)·Σ_{rel in block} log p.
 */
export function buildStepGraph(p: StepGraphParams): Uint8Array {
  const b = new GraphBuilder('limit-free-embedding-step');
  const { numDocs: n, dim: d, maxRelevant: K } = p;
  const state = b.input('state', 'float32', ['B', 3 * d]);
  const D = b.input('D', 'float32', [n, d]);
  const ids = b.input('ids', 'int64', ['B', 2 * K]);
  const wr = b.input('wr', 'float32', ['B', K + 1]);
  const scalars = b.input('scalars', 'float32', [2]);
  const [Q, mQ, vQ] = b.opMulti('Split', [state, b.int64s([d, d, d])], 3, { axis: { int: 1 } }) as [string, string, string];
  const [idx, idxz] = b.opMulti('Split', [ids, b.int64s([K, K])], 2, { axis: { int: 1 } }) as [string, string];
  const [w, rs] = b.opMulti('Split', [wr, b.int64s([K, 1])], 2, { axis: { int: 1 } }) as [string, string];
  const [lrc, bc2] = b.opMulti('Split', [scalars, b.int64s([1, 1])], 2, { axis: { int: 0 } }) as [string, string];
  const c = 1 / (p.numPairs * p.temperature);
  const identities = new Float32Array(K * d * d);
  for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) identities[(k * d + j) * d + j] = 1;
  const stackedIdentity = b.initializer('float32', [K * d, d], identities);
  const kOnes = b.int64s([1, K, 1]);

  const Z = b.op('Gemm', [Q, D], { alpha: { float: 1 / p.temperature }, transB: { int: 1 } });
  const prob = b.op('Softmax', [Z], { axis: { int: -1 } });

  // Loss of the block: −(1/P)·Σ w·log p[idx].
  let logp: string;
  if (p.logFromSoftmax) {
    logp = b.op('Log', [b.op('GatherElements', [prob, idx], { axis: { int: 1 } })]);
  } else {
    const max = b.op('ReduceMax', [Z], { axes: { ints: [1] }, keepdims: { int: 1 } });
    const sumExp = b.op('ReduceSum', [b.op('Exp', [b.op('Sub', [Z, max])]), b.int64s([1])], { keepdims: { int: 1 } });
    const lse = b.op('Add', [max, b.op('Log', [sumExp])]);
    logp = b.op('Sub', [b.op('GatherElements', [Z, idx], { axis: { int: 1 } }), lse]);
  }
  const lossSum = b.op('ReduceSum', [b.op('Mul', [logp, w])], { keepdims: { int: 0 } });
  b.output(b.op('Mul', [lossSum, b.constant(-1 / p.numPairs)], undefined, { outputs: ['loss'] }), 'float32', []);

  // Σ_{j ∈ rel(i)} D_j: gather from D with an appended zero row (where padding ids point), then sum
  // the K gathered rows with one small MatMul against K stacked identities (faster than ReduceSum).
  const dExt = b.op('Concat', [D, b.initializer('float32', [1, d], new Float32Array(d))], { axis: { int: 0 } });
  const gathered = b.op('Reshape', [b.op('Gather', [dExt, idxz], { axis: { int: 0 } }), b.int64s([0, -1])]);
  const dRel = b.op('MatMul', [gathered, stackedIdentity]);
  // gQ = rs ⊙ (p·D) − c·dRel
  const gQ = b.op('Sub', [b.op('Mul', [b.op('MatMul', [prob, D]), rs]), b.op('Mul', [dRel, b.constant(c)])]);

  // gD_b = pᵀ·(rs ⊙ Q) − c·scatter_add(Q rows → their relevant documents; padding → the extra row)
  const qRepeated = b.op('Reshape', [b.op('Expand', [b.op('Unsqueeze', [Q, b.int64s([1])]), kOnes]), b.int64s([-1, d])]);
  const flatIdx = b.op('Reshape', [idxz, b.int64s([-1, 1])]);
  const zeros = b.initializer('float32', [n + 1, d], new Float32Array((n + 1) * d));
  const scatteredExt = b.op('ScatterND', [zeros, flatIdx, qRepeated], { reduction: { string: 'add' } });
  const scattered = b.op('Slice', [scatteredExt, b.int64s([0]), b.int64s([n]), b.int64s([0])]);
  const gD = b.op(
    'Gemm',
    [prob, b.op('Mul', [Q, rs]), scattered],
    { transA: { int: 1 }, alpha: { float: 1 }, beta: { float: -c } },
    { outputs: ['gD'] },
  );
  b.output(gD, 'float32', [n, d]);

  // Adam on the block's rows (bias corrections folded into lrc and bc2), then unit rows.
  const m = b.op('Add', [b.op('Mul', [mQ, b.constant(p.beta1)]), b.op('Mul', [gQ, b.constant(1 - p.beta1)])]);
  const v = b.op('Add', [b.op('Mul', [vQ, b.constant(p.beta2)]), b.op('Mul', [b.op('Mul', [gQ, gQ]), b.constant(1 - p.beta2)])]);
  const denom = b.op('Add', [b.op('Sqrt', [b.op('Mul', [v, bc2])]), b.constant(p.epsilon)]);
  const updated = b.op('Sub', [Q, b.op('Div', [b.op('Mul', [m, lrc]), denom])]);
  const norm = b.op('Sqrt', [b.op('ReduceSum', [b.op('Mul', [updated, updated]), b.int64s([1])], { keepdims: { int: 1 } })]);
  const qNew = b.op('Div', [updated, norm]);
  b.output(b.op('Concat', [qNew, m, v], { axis: { int: 1 } }, { outputs: ['state_out'] }), 'float32', ['B', 3 * d]);
  return b.encode({ opsetVersion: 17 });
}

/**
 * Both top-k accuracies for one block of queries. Inputs: the step graph's `state` [B, 3d] (Q is its
 * first d columns), D [n, d], `ids` [B, 2K] (idx is its first K columns; padding repeats a relevant
 * id) and `wr` [B, K + 1] (w is its first K columns: 1 for a real relevant id, 0 for padding).
 * Outputs:
 * - `correct` [B] (bool): the smallest relevant score is strictly greater than the largest other
 *   score, i.e. the top-k is exactly the relevant set (ties count as failures), no sort needed;
 * - `hits` [B] (float): |topK(q) ∩ rel(q)| with k = the query's own number of relevant documents:
 *   TopK with K = the block's largest k (ONNX TopK puts the lower index first among equal scores),
 *   each of the first k positions counted when its id is relevant.
 */
export function buildAccuracyGraph(numDocs: number, dim: number, maxRelevant: number): Uint8Array {
  const b = new GraphBuilder('limit-top-k-accuracy');
  const K = maxRelevant;
  const state = b.input('state', 'float32', ['B', 3 * dim]);
  const D = b.input('D', 'float32', [numDocs, dim]);
  const ids = b.input('ids', 'int64', ['B', 2 * K]);
  const wr = b.input('wr', 'float32', ['B', K + 1]);
  const Q = b.op('Slice', [state, b.int64s([0]), b.int64s([dim]), b.int64s([1])]);
  const idx = b.op('Slice', [ids, b.int64s([0]), b.int64s([K]), b.int64s([1])]);
  const w = b.op('Slice', [wr, b.int64s([0]), b.int64s([K]), b.int64s([1])]);
  const scores = b.op('Gemm', [Q, D], { transB: { int: 1 } });
  const minRelevant = b.op('ReduceMin', [b.op('GatherElements', [scores, idx], { axis: { int: 1 } })], {
    axes: { ints: [1] },
    keepdims: { int: 0 },
  });
  const negInf = b.op('Expand', [b.constant(-Infinity), b.op('Shape', [idx])]);
  const others = b.op('ScatterElements', [scores, idx, negInf], { axis: { int: 1 } });
  const maxOther = b.op('ReduceMax', [others], { axes: { ints: [1] }, keepdims: { int: 0 } });
  b.output(b.op('Greater', [minRelevant, maxOther], undefined, { outputs: ['correct'] }), 'bool', ['B']);

  // top-K ids [B, K]; position p counts when p < k_i (w[i, p] = 1) and its id is one of row i's ids
  const [, topIds] = b.opMulti('TopK', [scores, b.int64s([K])], 2, { axis: { int: 1 }, largest: { int: 1 }, sorted: { int: 1 } }) as [string, string];
  const match = b.op('Equal', [b.op('Unsqueeze', [topIds, b.int64s([2])]), b.op('Unsqueeze', [idx, b.int64s([1])])]);
  const isRelevant = b.op('ReduceMax', [b.op('Cast', [match], { to: { int: 1 } })], { axes: { ints: [2] }, keepdims: { int: 0 } });
  const hits = b.op('ReduceSum', [b.op('Mul', [isRelevant, w]), b.int64s([1])], { keepdims: { int: 0 } }, { outputs: ['hits'] });
  b.output(hits, 'float32', ['B']);
  return b.encode({ opsetVersion: 17 });
}
