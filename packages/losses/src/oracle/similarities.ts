/** Plain-array float64 reference implementations of the similarity functions (for tests and checks). */

/** A row-major matrix as nested arrays. */
export type Matrix = readonly (readonly number[])[];

const SQRT_EPSILON = 1e-12;
const NORM_EPSILON = 1e-12;

/** `a · b`. */
export function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
}

/** `a · b / (max(‖a‖, ε) max(‖b‖, ε))`. */
export function cosine(a: readonly number[], b: readonly number[]): number {
  return dot(a, b) / (Math.max(Math.sqrt(dot(a, a)), NORM_EPSILON) * Math.max(Math.sqrt(dot(b, b)), NORM_EPSILON));
}

/** `−sqrt(‖a − b‖² + 1e-12)`. */
export function negativeEuclidean(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k]! - b[k]!) ** 2;
  return -Math.sqrt(s + SQRT_EPSILON);
}

/** Score function by name. */
export function similarityFunction(name: 'dot' | 'cosine' | 'euclidean'): (a: readonly number[], b: readonly number[]) => number {
  return name === 'dot' ? dot : name === 'cosine' ? cosine : negativeEuclidean;
}

/** `[n, m]` matrix of `f(a_i, b_j)`. */
function matrixOf(f: (x: readonly number[], y: readonly number[]) => number, a: Matrix, b: Matrix): number[][] {
  return a.map((x) => b.map((y) => f(x, y)));
}

/** Reference for `dotSimilarity`: `[n, m]`. */
export const dotSimilarity = (a: Matrix, b: Matrix): number[][] => matrixOf(dot, a, b);
/** Reference for `cosineSimilarity`: `[n, m]`. */
export const cosineSimilarity = (a: Matrix, b: Matrix): number[][] => matrixOf(cosine, a, b);
/** Reference for `euclideanSimilarity`: `[n, m]`. */
export const euclideanSimilarity = (a: Matrix, b: Matrix): number[][] => matrixOf(negativeEuclidean, a, b);
/** Reference for `pairwiseDotSimilarity`: `[n]`. */
export const pairwiseDotSimilarity = (a: Matrix, b: Matrix): number[] => a.map((x, i) => dot(x, b[i]!));
/** Reference for `pairwiseCosineSimilarity`: `[n]`. */
export const pairwiseCosineSimilarity = (a: Matrix, b: Matrix): number[] => a.map((x, i) => cosine(x, b[i]!));
/** Reference for `pairwiseEuclideanSimilarity`: `[n]`. */
export const pairwiseEuclideanSimilarity = (a: Matrix, b: Matrix): number[] => a.map((x, i) => negativeEuclidean(x, b[i]!));

/** Reduces a per-example vector. */
export function reduce(values: number[], reduction: 'mean' | 'sum' | 'none' = 'mean'): number | number[] {
  if (reduction === 'none') return values;
  const s = values.reduce((acc, v) => acc + v, 0);
  return reduction === 'sum' ? s : s / values.length;
}
