// The `@limit/step-engine/testing` subpath: what an engine's tests need, independent of any test framework.
export { ReferenceStepper, objectiveLossAndScoreGradient } from './testing/reference-stepper.js';
export type { ReferenceGradients } from './testing/reference-stepper.js';
export { PAPER_ADAM, contractProblem, kSubsets, qrelsFromSets, unitRows } from './testing/problems.js';
export { BAD_STEP_ENGINE_INITS, validStepEngineInit } from './testing/bad-inits.js';
export type { BadStepEngineInit } from './testing/bad-inits.js';
export { stepEngineContractCases } from './testing/contract-cases.js';
export type { StepEngineContractCase, StepEngineContractOptions } from './testing/contract-cases.js';
