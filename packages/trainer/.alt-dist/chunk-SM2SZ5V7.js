// src/engines/tfjs-engine.ts
import * as tf from "@tensorflow/tfjs-core";
import { createDenseMatrix } from "@limit/core";
import { infoNceValueAndGradients } from "@limit/losses";
var MAX_CACHED_RELEVANCE_ENTRIES = 32 * 1024 * 1024;
var MASK = 1e6;
async function createTfjsEngine(init, options = {}) {
  await tf.ready();
  const { qrels, temperature, learningRate, adam } = init;
  const q = init.queries.rows;
  const n = init.documents.rows;
  const d = init.queries.cols;
  const relevantPairs = qrels.offsets[q] - qrels.offsets[0];
  const blockSize = Math.max(1, Math.min(q, Math.floor(init.blockSize)));
  const cacheRelevance = q * n <= MAX_CACHED_RELEVANCE_ENTRIES;
  const [queries, documents, mQ, vQ, mD, vD] = tf.tidy(() => [
    tf.variable(tf.tensor2d(init.queries.data, [q, d], "float32"), false),
    tf.variable(tf.tensor2d(init.documents.data, [n, d], "float32"), false),
    tf.variable(tf.zeros([q, d]), false),
    tf.variable(tf.zeros([q, d]), false),
    tf.variable(tf.zeros([n, d]), false),
    tf.variable(tf.zeros([n, d]), false)
  ]);
  const blocks = buildBlocks(qrels, blockSize, cacheRelevance);
  let t = 0;
  let disposed = false;
  const relevanceOf = (block) => block.relevance ?? tf.scatterND(block.indices, block.ones, [block.size, n]);
  const sliceQueries = (block) => blocks.length === 1 ? queries : tf.slice(queries, [block.start, 0], [block.size, d]);
  const backend = tf.getBackend();
  const checkAlive = async () => {
    if (disposed) throw new Error("engine was disposed");
    if (tf.getBackend() !== backend) await tf.setBackend(backend);
  };
  return {
    name: options.name ?? `tfjs-${backend}`,
    async step() {
      await checkAlive();
      t += 1;
      let loss = tf.scalar(0);
      let gradD;
      const gradQBlocks = [];
      for (const block of blocks) {
        const result = tf.tidy(() => {
          const r = infoNceValueAndGradients(sliceQueries(block), documents, relevanceOf(block), {
            temperature,
            normalizer: relevantPairs,
            // The trainer checks the loss itself; skipping the check saves a device read per block.
            checkFinite: false
          });
          return { loss: r.loss, queryGradient: r.queryGradient, candidateGradient: r.candidateGradient };
        });
        const nextLoss = tf.add(loss, result.loss);
        loss.dispose();
        result.loss.dispose();
        loss = nextLoss;
        if (gradD === void 0) {
          gradD = result.candidateGradient;
        } else {
          const nextGradD = tf.add(gradD, result.candidateGradient);
          gradD.dispose();
          result.candidateGradient.dispose();
          gradD = nextGradD;
        }
        gradQBlocks.push(result.queryGradient);
      }
      tf.tidy(() => {
        const gradQ = gradQBlocks.length === 1 ? gradQBlocks[0] : tf.concat2d(gradQBlocks, 0);
        const c1 = 1 - adam.beta1 ** t;
        const c2 = 1 - adam.beta2 ** t;
        adamUpdate(queries, mQ, vQ, gradQ, learningRate, adam, c1, c2);
        adamUpdate(documents, mD, vD, gradD, learningRate, adam, c1, c2);
      });
      for (const g of gradQBlocks) g.dispose();
      gradD.dispose();
      const lossTensor = loss;
      const value = (await lossTensor.data())[0];
      lossTensor.dispose();
      return value;
    },
    async accuracy() {
      await checkAlive();
      const correctTensor = tf.tidy(() => {
        let correct = tf.scalar(0, "int32");
        for (const block of blocks) {
          const blockCorrect = tf.tidy(() => {
            const scores = tf.matMul(sliceQueries(block), documents, false, true);
            const relevance = relevanceOf(block);
            const minRelevant = tf.min(tf.add(scores, tf.mul(tf.sub(1, relevance), MASK)), 1);
            const maxOther = tf.max(tf.sub(scores, tf.mul(relevance, MASK)), 1);
            return tf.sum(tf.cast(tf.greater(minRelevant, maxOther), "int32"));
          });
          const next = tf.add(correct, blockCorrect);
          correct.dispose();
          blockCorrect.dispose();
          correct = next;
        }
        return correct;
      });
      const value = (await correctTensor.data())[0];
      correctTensor.dispose();
      return value / q;
    },
    async getEmbeddings() {
      await checkAlive();
      const [qData, dData] = await Promise.all([queries.data(), documents.data()]);
      return {
        queries: createDenseMatrix(q, d, Float32Array.from(qData)),
        documents: createDenseMatrix(n, d, Float32Array.from(dData))
      };
    },
    async setEmbeddings(newQueries, newDocuments) {
      await checkAlive();
      tf.tidy(() => {
        queries.assign(tf.tensor2d(newQueries.data, [q, d], "float32"));
        documents.assign(tf.tensor2d(newDocuments.data, [n, d], "float32"));
      });
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      for (const v of [queries, documents, mQ, vQ, mD, vD]) v.dispose();
      for (const block of blocks) {
        block.relevance?.dispose();
        block.indices.dispose();
        block.ones.dispose();
      }
    }
  };
}
function adamUpdate(param, m, v, grad, learningRate, adam, c1, c2) {
  const newM = tf.add(tf.mul(m, adam.beta1), tf.mul(grad, 1 - adam.beta1));
  const newV = tf.add(tf.mul(v, adam.beta2), tf.mul(tf.square(grad), 1 - adam.beta2));
  const update = tf.div(tf.mul(newM, learningRate / c1), tf.add(tf.sqrt(tf.div(newV, c2)), adam.epsilon));
  const moved = tf.sub(param, update);
  const normalised = tf.div(moved, tf.norm(moved, "euclidean", 1, true));
  m.assign(newM);
  v.assign(newV);
  param.assign(normalised);
}
function buildBlocks(qrels, blockSize, cacheRelevance) {
  const blocks = [];
  const n = qrels.numDocs;
  for (let start = 0; start < qrels.numQueries; start += blockSize) {
    const size = Math.min(blockSize, qrels.numQueries - start);
    const from = qrels.offsets[start];
    const to = qrels.offsets[start + size];
    const pairs = new Int32Array(2 * (to - from));
    for (let i = 0; i < size; i++) {
      for (let p = qrels.offsets[start + i]; p < qrels.offsets[start + i + 1]; p++) {
        pairs[2 * (p - from)] = i;
        pairs[2 * (p - from) + 1] = qrels.docs[p];
      }
    }
    let relevance;
    if (cacheRelevance) {
      const dense = new Float32Array(size * n);
      for (let p = 0; p < pairs.length; p += 2) dense[pairs[p] * n + pairs[p + 1]] = 1;
      relevance = tf.tensor2d(dense, [size, n], "float32");
    }
    blocks.push({
      start,
      size,
      relevance,
      indices: tf.tensor2d(pairs, [to - from, 2], "int32"),
      ones: tf.ones([to - from], "float32")
    });
  }
  return blocks;
}

export {
  createTfjsEngine
};
