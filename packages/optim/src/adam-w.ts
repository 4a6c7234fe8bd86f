import type { Optimizer, OptimizerParameters } from './optimizer.js';
import { AdamOptimizer, type AdamSettings } from './internal/adam-update.js';

/** Options of {@link adamW}. */
export interface AdamWOptions extends AdamSettings {
  /** Step size γ (default 1e-3). */
  readonly learningRate?: number;
  /** Decay of the first moment (default 0.9). */
  readonly beta1?: number;
  /** Decay of the second moment (default 0.999). */
  readonly beta2?: number;
  /** ε added to √v̂ (default 1e-8). */
  readonly epsilon?: number;
  /** Decoupled weight decay λ (default 0.01, PyTorch's; optax.adamw's default is 1e-4); groups may override it. */
  readonly weightDecay?: number;
}

/**
 * AdamW (Loshchilov & Hutter, "Decoupled Weight Decay Regularization", arXiv:1711.05101) with
 * torch.optim.AdamW's update, per element, at step t:
 *
 *   θ ← θ · (1 − γλ);  m ← β₁m + (1 − β₁)∇;  v ← β₂v + (1 − β₂)∇²;
 *   θ ← θ − γ · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
 *
 * The decay shrinks every weight by the same factor 1 − γλ, whatever its gradient history — unlike an
 * L2 penalty inside Adam ({@link adam}'s `weightDecay`), which Adam's per-coordinate scaling weakens
 * exactly where gradients are large. optax.adamw computes the same step (−γ·(m̂/(√v̂ + ε) + λθ), with θ
 * before the update). With λ = 0 it is {@link adam}. Give biases their own group with `weightDecay: 0`
 * when they should not decay.
 *
 * @param parameters - arrays and/or `{ parameters, weightDecay }` groups, updated in place.
 * @param options - see {@link AdamWOptions}.
 * @returns the optimiser; call `step(gradients)` once per update.
 * @throws InvalidArgumentError for an unknown option or a bad value (named: `learningRate` > 0, `beta1`
 *   and `beta2` in [0, 1), `epsilon` > 0, `weightDecay` ≥ 0) or parameters that are not typed arrays.
 * @example
 * ```ts
 * const table = new Float32Array(27 * 10), weights = new Float32Array(30 * 200), bias = new Float32Array(200);
 * const optimizer = adamW([table, weights, { parameters: [bias], weightDecay: 0 }], { learningRate: 1e-3, weightDecay: 0.01 });
 * optimizer.step([tableGradient, weightsGradient, biasGradient]);
 * ```
 */
export function adamW(parameters: OptimizerParameters, options: AdamWOptions = {}): Optimizer {
  return new AdamOptimizer('adamw', parameters, options, 0.01);
}
