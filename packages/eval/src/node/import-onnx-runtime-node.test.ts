import { BackendUnavailableError } from '@limit/core';
import { describe, expect, it, vi } from 'vitest';

vi.mock('onnxruntime-node', () => {
  throw new Error("Cannot find package 'onnxruntime-node'");
});

describe('importOnnxRuntimeNode without onnxruntime-node installed', () => {
  it('is a BackendUnavailableError naming the install command and ONNXRUNTIME_NODE_INSTALL=skip', async () => {
    const { importOnnxRuntimeNode } = await import('./import-onnx-runtime-node.js');
    const e = await importOnnxRuntimeNode().catch((x: unknown) => x);
    expect(BackendUnavailableError.isInstance(e)).toBe(true);
    expect((e as Error).message).toMatch(/npm i onnxruntime-node/);
    expect((e as Error).message).toMatch(/ONNXRUNTIME_NODE_INSTALL=skip/);
    // and the model loader reports it only when an ONNX model is actually loaded
    const { loadOnnxEncoder } = await import('./load-onnx-encoder.js');
    const dir = new URL('../../test/fixtures/tiny-model', import.meta.url).pathname;
    await expect(loadOnnxEncoder(dir)).rejects.toSatisfy(BackendUnavailableError.isInstance);
  });
});
