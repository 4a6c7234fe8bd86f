export { trainFreeEmbeddings } from './train-free-embeddings.js';
export type { TrainFreeEmbeddingsOptions, TrainFreeEmbeddingsResult, FreeEmbeddingMetrics, TrainingProgress } from './train-free-embeddings.js';
export { PAPER_TRAINING } from './paper-training.js';
export { EarlyStopping } from './early-stopping.js';
export type { EarlyStoppingOptions } from './early-stopping.js';
export { initialEmbeddings } from './initial-embeddings.js';
export {
  AUTO_ENGINE_ORDER,
  AUTO_JS_MAX_WORK,
  DEVICE_ENGINES,
  availableEngineProviders,
  createStepEngine,
  getEngineProvider,
  listEngineProviders,
  resolveEngine,
} from './engines/registry.js';
export type { AutoEngineEntry, DeviceEngineEntry, EngineDevice, ResolveEngineOptions, ResolvedEngine } from './engines/registry.js';
export type { EngineAvailability, EngineCreateOptions, EngineEnvironment, EngineProvider, EngineRuntimes } from './engines/provider.js';
export { createTfjsEngine } from './engines/tfjs/tfjs-engine.js';
export type { TfjsEngineOptions } from './engines/tfjs/tfjs-engine.js';
export { createTfjsProvider } from './engines/tfjs/tfjs-provider.js';
export type { TfjsProviderSpec } from './engines/tfjs/tfjs-provider.js';
export type { EngineAccuracy, StepEngine, StepEngineInit, EngineQrels, Precision } from './engine.js';
export { topKAccuracy } from './engines/top-k-accuracy.js';
export { criticalNSearch } from './critical-n-search.js';
export type { CriticalNEvaluation, CriticalNTrial, CriticalNSearchOptions, CriticalNSearchResult } from './critical-n-search.js';
export { fitCriticalN, PAPER_EXTRAPOLATION_DIMENSIONS } from './fit-critical-n.js';
export type { CriticalNFit, CriticalNPoint } from './fit-critical-n.js';
export { PAPER_CRITICAL_N, PAPER_CUBIC_FIT, paperCriticalNFit } from './paper-critical-n.js';
export { experimentParameters, parameterSignature } from './experiment-parameters.js';
export type { ExperimentParameters } from './experiment-parameters.js';
export { toOfficialRow, fromOfficialRow } from './official-schema.js';
export type { RecordedMetrics, ResultRow } from './official-schema.js';
export { createEmbeddingCertificate, verifyEmbeddingCertificate } from './embedding-certificate.js';
export { topKFailures } from './top-k-failures.js';
export type { TopKFailure } from './top-k-failures.js';
export type { EmbeddingCertificate, CertificateVerification, CertificateQrels, EncodedMatrix } from './embedding-certificate.js';
export { createJsEngine } from './engines/js/js-engine.js';
export { createOnnxEngine } from './engines/onnx/onnx-engine.js';
export type { OnnxEngineOptions, OrtLike } from './engines/onnx/onnx-engine.js';
export { validateStepEngineInit, assertTrainingQrels } from './engines/validate-step-engine-init.js';
export type { StepEngineInitShape } from './engines/validate-step-engine-init.js';
export { runCriticalNExperiment } from './run-critical-n-experiment.js';
export type { CriticalNExperimentOptions, CriticalNExperimentResult, CriticalNDimensionResult, CriticalNRun } from './run-critical-n-experiment.js';
export { initialCriticalN, restartSeed, criticalNJobId, resolveTrainingSettings } from './critical-n-job.js';
export type { CriticalNJob, CriticalNTrainingSettings } from './critical-n-job.js';
export { createInProcessExecutor, createMemoryRunStore } from './critical-n-executor.js';
export type { CriticalNExecutor, CriticalNExecutorRunOptions, CriticalNRunStore, InProcessExecutorOptions } from './critical-n-executor.js';
export { trainCriticalNRun, criticalNRunOutcome, criticalNJobParameters } from './train-critical-n-run.js';
export type { TrainedCriticalNRun, CriticalNRunOutcome, TrainCriticalNRunOptions } from './train-critical-n-run.js';
export { runCriticalNSearches } from './parallel-critical-n-search.js';
export type { CriticalNSearchTask, CriticalNSearchesOptions, CriticalNSearchesResult, CriticalNEvaluationRequest } from './parallel-critical-n-search.js';
export { replayCriticalNProtocol, resolveCriticalNProtocol } from './critical-n-protocol.js';
export type {
  CriticalNProtocol,
  ResolvedCriticalNProtocol,
  CriticalNSearchPoint,
  CriticalNPhase,
  VisitedN,
  CriticalNProtocolOutcome,
  CriticalNProtocolStep,
} from './critical-n-protocol.js';
export { summarizeCriticalN, criticalNObservations } from './critical-n-summary.js';
export type { CriticalNSummaryRow } from './critical-n-summary.js';
export { bootstrapCriticalNFit, compareCriticalNFits } from './bootstrap-critical-n-fit.js';
export type {
  BootstrapCriticalNFit,
  BootstrapCriticalNFitOptions,
  CriticalNObservation,
  CriticalNModel,
  CriticalNExtrapolation,
  CriticalNFitComparison,
} from './bootstrap-critical-n-fit.js';
export { calibrateStepCost, planCriticalNExperiment } from './capacity-plan.js';
export type { StepTimeSample, StepCostModel, CriticalNPlanOptions, CriticalNPlan, CriticalNPlanRow } from './capacity-plan.js';
export { measureStepCost } from './measure-step-cost.js';
