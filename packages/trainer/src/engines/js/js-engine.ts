import { EngineStateError, createDenseMatrix, type DenseMatrix } from '@limit/core';
import type { EngineAccuracy, StepEngine, StepEngineInit } from '../../engine.js';
import { assertEmbeddingShapes } from '../assert-embedding-shapes.js';
import { rowTopKAccuracy } from '../top-k-accuracy.js';
import { validateStepEngineInit } from '../validate-step-engine-init.js';

/**
 * Creates the plain-JavaScript step engine: the paper's full-batch step as one fused loop per query, in
 * `init.precision` (float32 by default, as JAX: parameters, Adam moments, gradients and logits live in
 * Float32Arrays, so every stored value is rounded to float32; float64 on request), with no tensor library and no per-call overhead. For the small problems of the critical-n search
 * (n ≲ 50, q ≲ 1,000) a step is a few microseconds to a few hundred, where every tensor runtime spends more
 * on dispatch than on arithmetic; `'auto'` uses it there. Runs in Node and browsers.
 *
 * Per query i (never more than one row of logits at a time): z = D·qᵢ/T, p = softmax(z),
 * loss += Pᵢ·logsumexp(z) − Σ_{j∈Rᵢ} z_j, g = (Pᵢ·p − rᵢ)/(P·T), ∇qᵢ = Σ_j g_j d_j, ∇D += g ⊗ qᵢ; qᵢ is
 * then Adam-updated and re-normalised at once (it is not needed again this step), D after all queries.
 * This is exactly the full-batch step: the logits of every query use the D of the start of the step.
 * Adam is bias-corrected with ε added to √v̂ (as optax.adam).
 *
 * @param init - initial embeddings (float32, unit rows), qrels, learning rate, temperature, Adam settings
 *   (`blockSize` is irrelevant here: the loop is per query).
 * @returns a {@link StepEngine} named `js`.
 * @throws InvalidArgumentError for a bad hyper-parameter, block size, precision or qrels (see
 *   `validateStepEngineInit`); EngineStateError (state `disposed`) for any call after `dispose()`.
 * @throws ShapeMismatchError when the embeddings and qrels disagree on q, n or d (also in `setEmbeddings`).
 * @example
 * ```ts
 * const engine = createJsEngine(init);
 * const lossBefore = await engine.step();
 * ```
 */
export function createJsEngine(init: StepEngineInit): StepEngine {
  const { q, n, d, numPairs: pairs, precision } = validateStepEngineInit(init);
  const { qrels, learningRate, temperature } = init;
  const { beta1, beta2, epsilon } = init.adam;
  const F = precision === 'float32' ? Float32Array : Float64Array;
  const Q = F.from(init.queries.data);
  const D = F.from(init.documents.data);
  const mQ = new F(q * d);
  const vQ = new F(q * d);
  const mD = new F(n * d);
  const vD = new F(n * d);
  const gD = new F(n * d);
  const gq = new F(d);
  const z = new F(n);
  const ez = new F(n);
  const relevant = new Uint8Array(n);
  const offsets = qrels.offsets;
  const docs = qrels.docs;
  const invT = 1 / temperature;
  let t = 0;
  let disposed = false;
  const ensureLive = () => {
    if (disposed) throw new EngineStateError({ state: 'disposed', message: 'the js engine was disposed' });
  };

  /** Adam update of `count` parameters at `offset`, then the row re-normalised (rows are `d` long). */
  const adamRow = (p: Float32Array | Float64Array, m: Float32Array | Float64Array, v: Float32Array | Float64Array, g: Float32Array | Float64Array, gOffset: number, offset: number, step: number, c1: number, c2: number) => {
    let norm = 0;
    for (let c = 0; c < d; c++) {
      const k = offset + c;
      const grad = g[gOffset + c]!;
      const mk = beta1 * m[k]! + (1 - beta1) * grad;
      const vk = beta2 * v[k]! + (1 - beta2) * grad * grad;
      m[k] = mk;
      v[k] = vk;
      const value = p[k]! - (step * (mk / c1)) / (Math.sqrt(vk / c2) + epsilon);
      p[k] = value;
      norm += value * value;
    }
    const scale = 1 / Math.sqrt(norm);
    for (let c = 0; c < d; c++) p[offset + c] = p[offset + c]! * scale;
  };

  return {
    name: 'js',
    precision,

    async step(): Promise<number> {
      ensureLive();
      t += 1;
      const c1 = 1 - beta1 ** t;
      const c2 = 1 - beta2 ** t;
      const scale = 1 / (pairs * temperature);
      gD.fill(0);
      let loss = 0;
      for (let i = 0; i < q; i++) {
        const qo = i * d;
        let max = -Infinity;
        for (let j = 0; j < n; j++) {
          const dOff = j * d;
          let s = 0;
          for (let c = 0; c < d; c++) s += Q[qo + c]! * D[dOff + c]!;
          s *= invT;
          z[j] = s;
          if (s > max) max = s;
        }
        let sum = 0;
        for (let j = 0; j < n; j++) {
          const e = Math.exp(z[j]! - max);
          ez[j] = e;
          sum += e;
        }
        const lse = max + Math.log(sum);
        const countOverSum = (offsets[i + 1]! - offsets[i]!) / sum;
        const from = offsets[i]!;
        const to = offsets[i + 1]!;
        for (let p = from; p < to; p++) {
          relevant[docs[p]!] = 1;
          loss -= z[docs[p]!]! - lse;
        }
        gq.fill(0);
        for (let j = 0; j < n; j++) {
          const g = (countOverSum * ez[j]! - relevant[j]!) * scale;
          const dOff = j * d;
          for (let c = 0; c < d; c++) {
            gq[c] = gq[c]! + g * D[dOff + c]!;
            gD[dOff + c] = gD[dOff + c]! + g * Q[qo + c]!;
          }
        }
        for (let p = from; p < to; p++) relevant[docs[p]!] = 0;
        adamRow(Q, mQ, vQ, gq, 0, qo, learningRate, c1, c2);
      }
      for (let j = 0; j < n; j++) adamRow(D, mD, vD, gD, j * d, j * d, learningRate, c1, c2);
      return loss / pairs;
    },

    async accuracy(): Promise<EngineAccuracy> {
      ensureLive();
      let hits = 0;
      let exact = 0;
      for (let i = 0; i < q; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let c = 0; c < d; c++) s += Q[i * d + c]! * D[j * d + c]!;
          z[j] = s;
        }
        const row = rowTopKAccuracy(z, n, docs, offsets[i]!, offsets[i + 1]!);
        hits += row.hits;
        exact += row.exact;
      }
      return { relevantInTopK: hits / pairs, exactTopK: exact / q };
    },

    async getEmbeddings(): Promise<{ queries: DenseMatrix; documents: DenseMatrix }> {
      ensureLive();
      return { queries: createDenseMatrix(q, d, Float32Array.from(Q)), documents: createDenseMatrix(n, d, Float32Array.from(D)) };
    },

    async setEmbeddings(queries: DenseMatrix, documents: DenseMatrix): Promise<void> {
      ensureLive();
      assertEmbeddingShapes(queries, documents, { q, n, d });
      Q.set(queries.data);
      D.set(documents.data);
    },

    async dispose(): Promise<void> {
      // Nothing to free (plain arrays, collected with the engine); later calls are refused.
      disposed = true;
    },
  };
}
