// src/engines/onnx-engine.ts
import { InvalidArgumentError, ShapeMismatchError, assertFiniteNumber, assertInteger, assertPositive, createDenseMatrix } from "@limit/core";

// src/engines/onnx-engine-graphs.ts
import { GraphBuilder } from "@limit/onnx";
var STEP_IO = {
  inputs: ["state", "D", "ids", "wr", "scalars"],
  outputs: ["state_out", "gD", "loss"]
};
function buildStepGraph(p) {
  const b = new GraphBuilder("limit-free-embedding-step");
  const { numDocs: n, dim: d, maxRelevant: K } = p;
  const state = b.input("state", "float32", ["B", 3 * d]);
  const D = b.input("D", "float32", [n, d]);
  const ids = b.input("ids", "int64", ["B", 2 * K]);
  const wr = b.input("wr", "float32", ["B", K + 1]);
  const scalars = b.input("scalars", "float32", [2]);
  const [Q, mQ, vQ] = b.opMulti("Split", [state, b.int64s([d, d, d])], 3, { axis: { int: 1 } });
  const [idx, idxz] = b.opMulti("Split", [ids, b.int64s([K, K])], 2, { axis: { int: 1 } });
  const [w, rs] = b.opMulti("Split", [wr, b.int64s([K, 1])], 2, { axis: { int: 1 } });
  const [lrc, bc2] = b.opMulti("Split", [scalars, b.int64s([1, 1])], 2, { axis: { int: 0 } });
  const c = 1 / (p.numPairs * p.temperature);
  const identities = new Float32Array(K * d * d);
  for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) identities[(k * d + j) * d + j] = 1;
  const stackedIdentity = b.initializer("float32", [K * d, d], identities);
  const kOnes = b.int64s([1, K, 1]);
  const Z = b.op("Gemm", [Q, D], { alpha: { float: 1 / p.temperature }, transB: { int: 1 } });
  const prob = b.op("Softmax", [Z], { axis: { int: -1 } });
  let logp;
  if (p.logFromSoftmax) {
    logp = b.op("Log", [b.op("GatherElements", [prob, idx], { axis: { int: 1 } })]);
  } else {
    const max = b.op("ReduceMax", [Z], { axes: { ints: [1] }, keepdims: { int: 1 } });
    const sumExp = b.op("ReduceSum", [b.op("Exp", [b.op("Sub", [Z, max])]), b.int64s([1])], { keepdims: { int: 1 } });
    const lse = b.op("Add", [max, b.op("Log", [sumExp])]);
    logp = b.op("Sub", [b.op("GatherElements", [Z, idx], { axis: { int: 1 } }), lse]);
  }
  const lossSum = b.op("ReduceSum", [b.op("Mul", [logp, w])], { keepdims: { int: 0 } });
  b.output(b.op("Mul", [lossSum, b.constant(-1 / p.numPairs)], void 0, { outputs: ["loss"] }), "float32", []);
  const dExt = b.op("Concat", [D, b.initializer("float32", [1, d], new Float32Array(d))], { axis: { int: 0 } });
  const gathered = b.op("Reshape", [b.op("Gather", [dExt, idxz], { axis: { int: 0 } }), b.int64s([0, -1])]);
  const dRel = b.op("MatMul", [gathered, stackedIdentity]);
  const gQ = b.op("Sub", [b.op("Mul", [b.op("MatMul", [prob, D]), rs]), b.op("Mul", [dRel, b.constant(c)])]);
  const qRepeated = b.op("Reshape", [b.op("Expand", [b.op("Unsqueeze", [Q, b.int64s([1])]), kOnes]), b.int64s([-1, d])]);
  const flatIdx = b.op("Reshape", [idxz, b.int64s([-1, 1])]);
  const zeros = b.initializer("float32", [n + 1, d], new Float32Array((n + 1) * d));
  const scatteredExt = b.op("ScatterND", [zeros, flatIdx, qRepeated], { reduction: { string: "add" } });
  const scattered = b.op("Slice", [scatteredExt, b.int64s([0]), b.int64s([n]), b.int64s([0])]);
  const gD = b.op(
    "Gemm",
    [prob, b.op("Mul", [Q, rs]), scattered],
    { transA: { int: 1 }, alpha: { float: 1 }, beta: { float: -c } },
    { outputs: ["gD"] }
  );
  b.output(gD, "float32", [n, d]);
  const m = b.op("Add", [b.op("Mul", [mQ, b.constant(p.beta1)]), b.op("Mul", [gQ, b.constant(1 - p.beta1)])]);
  const v = b.op("Add", [b.op("Mul", [vQ, b.constant(p.beta2)]), b.op("Mul", [b.op("Mul", [gQ, gQ]), b.constant(1 - p.beta2)])]);
  const denom = b.op("Add", [b.op("Sqrt", [b.op("Mul", [v, bc2])]), b.constant(p.epsilon)]);
  const updated = b.op("Sub", [Q, b.op("Div", [b.op("Mul", [m, lrc]), denom])]);
  const norm = b.op("Sqrt", [b.op("ReduceSum", [b.op("Mul", [updated, updated]), b.int64s([1])], { keepdims: { int: 1 } })]);
  const qNew = b.op("Div", [updated, norm]);
  b.output(b.op("Concat", [qNew, m, v], { axis: { int: 1 } }, { outputs: ["state_out"] }), "float32", ["B", 3 * d]);
  return b.encode({ opsetVersion: 17 });
}
function buildAccuracyGraph(numDocs, dim, maxRelevant) {
  const b = new GraphBuilder("limit-top-k-accuracy");
  const state = b.input("state", "float32", ["B", 3 * dim]);
  const D = b.input("D", "float32", [numDocs, dim]);
  const ids = b.input("ids", "int64", ["B", 2 * maxRelevant]);
  const Q = b.op("Slice", [state, b.int64s([0]), b.int64s([dim]), b.int64s([1])]);
  const idx = b.op("Slice", [ids, b.int64s([0]), b.int64s([maxRelevant]), b.int64s([1])]);
  const scores = b.op("Gemm", [Q, D], { transB: { int: 1 } });
  const minRelevant = b.op("ReduceMin", [b.op("GatherElements", [scores, idx], { axis: { int: 1 } })], {
    axes: { ints: [1] },
    keepdims: { int: 0 }
  });
  const negInf = b.op("Expand", [b.constant(-Infinity), b.op("Shape", [idx])]);
  const others = b.op("ScatterElements", [scores, idx, negInf], { axis: { int: 1 } });
  const maxOther = b.op("ReduceMax", [others], { axes: { ints: [1] }, keepdims: { int: 0 } });
  b.output(b.op("Greater", [minRelevant, maxOther], void 0, { outputs: ["correct"] }), "bool", ["B"]);
  return b.encode({ opsetVersion: 17 });
}

// src/engines/onnx-engine.ts
var DEFAULT_CACHE_BLOCK_ENTRIES = 1 << 19;
async function createOnnxEngine(init, options) {
  const { ort } = options;
  if (typeof ort?.InferenceSession?.create !== "function" || typeof ort.Tensor !== "function") {
    throw new InvalidArgumentError({ parameter: "options.ort", value: ort, message: "options.ort must be the onnxruntime module object" });
  }
  const { queries, documents, qrels } = init;
  const q = queries.rows;
  const n = documents.rows;
  const d = queries.cols;
  if (documents.cols !== d) {
    throw new ShapeMismatchError({ parameter: "documents", expected: [n, d], actual: [n, documents.cols], message: "queries and documents need the same dimension" });
  }
  if (queries.data.length !== q * d) throw new ShapeMismatchError({ parameter: "queries.data", expected: [q * d], actual: [queries.data.length] });
  if (documents.data.length !== n * d) throw new ShapeMismatchError({ parameter: "documents.data", expected: [n * d], actual: [documents.data.length] });
  if (qrels.numQueries !== q || qrels.numDocs !== n) {
    throw new ShapeMismatchError({ parameter: "qrels", expected: [q, n], actual: [qrels.numQueries, qrels.numDocs], message: "qrels must be numQueries \xD7 numDocs = q \xD7 n" });
  }
  if (qrels.offsets.length !== q + 1) throw new ShapeMismatchError({ parameter: "qrels.offsets", expected: [q + 1], actual: [qrels.offsets.length] });
  assertInteger("d", d, { min: 1 });
  assertInteger("n", n, { min: 1 });
  const lr = assertPositive("learningRate", init.learningRate);
  const temperature = assertPositive("temperature", init.temperature);
  const { beta1, beta2, epsilon } = init.adam;
  for (const [name, value] of [["adam.beta1", beta1], ["adam.beta2", beta2]]) {
    assertFiniteNumber(name, value);
    if (value < 0 || value >= 1) throw new InvalidArgumentError({ parameter: name, value, message: `${name} (${value}) must be in [0, 1)` });
  }
  assertFiniteNumber("adam.epsilon", epsilon);
  if (epsilon < 0) throw new InvalidArgumentError({ parameter: "adam.epsilon", value: epsilon, message: `adam.epsilon (${epsilon}) must be \u2265 0` });
  const cacheBlockEntries = options.cacheBlockEntries ?? DEFAULT_CACHE_BLOCK_ENTRIES;
  if (!(cacheBlockEntries >= 1)) {
    throw new InvalidArgumentError({ parameter: "options.cacheBlockEntries", value: cacheBlockEntries, message: "cacheBlockEntries must be \u2265 1" });
  }
  const blockSize = Math.min(
    assertInteger("blockSize", init.blockSize, { min: 1 }),
    Math.max(1, Math.floor(cacheBlockEntries / Math.max(n, 1))),
    Math.max(q, 1)
  );
  const threads = options.intraOpNumThreads ?? await detectCores();
  if (threads !== void 0) assertInteger("options.intraOpNumThreads", threads, { min: 1 });
  const executionProviders = options.executionProviders ?? ["cpu"];
  const { offsets, docs } = qrels;
  let kMax = 0;
  const numPairs = offsets[q] - offsets[0];
  for (let i = 0; i < q; i++) {
    const len = offsets[i + 1] - offsets[i];
    if (len < 0) throw new InvalidArgumentError({ parameter: "qrels.offsets", value: offsets[i + 1], message: `qrels.offsets must be non-decreasing (at query ${i})` });
    kMax = Math.max(kMax, len);
  }
  if (numPairs <= 0) throw new InvalidArgumentError({ parameter: "qrels", value: numPairs, message: "qrels must contain at least one relevant pair" });
  const K2 = 2 * kMax;
  const ids = new BigInt64Array(q * K2);
  const wr = new Float32Array(q * (kMax + 1));
  const emptyRow = new Uint8Array(q);
  const seen = new Int32Array(n).fill(-1);
  for (let i = 0; i < q; i++) {
    const from = offsets[i];
    const len = offsets[i + 1] - from;
    wr[i * (kMax + 1) + kMax] = len / (numPairs * temperature);
    emptyRow[i] = len === 0 ? 1 : 0;
    for (let k = 0; k < kMax; k++) {
      const j = len === 0 ? 0 : docs[from + Math.min(k, len - 1)];
      if (k < len) {
        if (!Number.isInteger(j) || j < 0 || j >= n) {
          throw new InvalidArgumentError({ parameter: "qrels.docs", value: j, message: `document id ${j} of query ${i} is outside [0, ${n})` });
        }
        if (seen[j] === i) throw new InvalidArgumentError({ parameter: "qrels.docs", value: j, message: `query ${i} lists document ${j} twice` });
        seen[j] = i;
      }
      ids[i * K2 + k] = BigInt(j);
      ids[i * K2 + kMax + k] = BigInt(k < len ? j : n);
      wr[i * (kMax + 1) + k] = k < len ? 1 : 0;
    }
  }
  const d3 = 3 * d;
  const stateBuf = [new Float32Array(q * d3), new Float32Array(q * d3)];
  writeQueries(stateBuf[0], queries.data, q, d);
  const dBuf = Float32Array.from(documents.data);
  const mD = new Float64Array(n * d);
  const vD = new Float64Array(n * d);
  const gDAcc = new Float64Array(n * d);
  const gDBlock = new Float32Array(n * d);
  const lossBuf = new Float32Array(1);
  const scalarBuf = new Float32Array(2);
  let phase = 0;
  let t = 0;
  const logFromSoftmax = 2 / temperature + Math.log(n) < 80;
  const sessionOptions = {
    executionProviders,
    graphOptimizationLevel: "all",
    executionMode: "sequential",
    ...threads !== void 0 ? { intraOpNumThreads: threads } : {},
    // Idle intra-op threads sleep instead of spinning: on a shared or oversubscribed CPU spinning
    // workers steal the cores the other worker needs (measured: up to 2× slower steps on 2 cores).
    extra: { session: { intra_op: { allow_spinning: "0" } } },
    ...options.sessionOptions
  };
  const stepSession = await ort.InferenceSession.create(
    buildStepGraph({ numDocs: n, dim: d, temperature, numPairs, maxRelevant: kMax, beta1, beta2, epsilon, logFromSoftmax }),
    sessionOptions
  );
  const accuracySession = await ort.InferenceSession.create(buildAccuracyGraph(n, d, kMax), sessionOptions);
  const T = ort.Tensor;
  const dTensor = new T("float32", dBuf, [n, d]);
  const scalarTensor = new T("float32", scalarBuf, [2]);
  const gDTensor = new T("float32", gDBlock, [n, d]);
  const lossTensor = new T("float32", lossBuf, []);
  const blocks = [];
  for (let start = 0; start < q; start += blockSize) {
    const size = Math.min(blockSize, q - start);
    const rows = (a) => new T("float32", a.subarray(start * d3, (start + size) * d3), [size, d3]);
    const idsTensor = new T("int64", ids.subarray(start * K2, (start + size) * K2), [size, K2]);
    const wrTensor = new T("float32", wr.subarray(start * (kMax + 1), (start + size) * (kMax + 1)), [size, kMax + 1]);
    const feeds = (s) => ({ state: rows(stateBuf[s]), D: dTensor, ids: idsTensor, wr: wrTensor, scalars: scalarTensor });
    const fetches = (s) => ({ state_out: rows(stateBuf[s]), gD: gDTensor, loss: lossTensor });
    const correct = new Uint8Array(size);
    blocks.push({
      start,
      size,
      stepFeeds: [feeds(0), feeds(1)],
      stepFetches: [fetches(1), fetches(0)],
      accuracyFeeds: [
        { state: rows(stateBuf[0]), D: dTensor, ids: idsTensor },
        { state: rows(stateBuf[1]), D: dTensor, ids: idsTensor }
      ],
      accuracyFetches: { correct: new T("bool", correct, [size]) },
      correct
    });
  }
  let disposed = false;
  let busy = false;
  const ensureLive = () => {
    if (disposed) throw new InvalidArgumentError({ parameter: "engine", value: "disposed", message: "the onnx engine was disposed" });
    if (busy) throw new InvalidArgumentError({ parameter: "engine", value: "busy", message: "await the previous engine call before the next one" });
  };
  const exclusive = async (work) => {
    ensureLive();
    busy = true;
    try {
      return await work();
    } finally {
      busy = false;
    }
  };
  return {
    name: `onnx-${executionProviders[0] ?? "cpu"}`,
    step: () => exclusive(async () => {
      t += 1;
      scalarBuf[0] = lr / (1 - beta1 ** t);
      scalarBuf[1] = 1 / (1 - beta2 ** t);
      gDAcc.fill(0);
      let loss = 0;
      for (const block of blocks) {
        const fetches = block.stepFetches[phase];
        const result = await stepSession.run(block.stepFeeds[phase], fetches);
        for (const name of STEP_IO.outputs) adoptOutput(result, fetches, name);
        loss += lossBuf[0];
        for (let i = 0; i < gDAcc.length; i++) gDAcc[i] += gDBlock[i];
      }
      phase = 1 - phase;
      const c1 = 1 - beta1 ** t;
      const c2 = 1 - beta2 ** t;
      for (let r = 0; r < n; r++) {
        let sq = 0;
        const base = r * d;
        for (let j = base; j < base + d; j++) {
          const g = gDAcc[j];
          const m = mD[j] = beta1 * mD[j] + (1 - beta1) * g;
          const v = vD[j] = beta2 * vD[j] + (1 - beta2) * g * g;
          const x = dBuf[j] - lr * (m / c1) / (Math.sqrt(v / c2) + epsilon);
          gDAcc[j] = x;
          sq += x * x;
        }
        const inv = 1 / Math.sqrt(sq);
        for (let j = base; j < base + d; j++) dBuf[j] = gDAcc[j] * inv;
      }
      return loss;
    }),
    accuracy: () => exclusive(async () => {
      let correct = 0;
      for (const block of blocks) {
        const result = await accuracySession.run(block.accuracyFeeds[phase], block.accuracyFetches);
        adoptOutput(result, block.accuracyFetches, "correct");
        for (let i = 0; i < block.size; i++) {
          if (block.correct[i] || emptyRow[block.start + i]) correct++;
        }
      }
      return q === 0 ? 0 : correct / q;
    }),
    async getEmbeddings() {
      ensureLive();
      return {
        queries: createDenseMatrix(q, d, readQueries(stateBuf[phase], q, d)),
        documents: createDenseMatrix(n, d, Float32Array.from(dBuf))
      };
    },
    async setEmbeddings(newQueries, newDocuments) {
      ensureLive();
      if (newQueries.rows !== q || newQueries.cols !== d || newQueries.data.length !== q * d) {
        throw new ShapeMismatchError({ parameter: "queries", expected: [q, d], actual: [newQueries.rows, newQueries.cols] });
      }
      if (newDocuments.rows !== n || newDocuments.cols !== d || newDocuments.data.length !== n * d) {
        throw new ShapeMismatchError({ parameter: "documents", expected: [n, d], actual: [newDocuments.rows, newDocuments.cols] });
      }
      writeQueries(stateBuf[phase], newQueries.data, q, d);
      dBuf.set(newDocuments.data);
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      await stepSession.release();
      await accuracySession.release();
    }
  };
}
function adoptOutput(result, fetches, name) {
  const got = result[name]?.data;
  const want = fetches[name].data;
  if (got === void 0) throw new InvalidArgumentError({ parameter: "options.ort", value: name, message: `the runtime returned no output ${name}` });
  if (got.buffer !== want.buffer || got.byteOffset !== want.byteOffset) {
    want.set(got);
  }
}
function writeQueries(state, queries, q, d) {
  for (let i = 0; i < q; i++) {
    for (let j = 0; j < d; j++) state[i * 3 * d + j] = queries[i * d + j];
  }
}
function readQueries(state, q, d) {
  const out = new Float32Array(q * d);
  for (let i = 0; i < q; i++) out.set(state.subarray(i * 3 * d, i * 3 * d + d), i * d);
  return out;
}
async function detectCores() {
  const nav = globalThis.navigator;
  if (nav?.hardwareConcurrency) return nav.hardwareConcurrency;
  try {
    const os = await import(
      /* @vite-ignore */
      "os"
    );
    return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  } catch {
    return void 0;
  }
}
export {
  createOnnxEngine
};
