import type { Optimizer, OptimizerParameters } from './optimizer.js';
import { AdamOptimizer, type AdamSettings } from './internal/adam-update.js';

/** Options of {@link adam}. */
export interface AdamOptions extends AdamSettings {
  /** Step size γ (default 1e-3). */
  readonly learningRate?: number;
  /** Decay of the first moment (default 0.9). */
  readonly beta1?: number;
  /** Decay of the second moment (default 0.999). */
  readonly beta2?: number;
  /** ε added to √v̂ (default 1e-8). */
  readonly epsilon?: number;
  /** L2 penalty λ added to the gradient, g + λθ (default 0); groups may override it. For decoupled decay use {@link adamW}. */
  readonly weightDecay?: number;
}

/**
 * Adam (Kingma & Ba, arXiv:1412.6980) with torch.optim.Adam's update, per element, at step t:
 *
 *   g ← ∇ + λθ;  m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;
 *   θ ← θ − γ · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
 *
 * (ε added to √v̂ as in PyTorch and optax.adam — the free-embedding trainer's Adam with λ = 0.) A weight
 * decay here is an L2 penalty: it goes through the moments, so it is scaled by Adam's per-coordinate
 * step size; {@link adamW} decouples it.
 *
 * @param parameters - arrays and/or `{ parameters, weightDecay }` groups, updated in place.
 * @param options - see {@link AdamOptions}.
 * @returns the optimiser; call `step(gradients)` once per update.
 * @throws InvalidArgumentError for an unknown option or a bad value (named: `learningRate` > 0, `beta1`
 *   and `beta2` in [0, 1), `epsilon` > 0, `weightDecay` ≥ 0) or parameters that are not typed arrays.
 * @example
 * ```ts
 * const x = new Float64Array([3]);
 * const optimizer = adam([x], { learningRate: 0.1 });
 * for (let i = 0; i < 200; i++) optimizer.step([new Float64Array([2 * x[0]!])]); // minimises x²
 * ```
 */
export function adam(parameters: OptimizerParameters, options: AdamOptions = {}): Optimizer {
  return new AdamOptimizer('adam', parameters, options, 0);
}
