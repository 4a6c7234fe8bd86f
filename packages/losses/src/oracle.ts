/**
 * `@limit/losses/oracle`: plain-array float64 reference implementations of every loss in
 * `@limit/losses`, written independently of the tensor code (textbook loops, no tfjs). The tensor versions
 * are tested against these to 1e-5; use them to check your own implementations.
 *
 * @example
 * import * as oracle from '@limit/losses/oracle';
 * oracle.infoNce([[1, 0]], [[1, 0], [0, 1]], [[1, 0]], { temperature: 0.1 });
 */
export {
  dotSimilarity,
  cosineSimilarity,
  euclideanSimilarity,
  pairwiseDotSimilarity,
  pairwiseCosineSimilarity,
  pairwiseEuclideanSimilarity,
} from './oracle/similarities.js';
export type { Matrix } from './oracle/similarities.js';
export { infoNce, infoNceValueAndGradients } from './oracle/info-nce.js';
export { tripletLoss, hingeLoss, logisticLoss, marginMse } from './oracle/pairwise-losses.js';
export { maxSim, maxSimInfoNce } from './oracle/max-sim.js';
export type { Tokens } from './oracle/max-sim.js';
export { matryoshka } from './oracle/matryoshka.js';
