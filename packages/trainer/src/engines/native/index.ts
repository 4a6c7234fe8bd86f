import { BackendUnavailableError } from '@limit/core';
import type { StepEngine, StepEngineInit } from '../contract.js';
import { currentEnvironment, firstLine, importOptional } from '../environment.js';
import type { EngineAvailability, EngineProvider } from '../provider.js';

/** The parts of `@limit/kernels` this provider uses (structurally typed: no compile-time dependency). */
interface KernelsModule {
  createNativeStepEngine(init: StepEngineInit, options?: { threads?: number }): Promise<StepEngine>;
  measureGemmPeak(options?: { size?: number; threads?: number }): number;
  isNativeKernelAvailable(): boolean;
}

const PACKAGE = '@limit/kernels';
let loaded: Promise<{ kernels: KernelsModule } | { reason: string }> | undefined;

function load(): Promise<{ kernels: KernelsModule } | { reason: string }> {
  if (currentEnvironment() !== 'node') return Promise.resolve({ reason: 'not supported in browser' });
  loaded ??= importOptional(PACKAGE).then(
    (mod) => {
      const m = ((mod as { createNativeStepEngine?: unknown }).createNativeStepEngine ? mod : (mod as { default?: unknown }).default) as KernelsModule | undefined;
      if (typeof m?.createNativeStepEngine !== 'function') return { reason: `${PACKAGE} has no createNativeStepEngine` };
      if (!m.isNativeKernelAvailable()) return { reason: `${PACKAGE} has no prebuilt binary that loads on ${process.platform}-${process.arch}` };
      return { kernels: m };
    },
    (error: unknown) => ({ reason: `cannot import ${PACKAGE} (${firstLine(error)}); install it (an optional dependency with prebuilt binaries)` }),
  );
  return loaded;
}

async function kernelsOrThrow(): Promise<KernelsModule> {
  const result = await load();
  if ('reason' in result) throw new BackendUnavailableError({ backend: 'native', available: [], reason: result.reason });
  return result.kernels;
}

/**
 * The `native` engine provider: `@limit/kernels`' fused N-API kernel (scores, the objective's gradient row and
 * both gradient products per query row while it is in cache, float32, worker threads), Node only; every
 * objective (`infoNce`, `hinge`, `sigmoid`) and query mode (`free`, `centroid`). The package is an
 * optional dependency with prebuilt binaries; where it cannot load, `'auto'` moves on to onnx and asking
 * for `native` is a BackendUnavailableError naming the package.
 */
export const nativeProvider: EngineProvider = {
  id: 'native',
  environments: ['node'],
  modules: [PACKAGE],
  description: 'native N-API fused step kernel (float32, threads); the fastest CPU path where its prebuilt binary loads',
  precisions: ['float32'],
  objectives: ['infoNce', 'hinge', 'sigmoid'],
  queryModes: ['free', 'centroid'],
  async isAvailable(): Promise<EngineAvailability> {
    const result = await load();
    return 'reason' in result ? { available: false, reason: result.reason } : { available: true };
  },
  async create(init, options) {
    const kernels = await kernelsOrThrow();
    return kernels.createNativeStepEngine(init, options?.threads !== undefined ? { threads: options.threads } : {});
  },
  async measurePeakGflops(options) {
    const kernels = await kernelsOrThrow();
    return kernels.measureGemmPeak({ size: 2048, ...(options?.threads !== undefined ? { threads: options.threads } : {}) });
  },
};
