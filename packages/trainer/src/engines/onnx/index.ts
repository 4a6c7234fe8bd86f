import { BackendUnavailableError, InvalidArgumentError } from '@limit/core';
import { GraphBuilder } from '@limit/onnx';
import { currentEnvironment, firstLine, importOptional } from '../environment.js';
import type { EngineAvailability, EngineCreateOptions, EngineProvider } from '../provider.js';
import type { OrtModule } from '@limit/onnx';
import { createOnnxEngine } from './onnx-engine.js';
import { probeInit } from '../probe-init.js';

/** Side of the square float32 MatMul the onnx provider times for its peak. */
const PEAK_SIZE = 2048;

let imported: Promise<{ ort: OrtModule } | { reason: string }> | undefined;

/** The onnxruntime module: `runtimes.ort` when given, else (Node only) `import('onnxruntime-node')`, cached. */
function loadOrt(options: EngineCreateOptions = {}): Promise<{ ort: OrtModule } | { reason: string }> {
  const given = options.runtimes?.ort;
  if (given !== undefined) return Promise.resolve(asOrt(given) ?? { reason: 'runtimes.ort is not an onnxruntime module (no InferenceSession/Tensor)' });
  if (currentEnvironment() !== 'node') {
    return Promise.resolve({ reason: "pass the onnxruntime-web module as runtimes.ort (import * as ort from 'onnxruntime-web')" });
  }
  imported ??= importOptional('onnxruntime-node').then(
    (mod) => asOrt(mod) ?? { reason: 'onnxruntime-node has no InferenceSession/Tensor' },
    (error: unknown) => {
      const code = (error as { code?: string } | null)?.code;
      const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
      return {
        reason: missing
          ? 'onnxruntime-node is not installed (an optional peer dependency, needed only by the onnx engine): npm i onnxruntime-node (offline or CPU-only: ONNXRUNTIME_NODE_INSTALL=skip npm i onnxruntime-node)'
          : `cannot import onnxruntime-node (${firstLine(error)})`,
      };
    },
  );
  return imported;
}

/** Accepts the module or a CommonJS namespace whose `default` holds the exports. */
function asOrt(mod: unknown): { ort: OrtModule } | undefined {
  const m = mod as { InferenceSession?: unknown; Tensor?: unknown; default?: unknown } | null;
  if (m !== null && typeof m === 'object' && m.InferenceSession !== undefined && typeof m.Tensor === 'function') return { ort: m as unknown as OrtModule };
  if (m?.default !== undefined && m.default !== m) return asOrt(m.default);
  return undefined;
}

async function ortOrThrow(options: EngineCreateOptions | undefined, executionProviders: readonly string[]): Promise<OrtModule> {
  const loaded = await loadOrt(options);
  if ('reason' in loaded) throw new BackendUnavailableError({ backend: 'onnx', available: [], reason: loaded.reason });
  // onnxruntime-node lists its execution providers; one that is not bundled must be installed separately.
  const list = (loaded.ort as { listSupportedBackends?: () => { name: string; bundled: boolean }[] }).listSupportedBackends;
  if (typeof list === 'function') {
    const supported = list().map((b) => b.name);
    const missing = executionProviders.filter((ep) => ep !== 'cpu' && !supported.includes(ep));
    if (missing.length > 0) {
      throw new BackendUnavailableError({
        backend: `onnx-${missing[0]}`,
        available: supported.map((s) => `onnx-${s}`),
        reason: `this onnxruntime build has no ${missing.join(', ')} execution provider`,
      });
    }
  }
  return loaded.ort;
}

function executionProvidersOf(options: EngineCreateOptions | undefined): string[] {
  const eps = options?.executionProviders;
  if (eps !== undefined && (!Array.isArray(eps) || eps.length === 0 || eps.some((e) => typeof e !== 'string'))) {
    throw new InvalidArgumentError({ parameter: 'engineOptions.executionProviders', value: eps, message: 'executionProviders must be a non-empty list of names' });
  }
  return [...(eps ?? (currentEnvironment() === 'node' ? ['cpu'] : ['wasm']))];
}

const probes = new WeakMap<object, Map<string, Promise<EngineAvailability>>>();

function probe(ort: OrtModule, executionProviders: readonly string[]): Promise<EngineAvailability> {
  let byProviders = probes.get(ort as object);
  if (byProviders === undefined) probes.set(ort as object, (byProviders = new Map()));
  const key = executionProviders.join(',');
  let result = byProviders.get(key);
  if (result === undefined) {
    result = createOnnxEngine(probeInit(), { ort, executionProviders: [...executionProviders] }).then(
      async (engine) => {
        await engine.dispose();
        return { available: true };
      },
      (error: unknown) => ({ available: false, reason: BackendUnavailableError.isInstance(error) && error.reason ? error.reason : firstLine(error) }),
    );
    byProviders.set(key, result);
  }
  return result;
}

/**
 * The `onnx` engine provider: the fused onnxruntime graph per block of queries ({@link createOnnxEngine}),
 * float32. onnxruntime is passed in as `runtimes.ort` (required in browsers) or imported from
 * `onnxruntime-node` in Node. Execution providers come from `executionProviders` (the device table maps
 * `cuda` to `['cuda']`, `webgpu` to `['webgpu']`); one the runtime lacks is a BackendUnavailableError.
 */
export const onnxProvider: EngineProvider = {
  id: 'onnx',
  environments: ['node', 'browser'],
  modules: ['onnxruntime-node (Node)', 'onnxruntime-web (browsers, passed as runtimes.ort)'],
  description: 'onnxruntime: one fused graph per block of queries (float32); the fastest general CPU path',
  precisions: ['float32'],
  async isAvailable(options): Promise<EngineAvailability> {
    const loaded = await loadOrt(options);
    if ('reason' in loaded) return { available: false, reason: loaded.reason };
    // the execution providers asked for (a device's, e.g. cuda) must be in this onnxruntime build, and load:
    // one tiny session per set of them finds out (onnxruntime lists cuda even where its libraries are missing)
    try {
      const executionProviders = executionProvidersOf(options);
      const ort = await ortOrThrow(options, executionProviders);
      if (executionProviders.every((ep) => ep === 'cpu' || ep === 'wasm')) return { available: true };
      return await probe(ort, executionProviders);
    } catch (error) {
      return { available: false, reason: BackendUnavailableError.isInstance(error) && error.reason ? error.reason : firstLine(error) };
    }
  },
  async create(init, options) {
    const executionProviders = executionProvidersOf(options);
    const ort = await ortOrThrow(options, executionProviders);
    return createOnnxEngine(init, {
      ort,
      executionProviders,
      ...(options?.threads !== undefined ? { intraOpNumThreads: options.threads } : {}),
    });
  },
  async measurePeakGflops(options) {
    const executionProviders = executionProvidersOf(options);
    const ort = await ortOrThrow(options, executionProviders);
    const b = new GraphBuilder('limit-gemm-peak');
    const a = b.input('a', 'float32', [PEAK_SIZE, PEAK_SIZE]);
    const c = b.input('b', 'float32', [PEAK_SIZE, PEAK_SIZE]);
    b.output(b.op('MatMul', [a, c], undefined, { outputs: ['c'] }), 'float32', [PEAK_SIZE, PEAK_SIZE]);
    const session = await ort.InferenceSession.create(b.encode({ opsetVersion: 17 }), {
      executionProviders,
      graphOptimizationLevel: 'all',
      ...(options?.threads !== undefined ? { intraOpNumThreads: options.threads } : {}),
    });
    try {
      const data = new Float32Array(PEAK_SIZE * PEAK_SIZE).map((_, i) => ((i * 7919) % 13) / 13 - 0.5);
      const feeds = { a: new ort.Tensor('float32', data, [PEAK_SIZE, PEAK_SIZE]), b: new ort.Tensor('float32', data, [PEAK_SIZE, PEAK_SIZE]) };
      await session.run(feeds); // warm-up
      let best = Infinity;
      for (let r = 0; r < 3; r++) {
        const t0 = performance.now();
        await session.run(feeds);
        best = Math.min(best, (performance.now() - t0) / 1000);
      }
      return (2 * PEAK_SIZE ** 3) / best / 1e9;
    } finally {
      await session.release();
    }
  },
};
