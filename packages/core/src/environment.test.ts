import { describe, expect, it } from 'vitest';
import { hasWebAssembly, hasWebGl2, hasWebGpu, isBrowser, isNode, probeWebGl2, probeWebGpu } from './environment.js';

describe('environment probes', () => {
  it('in Node: Node, not a browser, WebAssembly yes, no WebGL2 (no document), WebGPU only if navigator.gpu', () => {
    expect(isNode()).toBe(true);
    expect(isBrowser()).toBe(false);
    expect(hasWebAssembly()).toBe(true);
    expect(hasWebGl2()).toBe(false);
    expect(probeWebGl2()).toEqual({ available: false });
    expect(hasWebGpu()).toBe(typeof (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu === 'object');
  });

  it('probeWebGpu: an adapter, a refusal, an error and no WebGPU, each said plainly', async () => {
    const adapter = { requestAdapter: async () => ({ info: { vendor: 'google', architecture: 'swiftshader', description: '' } }) };
    expect(await probeWebGpu(adapter)).toEqual({ available: true, adapter: 'google swiftshader' });
    expect(await probeWebGpu({ requestAdapter: async () => ({}) })).toEqual({ available: true, adapter: 'adapter' });
    expect(await probeWebGpu({ requestAdapter: async () => null })).toEqual({ available: false, reason: 'requestAdapter() returned no adapter' });
    expect(await probeWebGpu({ requestAdapter: async () => Promise.reject(new Error('lost')) })).toEqual({ available: false, reason: 'requestAdapter() failed: lost' });
    expect((await probeWebGpu(null)).available).toBe(false);
    expect((await probeWebGpu({})).reason).toMatch(/navigator\.gpu is not available/);
  });

  it('probeWebGl2: the renderer of a context, and no context said as unavailable', () => {
    const g = globalThis as { document?: unknown };
    const gl = { RENDERER: 7937, getExtension: () => ({ UNMASKED_RENDERER_WEBGL: 37446 }), getParameter: (p: number) => (p === 37446 ? 'SwiftShader' : 'masked') };
    try {
      g.document = { createElement: () => ({ getContext: (type: string) => (type === 'webgl2' ? gl : null) }) };
      expect(probeWebGl2()).toEqual({ available: true, renderer: 'SwiftShader' });
      g.document = { createElement: () => ({ getContext: () => null }) };
      expect(probeWebGl2()).toEqual({ available: false });
    } finally {
      delete g.document;
    }
  });
});
