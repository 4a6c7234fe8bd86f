import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError } from '@limit/core';
import { availableBackends, listBackends, resolveBackend } from './backends.js';

describe('backend registry', () => {
  it('lists every backend with the runtimes it supports', () => {
    const names = listBackends().map((b) => b.name);
    expect(new Set(names)).toEqual(new Set(['onnx', 'tensorflow', 'webgpu', 'webgl', 'wasm', 'cpu']));
    expect(listBackends().find((b) => b.name === 'webgl')!.environments).toEqual(['browser']);
  });

  it('finds cpu, wasm and onnx available in Node, fastest (onnx) first', async () => {
    const available = await availableBackends();
    expect(available).toEqual(expect.arrayContaining(['cpu', 'wasm', 'onnx']));
    expect(available[0]).toBe('onnx');
    expect(available).not.toContain('webgl');
    expect(await resolveBackend('auto')).toBe('onnx');
  });

  it('activates a tfjs backend and checks that it took', async () => {
    expect(await resolveBackend('wasm')).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(await resolveBackend('cpu')).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('throws BackendUnavailableError listing what is available for browser-only and unknown backends', async () => {
    for (const name of ['webgl', 'webgpu', 'metal']) {
      const error = await resolveBackend(name as never).catch((e: unknown) => e);
      expect(BackendUnavailableError.isInstance(error)).toBe(true);
      const e = error as BackendUnavailableError;
      expect(e.backend).toBe(name);
      expect(e.available).toEqual(expect.arrayContaining(['cpu', 'wasm']));
      expect(e.message).toContain('available backends: ');
    }
  });
});
