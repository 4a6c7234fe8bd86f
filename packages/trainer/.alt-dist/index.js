import {
  createJsEngine
} from "./chunk-DPU5VE6L.js";
import {
  createTfjsEngine
} from "./chunk-SM2SZ5V7.js";

// src/train-free-embeddings.ts
import {
  AbortedError,
  InvalidArgumentError as InvalidArgumentError2,
  ShapeMismatchError,
  assertInteger as assertInteger2,
  assertNonNegative,
  assertOneOf,
  assertPositive,
  createRng as createRng2
} from "@limit/core";
import { allCombinationQrels, binomial, qrelMatrixFromRows, sampleCombinations } from "@limit/combinatorics";

// src/backends.ts
import * as tf from "@tensorflow/tfjs-core";
import { BackendUnavailableError, InvalidArgumentError, isBrowser, isNode } from "@limit/core";
var BACKENDS = [
  {
    name: "onnx",
    environments: ["node", "browser"],
    modules: ["onnxruntime-node (Node)", "onnxruntime-web (browsers)"],
    description: "onnxruntime: one fused graph per step; the fastest CPU path"
  },
  {
    name: "js",
    environments: ["node", "browser"],
    modules: [],
    description: "fused plain-JavaScript loop in float64: no dependencies, runs anywhere; slower than onnx beyond tiny n"
  },
  {
    name: "tensorflow",
    environments: ["node"],
    modules: ["@tensorflow/tfjs-node"],
    description: "tfjs on native TensorFlow (install @tensorflow/tfjs-node yourself)"
  },
  {
    name: "webgpu",
    environments: ["browser"],
    modules: ["@tensorflow/tfjs-backend-webgpu"],
    description: "tfjs on WebGPU"
  },
  {
    name: "webgl",
    environments: ["browser"],
    modules: ["@tensorflow/tfjs-backend-webgl"],
    description: "tfjs on WebGL 2"
  },
  {
    name: "wasm",
    environments: ["node", "browser"],
    modules: ["@tensorflow/tfjs-backend-wasm"],
    description: "tfjs on WebAssembly (XNNPACK)"
  },
  {
    name: "cpu",
    environments: ["node", "browser"],
    modules: ["@tensorflow/tfjs-backend-cpu"],
    description: "tfjs plain-JavaScript kernels: slow, runs everywhere"
  }
];
var AUTO_JS_MAX_WORK = 2e4;
var AUTO_ORDER = {
  node: ["onnx", "tensorflow", "wasm", "js", "cpu"],
  browser: ["webgpu", "webgl", "onnx", "wasm", "js", "cpu"]
};
function currentEnvironment() {
  return isNode() && !isBrowser() ? "node" : "browser";
}
var importOptional = (specifier) => import(
  /* @vite-ignore */
  specifier
);
async function importBackendModule(name) {
  if (name === "cpu") return import("@tensorflow/tfjs-backend-cpu");
  if (name === "wasm") return import("@tensorflow/tfjs-backend-wasm");
  return importOptional(TFJS_MODULES[name]);
}
var TFJS_MODULES = {
  cpu: "@tensorflow/tfjs-backend-cpu",
  wasm: "@tensorflow/tfjs-backend-wasm",
  webgl: "@tensorflow/tfjs-backend-webgl",
  webgpu: "@tensorflow/tfjs-backend-webgpu",
  tensorflow: "@tensorflow/tfjs-node"
};
var loaded = /* @__PURE__ */ new Map();
function load(name) {
  let entry = loaded.get(name);
  if (entry === void 0) {
    entry = loadUncached(name);
    loaded.set(name, entry);
  }
  return entry;
}
async function loadUncached(name) {
  const info = BACKENDS.find((b) => b.name === name);
  const env = currentEnvironment();
  if (!info.environments.includes(env)) return { ok: false, reason: `not supported in ${env}` };
  if (name === "js") return { ok: true, module: void 0 };
  try {
    if (name === "onnx") {
      const mod = await importOptional(env === "node" ? "onnxruntime-node" : "onnxruntime-web");
      const ort = typeof mod.InferenceSession === "function" || typeof mod.InferenceSession === "object" ? mod : mod.default;
      if (ort?.InferenceSession === void 0 || ort.Tensor === void 0) return { ok: false, reason: "onnxruntime module without InferenceSession/Tensor" };
      return { ok: true, module: ort };
    }
    const module = tf.findBackendFactory(name) !== null ? void 0 : await importBackendModule(name);
    if (tf.findBackendFactory(name) === null) return { ok: false, reason: `${TFJS_MODULES[name]} did not register "${name}"` };
    const previous = tf.getBackend();
    const ok = await tf.setBackend(name);
    if (!ok || tf.getBackend() !== name) {
      if (previous) await tf.setBackend(previous);
      return { ok: false, reason: `tfjs could not initialise the ${name} backend` };
    }
    return { ok: true, module };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message.split("\n")[0] : String(error) };
  }
}
function listBackends() {
  return BACKENDS;
}
async function availableBackends() {
  const order = AUTO_ORDER[currentEnvironment()];
  const results = [];
  for (const name of order) results.push({ name, ok: (await load(name)).ok });
  return results.filter((r) => r.ok).map((r) => r.name);
}
async function resolveBackend(name = "auto") {
  if (name === "auto") {
    for (const candidate of AUTO_ORDER[currentEnvironment()]) {
      if ((await load(candidate)).ok) {
        if (isTfjs(candidate)) await activateTfjs(candidate);
        return candidate;
      }
    }
    throw new BackendUnavailableError({ backend: "auto", available: [], reason: "no backend could load" });
  }
  if (!BACKENDS.some((b) => b.name === name)) {
    throw new BackendUnavailableError({ backend: String(name), available: await availableBackends(), reason: "unknown backend" });
  }
  const result = await load(name);
  if (!result.ok) throw new BackendUnavailableError({ backend: name, available: await availableBackends(), reason: result.reason });
  if (isTfjs(name)) await activateTfjs(name);
  return name;
}
function isTfjs(name) {
  return name !== "onnx" && name !== "js";
}
async function activateTfjs(name) {
  if (tf.getBackend() === name) return;
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) {
    throw new BackendUnavailableError({ backend: name, available: await availableBackends(), reason: "tfjs fell back to another backend" });
  }
}
async function createStepEngine(backend, init, options = {}) {
  if (typeof backend !== "string") {
    throw new InvalidArgumentError({ parameter: "backend", value: backend, message: 'backend must be a backend name or "auto"' });
  }
  const work = init.queries.rows * init.documents.rows * init.queries.cols;
  const injectedOrt = options.ort !== void 0 && (backend === "onnx" || backend === "auto");
  const name = backend === "auto" && work <= AUTO_JS_MAX_WORK ? "js" : injectedOrt ? "onnx" : await resolveBackend(backend);
  if (name === "js") {
    const { createJsEngine: createJsEngine2 } = await import("./js-engine-ILHEMEIB.js");
    return createJsEngine2(init);
  }
  if (name === "onnx") {
    const ort = injectedOrt ? options.ort : (await load("onnx")).module;
    const { createOnnxEngine } = await import("./onnx-engine-O6EUCH72.js");
    const env = currentEnvironment();
    return createOnnxEngine(init, {
      ort,
      executionProviders: [...options.executionProviders ?? (env === "node" ? ["cpu"] : ["wasm"])],
      ...options.intraOpNumThreads !== void 0 ? { intraOpNumThreads: options.intraOpNumThreads } : {}
    });
  }
  const { createTfjsEngine: createTfjsEngine2 } = await import("./tfjs-engine-DG3SLH7M.js");
  return createTfjsEngine2(init, { name: `tfjs-${name}` });
}

// src/initial-embeddings.ts
import { createDenseMatrix, createRng, assertInteger } from "@limit/core";
function initialEmbeddings(shape, seed) {
  assertInteger("numQueries", shape.numQueries, { min: 1 });
  assertInteger("numDocs", shape.numDocs, { min: 1 });
  assertInteger("d", shape.d, { min: 1 });
  const root = createRng(seed);
  const queryRng = root.split();
  const docRng = root.split();
  const queries = createDenseMatrix(shape.numQueries, shape.d, normalisedGaussian(queryRng.normals(shape.numQueries * shape.d), shape.d));
  const documents = createDenseMatrix(shape.numDocs, shape.d, normalisedGaussian(docRng.normals(shape.numDocs * shape.d), shape.d));
  return { queries, documents };
}
function normalisedGaussian(data, d) {
  for (let start = 0; start < data.length; start += d) {
    let sum = 0;
    for (let j = 0; j < d; j++) sum += data[start + j] * data[start + j];
    const scale = 1 / Math.sqrt(sum);
    for (let j = 0; j < d; j++) data[start + j] = data[start + j] * scale;
  }
  return data;
}

// src/internal/sample-list.ts
function sampleList(values, maxLength = 100) {
  if (values.length <= maxLength) return [...values];
  const out = [];
  const last = values.length - 1;
  for (let i = 0; i < maxLength; i++) {
    out.push(values[Math.floor(i * last / (maxLength - 1) + 1e-9)]);
  }
  return out;
}

// src/train-free-embeddings.ts
var TARGET_BLOCK_ENTRIES = 1 << 21;
async function trainFreeEmbeddings(options) {
  const settings = resolveOptions(options);
  const { n, d, qrels, maxIterations, logInterval, earlyStopping, signal } = settings;
  throwIfAborted(signal);
  const start = options.init === void 0 || options.init === "gaussian" ? initialEmbeddings({ numQueries: qrels.numQueries, numDocs: n, d }, settings.seed) : checkInit(options.init, qrels.numQueries, n, d);
  const engine = await createStepEngine(
    options.backend ?? "auto",
    {
      queries: start.queries,
      documents: start.documents,
      qrels,
      learningRate: settings.learningRate,
      temperature: settings.temperature,
      adam: settings.adam,
      blockSize: settings.blockSize
    },
    options.engineOptions
  );
  const losses = [];
  const accuracies = [];
  const monitorLoss = earlyStopping.monitor === "loss";
  let bestValue = monitorLoss ? Infinity : -Infinity;
  let bestLoss = null;
  let bestAccuracy = null;
  let bestEmbeddings;
  let patienceCounter = 0;
  let maxAccuracy = 0;
  let lastAccuracy = null;
  let stopReason = "max_iterations";
  let iterations = 0;
  const began = now();
  let lastYield = began;
  try {
    for (let i = 0; i < maxIterations; i++) {
      throwIfAborted(signal);
      const loss = await engine.step();
      iterations = i + 1;
      if (!Number.isFinite(loss)) {
        throw new InvalidArgumentError2({
          parameter: "learningRate",
          value: settings.learningRate,
          message: `the loss became ${loss} at step ${i}; lower the learning rate or raise the temperature`
        });
      }
      if (monitorLoss && earlyStopping.enabled) {
        if (loss < bestValue - earlyStopping.minDelta) {
          bestValue = loss;
          bestLoss = loss;
          patienceCounter = 0;
          if (earlyStopping.restoreBest) bestEmbeddings = await engine.getEmbeddings();
        } else {
          patienceCounter += 1;
        }
        if (patienceCounter >= earlyStopping.patience) {
          stopReason = "early_stopping";
          break;
        }
      }
      if (i % logInterval === 0 || i === maxIterations - 1) {
        const accuracy = await engine.accuracy();
        losses.push(loss);
        accuracies.push(accuracy);
        if (accuracy > maxAccuracy) maxAccuracy = accuracy;
        lastAccuracy = accuracy;
        const elapsed = now() - began;
        options.onProgress?.({
          step: i,
          maxIterations,
          loss,
          accuracy,
          stepsPerSecond: elapsed > 0 ? iterations / elapsed : 0,
          elapsedSeconds: elapsed,
          patienceCounter,
          engine: engine.name
        });
        if (!monitorLoss && earlyStopping.enabled) {
          if (accuracy > bestValue + earlyStopping.minDelta) {
            bestValue = accuracy;
            bestLoss = loss;
            bestAccuracy = accuracy;
            patienceCounter = 0;
            if (earlyStopping.restoreBest) bestEmbeddings = await engine.getEmbeddings();
          } else {
            patienceCounter += 1;
          }
          if (patienceCounter >= earlyStopping.patience) {
            stopReason = "early_stopping";
            break;
          }
        }
        if (accuracy >= 1) {
          stopReason = "solved";
          break;
        }
        if (now() - lastYield > 0.05) {
          await yieldToEventLoop();
          lastYield = now();
        }
      }
    }
    throwIfAborted(signal);
    if (earlyStopping.restoreBest && bestEmbeddings !== void 0) {
      await engine.setEmbeddings(bestEmbeddings.queries, bestEmbeddings.documents);
    }
    const finalAccuracy = await engine.accuracy();
    const duration = now() - began;
    const metrics = {
      final_accuracy: finalAccuracy,
      final_loss: losses.length > 0 ? losses[losses.length - 1] : Number.NaN,
      best_loss_monitored: bestLoss,
      best_accuracy_monitored: bestAccuracy,
      losses: sampleList(losses, 100),
      accuracies: sampleList(accuracies, 100),
      max_accuracy_observed: maxAccuracy,
      last_logged_accuracy: lastAccuracy,
      actual_q_generated: qrels.numQueries,
      optimization_duration_seconds: duration,
      iterations,
      stop_reason: stopReason,
      solved: maxAccuracy >= 1 || finalAccuracy >= 1,
      steps_per_second: duration > 0 ? iterations / duration : 0,
      engine: engine.name
    };
    const result = { metrics, qrels };
    if (options.returnEmbeddings) return { ...result, embeddings: await engine.getEmbeddings() };
    return result;
  } finally {
    await engine.dispose();
  }
}
function resolveOptions(options) {
  if (options === null || typeof options !== "object") {
    throw new InvalidArgumentError2({ parameter: "options", value: options, message: "options must be an object" });
  }
  const n = assertInteger2("n", options.n, { min: 2 });
  const d = assertInteger2("d", options.d, { min: 1 });
  const k = assertInteger2("k", options.k ?? 2, { min: 1, max: n - 1 });
  const seed = options.seed ?? 42;
  createRng2(seed);
  const learningRate = assertPositive("learningRate", options.learningRate ?? 0.01);
  const temperature = assertPositive("temperature", options.temperature ?? 0.1);
  const beta1 = assertNonNegative("adam.beta1", options.adam?.beta1 ?? 0.9);
  const beta2 = assertNonNegative("adam.beta2", options.adam?.beta2 ?? 0.999);
  const epsilon = assertPositive("adam.epsilon", options.adam?.epsilon ?? 1e-8);
  if (beta1 >= 1) throw new InvalidArgumentError2({ parameter: "adam.beta1", value: beta1, message: `adam.beta1 (${beta1}) must be < 1` });
  if (beta2 >= 1) throw new InvalidArgumentError2({ parameter: "adam.beta2", value: beta2, message: `adam.beta2 (${beta2}) must be < 1` });
  const maxIterations = assertInteger2("maxIterations", options.maxIterations ?? 1e5, { min: 1 });
  const logInterval = assertInteger2("logInterval", options.logInterval ?? 50, { min: 1 });
  const es = options.earlyStopping;
  if (es !== void 0 && es !== false && (es === null || typeof es !== "object")) {
    throw new InvalidArgumentError2({ parameter: "earlyStopping", value: es, message: "earlyStopping must be an object or false" });
  }
  const esObject = es === false || es === void 0 ? {} : es;
  const earlyStopping = {
    enabled: es !== false,
    monitor: assertOneOf("earlyStopping.monitor", esObject.monitor ?? "loss", ["loss", "accuracy"]),
    patience: assertInteger2("earlyStopping.patience", esObject.patience ?? 1e3, { min: 1 }),
    minDelta: assertNonNegative("earlyStopping.minDelta", esObject.minDelta ?? 1e-5),
    restoreBest: Boolean(esObject.restoreBest ?? false)
  };
  let qrels;
  if (options.qrels !== void 0) {
    if (options.qLimit !== void 0) {
      throw new InvalidArgumentError2({ parameter: "qLimit", value: options.qLimit, message: "qLimit applies to the default qrels; subset your own qrels instead" });
    }
    qrels = checkQrels(options.qrels, n);
  } else if (options.qLimit !== void 0 && BigInt(assertInteger2("qLimit", options.qLimit, { min: 1 })) < binomial(n, k)) {
    const root = createRng2(seed);
    root.split();
    root.split();
    const qrelRng = root.split();
    qrels = qrelMatrixFromRows(sampleCombinations(n, k, options.qLimit, qrelRng), n);
  } else {
    qrels = allCombinationQrels(n, k);
  }
  const blockSize = options.blockSize !== void 0 ? assertInteger2("blockSize", options.blockSize, { min: 1 }) : Math.max(1, Math.floor(TARGET_BLOCK_ENTRIES / n));
  return {
    n,
    d,
    qrels,
    seed,
    learningRate,
    temperature,
    adam: { beta1, beta2, epsilon },
    maxIterations,
    logInterval,
    blockSize,
    earlyStopping,
    signal: options.signal
  };
}
function checkQrels(qrels, n) {
  if (qrels === null || typeof qrels !== "object" || !(qrels.offsets instanceof Int32Array) || !(qrels.docs instanceof Int32Array)) {
    throw new InvalidArgumentError2({ parameter: "qrels", value: qrels, message: "qrels must be a CSR QrelMatrix { numQueries, numDocs, offsets, docs }" });
  }
  if (qrels.numDocs !== n) {
    throw new InvalidArgumentError2({ parameter: "qrels.numDocs", value: qrels.numDocs, message: `qrels.numDocs (${qrels.numDocs}) must equal n (${n})` });
  }
  const q = assertInteger2("qrels.numQueries", qrels.numQueries, { min: 1 });
  if (qrels.offsets.length !== q + 1 || qrels.offsets[0] !== 0 || qrels.offsets[q] !== qrels.docs.length) {
    throw new InvalidArgumentError2({ parameter: "qrels.offsets", value: qrels.offsets, message: "offsets must have numQueries + 1 entries, start at 0 and end at docs.length" });
  }
  const seen = new Int32Array(n).fill(-1);
  for (let i = 0; i < q; i++) {
    const from = qrels.offsets[i];
    const to = qrels.offsets[i + 1];
    if (to - from < 1 || to - from >= n) {
      throw new InvalidArgumentError2({
        parameter: "qrels",
        value: to - from,
        message: `query ${i} has ${to - from} relevant documents; every query needs between 1 and n \u2212 1 (${n - 1})`
      });
    }
    for (let p = from; p < to; p++) {
      const doc = qrels.docs[p];
      if (!(doc >= 0 && doc < n) || seen[doc] === i) {
        throw new InvalidArgumentError2({ parameter: "qrels.docs", value: doc, message: `query ${i} lists document ${doc} twice or outside [0, ${n})` });
      }
      seen[doc] = i;
    }
  }
  return qrels;
}
function checkInit(init, q, n, d) {
  for (const [name, m, rows] of [["init.queries", init.queries, q], ["init.documents", init.documents, n]]) {
    if (m === null || typeof m !== "object" || !(m.data instanceof Float32Array)) {
      throw new InvalidArgumentError2({ parameter: name, value: m, message: `${name} must be a float32 DenseMatrix` });
    }
    if (m.rows !== rows || m.cols !== d || m.data.length !== rows * d) {
      throw new ShapeMismatchError({ parameter: name, expected: [rows, d], actual: [m.rows, m.cols] });
    }
  }
  return init;
}
function throwIfAborted(signal) {
  if (signal?.aborted) throw new AbortedError("training was aborted");
}
function now() {
  return performance.now() / 1e3;
}
function yieldToEventLoop() {
  const g = globalThis;
  return new Promise((resolve) => g.setImmediate ? g.setImmediate(resolve) : setTimeout(resolve, 0));
}

// src/critical-n-search.ts
import { AbortedError as AbortedError2, InvalidArgumentError as InvalidArgumentError3, assertInteger as assertInteger3 } from "@limit/core";
async function criticalNSearch(options) {
  if (typeof options?.evaluate !== "function") {
    throw new InvalidArgumentError3({ parameter: "evaluate", value: options?.evaluate, message: "evaluate must be a function (n, restart) => Promise<{ solved }>" });
  }
  const minN = assertInteger3("minN", options.minN ?? 1, { min: 0 });
  const maxN = options.maxN === void 0 ? Number.MAX_SAFE_INTEGER : assertInteger3("maxN", options.maxN, { min: minN });
  const initialN = assertInteger3("initialN", options.initialN, { min: minN, max: maxN });
  const restarts = assertInteger3("restarts", options.restarts ?? 1, { min: 1 });
  const sweep = options.sweep ?? [-4, -3, -2, -1, 0, 1, 2, 3, 4, 5];
  sweep.forEach((offset, i) => assertInteger3(`sweep[${i}]`, offset));
  const memo = /* @__PURE__ */ new Map();
  let evaluations = 0;
  const solves = async (n, phase) => {
    const known = memo.get(n);
    if (known !== void 0) return known.solved;
    const runs = [];
    for (let restart = 0; restart < restarts; restart++) {
      if (options.signal?.aborted) throw new AbortedError2("critical-n search was aborted");
      const result = await options.evaluate(n, restart);
      evaluations += 1;
      if (result === null || typeof result !== "object" || typeof result.solved !== "boolean") {
        throw new InvalidArgumentError3({ parameter: "evaluate", value: result, message: `evaluate(${n}, ${restart}) must resolve to { solved: boolean }` });
      }
      runs.push(result);
      if (result.solved && options.stopAtFirstSuccess) break;
    }
    const solvedRuns = runs.filter((r) => r.solved).length;
    const trial = { n, solved: solvedRuns > 0, successRate: solvedRuns / runs.length, runs, phase };
    memo.set(n, trial);
    options.onTrial?.(trial);
    return trial.solved;
  };
  let low;
  let high;
  if (await solves(initialN, "gallop")) {
    low = initialN;
    for (let step = 1; ; step *= 2) {
      const next = Math.min(low + step, maxN);
      if (next === low) break;
      if (await solves(next, "gallop")) {
        low = next;
      } else {
        high = next;
        break;
      }
    }
  } else {
    high = initialN;
    for (let step = 1; high > minN; step *= 2) {
      const next = Math.max(high - step, minN);
      if (await solves(next, "gallop")) {
        low = next;
        break;
      }
      high = next;
    }
  }
  let binarySearchN = low;
  if (low !== void 0 && high !== void 0) {
    let lo = low + 1;
    let hi = high - 1;
    while (lo <= hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (await solves(mid, "binary")) {
        binarySearchN = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
  }
  if (binarySearchN !== void 0) {
    for (const offset of sweep) {
      const n = binarySearchN + offset;
      if (n >= minN && n <= maxN) await solves(n, "sweep");
    }
  }
  const trials = [...memo.values()].sort((a, b) => a.n - b.n);
  const solvedNs = trials.filter((t) => t.solved).map((t) => t.n);
  const criticalN = solvedNs.length > 0 ? Math.max(...solvedNs) : void 0;
  const nonMonotone = criticalN === void 0 ? [] : trials.filter((t) => !t.solved && t.n < criticalN).map((t) => t.n);
  return { criticalN, binarySearchN, trials, nonMonotone, evaluations };
}

// src/fit-critical-n.ts
import { InvalidArgumentError as InvalidArgumentError4, assertInteger as assertInteger4 } from "@limit/core";
import { polyfit } from "@limit/matrix";

// src/paper-critical-n.ts
var PAPER_CRITICAL_N = Object.freeze({ 4: 10, 5: 14, 6: 19, 7: 24, 8: 28 });
var PAPER_CUBIC_FIT = Object.freeze({
  coefficients: Object.freeze([-10.5322, 4.0309, 0.052, 37e-4]),
  r2: 0.999
});
function paperCriticalNFit(d) {
  const [c0, c1, c2, c3] = PAPER_CUBIC_FIT.coefficients;
  return c0 + d * (c1 + d * (c2 + d * c3));
}

// src/fit-critical-n.ts
var PAPER_EXTRAPOLATION_DIMENSIONS = Object.freeze([512, 768, 1024, 3072, 4096]);
function fitCriticalN(points, options = {}) {
  const degree = assertInteger4("degree", options.degree ?? 3, { min: 1 });
  if (!Array.isArray(points)) throw new InvalidArgumentError4({ parameter: "points", value: points, message: "points must be an array of { d, criticalN }" });
  points.forEach((p, i) => {
    if (!Number.isFinite(p?.d) || !Number.isFinite(p?.criticalN)) {
      throw new InvalidArgumentError4({ parameter: `points[${i}]`, value: p, message: `points[${i}] needs finite d and criticalN` });
    }
  });
  const distinct = new Set(points.map((p) => p.d)).size;
  if (distinct < degree + 1) {
    throw new InvalidArgumentError4({
      parameter: "points",
      value: points.length,
      message: `a degree-${degree} fit needs at least ${degree + 1} distinct d, got ${distinct}`
    });
  }
  const fit = polyfit(
    points.map((p) => p.d),
    points.map((p) => p.criticalN),
    degree
  );
  const coefficients = Array.from(fit.coefficients);
  const predict = (d) => coefficients.reduceRight((acc, c) => acc * d + c, 0);
  const extrapolation = (options.extrapolateTo ?? PAPER_EXTRAPOLATION_DIMENSIONS).map((d) => ({
    d,
    fitted: predict(d),
    paper: paperCriticalNFit(d)
  }));
  return { coefficients, r2: fit.r2, residualDegreesOfFreedom: points.length - (degree + 1), predict, extrapolation };
}

// src/experiment-parameters.ts
var SIGNATURE_KEYS = [
  "d",
  "early_stopping_min_delta",
  "early_stopping_monitor_metric",
  "early_stopping_patience",
  "early_stopping_restore_best_weights",
  "k",
  "learning_rate",
  "log_interval",
  "n",
  "num_iterations",
  "q",
  "seed",
  "temperature"
];
function experimentParameters(options, backend) {
  const es = options.earlyStopping === false ? void 0 : options.earlyStopping;
  const seed = options.seed ?? 42;
  return {
    n: options.n,
    d: options.d,
    k: options.k ?? 2,
    q: options.qLimit ?? null,
    learning_rate: options.learningRate ?? 0.01,
    num_iterations: options.maxIterations ?? 1e5,
    temperature: options.temperature ?? 0.1,
    seed: typeof seed === "bigint" ? seed.toString() : seed,
    show_progress: false,
    device: backend,
    log_interval: options.logInterval ?? 50,
    // Early stopping disabled is recorded as infinite patience (JSON: a very large number).
    early_stopping_patience: options.earlyStopping === false ? Number.MAX_SAFE_INTEGER : es?.patience ?? 1e3,
    early_stopping_min_delta: es?.minDelta ?? 1e-5,
    early_stopping_monitor_metric: es?.monitor ?? "loss",
    early_stopping_restore_best_weights: es?.restoreBest ?? false,
    backend
  };
}
function parameterSignature(parameters) {
  const picked = {};
  for (const key of SIGNATURE_KEYS) picked[key] = parameters[key] ?? null;
  return JSON.stringify(picked);
}

// src/embedding-certificate.ts
import { DataFormatError, InvalidArgumentError as InvalidArgumentError5, ShapeMismatchError as ShapeMismatchError2, createDenseMatrix as createDenseMatrix2 } from "@limit/core";
import { allCombinationQrels as allCombinationQrels2 } from "@limit/combinatorics";

// src/internal/base64.ts
var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
var LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;
function float32ToBase64(values) {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i], true);
  const parts = [];
  let chunk = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i];
    const b = i + 1 < bytes.length ? bytes[i + 1] : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2] : 0;
    chunk += ALPHABET[a >> 2] + ALPHABET[(a & 3) << 4 | b >> 4];
    chunk += i + 1 < bytes.length ? ALPHABET[(b & 15) << 2 | c >> 6] : "=";
    chunk += i + 2 < bytes.length ? ALPHABET[c & 63] : "=";
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = "";
    }
  }
  parts.push(chunk);
  return parts.join("");
}
function base64ToFloat32(text, length) {
  if (typeof text !== "string" || text.length !== 4 * Math.ceil(length * 4 / 3)) {
    return void 0;
  }
  const bytes = new Uint8Array(length * 4);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const codes = [0, 1, 2, 3].map((j) => {
      const ch = text.charCodeAt(i + j);
      return ch === 61 ? 0 : ch < 128 ? LOOKUP[ch] : -1;
    });
    if (codes.some((c2) => c2 < 0)) return void 0;
    const [a, b, c, d] = codes;
    const triple = a << 18 | b << 12 | c << 6 | d;
    if (o < bytes.length) bytes[o++] = triple >> 16 & 255;
    if (o < bytes.length) bytes[o++] = triple >> 8 & 255;
    if (o < bytes.length) bytes[o++] = triple & 255;
  }
  const view = new DataView(bytes.buffer);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}

// src/embedding-certificate.ts
function createEmbeddingCertificate(input) {
  const { queries, documents, qrels } = input;
  checkShapes(queries, documents, qrels);
  const check = scoreQueries(queries, documents, qrels);
  return {
    format: "limit-embedding-certificate",
    version: 1,
    parameters: input.parameters ?? {},
    qrels: input.qrelsSpec ? { kind: "all-combinations", n: input.qrelsSpec.n, k: input.qrelsSpec.k } : { kind: "explicit", numQueries: qrels.numQueries, numDocs: qrels.numDocs, offsets: Array.from(qrels.offsets), docs: Array.from(qrels.docs) },
    claim: { accuracy: check.correct / qrels.numQueries, minMargin: check.minMargin },
    queries: encode(queries),
    documents: encode(documents)
  };
}
function verifyEmbeddingCertificate(certificate, file = "<certificate>") {
  const { queries, documents, qrels, claim, parameters } = decodeCertificate(certificate, file);
  const check = scoreQueries(queries, documents, qrels);
  const accuracy = check.correct / qrels.numQueries;
  const problems = [];
  if (parameters.d !== void 0 && parameters.d !== queries.cols) problems.push(`parameters.d (${String(parameters.d)}) but the embeddings have d = ${queries.cols}`);
  if (parameters.n !== void 0 && parameters.n !== documents.rows) problems.push(`parameters.n (${String(parameters.n)}) but there are ${documents.rows} documents`);
  if (accuracy !== claim.accuracy) problems.push(`recomputed accuracy ${accuracy} differs from the claimed ${claim.accuracy}`);
  if (!(Math.abs(check.minMargin - claim.minMargin) <= 1e-6)) {
    problems.push(`recomputed minimum margin ${check.minMargin} differs from the claimed ${claim.minMargin}`);
  }
  return {
    verified: problems.length === 0,
    accuracy,
    correctQueries: check.correct,
    numQueries: qrels.numQueries,
    minMargin: check.minMargin,
    claimedAccuracy: claim.accuracy,
    claimedMinMargin: claim.minMargin,
    problems
  };
}
function encode(m) {
  return { rows: m.rows, cols: m.cols, dtype: "float32", encoding: "base64-le", data: float32ToBase64(m.data) };
}
function checkShapes(queries, documents, qrels) {
  if (documents.cols !== queries.cols) {
    throw new ShapeMismatchError2({ parameter: "documents", expected: [-1, queries.cols], actual: [documents.rows, documents.cols] });
  }
  if (queries.rows !== qrels.numQueries) {
    throw new ShapeMismatchError2({ parameter: "queries", expected: [qrels.numQueries, queries.cols], actual: [queries.rows, queries.cols] });
  }
  if (documents.rows !== qrels.numDocs) {
    throw new ShapeMismatchError2({ parameter: "documents", expected: [qrels.numDocs, queries.cols], actual: [documents.rows, documents.cols] });
  }
}
function scoreQueries(queries, documents, qrels) {
  const d = queries.cols;
  const n = documents.rows;
  const scores = new Float64Array(n);
  const relevant = new Uint8Array(n);
  let correct = 0;
  let minMargin = Infinity;
  for (let i = 0; i < qrels.numQueries; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += queries.data[i * d + c] * documents.data[j * d + c];
      scores[j] = s;
    }
    const from = qrels.offsets[i];
    const to = qrels.offsets[i + 1];
    for (let p = from; p < to; p++) relevant[qrels.docs[p]] = 1;
    let minRelevant = Infinity;
    let maxOther = -Infinity;
    for (let j = 0; j < n; j++) {
      if (relevant[j]) minRelevant = Math.min(minRelevant, scores[j]);
      else maxOther = Math.max(maxOther, scores[j]);
    }
    for (let p = from; p < to; p++) relevant[qrels.docs[p]] = 0;
    const margin = minRelevant - maxOther;
    if (margin > 0) correct += 1;
    if (margin < minMargin) minMargin = margin;
  }
  return { correct, minMargin };
}
function decodeCertificate(value, file) {
  const fail = (message) => {
    throw new DataFormatError({ file, line: 0, message });
  };
  if (value === null || typeof value !== "object") fail("not a certificate (expected a JSON object)");
  const c = value;
  if (c.format !== "limit-embedding-certificate" || c.version !== 1) fail("not a limit embedding certificate (format/version)");
  if (typeof c.claim?.accuracy !== "number" || typeof c.claim?.minMargin !== "number") fail("claim.accuracy and claim.minMargin must be numbers");
  const matrix = (m, name) => {
    if (!m || !Number.isSafeInteger(m.rows) || !Number.isSafeInteger(m.cols) || m.rows < 1 || m.cols < 1 || m.dtype !== "float32" || m.encoding !== "base64-le") {
      return fail(`${name} must be { rows, cols, dtype: 'float32', encoding: 'base64-le', data }`);
    }
    const data = base64ToFloat32(m.data, m.rows * m.cols);
    if (data === void 0) return fail(`${name}.data is not base64 of ${m.rows} \xD7 ${m.cols} float32 values`);
    if (!data.every(Number.isFinite)) return fail(`${name} holds non-finite values`);
    return createDenseMatrix2(m.rows, m.cols, data);
  };
  const queries = matrix(c.queries, "queries");
  const documents = matrix(c.documents, "documents");
  let qrels;
  const spec = c.qrels;
  try {
    if (spec?.kind === "all-combinations") {
      qrels = allCombinationQrels2(spec.n, spec.k);
    } else if (spec?.kind === "explicit") {
      qrels = {
        numQueries: spec.numQueries,
        numDocs: spec.numDocs,
        offsets: Int32Array.from(spec.offsets),
        docs: Int32Array.from(spec.docs)
      };
      validateExplicit(qrels);
    } else {
      return fail("qrels must be { kind: 'all-combinations', n, k } or { kind: 'explicit', \u2026 }");
    }
  } catch (error) {
    if (DataFormatError.isInstance(error)) throw error;
    return fail(`bad qrels: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    checkShapes(queries, documents, qrels);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  const parameters = c.parameters !== null && typeof c.parameters === "object" ? c.parameters : {};
  return { queries, documents, qrels, claim: c.claim, parameters };
}
function validateExplicit(q) {
  const bad = (message) => new InvalidArgumentError5({ parameter: "qrels", value: q, message });
  if (!Number.isSafeInteger(q.numQueries) || q.numQueries < 1 || q.offsets.length !== q.numQueries + 1) throw bad("offsets must have numQueries + 1 entries");
  if (q.offsets[0] !== 0 || q.offsets[q.numQueries] !== q.docs.length) throw bad("offsets must start at 0 and end at docs.length");
  for (let i = 0; i < q.numQueries; i++) {
    if (q.offsets[i + 1] <= q.offsets[i]) throw bad(`query ${i} has no relevant document`);
  }
  for (const doc of q.docs) if (!(doc >= 0 && doc < q.numDocs)) throw bad(`document ${doc} outside [0, ${q.numDocs})`);
}
export {
  AUTO_JS_MAX_WORK,
  PAPER_CRITICAL_N,
  PAPER_CUBIC_FIT,
  PAPER_EXTRAPOLATION_DIMENSIONS,
  availableBackends,
  createEmbeddingCertificate,
  createJsEngine,
  createStepEngine,
  createTfjsEngine,
  criticalNSearch,
  experimentParameters,
  fitCriticalN,
  initialEmbeddings,
  listBackends,
  paperCriticalNFit,
  parameterSignature,
  resolveBackend,
  trainFreeEmbeddings,
  verifyEmbeddingCertificate
};
