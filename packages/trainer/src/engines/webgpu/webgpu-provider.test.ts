import { BackendUnavailableError } from '@limit/core';
import { describe, expect, it } from 'vitest';
import type { StepEngineInit } from '../contract.js';
import { trainFreeEmbeddings } from '../../training/train-free-embeddings.js';
import { jsProvider } from '../js/index.js';
import { DEVICE_ENGINES, AUTO_ENGINE_ORDER, resolveEngine } from '../registry.js';
import { webgpuProvider } from './index.js';

describe('webgpu provider', () => {
  it('is unavailable without @limit/webgpu, and asking for it names the package', async () => {
    // The trainer does not install its optional peer @limit/webgpu, so the import fails here.
    const availability = await webgpuProvider.isAvailable!();
    expect(availability.available).toBe(false);
    expect(availability.reason).toContain('@limit/webgpu');
    const error = await resolveEngine('webgpu').catch((e: unknown) => e);
    expect(BackendUnavailableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('@limit/webgpu');
  });

  it('is never chosen by auto, and is the first engine of the webgpu device', () => {
    expect(AUTO_ENGINE_ORDER.node.map((e) => e.engine)).not.toContain('webgpu');
    expect(AUTO_ENGINE_ORDER.browser.map((e) => e.engine)).not.toContain('webgpu');
    expect(DEVICE_ENGINES.webgpu[0]!.engine).toBe('webgpu');
  });

  it('trains through runtimes.webgpu and hands runtimes.gpu to the module', async () => {
    // A stand-in module with the @limit/webgpu entry point, running the js engine underneath: this checks the
    // provider's wiring (module and GPU passed as values); the WGSL kernels are checked in @limit/webgpu.
    const gpu = { requestAdapter: async () => null };
    const seen: unknown[] = [];
    const fake = {
      async createWebGpuStepEngine(init: StepEngineInit, options?: { gpu?: unknown }) {
        seen.push(options?.gpu);
        return jsProvider.create(init, {});
      },
    };
    const result = await trainFreeEmbeddings({ n: 6, d: 4, seed: 1, engine: 'webgpu', runtimes: { webgpu: fake, gpu } });
    // the availability probe (one tiny engine, once per module and GPU) and the run both get the GPU object
    expect(seen).toEqual([gpu, gpu]);
    expect(result.metrics.finalAccuracy).toBe(1);
  });

  it('is unavailable, with the reason, when the module is there but cannot make an engine (no `webgpu` package, no adapter)', async () => {
    // as @limit/webgpu answers in Node without the `webgpu` package
    const missing = {
      async createWebGpuStepEngine() {
        throw new BackendUnavailableError({ backend: 'webgpu', available: [], reason: 'the optional peer dependency "webgpu" is not installed: npm install webgpu' });
      },
    };
    const availability = await webgpuProvider.isAvailable!({ runtimes: { webgpu: missing } });
    expect(availability).toEqual({ available: false, reason: expect.stringContaining('npm install webgpu') });
    const error = await resolveEngine('webgpu', { runtimes: { webgpu: missing } }).catch((e: unknown) => e);
    expect(BackendUnavailableError.isInstance(error)).toBe(true);
    expect((error as BackendUnavailableError).backend).toBe('webgpu');
    expect((error as Error).message).toContain('npm install webgpu');
  });

  it('refuses a runtimes.webgpu that is not the module', async () => {
    const error = await resolveEngine('webgpu', { runtimes: { webgpu: {} } }).catch((e: unknown) => e);
    expect(BackendUnavailableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('runtimes.webgpu is not the @limit/webgpu module');
  });
});
