// Float64 reference of the paper's step, written as the numpy yardstick is (dense Z, M and G
// matrices, then the two products), independent of the kernels' per-row formulation.
import type { WebGpuEngineAccuracy, WebGpuStepEngineInit } from '../src/step-engine-types.js';

export class ReferenceTrainer {
  readonly Q: Float64Array;
  readonly D: Float64Array;
  private readonly mQ: Float64Array;
  private readonly vQ: Float64Array;
  private readonly mD: Float64Array;
  private readonly vD: Float64Array;
  private readonly M: Float64Array;
  private t = 0;
  readonly q: number;
  readonly n: number;
  readonly d: number;

  constructor(private readonly init: WebGpuStepEngineInit) {
    this.q = init.queries.rows;
    this.n = init.documents.rows;
    this.d = init.queries.cols;
    this.Q = Float64Array.from(init.queries.data);
    this.D = Float64Array.from(init.documents.data);
    this.mQ = new Float64Array(this.Q.length);
    this.vQ = new Float64Array(this.Q.length);
    this.mD = new Float64Array(this.D.length);
    this.vD = new Float64Array(this.D.length);
    this.M = new Float64Array(this.q * this.n);
    const { offsets, docs } = init.qrels;
    for (let i = 0; i < this.q; i++) for (let p = offsets[i]!; p < offsets[i + 1]!; p++) this.M[i * this.n + docs[p]!] = 1;
  }

  step(): number {
    const { q, n, d, Q, D, M } = this;
    const T = this.init.temperature;
    let P = 0;
    for (const m of M) P += m;
    const G = new Float64Array(q * n);
    let loss = 0;
    for (let i = 0; i < q; i++) {
      const z = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let c = 0; c < d; c++) s += Q[i * d + c]! * D[j * d + c]!;
        z[j] = s / T;
      }
      const max = Math.max(...z);
      let S = 0;
      for (let j = 0; j < n; j++) S += Math.exp(z[j]! - max);
      let r = 0;
      for (let j = 0; j < n; j++) r += M[i * n + j]!;
      for (let j = 0; j < n; j++) {
        const logp = z[j]! - max - Math.log(S);
        loss -= M[i * n + j]! * logp;
        G[i * n + j] = (r * Math.exp(logp) - M[i * n + j]!) / P / T;
      }
    }
    const gQ = new Float64Array(q * d);
    const gD = new Float64Array(n * d);
    for (let i = 0; i < q; i++)
      for (let j = 0; j < n; j++) {
        const g = G[i * n + j]!;
        for (let c = 0; c < d; c++) {
          gQ[i * d + c] = gQ[i * d + c]! + g * D[j * d + c]!;
          gD[j * d + c] = gD[j * d + c]! + g * Q[i * d + c]!;
        }
      }
    this.t += 1;
    const { beta1, beta2, epsilon } = this.init.adam;
    const lr = this.init.learningRate;
    for (const [p, g, m, v, rows] of [[Q, gQ, this.mQ, this.vQ, q], [D, gD, this.mD, this.vD, n]] as const) {
      for (let k = 0; k < p.length; k++) {
        m[k] = beta1 * m[k]! + (1 - beta1) * g[k]!;
        v[k] = beta2 * v[k]! + (1 - beta2) * g[k]! ** 2;
        const mh = m[k]! / (1 - beta1 ** this.t);
        const vh = v[k]! / (1 - beta2 ** this.t);
        p[k] = p[k]! - (lr * mh) / (Math.sqrt(vh) + epsilon);
      }
      for (let r = 0; r < rows; r++) {
        let s = 0;
        for (let c = 0; c < d; c++) s += p[r * d + c]! ** 2;
        const norm = Math.sqrt(s);
        for (let c = 0; c < d; c++) p[r * d + c] = p[r * d + c]! / norm;
      }
    }
    return loss / P;
  }
}

/**
 * Both accuracies by sorting each query's documents (score descending, then index ascending) and
 * taking the first k — from any Q, D (e.g. the engine's own embeddings, to check its kernel).
 */
export function sortedTopKAccuracy(Q: ArrayLike<number>, D: ArrayLike<number>, init: Pick<WebGpuStepEngineInit, 'qrels'>, d: number): WebGpuEngineAccuracy {
  const { offsets, docs, numQueries: q, numDocs: n } = init.qrels;
  let hits = 0;
  let exact = 0;
  let pairs = 0;
  for (let i = 0; i < q; i++) {
    const scores = Array.from({ length: n }, (_, j) => {
      let s = 0;
      for (let c = 0; c < d; c++) s += Math.fround(Q[i * d + c]!) * Math.fround(D[j * d + c]!);
      return s;
    });
    const relevant = new Set(Array.from(docs.subarray(offsets[i]!, offsets[i + 1]!)));
    const k = relevant.size;
    const order = scores.map((s, j) => [s, j] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    const top = order.slice(0, k).map(([, j]) => j);
    const inTop = top.filter((j) => relevant.has(j)).length;
    hits += inTop;
    pairs += k;
    const minRelevant = Math.min(...[...relevant].map((j) => scores[j]!));
    const maxOther = Math.max(-Infinity, ...scores.filter((_, j) => !relevant.has(j)));
    if (maxOther < minRelevant) exact += 1;
  }
  return { relevantInTopK: hits / pairs, exactTopK: exact / q };
}
