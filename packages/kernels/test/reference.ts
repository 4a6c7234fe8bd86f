// Test-only float64 reference of the paper's step, written as plain loops straight from the formulas
// (independent of the kernel: no blocking, no padding, no fused order), plus problem builders.
import { createDenseMatrix, createRng, type DenseMatrix } from '@limit/core';
import type { EngineQrels, StepEngineInit } from '../src/types.js';

export const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

/** All k-subsets of 0..n−1 in lexicographic order (the LIMIT qrel pattern). */
export function kSubsets(n: number, k: number): number[][] {
  const out: number[][] = [];
  const rec = (start: number, acc: number[]) => {
    if (acc.length === k) return void out.push([...acc]);
    for (let j = start; j < n; j++) rec(j + 1, [...acc, j]);
  };
  rec(0, []);
  return out;
}

export function csr(sets: readonly (readonly number[])[], n: number): EngineQrels {
  const offsets = new Int32Array(sets.length + 1);
  sets.forEach((s, i) => (offsets[i + 1] = offsets[i]! + s.length));
  return { numQueries: sets.length, numDocs: n, offsets, docs: Int32Array.from(sets.flat()) };
}

export function unitRows(rows: number, cols: number, seed: number): DenseMatrix {
  const rng = createRng(seed);
  const data = rng.normals(rows * cols);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += data[r * cols + c]! ** 2;
    for (let c = 0; c < cols; c++) data[r * cols + c] = data[r * cols + c]! / Math.sqrt(s);
  }
  return createDenseMatrix(rows, cols, data);
}

export function problem(n: number, d: number, k: number, seed = 1, extra: Partial<StepEngineInit> = {}): StepEngineInit {
  const sets = kSubsets(n, k);
  return {
    queries: unitRows(sets.length, d, seed),
    documents: unitRows(n, d, seed + 1000),
    qrels: csr(sets, n),
    learningRate: 0.01,
    temperature: 0.1,
    adam: ADAM,
    blockSize: 64,
    ...extra,
  };
}

/** Loss and gradients in float64 at (Q, D): L = −(1/P) Σ_rel log softmax(QDᵀ/T). */
export function lossAndGradients(Q: Float64Array, D: Float64Array, d: number, sets: readonly (readonly number[])[], T: number) {
  const q = sets.length;
  const n = D.length / d;
  const P = sets.reduce((a, s) => a + s.length, 0);
  const gQ = new Float64Array(q * d);
  const gD = new Float64Array(n * d);
  let loss = 0;
  for (let i = 0; i < q; i++) {
    const z: number[] = [];
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += Q[i * d + c]! * D[j * d + c]!;
      z.push(s / T);
    }
    const m = Math.max(...z);
    const lse = m + Math.log(z.reduce((a, v) => a + Math.exp(v - m), 0));
    const rel = new Set(sets[i]);
    for (const j of rel) loss -= (z[j]! - lse) / P;
    for (let j = 0; j < n; j++) {
      // ∂L/∂z_ij = (r_i·p_ij − y_ij)/P, and ∂z_ij/∂q_i = d_j/T, ∂z_ij/∂d_j = q_i/T
      const g = (rel.size * Math.exp(z[j]! - lse) - (rel.has(j) ? 1 : 0)) / (P * T);
      for (let c = 0; c < d; c++) {
        gQ[i * d + c] = gQ[i * d + c]! + g * D[j * d + c]!;
        gD[j * d + c] = gD[j * d + c]! + g * Q[i * d + c]!;
      }
    }
  }
  return { loss, gQ, gD };
}

/** Full-batch Adam (bias-corrected, ε added to √v̂) and unit-row re-normalisation, in float64. */
export class ReferenceStepper {
  readonly Q: Float64Array;
  readonly D: Float64Array;
  private readonly mQ: Float64Array;
  private readonly vQ: Float64Array;
  private readonly mD: Float64Array;
  private readonly vD: Float64Array;
  private t = 0;

  constructor(
    init: StepEngineInit,
    private readonly sets: readonly (readonly number[])[],
  ) {
    this.Q = Float64Array.from(init.queries.data);
    this.D = Float64Array.from(init.documents.data);
    this.mQ = new Float64Array(this.Q.length);
    this.vQ = new Float64Array(this.Q.length);
    this.mD = new Float64Array(this.D.length);
    this.vD = new Float64Array(this.D.length);
    this.d = init.queries.cols;
    this.lr = init.learningRate;
    this.T = init.temperature;
    this.adam = init.adam;
  }
  private readonly d: number;
  private readonly lr: number;
  private readonly T: number;
  private readonly adam: StepEngineInit['adam'];

  step(): number {
    const { loss, gQ, gD } = lossAndGradients(this.Q, this.D, this.d, this.sets, this.T);
    this.t += 1;
    const { beta1, beta2, epsilon } = this.adam;
    for (const [p, g, m, v] of [[this.Q, gQ, this.mQ, this.vQ], [this.D, gD, this.mD, this.vD]] as const) {
      for (let k = 0; k < p.length; k++) {
        m[k] = beta1 * m[k]! + (1 - beta1) * g[k]!;
        v[k] = beta2 * v[k]! + (1 - beta2) * g[k]! ** 2;
        p[k] = p[k]! - (this.lr * (m[k]! / (1 - beta1 ** this.t))) / (Math.sqrt(v[k]! / (1 - beta2 ** this.t)) + epsilon);
      }
      for (let r = 0; r < p.length / this.d; r++) {
        let s = 0;
        for (let c = 0; c < this.d; c++) s += p[r * this.d + c]! ** 2;
        for (let c = 0; c < this.d; c++) p[r * this.d + c] = p[r * this.d + c]! / Math.sqrt(s);
      }
    }
    return loss;
  }
}

/**
 * Brute-force accuracy: sort every document of each query by score (descending; equal scores by the
 * lower document index, a stable sort), take the first k = |rel(q)|; a query is exact when its top-k is
 * its relevant set with a strict gap (no non-relevant document scoring as high as a relevant one).
 */
export function bruteForceAccuracy(Q: ArrayLike<number>, D: ArrayLike<number>, d: number, sets: readonly (readonly number[])[]) {
  const n = D.length / d;
  let exact = 0;
  let hits = 0;
  let total = 0;
  sets.forEach((set, i) => {
    const rel = new Set(set);
    const scored = Array.from({ length: n }, (_, j) => {
      let s = 0;
      for (let c = 0; c < d; c++) s += Math.fround(Q[i * d + c]!) * Math.fround(D[j * d + c]!);
      return { j, s, rel: rel.has(j) };
    });
    const order = [...scored].sort((a, b) => b.s - a.s || a.j - b.j);
    hits += order.slice(0, set.length).filter((e) => e.rel).length;
    total += set.length;
    const minRel = Math.min(...scored.filter((e) => e.rel).map((e) => e.s));
    if (scored.every((e) => e.rel || e.s < minRel)) exact += 1;
  });
  return { exactTopK: exact / sets.length, relevantInTopK: hits / total };
}
