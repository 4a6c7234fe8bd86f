import { describe, expect, it } from 'vitest';
import { experimentParameters, parameterSignature } from './experiment-parameters.js';

describe('experimentParameters / parameterSignature', () => {
  it('fills the paper defaults under the official keys', () => {
    expect(experimentParameters({ n: 10, d: 4 }, 'onnx')).toEqual({
      n: 10,
      d: 4,
      k: 2,
      q: null,
      learning_rate: 0.01,
      num_iterations: 100000,
      temperature: 0.1,
      seed: 42,
      show_progress: false,
      device: 'onnx',
      log_interval: 50,
      early_stopping_patience: 1000,
      early_stopping_min_delta: 1e-5,
      early_stopping_monitor_metric: 'loss',
      early_stopping_restore_best_weights: false,
      backend: 'onnx',
    });
  });

  it('ignores device/backend/show_progress but not anything that changes the run', () => {
    const base = experimentParameters({ n: 10, d: 4 }, 'onnx');
    expect(parameterSignature({ ...base, device: 'gpu', backend: 'wasm', show_progress: true })).toBe(parameterSignature(base));
    for (const change of [{ n: 11 }, { d: 5 }, { k: 3 }, { seed: 43 }, { learning_rate: 0.02 }, { early_stopping_patience: 10 }, { q: 5 }]) {
      expect(parameterSignature({ ...base, ...change })).not.toBe(parameterSignature(base));
    }
  });

  it('does not depend on key order', () => {
    const base = experimentParameters({ n: 10, d: 4 }, 'onnx');
    const reversed = Object.fromEntries(Object.entries(base).reverse());
    expect(parameterSignature(reversed)).toBe(parameterSignature(base));
  });
});
