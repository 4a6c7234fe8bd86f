import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError } from '@limit/core';
import { availableBackends, listBackends, resolveBackend } from './backends.js';

describe('backend registry', () => {
  it('lists every backend with the runtimes it supports', () => {
    const names = listBackends().map((b) => b.name);
    expect(new Set(names)).toEqual(new Set(['onnx', 'js', 'tensorflow', 'webgpu', 'webgl', 'wasm', 'cpu']));
    expect(listBackends().find((b) => b.name === 'webgl')!.environments).toEqual(['browser']);
  });

  it('finds cpu, wasm and onnx available in Node, fastest (onnx) first', async () => {
    const available = await availableBackends();
    expect(available).toEqual(expect.arrayContaining(['cpu', 'wasm', 'onnx', 'js']));
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

describe('createStepEngine auto', () => {
  it('uses the js engine for tiny problems and onnx beyond AUTO_JS_MAX_WORK', async () => {
    const { createStepEngine, AUTO_JS_MAX_WORK } = await import('./backends.js');
    const { initialEmbeddings } = await import('./initial-embeddings.js');
    const { allCombinationQrels } = await import('@limit/combinatorics');
    const make = async (n: number, d: number) => {
      const qrels = allCombinationQrels(n, 2);
      const start = initialEmbeddings({ numQueries: qrels.numQueries, numDocs: n, d }, 1);
      const engine = await createStepEngine('auto', { ...start, qrels, learningRate: 0.01, temperature: 0.1, adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, blockSize: 1000 });
      await engine.dispose();
      return { name: engine.name, work: qrels.numQueries * n * d };
    };
    const small = await make(10, 4);
    expect(small.work).toBeLessThanOrEqual(AUTO_JS_MAX_WORK);
    expect(small.name).toBe('js');
    const large = await make(30, 8);
    expect(large.work).toBeGreaterThan(AUTO_JS_MAX_WORK);
    expect(large.name).toMatch(/^onnx/);
  });
});

describe('createStepEngine with an injected onnxruntime module', () => {
  it('uses the given ort module (the browser-bundle path)', async () => {
    const { createStepEngine } = await import('./backends.js');
    const { initialEmbeddings } = await import('./initial-embeddings.js');
    const { allCombinationQrels } = await import('@limit/combinatorics');
    const ort = await import('onnxruntime-node');
    const qrels = allCombinationQrels(6, 2);
    const start = initialEmbeddings({ numQueries: qrels.numQueries, numDocs: 6, d: 3 }, 1);
    const engine = await createStepEngine(
      'onnx',
      { ...start, qrels, learningRate: 0.01, temperature: 0.1, adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, blockSize: 100 },
      { ort },
    );
    expect(engine.name).toMatch(/^onnx/);
    expect(Number.isFinite(await engine.step())).toBe(true);
    await engine.dispose();
  });
});
