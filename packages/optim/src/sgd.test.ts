import { InvalidArgumentError } from '@limit/core';
import { describe, expect, it } from 'vitest';
import { sgd } from './sgd.js';

/** f(x) = x², ∇ = 2x. */
const grad = (x: Float64Array) => new Float64Array([2 * x[0]!]);

describe('sgd', () => {
  it('plain gradient descent: x ← x − γ·2x', () => {
    const x = new Float64Array([1]);
    const o = sgd([x], { learningRate: 0.1 });
    o.step([grad(x)]);
    expect(x[0]).toBeCloseTo(0.8, 15);
    o.step([grad(x)]);
    expect(x[0]).toBeCloseTo(0.64, 15);
  });

  it('momentum, by hand: b₁ = g₁, b₂ = μb₁ + g₂', () => {
    const x = new Float64Array([1]);
    const o = sgd([x], { learningRate: 0.1, momentum: 0.9 });
    o.step([grad(x)]); // g = 2, b = 2, x = 0.8
    expect(x[0]).toBeCloseTo(0.8, 15);
    o.step([grad(x)]); // g = 1.6, b = 1.8 + 1.6 = 3.4, x = 0.8 − 0.34
    expect(x[0]).toBeCloseTo(0.46, 15);
  });

  it('Nesterov, by hand: the step uses g + μb', () => {
    const x = new Float64Array([1]);
    const o = sgd([x], { learningRate: 0.1, momentum: 0.9, nesterov: true });
    o.step([grad(x)]); // g = 2, b = 2, g' = 3.8, x = 0.62
    expect(x[0]).toBeCloseTo(0.62, 15);
    o.step([grad(x)]); // g = 1.24, b = 3.04, g' = 1.24 + 2.736 = 3.976, x = 0.2224
    expect(x[0]).toBeCloseTo(0.2224, 14);
  });

  it('weight decay is an L2 term in the gradient: γ(∇ + λx)', () => {
    const x = new Float64Array([1]);
    sgd([x], { learningRate: 0.1, weightDecay: 0.5 }).step([new Float64Array([0])]);
    expect(x[0]).toBeCloseTo(0.95, 15);
  });

  it('refuses Nesterov without momentum, and unknown options', () => {
    const x = new Float64Array([1]);
    expect(() => sgd([x], { learningRate: 0.1, nesterov: true })).toThrow(InvalidArgumentError);
    expect(() => sgd([x], { learningRate: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true })).toThrow(/dampening 0/);
    expect(() => sgd([x], { lr: 0.1 } as never)).toThrow(/learningRate/);
    expect(() => sgd([x], undefined as never)).toThrow(InvalidArgumentError);
  });
});
