import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError, InvalidArgumentError } from '@limit/core';
import { DEVICE_ENGINES, getEngineProvider, listEngineDevices, listEngineProviders, registerEngineProvider, resolveEngine, unregisterEngineProvider } from './registry.js';

describe('engine registry', () => {
  it('refuses an engine id on a device whose table does not list it, naming the device and its engines', async () => {
    const error = await resolveEngine('native', { device: 'cuda' }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).parameter).toBe('device');
    expect((error as Error).message).toContain('engine native does not run on device cuda; the cuda engines here: onnx');
    // a listed pair resolves with the device's execution providers
    const { provider, options } = await resolveEngine('onnx', { device: 'cpu' });
    expect([provider.id, options.executionProviders]).toEqual(['onnx', ['cpu']]);
    expect(DEVICE_ENGINES.cpu.map((e) => e.engine)).toContain('native');
  });

  it('lists the devices each environment has engines for, from DEVICE_ENGINES', () => {
    const node = listEngineDevices('node');
    expect(node.map((d) => d.device)).toEqual(['cpu', 'wasm', 'webgpu', 'cuda']);
    expect(node.find((d) => d.device === 'cpu')!.engines.map((e) => e.engine)).toEqual(['native', 'onnx', 'js', 'tfjs-cpu']);
    expect(node.find((d) => d.device === 'cuda')!.engines).toEqual([{ engine: 'onnx', executionProviders: ['cuda'], environments: ['node'] }]);
    const browser = listEngineDevices('browser');
    expect(browser.map((d) => d.device)).toEqual(['cpu', 'wasm', 'webgl', 'webgpu']);
    expect(browser.find((d) => d.device === 'cpu')!.engines.map((e) => e.engine)).toEqual(['js', 'tfjs-cpu']);
  });

  it('shares registrations between copies of the package in one realm (this source and the built CommonJS file)', () => {
    const built = createRequire(import.meta.url)('../../dist/index.cjs') as typeof import('../index.js');
    const js = getEngineProvider('js');
    built.registerEngineProvider({ ...js, id: 'registered-through-cjs' });
    try {
      expect(getEngineProvider('registered-through-cjs').description).toBe(js.description);
      expect(listEngineProviders().map((p) => p.id)).toContain('registered-through-cjs');
      registerEngineProvider({ ...js, id: 'registered-through-source' });
      expect(built.getEngineProvider('registered-through-source').id).toBe('registered-through-source');
    } finally {
      unregisterEngineProvider('registered-through-cjs');
      unregisterEngineProvider('registered-through-source');
    }
    // the built copy has its own @limit/core classes: the marker check, not instanceof
    const gone = (() => {
      try {
        return built.getEngineProvider('registered-through-source');
      } catch (e) {
        return e;
      }
    })();
    expect(BackendUnavailableError.isInstance(gone)).toBe(true);
  });
});
