import * as tf from '@tensorflow/tfjs-core';
import { BackendUnavailableError, InvalidArgumentError, isBrowser, isNode } from '@limit/core';
import type { StepEngine, StepEngineInit } from './engine.js';
import type { OrtLike } from './engines/onnx-engine.js';

/** A compute backend the trainer can run on. */
export type BackendName = 'js' | 'cpu' | 'wasm' | 'webgl' | 'webgpu' | 'tensorflow' | 'onnx';

/** What {@link listBackends} says about one backend. */
export interface BackendInfo {
  readonly name: BackendName;
  /** Runtimes it can work in. */
  readonly environments: readonly ('node' | 'browser')[];
  /** The npm module(s) it loads on demand. */
  readonly modules: readonly string[];
  readonly description: string;
}

/** Options forwarded to engine construction. */
export interface EngineOptions {
  /** onnxruntime execution providers (default: `['cpu']` in Node, `['wasm']` in browsers). */
  readonly executionProviders?: readonly string[];
  /** onnxruntime intra-op threads (default: onnxruntime's choice). */
  readonly intraOpNumThreads?: number;
  /**
   * An onnxruntime module to use instead of importing one (`import * as ort from 'onnxruntime-web'` in a
   * browser bundle, where bare dynamic imports do not resolve).
   */
  readonly ort?: unknown;
}

const BACKENDS: readonly BackendInfo[] = [
  {
    name: 'onnx',
    environments: ['node', 'browser'],
    modules: ['onnxruntime-node (Node)', 'onnxruntime-web (browsers)'],
    description: 'onnxruntime: one fused graph per step; the fastest CPU path',
  },
  {
    name: 'js',
    environments: ['node', 'browser'],
    modules: [],
    description: 'fused plain-JavaScript loop in float64: no dependencies, runs anywhere; slower than onnx beyond tiny n',
  },
  {
    name: 'tensorflow',
    environments: ['node'],
    modules: ['@tensorflow/tfjs-node'],
    description: 'tfjs on native TensorFlow (install @tensorflow/tfjs-node yourself)',
  },
  {
    name: 'webgpu',
    environments: ['browser'],
    modules: ['@tensorflow/tfjs-backend-webgpu'],
    description: 'tfjs on WebGPU',
  },
  {
    name: 'webgl',
    environments: ['browser'],
    modules: ['@tensorflow/tfjs-backend-webgl'],
    description: 'tfjs on WebGL 2',
  },
  {
    name: 'wasm',
    environments: ['node', 'browser'],
    modules: ['@tensorflow/tfjs-backend-wasm'],
    description: 'tfjs on WebAssembly (XNNPACK)',
  },
  {
    name: 'cpu',
    environments: ['node', 'browser'],
    modules: ['@tensorflow/tfjs-backend-cpu'],
    description: 'tfjs plain-JavaScript kernels: slow, runs everywhere',
  },
];

/**
 * `'auto'` runs the plain-JS engine when q·n·d (the multiply-adds of one logits pass) is at most this: below
 * it, onnxruntime's per-call overhead costs more than the arithmetic. Crossover measured with
 * `limit bench-step --backend all` on the 2-core machine (README): js 4× onnx at n = 12, d = 4 (q·n·d = 3,168),
 * on par at n = 20, d = 6 (22,800), 3–10× slower at n = 30, d = 8 (104,400).
 */
export const AUTO_JS_MAX_WORK = 20_000;

/** Preference order of `'auto'` for larger problems: fastest first. */
const AUTO_ORDER: Record<'node' | 'browser', readonly BackendName[]> = {
  node: ['onnx', 'tensorflow', 'wasm', 'js', 'cpu'],
  browser: ['webgpu', 'webgl', 'onnx', 'wasm', 'js', 'cpu'],
};

type Environment = 'node' | 'browser';

function currentEnvironment(): Environment {
  return isNode() && !isBrowser() ? 'node' : 'browser';
}

// Non-literal specifiers (with @vite-ignore) keep browser bundlers from resolving Node-only modules.
const importOptional = (specifier: string): Promise<unknown> => import(/* @vite-ignore */ specifier);

/** cpu and wasm are dependencies: literal imports, so bundlers include them; the rest are optional peers. */
async function importBackendModule(name: BackendName): Promise<unknown> {
  if (name === 'cpu') return import('@tensorflow/tfjs-backend-cpu');
  if (name === 'wasm') return import('@tensorflow/tfjs-backend-wasm');
  return importOptional(TFJS_MODULES[name]!);
}

const TFJS_MODULES: Partial<Record<BackendName, string>> = {
  cpu: '@tensorflow/tfjs-backend-cpu',
  wasm: '@tensorflow/tfjs-backend-wasm',
  webgl: '@tensorflow/tfjs-backend-webgl',
  webgpu: '@tensorflow/tfjs-backend-webgpu',
  tensorflow: '@tensorflow/tfjs-node',
};

/** Cached results of loading each backend: the module (or why it failed). */
const loaded = new Map<BackendName, Promise<{ ok: true; module: unknown } | { ok: false; reason: string }>>();

function load(name: BackendName): Promise<{ ok: true; module: unknown } | { ok: false; reason: string }> {
  let entry = loaded.get(name);
  if (entry === undefined) {
    entry = loadUncached(name);
    loaded.set(name, entry);
  }
  return entry;
}

async function loadUncached(name: BackendName): Promise<{ ok: true; module: unknown } | { ok: false; reason: string }> {
  const info = BACKENDS.find((b) => b.name === name)!;
  const env = currentEnvironment();
  if (!info.environments.includes(env)) return { ok: false, reason: `not supported in ${env}` };
  if (name === 'js') return { ok: true, module: undefined };
  try {
    if (name === 'onnx') {
      const mod = (await importOptional(env === 'node' ? 'onnxruntime-node' : 'onnxruntime-web')) as Record<string, unknown>;
      // CommonJS builds may arrive as a namespace whose `default` holds the exports.
      const ort = typeof mod.InferenceSession === 'function' || typeof mod.InferenceSession === 'object' ? mod : (mod.default as Record<string, unknown>);
      if (ort?.InferenceSession === undefined || ort.Tensor === undefined) return { ok: false, reason: 'onnxruntime module without InferenceSession/Tensor' };
      return { ok: true, module: ort };
    }
    // An app may have imported the backend module itself (the usual way in browser bundles): use that.
    const module = tf.findBackendFactory(name) !== null ? undefined : await importBackendModule(name);
    if (tf.findBackendFactory(name) === null) return { ok: false, reason: `${TFJS_MODULES[name]} did not register "${name}"` };
    // tf.setBackend resolves false (it does not throw) when initialisation fails; check that it took.
    const previous = tf.getBackend();
    const ok = await tf.setBackend(name);
    if (!ok || tf.getBackend() !== name) {
      if (previous) await tf.setBackend(previous);
      return { ok: false, reason: `tfjs could not initialise the ${name} backend` };
    }
    return { ok: true, module };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  }
}

/**
 * Every backend the trainer knows, whether or not it can run here.
 *
 * @returns one {@link BackendInfo} per backend, fastest first.
 * @example
 * ```ts
 * listBackends().map((b) => b.name); // ['onnx', 'js', 'tensorflow', 'webgpu', 'webgl', 'wasm', 'cpu']
 * ```
 */
export function listBackends(): readonly BackendInfo[] {
  return BACKENDS;
}

/**
 * The backends that load and initialise in this runtime, in `'auto'` preference order. Loading is by
 * dynamic import on first use (nothing is registered when this package is imported); results are cached.
 *
 * @example
 * ```ts
 * await availableBackends(); // in Node: ['onnx', 'wasm', 'js', 'cpu']
 * ```
 */
export async function availableBackends(): Promise<BackendName[]> {
  const order = AUTO_ORDER[currentEnvironment()];
  const results = [];
  // Sequential: tfjs backends are initialised one by one through the global tf engine.
  for (const name of order) results.push({ name, ok: (await load(name)).ok });
  return results.filter((r) => r.ok).map((r) => r.name);
}

/**
 * Resolves a backend request to a usable backend: `'auto'` picks the fastest available (Node: onnx, then
 * tensorflow, wasm, js, cpu; browsers: webgpu, webgl, onnx, wasm, js, cpu). For a tfjs backend it also makes it the
 * active tfjs backend.
 *
 * @param name - a {@link BackendName} or `'auto'` (default).
 * @returns the backend name that will be used.
 * @throws BackendUnavailableError when the name is unknown or the backend cannot load here; the error
 *   lists the available backends (tfjs' own `setBackend` would fall back silently).
 * @example
 * ```ts
 * await resolveBackend('wasm'); // 'wasm'
 * await resolveBackend('webgpu'); // in Node: throws BackendUnavailableError (available: onnx, wasm, cpu)
 * ```
 */
export async function resolveBackend(name: BackendName | 'auto' = 'auto'): Promise<BackendName> {
  if (name === 'auto') {
    // The first that loads, in preference order (later ones are not loaded at all).
    for (const candidate of AUTO_ORDER[currentEnvironment()]) {
      if ((await load(candidate)).ok) {
        if (isTfjs(candidate)) await activateTfjs(candidate);
        return candidate;
      }
    }
    throw new BackendUnavailableError({ backend: 'auto', available: [], reason: 'no backend could load' });
  }
  if (!BACKENDS.some((b) => b.name === name)) {
    throw new BackendUnavailableError({ backend: String(name), available: await availableBackends(), reason: 'unknown backend' });
  }
  const result = await load(name);
  if (!result.ok) throw new BackendUnavailableError({ backend: name, available: await availableBackends(), reason: result.reason });
  if (isTfjs(name)) await activateTfjs(name);
  return name;
}

function isTfjs(name: BackendName): boolean {
  return name !== 'onnx' && name !== 'js';
}

async function activateTfjs(name: BackendName): Promise<void> {
  if (tf.getBackend() === name) return;
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) {
    throw new BackendUnavailableError({ backend: name, available: await availableBackends(), reason: 'tfjs fell back to another backend' });
  }
}

/**
 * Creates a step engine for the paper's objective on a backend. `'auto'` picks the fastest: the plain-JS
 * engine for tiny problems (q·n·d ≤ {@link AUTO_JS_MAX_WORK}), else the first of {@link availableBackends}.
 * tfjs backends share one engine implementation ({@link createTfjsEngine}); `onnx` runs the fused
 * onnxruntime engine with the onnxruntime module loaded here and injected.
 *
 * @param backend - backend name or `'auto'`.
 * @param init - initial embeddings (drawn on the CPU), qrels and optimiser settings.
 * @param options - onnxruntime settings.
 * @throws BackendUnavailableError when the backend cannot be used here.
 * @example
 * ```ts
 * const engine = await createStepEngine('wasm', init);
 * ```
 */
export async function createStepEngine(
  backend: BackendName | 'auto',
  init: StepEngineInit,
  options: EngineOptions = {},
): Promise<StepEngine> {
  if (typeof backend !== 'string') {
    throw new InvalidArgumentError({ parameter: 'backend', value: backend, message: 'backend must be a backend name or "auto"' });
  }
  const work = init.queries.rows * init.documents.rows * init.queries.cols;
  const injectedOrt = options.ort !== undefined && (backend === 'onnx' || backend === 'auto');
  const name = backend === 'auto' && work <= AUTO_JS_MAX_WORK ? 'js' : injectedOrt ? 'onnx' : await resolveBackend(backend);
  if (name === 'js') {
    const { createJsEngine } = await import('./engines/js-engine.js');
    return createJsEngine(init);
  }
  if (name === 'onnx') {
    const ort = (injectedOrt ? options.ort : ((await load('onnx')) as { module: unknown }).module) as OrtLike;
    const { createOnnxEngine } = await import('./engines/onnx-engine.js');
    const env = currentEnvironment();
    return createOnnxEngine(init, {
      ort,
      executionProviders: [...(options.executionProviders ?? (env === 'node' ? ['cpu'] : ['wasm']))],
      ...(options.intraOpNumThreads !== undefined ? { intraOpNumThreads: options.intraOpNumThreads } : {}),
    });
  }
  const { createTfjsEngine } = await import('./engines/tfjs-engine.js');
  return createTfjsEngine(init, { name: `tfjs-${name}` });
}

