import { createDenseMatrix, type DenseMatrix } from '@limit/core';
import {
  assertEmbeddingShapes,
  createEngineGuard,
  rowTopKAccuracy,
  validateStepEngineInit,
  type EngineAccuracy,
  type LossAndGradients,
  type StepEngine,
  type StepEngineInit,
} from '../contract.js';

type Floats = Float32Array | Float64Array;

/**
 * Creates the plain-JavaScript step engine: the full-batch step as one fused loop per query, in
 * `init.precision` (float32 by default, as JAX: parameters, Adam moments, gradients and scores live in
 * Float32Arrays, so every stored value is rounded to float32; float64 on request), with no tensor library and
 * no per-call overhead. For the small problems of the critical-n search (n ≲ 50, q ≲ 1,000) a step is a few
 * microseconds to a few hundred, where every tensor runtime spends more on dispatch than on arithmetic. It
 * implements every objective (`infoNce`, `hinge`, `sigmoid`) and both query modes (`free`, `centroid`) of the
 * contract, and is the reference the fused kernels are compared with. Runs in Node and browsers.
 *
 * Per query i (never more than one row of scores at a time): sⱼ = ⟨qᵢ, dⱼ⟩ for every document, the score
 * gradient gⱼ = ∂L/∂sᵢⱼ of the objective (InfoNCE: (kᵢ·softmax(s/T)ⱼ − yⱼ)/(P·T); hinge: −(active pairs of j)/N
 * for relevant j and +(active pairs of l)/N for the others; sigmoid: −zⱼ·σ(−zⱼ(sⱼ/T + b))/(T·q·n)), then
 * ∇qᵢ = Σⱼ gⱼ dⱼ and ∇D += g ⊗ qᵢ. A free qᵢ is then Adam-updated and re-normalised at once (it is not needed
 * again this step); a centroid qᵢ passes ∇qᵢ/kᵢ on to its documents. D is updated after all queries, so the
 * scores of every query use the D of the start of the step. Adam is bias-corrected with ε added to √v̂ (as
 * optax.adam).
 *
 * @param init - initial embeddings (unit rows), qrels, learning rate, objective (or temperature), query mode,
 *   Adam settings, precision (`blockSize` is irrelevant here: the loop is per query).
 * @returns a {@link StepEngine} named `js`, with `lossAndGradients()`.
 * @throws InvalidArgumentError / ShapeMismatchError for a bad init (see `validateStepEngineInit`);
 *   EngineStateError (state `disposed`) for any call after `dispose()`.
 * @example
 * ```ts
 * const engine = createJsEngine({ ...init, objective: { name: 'hinge', margin: 0.1 } });
 * const lossBefore = await engine.step();
 * ```
 */
export function createJsEngine(init: StepEngineInit): StepEngine {
  const { q, n, d, numPairs, precision, objective, queryMode } = validateStepEngineInit(init, {
    engine: 'js',
    precisions: ['float32', 'float64'],
    objectives: ['infoNce', 'hinge', 'sigmoid'],
    queryModes: ['free', 'centroid'],
  });
  const { qrels, learningRate } = init;
  const { beta1, beta2, epsilon } = init.adam;
  const centroid = queryMode === 'centroid';
  const F = precision === 'float32' ? Float32Array : Float64Array;
  const Q = F.from(init.queries.data);
  const D = F.from(init.documents.data);
  const mQ = new F(q * d);
  const vQ = new F(q * d);
  const mD = new F(n * d);
  const vD = new F(n * d);
  const gD = new F(n * d);
  const gq = new F(d);
  const qRow = new F(d);
  const z = new F(n);
  const ez = new F(n);
  const g = new Float64Array(n);
  const relevant = new Uint8Array(n);
  const { offsets, docs } = qrels;
  let hingePairs = 0;
  for (let i = 0; i < q; i++) {
    const k = offsets[i + 1]! - offsets[i]!;
    hingePairs += k * (n - k);
  }
  const guard = createEngineGuard('js');
  let t = 0;

  /** The query row of query i into `qRow`: its free parameters, or the mean of its relevant documents. */
  const loadQuery = (i: number) => {
    if (!centroid) {
      for (let c = 0; c < d; c++) qRow[c] = Q[i * d + c]!;
      return;
    }
    qRow.fill(0);
    const from = offsets[i]!;
    const to = offsets[i + 1]!;
    const inv = 1 / (to - from);
    for (let p = from; p < to; p++) {
      const o = docs[p]! * d;
      for (let c = 0; c < d; c++) qRow[c] = qRow[c]! + D[o + c]! * inv;
    }
  };

  /**
   * The objective on query i's row (query in `qRow`, its relevant documents flagged in `relevant`): fills
   * g = ∂L/∂s for the row and returns the row's loss term (before the objective's normalisation).
   */
  const rowGradient = (i: number): number => {
    // InfoNCE keeps logits s/T (scaled before rounding to the engine's precision), the others raw scores.
    const zScale = objective.name === 'infoNce' ? 1 / objective.temperature : 1;
    let max = -Infinity;
    for (let j = 0; j < n; j++) {
      const dOff = j * d;
      let s = 0;
      for (let c = 0; c < d; c++) s += qRow[c]! * D[dOff + c]!;
      s *= zScale;
      z[j] = s;
      if (s > max) max = s;
    }
    const from = offsets[i]!;
    const to = offsets[i + 1]!;
    const k = to - from;
    let loss = 0;
    if (objective.name === 'infoNce') {
      let sum = 0;
      for (let j = 0; j < n; j++) {
        const e = Math.exp(z[j]! - max);
        ez[j] = e;
        sum += e;
      }
      const lse = max + Math.log(sum);
      const countOverSum = k / sum;
      for (let p = from; p < to; p++) loss -= z[docs[p]!]! - lse;
      const scale = 1 / (numPairs * objective.temperature);
      for (let j = 0; j < n; j++) g[j] = (countOverSum * ez[j]! - relevant[j]!) * scale;
      return loss;
    }
    if (objective.name === 'hinge') {
      const gamma = objective.margin;
      g.fill(0);
      const inv = 1 / hingePairs;
      for (let p = from; p < to; p++) {
        const j = docs[p]!;
        const sj = z[j]!;
        for (let l = 0; l < n; l++) {
          if (relevant[l]) continue;
          const violation = gamma - sj + z[l]!;
          if (violation > 0) {
            loss += violation;
            g[j] = g[j]! - inv;
            g[l] = g[l]! + inv;
          }
        }
      }
      return loss;
    }
    const invT = 1 / objective.temperature;
    const scale = 1 / (objective.temperature * q * n);
    for (let j = 0; j < n; j++) {
      const sign = relevant[j] ? 1 : -1;
      const x = -sign * (z[j]! * invT + objective.bias);
      loss += x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
      g[j] = (-sign / (1 + Math.exp(-x))) * scale;
    }
    return loss;
  };

  /** The loss normalisation of the objective (P, N or q·n). */
  const lossScale = objective.name === 'infoNce' ? 1 / numPairs : objective.name === 'hinge' ? 1 / hingePairs : 1 / (q * n);

  /**
   * One pass over every query: gradients into gD (and, for free queries, `onQuery(i)` with ∇qᵢ in gq).
   * @returns the loss.
   */
  const pass = (onQuery: (i: number) => void): number => {
    gD.fill(0);
    let loss = 0;
    for (let i = 0; i < q; i++) {
      const from = offsets[i]!;
      const to = offsets[i + 1]!;
      for (let p = from; p < to; p++) relevant[docs[p]!] = 1;
      loadQuery(i);
      loss += rowGradient(i);
      gq.fill(0);
      for (let j = 0; j < n; j++) {
        const gj = g[j]!;
        const dOff = j * d;
        for (let c = 0; c < d; c++) {
          gq[c] = gq[c]! + gj * D[dOff + c]!;
          gD[dOff + c] = gD[dOff + c]! + gj * qRow[c]!;
        }
      }
      for (let p = from; p < to; p++) relevant[docs[p]!] = 0;
      if (centroid) {
        const inv = 1 / (to - from);
        for (let p = from; p < to; p++) {
          const o = docs[p]! * d;
          for (let c = 0; c < d; c++) gD[o + c] = gD[o + c]! + gq[c]! * inv;
        }
      } else {
        onQuery(i);
      }
    }
    return loss * lossScale;
  };

  /** Adam update of one d-long row at `offset`, then the row re-normalised. */
  const adamRow = (p: Floats, m: Floats, v: Floats, grad: Floats, gOffset: number, offset: number, c1: number, c2: number) => {
    let norm = 0;
    for (let c = 0; c < d; c++) {
      const k = offset + c;
      const gk = grad[gOffset + c]!;
      const mk = beta1 * m[k]! + (1 - beta1) * gk;
      const vk = beta2 * v[k]! + (1 - beta2) * gk * gk;
      m[k] = mk;
      v[k] = vk;
      const value = p[k]! - (learningRate * (mk / c1)) / (Math.sqrt(vk / c2) + epsilon);
      p[k] = value;
      norm += value * value;
    }
    const scale = 1 / Math.sqrt(norm);
    for (let c = 0; c < d; c++) p[offset + c] = p[offset + c]! * scale;
  };

  const currentQueries = (): Floats => {
    if (!centroid) return Q;
    const out = new F(q * d);
    for (let i = 0; i < q; i++) {
      loadQuery(i);
      out.set(qRow, i * d);
    }
    return out;
  };

  return {
    name: 'js',
    precision,

    async step(): Promise<number> {
      guard.assertLive('step');
      t += 1;
      const c1 = 1 - beta1 ** t;
      const c2 = 1 - beta2 ** t;
      const loss = pass((i) => adamRow(Q, mQ, vQ, gq, 0, i * d, c1, c2));
      for (let j = 0; j < n; j++) adamRow(D, mD, vD, gD, j * d, j * d, c1, c2);
      return loss;
    },

    async lossAndGradients(): Promise<LossAndGradients> {
      guard.assertLive('lossAndGradients');
      const gQ = new Float32Array(q * d);
      const loss = pass((i) => gQ.set(gq, i * d));
      return { loss, queries: createDenseMatrix(q, d, gQ), documents: createDenseMatrix(n, d, Float32Array.from(gD)) };
    },

    async accuracy(): Promise<EngineAccuracy> {
      guard.assertLive('accuracy');
      const queries = currentQueries();
      let hits = 0;
      let exact = 0;
      for (let i = 0; i < q; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let c = 0; c < d; c++) s += queries[i * d + c]! * D[j * d + c]!;
          z[j] = s;
        }
        const row = rowTopKAccuracy(z, n, docs, offsets[i]!, offsets[i + 1]!);
        hits += row.hits;
        exact += row.exact;
      }
      return { relevantInTopK: hits / numPairs, exactTopK: exact / q };
    },

    async getEmbeddings(): Promise<{ queries: DenseMatrix; documents: DenseMatrix }> {
      guard.assertLive('getEmbeddings');
      return { queries: createDenseMatrix(q, d, Float32Array.from(currentQueries())), documents: createDenseMatrix(n, d, Float32Array.from(D)) };
    },

    async setEmbeddings(queries: DenseMatrix, documents: DenseMatrix): Promise<void> {
      guard.assertLive('setEmbeddings');
      assertEmbeddingShapes(queries, documents, { q, n, d });
      if (!centroid) Q.set(queries.data);
      D.set(documents.data);
    },

    async dispose(): Promise<void> {
      // Nothing to free (plain arrays, collected with the engine); later calls are refused.
      guard.beginDispose();
    },
  };
}
