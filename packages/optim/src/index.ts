/**
 * `@limit/optim`: first-order optimisers over typed arrays — {@link sgd}, {@link adam} and {@link adamW}
 * with PyTorch's update rules — and the learning-rate range test ({@link findLearningRate}). No tensors,
 * no dependencies beyond `@limit/core`: gradients come from wherever you compute them (an analytic
 * formula, tfjs' `tf.grads`, another library), as Float32Array or Float64Array.
 */
export { sgd } from './sgd.js';
export type { SgdOptions } from './sgd.js';
export { adam } from './adam.js';
export type { AdamOptions } from './adam.js';
export { adamW } from './adam-w.js';
export type { AdamWOptions } from './adam-w.js';
export type { FloatArray, Optimizer, OptimizerParameters, ParameterGroup } from './optimizer.js';
export { findLearningRate } from './learning-rate-finder.js';
export type { LearningRateFinderOptions, LearningRateFinderResult } from './learning-rate-finder.js';
