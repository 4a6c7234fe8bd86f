import { BackendUnavailableError } from '@limit/core';
import type { StepEngine, StepEngineInit } from '../contract.js';
import { firstLine, importOptional } from '../environment.js';
import type { EngineAvailability, EngineCreateOptions, EngineProvider } from '../provider.js';
import { probeInit } from '../probe-init.js';

/** The part of `@limit/webgpu` this provider uses (structurally typed: no compile-time dependency). */
interface WebGpuModule {
  createWebGpuStepEngine(init: StepEngineInit, options?: { gpu?: unknown }): Promise<StepEngine>;
}

const PACKAGE = '@limit/webgpu';
let imported: Promise<{ module: WebGpuModule } | { reason: string }> | undefined;

function asModule(mod: unknown): WebGpuModule | undefined {
  const m = mod as { createWebGpuStepEngine?: unknown; default?: { createWebGpuStepEngine?: unknown } } | null;
  if (typeof m?.createWebGpuStepEngine === 'function') return m as unknown as WebGpuModule;
  if (typeof m?.default?.createWebGpuStepEngine === 'function') return m.default as unknown as WebGpuModule;
  return undefined;
}

/** `runtimes.webgpu` when given, else `import('@limit/webgpu')` (cached). */
function load(options: EngineCreateOptions = {}): Promise<{ module: WebGpuModule } | { reason: string }> {
  const given = options.runtimes?.webgpu;
  if (given !== undefined) {
    const module = asModule(given);
    return Promise.resolve(module ? { module } : { reason: `runtimes.webgpu is not the ${PACKAGE} module (no createWebGpuStepEngine)` });
  }
  imported ??= importOptional(PACKAGE).then(
    (mod) => {
      const module = asModule(mod);
      return module ? { module } : { reason: `${PACKAGE} has no createWebGpuStepEngine` };
    },
    (error: unknown) => ({
      reason: `cannot import ${PACKAGE} (${firstLine(error)}); install it (and, in Node, the "webgpu" package: npm install ${PACKAGE} webgpu), or pass it as runtimes.webgpu`,
    }),
  );
  return imported;
}

const probes = new WeakMap<object, Map<unknown, Promise<EngineAvailability>>>();

function probe(module: WebGpuModule, gpu: unknown): Promise<EngineAvailability> {
  let byGpu = probes.get(module);
  if (byGpu === undefined) probes.set(module, (byGpu = new Map()));
  let result = byGpu.get(gpu);
  if (result === undefined) {
    result = module.createWebGpuStepEngine(probeInit(), gpu !== undefined ? { gpu } : {}).then(
      async (engine) => {
        await engine.dispose();
        return { available: true };
      },
      (error: unknown) => ({ available: false, reason: BackendUnavailableError.isInstance(error) && error.reason ? error.reason : firstLine(error) }),
    );
    byGpu.set(gpu, result);
  }
  return result;
}

/**
 * The `webgpu` engine provider: `@limit/webgpu`'s fused WGSL kernels (logits and softmax per query row in
 * workgroup memory, a deterministic document-gradient reduction without float atomics, Adam and
 * re-normalisation on the GPU; every objective, `infoNce`, `hinge`, `sigmoid`, and query mode, `free`, `centroid`),
 * float32, in browsers (`navigator.gpu`) and in Node (Dawn through the
 * `webgpu` npm package). `@limit/webgpu` is an optional peer dependency; `'auto'` never picks this engine
 * (a software adapter such as SwiftShader would be silently slow): ask for `engine: 'webgpu'` or
 * `device: 'webgpu'`. Adapter and device failures surface as the package's BackendUnavailableError.
 */
export const webgpuProvider: EngineProvider = {
  id: 'webgpu',
  environments: ['node', 'browser'],
  modules: [PACKAGE, 'webgpu (Node only: Dawn bindings)'],
  description: 'fused WGSL compute kernels on WebGPU (float32): browsers via navigator.gpu, Node via the webgpu package',
  precisions: ['float32'],
  objectives: ['infoNce', 'hinge', 'sigmoid'],
  queryModes: ['free', 'centroid'],
  async isAvailable(options?: EngineCreateOptions): Promise<EngineAvailability> {
    const result = await load(options);
    if ('reason' in result) return { available: false, reason: result.reason };
    // The module alone proves little (in Node it also needs the `webgpu` package and an adapter): create one
    // tiny engine, once per module and GPU object, so a missing piece is found before any run.
    return probe(result.module, options?.runtimes?.gpu);
  },
  async create(init, options) {
    const result = await load(options);
    if ('reason' in result) throw new BackendUnavailableError({ backend: 'webgpu', available: [], reason: result.reason });
    const gpu = options?.runtimes?.gpu;
    return result.module.createWebGpuStepEngine(init, gpu !== undefined ? { gpu } : {});
  },
};
