// src/engines/js-engine.ts
import { createDenseMatrix } from "@limit/core";
function createJsEngine(init) {
  const { qrels, learningRate, temperature } = init;
  const { beta1, beta2, epsilon } = init.adam;
  const q = init.queries.rows;
  const n = init.documents.rows;
  const d = init.queries.cols;
  const Q = Float64Array.from(init.queries.data);
  const D = Float64Array.from(init.documents.data);
  const mQ = new Float64Array(q * d);
  const vQ = new Float64Array(q * d);
  const mD = new Float64Array(n * d);
  const vD = new Float64Array(n * d);
  const gD = new Float64Array(n * d);
  const gq = new Float64Array(d);
  const z = new Float64Array(n);
  const ez = new Float64Array(n);
  const relevant = new Uint8Array(n);
  const offsets = qrels.offsets;
  const docs = qrels.docs;
  const pairs = offsets[q] - offsets[0];
  const invT = 1 / temperature;
  let t = 0;
  const adamRow = (p, m, v, g, gOffset, offset, step, c1, c2) => {
    let norm = 0;
    for (let c = 0; c < d; c++) {
      const k = offset + c;
      const grad = g[gOffset + c];
      const mk = beta1 * m[k] + (1 - beta1) * grad;
      const vk = beta2 * v[k] + (1 - beta2) * grad * grad;
      m[k] = mk;
      v[k] = vk;
      const value = p[k] - step * (mk / c1) / (Math.sqrt(vk / c2) + epsilon);
      p[k] = value;
      norm += value * value;
    }
    const scale = 1 / Math.sqrt(norm);
    for (let c = 0; c < d; c++) p[offset + c] = p[offset + c] * scale;
  };
  return {
    name: "js",
    async step() {
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
          for (let c = 0; c < d; c++) s += Q[qo + c] * D[dOff + c];
          s *= invT;
          z[j] = s;
          if (s > max) max = s;
        }
        let sum = 0;
        for (let j = 0; j < n; j++) {
          const e = Math.exp(z[j] - max);
          ez[j] = e;
          sum += e;
        }
        const lse = max + Math.log(sum);
        const countOverSum = (offsets[i + 1] - offsets[i]) / sum;
        const from = offsets[i];
        const to = offsets[i + 1];
        for (let p = from; p < to; p++) {
          relevant[docs[p]] = 1;
          loss -= z[docs[p]] - lse;
        }
        gq.fill(0);
        for (let j = 0; j < n; j++) {
          const g = (countOverSum * ez[j] - relevant[j]) * scale;
          const dOff = j * d;
          for (let c = 0; c < d; c++) {
            gq[c] = gq[c] + g * D[dOff + c];
            gD[dOff + c] = gD[dOff + c] + g * Q[qo + c];
          }
        }
        for (let p = from; p < to; p++) relevant[docs[p]] = 0;
        adamRow(Q, mQ, vQ, gq, 0, qo, learningRate, c1, c2);
      }
      for (let j = 0; j < n; j++) adamRow(D, mD, vD, gD, j * d, j * d, learningRate, c1, c2);
      return loss / pairs;
    },
    async accuracy() {
      let correct = 0;
      for (let i = 0; i < q; i++) {
        const from = offsets[i];
        const to = offsets[i + 1];
        for (let p = from; p < to; p++) relevant[docs[p]] = 1;
        let minRelevant = Infinity;
        let maxOther = -Infinity;
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let c = 0; c < d; c++) s += Q[i * d + c] * D[j * d + c];
          if (relevant[j]) {
            if (s < minRelevant) minRelevant = s;
          } else if (s > maxOther) {
            maxOther = s;
          }
        }
        for (let p = from; p < to; p++) relevant[docs[p]] = 0;
        if (minRelevant > maxOther) correct += 1;
      }
      return correct / q;
    },
    async getEmbeddings() {
      return { queries: createDenseMatrix(q, d, Float32Array.from(Q)), documents: createDenseMatrix(n, d, Float32Array.from(D)) };
    },
    async setEmbeddings(queries, documents) {
      Q.set(queries.data);
      D.set(documents.data);
    },
    async dispose() {
    }
  };
}

export {
  createJsEngine
};
