import { InvalidArgumentError, assertFiniteNumber, assertKnownOptions, assertNonNegative } from '@limit/core';
import type { FloatArray, Optimizer, OptimizerParameters } from './optimizer.js';
import { TypedArrayOptimizer, type ParameterSlot } from './internal/typed-array-optimizer.js';

/** Options of {@link sgd}. */
export interface SgdOptions {
  /** Step size γ (required: there is no good default). */
  readonly learningRate: number;
  /** Momentum μ (default 0: plain gradient descent). */
  readonly momentum?: number;
  /** Dampening τ of the momentum (default 0). */
  readonly dampening?: number;
  /** L2 penalty λ added to the gradient, g + λθ (default 0); groups may override it. */
  readonly weightDecay?: number;
  /** Nesterov momentum (default false; needs momentum > 0 and dampening 0). */
  readonly nesterov?: boolean;
}

/**
 * Stochastic gradient descent with torch.optim.SGD's update, per element, at step t:
 *
 *   g ← ∇ + λθ;  b ← g (t = 1) or μb + (1 − τ)g (t > 1);  g ← g + μb (Nesterov) or b (μ > 0);
 *   θ ← θ − γg
 *
 * With μ = 0 it is θ ← θ − γ(∇ + λθ), the update of the makemore lessons.
 *
 * @param parameters - arrays and/or `{ parameters, weightDecay }` groups, updated in place.
 * @param options - see {@link SgdOptions}.
 * @returns the optimiser; call `step(gradients)` once per update.
 * @throws InvalidArgumentError for an unknown option or a bad value (named), or Nesterov without
 *   momentum or with dampening (as PyTorch).
 * @example
 * ```ts
 * const x = new Float64Array([3]);
 * const optimizer = sgd([x], { learningRate: 0.1, momentum: 0.9 });
 * optimizer.step([new Float64Array([2 * x[0]!])]);
 * ```
 */
export function sgd(parameters: OptimizerParameters, options: SgdOptions): Optimizer {
  return new SgdOptimizer(parameters, options);
}

class SgdOptimizer extends TypedArrayOptimizer {
  readonly name = 'sgd';
  private readonly momentum: number;
  private readonly dampening: number;
  private readonly nesterov: boolean;

  constructor(parameters: OptimizerParameters, options: SgdOptions) {
    if (options === null || typeof options !== 'object') {
      throw new InvalidArgumentError({ parameter: 'options', value: options, message: 'options must be an object with at least learningRate' });
    }
    assertKnownOptions('options', options, ['learningRate', 'momentum', 'dampening', 'weightDecay', 'nesterov'], { lr: 'learningRate', weight_decay: 'weightDecay' });
    const weightDecay = assertNonNegative('weightDecay', options.weightDecay ?? 0);
    const momentum = assertNonNegative('momentum', options.momentum ?? 0);
    super(parameters, options.learningRate, weightDecay, momentum > 0 ? 1 : 0);
    this.momentum = momentum;
    this.dampening = assertFiniteNumber('dampening', options.dampening ?? 0);
    this.nesterov = options.nesterov ?? false;
    if (typeof this.nesterov !== 'boolean') throw new InvalidArgumentError({ parameter: 'nesterov', value: this.nesterov, message: 'nesterov must be a boolean' });
    if (this.nesterov && (momentum <= 0 || this.dampening !== 0)) {
      throw new InvalidArgumentError({ parameter: 'nesterov', value: true, message: 'Nesterov momentum needs momentum > 0 and dampening 0' });
    }
  }

  protected update(slot: ParameterSlot, gradient: FloatArray, t: number): void {
    const { values: p, weightDecay: lambda } = slot;
    const lr = this.learningRate;
    const mu = this.momentum;
    const buffer = slot.state[0];
    for (let i = 0; i < p.length; i++) {
      let g = gradient[i]! + lambda * p[i]!;
      if (buffer !== undefined) {
        buffer[i] = t === 1 ? g : mu * buffer[i]! + (1 - this.dampening) * g;
        g = this.nesterov ? g + mu * buffer[i]! : buffer[i]!;
      }
      p[i] = p[i]! - lr * g;
    }
  }
}
