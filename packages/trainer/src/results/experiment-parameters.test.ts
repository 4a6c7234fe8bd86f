import { describe, expect, it } from 'vitest';
import { experimentParameters, parameterSignature } from './experiment-parameters.js';
import { fromOfficialRow, toOfficialRow } from './official-schema.js';

describe('experimentParameters / parameterSignature', () => {
  it('fills the paper defaults, camelCase in memory and the official keys in the file', () => {
    const parameters = experimentParameters({ n: 10, d: 4 }, 'onnx-cpu');
    expect(parameters).toEqual({
      n: 10,
      d: 4,
      k: 2,
      q: null,
      learningRate: 0.01,
      maxIterations: 100000,
      temperature: 0.1,
      seed: 42,
      logInterval: 50,
      earlyStoppingPatience: 1000,
      earlyStoppingMinDelta: 1e-5,
      earlyStoppingMonitor: 'loss',
      earlyStoppingRestoreBest: false,
      engine: 'onnx-cpu',
      precision: 'float32',
    });
    // the official script's DEFAULT_EXPERIMENT_PARAMS keys (plus n, d, k), written at the file boundary
    expect(toOfficialRow({ parameters, metrics: {}, data: {} }).parameters).toEqual({
      n: 10,
      d: 4,
      k: 2,
      q: null,
      learning_rate: 0.01,
      num_iterations: 100000,
      temperature: 0.1,
      seed: 42,
      show_progress: false,
      device: 'onnx-cpu',
      log_interval: 50,
      early_stopping_patience: 1000,
      early_stopping_min_delta: 1e-5,
      early_stopping_monitor_metric: 'loss',
      early_stopping_restore_best_weights: false,
      backend: 'onnx-cpu',
      precision: 'float32',
    });
  });

  it('round-trips a row through the file schema', () => {
    const row = {
      parameters: experimentParameters({ n: 10, d: 4, seed: 7 }, 'js', 'float64'),
      metrics: { finalAccuracy: 0.9, finalExactTopK: 0.8, bestLossMonitored: 1.5, losses: [2, 1.5], stopReason: 'early_stopping' as const, precision: 'float64' as const },
      data: { certificate: 'x.json' },
    };
    const file = JSON.parse(JSON.stringify(toOfficialRow(row))) as unknown;
    expect(fromOfficialRow(file, { file: 'f', line: 2 })).toEqual({ ...row, parameters: { ...row.parameters, device: 'js', showProgress: false } });
  });

  it('ignores engine/device/show_progress but not anything that changes the run, precision included', () => {
    const base = experimentParameters({ n: 10, d: 4 }, 'onnx-cpu');
    expect(parameterSignature({ ...base, device: 'gpu', engine: 'tfjs-wasm', showProgress: true })).toBe(parameterSignature(base));
    for (const change of [{ n: 11 }, { d: 5 }, { k: 3 }, { seed: 43 }, { learningRate: 0.02 }, { earlyStoppingPatience: 10 }, { q: 5 }, { precision: 'float64' as const }]) {
      expect(parameterSignature({ ...base, ...change })).not.toBe(parameterSignature(base));
    }
  });

  it('reads a row without precision (the official script, JAX) as float32', () => {
    const { precision: _p, ...withoutPrecision } = experimentParameters({ n: 10, d: 4 }, 'onnx-cpu');
    expect(parameterSignature(withoutPrecision)).toBe(parameterSignature(experimentParameters({ n: 10, d: 4 }, 'js')));
  });

  it('does not depend on key order', () => {
    const base = experimentParameters({ n: 10, d: 4 }, 'onnx-cpu');
    const reversed = Object.fromEntries(Object.entries(base).reverse()) as typeof base;
    expect(parameterSignature(reversed)).toBe(parameterSignature(base));
  });
});

describe('objective, query mode and pass rule in results rows', () => {
  it('round-trips through the file schema, and tells runs apart only when they leave the paper setting', () => {
    const parameters = experimentParameters;
    const signature = parameterSignature;
    const paper = parameters({ n: 10, d: 4 }, 'js');
    const hinge = parameters({ n: 10, d: 4, objective: { name: 'hinge', margin: 0.2 }, queryMode: 'centroid', passRule: 'margin', passMargin: 0.05 }, 'js');
    const row = { parameters: hinge, metrics: { solved: true, minMargin: 0.06 }, data: {} };
    const file = toOfficialRow(row);
    expect(file.parameters).toMatchObject({ objective: 'hinge-m0.2', query_mode: 'centroid', pass_rule: 'margin', pass_margin: 0.05 });
    expect(file.metrics).toMatchObject({ min_margin: 0.06 });
    const back = fromOfficialRow(JSON.parse(JSON.stringify(file)), { file: 'x', line: 1 });
    expect(back.parameters).toMatchObject(hinge);
    expect(back.metrics).toEqual(row.metrics);
    expect(toOfficialRow(back)).toEqual(file);
    // a row written before these fields existed has the signature of today's paper job
    const old = fromOfficialRow(JSON.parse(JSON.stringify(toOfficialRow({ parameters: paper, metrics: {}, data: {} }))), { file: 'x', line: 1 });
    expect(signature(old.parameters)).toBe(signature(paper));
    expect(signature(hinge)).not.toBe(signature(paper));
    expect(() => fromOfficialRow({ parameters: { ...file.parameters, query_mode: 'mean' }, metrics: {} }, { file: 'x', line: 3 })).toThrow(/query_mode/);
  });
});
