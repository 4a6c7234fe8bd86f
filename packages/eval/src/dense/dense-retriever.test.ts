import { InvalidArgumentError, createDenseMatrix } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { createDenseRetriever, type TextEncoder } from './dense-retriever.js';
import type { EncodeOptions } from '../onnx/onnx-encoder.js';

/** A fake encoder: text "a" ↦ [1, 0], anything else ↦ [0, 1]; records the options it got. */
function recordingEncoder(): TextEncoder & { calls: EncodeOptions[] } {
  const calls: EncodeOptions[] = [];
  return {
    calls,
    encode(texts, options = {}) {
      calls.push(options);
      const data = new Float32Array(texts.length * 2);
      texts.forEach((t, i) => (data[i * 2 + (t === 'a' ? 0 : 1)] = 1));
      return Promise.resolve(createDenseMatrix(texts.length, 2, data));
    },
  };
}

describe('createDenseRetriever', () => {
  it('rejects dims or batchSize of 0 (or non-integers) instead of silently dropping them', () => {
    for (const [options, parameter] of [
      [{ dims: 0 }, 'options.dims'],
      [{ dims: 1.5 }, 'options.dims'],
      [{ batchSize: 0 }, 'options.batchSize'],
      [{ batchSize: -4 }, 'options.batchSize'],
    ] as const) {
      let caught: unknown;
      try {
        createDenseRetriever(recordingEncoder(), options);
      } catch (e) {
        caught = e;
      }
      expect(InvalidArgumentError.isInstance(caught) && caught.parameter).toBe(parameter);
    }
  });

  it('passes dims and batchSize through to the encoder and ranks by dot product', async () => {
    const encoder = recordingEncoder();
    const retriever = createDenseRetriever(encoder, { dims: 2, batchSize: 1 });
    expect(retriever.name).toBe('onnx@2');
    const hits = await retriever.retrieve(['a', 'b'], ['b', 'a', 'c'], { k: 1 });
    expect(encoder.calls).toHaveLength(2);
    for (const call of encoder.calls) {
      expect(call.dims).toBe(2);
      expect(call.batchSize).toBe(1);
    }
    expect(hits.indices[0]).toBe(1); // query "a" matches document "a" (index 1)
    expect(hits.scores[0]).toBe(1);
    expect(hits.scores[1]).toBe(1); // query "b" scores 1 against "b" or "c"
    expect(createDenseRetriever(recordingEncoder()).name).toBe('onnx');
  });
});
