/**
 * The training defaults of the paper's free-embedding experiment (arXiv 2508.21038 §5 and the official
 * script's `DEFAULT_EXPERIMENT_PARAMS`), frozen: every default in this package, the CLI and the web app
 * reads from here.
 *
 * - `k` = 2 relevant documents per query (all C(n, 2) pairs), `seed` = 42;
 * - Adam with `learningRate` 0.01 and optax' β₁ = 0.9, β₂ = 0.999, ε = 1e-8; softmax `temperature` 0.1;
 * - up to `maxIterations` = 100,000 full-batch steps, accuracy every `logInterval` = 50 steps;
 * - early stopping on the loss with `patience` 1000 steps and `minDelta` 1e-5, no restoring;
 * - `precision` float32, as JAX;
 * - the critical-n search's final sweep n − 4 … n + 5 around the binary-search result.
 *
 * @example
 * ```ts
 * PAPER_TRAINING.learningRate; // 0.01
 * trainFreeEmbeddings({ n: 10, d: 4, learningRate: PAPER_TRAINING.learningRate * 2 });
 * ```
 */
export const PAPER_TRAINING = deepFreeze({
  k: 2,
  seed: 42,
  learningRate: 0.01,
  temperature: 0.1,
  adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
  maxIterations: 100_000,
  logInterval: 50,
  earlyStopping: { monitor: 'loss' as 'loss' | 'accuracy', patience: 1000, minDelta: 1e-5, restoreBest: false },
  precision: 'float32' as 'float32' | 'float64',
  sweep: [-4, -3, -2, -1, 0, 1, 2, 3, 4, 5],
});

function deepFreeze<T extends object>(value: T): DeepReadonly<T> {
  for (const inner of Object.values(value)) if (typeof inner === 'object' && inner !== null) deepFreeze(inner as object);
  return Object.freeze(value) as DeepReadonly<T>;
}

type DeepReadonly<T> = { readonly [K in keyof T]: T[K] extends object ? DeepReadonly<T[K]> : T[K] };
