import { ConvergenceError, InvalidArgumentError, ShapeMismatchError } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { adam } from './adam.js';
import { adamW } from './adam-w.js';

describe('adamW', () => {
  it('takes the hand-computed first two steps (lr 0.1, λ 0.01, β 0.9 / 0.999, ε 1e-8)', () => {
    const w = new Float64Array([1, -2]);
    const optimizer = adamW([w], { learningRate: 0.1, weightDecay: 0.01 });
    // step 1: m = 0.1·g, v = 0.001·g², m̂ = g, v̂ = g² → the Adam step is γ·g/(|g| + ε); decay shrinks by 1 − 0.001
    optimizer.step([new Float64Array([0.5, -0.5])]);
    const u1 = 0.5 / (0.5 + 1e-8);
    expect(w[0]).toBeCloseTo(1 * 0.999 - 0.1 * u1, 14);
    expect(w[1]).toBeCloseTo(-2 * 0.999 + 0.1 * u1, 14);
    // step 2 with g = (0.25, 0.25): m = (0.07, −0.02), v = 0.00031225 each, bias corrections 0.19 and 0.001999
    const before = Array.from(w);
    optimizer.step([new Float64Array([0.25, 0.25])]);
    const root = Math.sqrt(0.00031225 / 0.001999) + 1e-8;
    expect(w[0]).toBeCloseTo(before[0]! * 0.999 - (0.1 * (0.07 / 0.19)) / root, 13);
    expect(w[1]).toBeCloseTo(before[1]! * 0.999 - (0.1 * (-0.02 / 0.19)) / root, 13);
    expect(optimizer.stepCount).toBe(2);
  });

  it('is Adam when λ = 0, and differs from Adam with an L2 penalty of the same λ', () => {
    const run = (make: (p: Float64Array) => { step(g: Float64Array[]): void }) => {
      const p = new Float64Array([0.3, -0.7, 2]);
      const o = make(p);
      for (let t = 0; t < 30; t++) o.step([Float64Array.from(p, (x, i) => (i + 1) * x - 0.5)]);
      return Array.from(p);
    };
    expect(run((p) => adamW([p], { learningRate: 0.05, weightDecay: 0 }))).toEqual(run((p) => adam([p], { learningRate: 0.05 })));
    const decoupled = run((p) => adamW([p], { learningRate: 0.05, weightDecay: 0.5 }));
    const coupled = run((p) => adam([p], { learningRate: 0.05, weightDecay: 0.5 }));
    expect(Math.max(...decoupled.map((x, i) => Math.abs(x - coupled[i]!)))).toBeGreaterThan(1e-3);
  });

  it('shrinks a weight with zero gradient by exactly (1 − γλ) per step', () => {
    const w = new Float64Array([2]);
    const optimizer = adamW([w], { learningRate: 0.1, weightDecay: 0.5 });
    for (let t = 0; t < 10; t++) optimizer.step([new Float64Array([0])]);
    expect(w[0]).toBeCloseTo(2 * 0.95 ** 10, 14);
  });

  it('checks every gradient before changing anything', () => {
    const a = new Float32Array([1, 2]);
    const b = new Float32Array([3]);
    const optimizer = adamW([a, b], { learningRate: 0.1 });
    expect(() => optimizer.step([new Float32Array([1, 1]), new Float32Array([NaN])])).toThrow(ConvergenceError);
    expect(Array.from(a)).toEqual([1, 2]); // the first parameter was not updated either
    expect(optimizer.stepCount).toBe(0);
    try {
      optimizer.step([new Float32Array([1]), new Float32Array([1])]);
      expect.unreachable();
    } catch (error) {
      expect(ShapeMismatchError.isInstance(error) && error.parameter).toBe('gradients[0]');
    }
    expect(() => optimizer.step([new Float32Array([1, 1])])).toThrow(ShapeMismatchError);
    // after the refusals the state is fresh: the next step equals a new optimiser's first step
    optimizer.step([new Float32Array([1, 1]), new Float32Array([1])]);
    const fresh = new Float32Array([1, 2]);
    adamW([fresh, new Float32Array([3])], { learningRate: 0.1 }).step([new Float32Array([1, 1]), new Float32Array([1])]);
    expect(Array.from(a)).toEqual(Array.from(fresh));
  });

  it('names bad options', () => {
    const p = new Float64Array(2);
    const parameterOf = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return InvalidArgumentError.isInstance(error) ? error.parameter : 'not InvalidArgumentError';
      }
      return 'no error';
    };
    expect(parameterOf(() => adamW([p], { learningRate: 0 }))).toBe('learningRate');
    expect(parameterOf(() => adamW([p], { beta1: 1 }))).toBe('beta1');
    expect(parameterOf(() => adamW([p], { beta2: -0.1 }))).toBe('beta2');
    expect(parameterOf(() => adamW([p], { epsilon: 0 }))).toBe('epsilon');
    expect(parameterOf(() => adamW([p], { weightDecay: -1 }))).toBe('weightDecay');
    expect(parameterOf(() => adamW([p], { lr: 0.1 } as never))).toBe('options.lr');
    expect(() => adamW([p], { weight_decay: 0.1 } as never)).toThrow(/weightDecay/);
    expect(parameterOf(() => adamW([[1, 2]] as never))).toBe('parameters[0]');
    expect(parameterOf(() => adamW([p, p]))).toBe('parameters[1]');
    expect(parameterOf(() => adamW([{ parameters: [p], weightDecay: -1 }]))).toBe('parameters[0].weightDecay');
    expect(parameterOf(() => adamW([{ parameters: [p], lr: 1 } as never]))).toBe('parameters[0].lr');
    expect(parameterOf(() => adamW([]))).toBe('parameters');
    const o = adamW([p]);
    expect(parameterOf(() => (o.learningRate = Number.NaN))).toBe('learningRate');
  });

  it('reset() forgets moments and steps, keeps the values', () => {
    const w = new Float64Array([1]);
    const o = adamW([w], { learningRate: 0.1, weightDecay: 0 });
    o.step([new Float64Array([1])]);
    o.step([new Float64Array([-3])]);
    const kept = w[0]!;
    o.reset();
    expect(o.stepCount).toBe(0);
    expect(w[0]).toBe(kept);
    o.step([new Float64Array([2])]); // a first step again: γ·g/(|g| + ε)
    expect(w[0]).toBeCloseTo(kept - 0.1 * (2 / (2 + 1e-8)), 14);
  });
});
