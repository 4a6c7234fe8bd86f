import { InvalidArgumentError, assertFiniteNumber, assertKnownOptions, assertNonNegative, assertPositive } from '@limit/core';
import type { FloatArray, OptimizerParameters } from '../optimizer.js';
import { TypedArrayOptimizer, type ParameterSlot } from './typed-array-optimizer.js';

/** The settings Adam and AdamW share. */
export interface AdamSettings {
  readonly learningRate?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
  readonly weightDecay?: number;
}

const KEYS = ['learningRate', 'beta1', 'beta2', 'epsilon', 'weightDecay'] as const;

function assertBeta(parameter: string, value: number): number {
  const b = assertFiniteNumber(parameter, value);
  if (!(b >= 0 && b < 1)) throw new InvalidArgumentError({ parameter, value, message: `${parameter} (${b}) must be in [0, 1)` });
  return b;
}

/**
 * Bias-corrected Adam with weight decay either coupled (L2 added to the gradient: torch.optim.Adam) or
 * decoupled (the parameter shrunk by lr·λ before the Adam step: torch.optim.AdamW, optax.adamw).
 */
export class AdamOptimizer extends TypedArrayOptimizer {
  readonly name: string;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private readonly decoupled: boolean;

  constructor(name: 'adam' | 'adamw', parameters: OptimizerParameters, options: AdamSettings, defaultWeightDecay: number) {
    assertKnownOptions('options', options, KEYS, { learning_rate: 'learningRate', lr: 'learningRate', eps: 'epsilon', weight_decay: 'weightDecay', betas: 'beta1 and beta2' });
    const weightDecay = assertNonNegative('weightDecay', options.weightDecay ?? defaultWeightDecay);
    super(parameters, options.learningRate ?? 1e-3, weightDecay, 2);
    this.name = name;
    this.decoupled = name === 'adamw';
    this.beta1 = assertBeta('beta1', options.beta1 ?? 0.9);
    this.beta2 = assertBeta('beta2', options.beta2 ?? 0.999);
    this.epsilon = assertPositive('epsilon', options.epsilon ?? 1e-8);
  }

  protected update(slot: ParameterSlot, gradient: FloatArray, t: number): void {
    const { values: p, weightDecay: lambda } = slot;
    const [m, v] = slot.state as [FloatArray, FloatArray];
    const lr = this.learningRate;
    const { beta1, beta2, epsilon } = this;
    const c1 = 1 - beta1 ** t;
    const c2 = 1 - beta2 ** t;
    const shrink = this.decoupled ? 1 - lr * lambda : 1;
    const l2 = this.decoupled ? 0 : lambda;
    for (let i = 0; i < p.length; i++) {
      const theta = p[i]!;
      const g = gradient[i]! + l2 * theta;
      const mi = beta1 * m[i]! + (1 - beta1) * g;
      const vi = beta2 * v[i]! + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      // read back what was stored, so float32 parameters follow their float32 moments
      p[i] = theta * shrink - (lr * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + epsilon);
    }
  }
}
