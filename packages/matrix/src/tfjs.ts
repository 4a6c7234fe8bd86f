/**
 * `@limit/matrix/tfjs`: large-matrix algorithms on tfjs tensors, so GPU backends can run them.
 * `@tensorflow/tfjs-core` is an optional peer dependency needed only by this entry point; the
 * application chooses and imports a backend (e.g. `@tensorflow/tfjs-backend-cpu`).
 */
export { topSingularValues } from './top-singular-values.js';
export type { TopSingularValues, TopSingularValuesOptions } from './top-singular-values.js';
export { subsetSignOperator } from './subset-sign-operator.js';
export { isLinearOperator } from './linear-operator.js';
export type { LinearOperator } from './linear-operator.js';
