export { trainFreeEmbeddings } from './training/train-free-embeddings.js';
export type { TrainFreeEmbeddingsOptions, TrainFreeEmbeddingsResult, FreeEmbeddingMetrics, TrainingProgress } from './training/train-free-embeddings.js';
export { PAPER_TRAINING } from './training/paper-training.js';
export { assertTrainingFits } from './training/assert-training-fits.js';
export type { TrainingSize, TrainingSizeNames } from './training/assert-training-fits.js';
export { EarlyStopping } from './training/early-stopping.js';
export type { EarlyStoppingOptions } from './training/early-stopping.js';
export { initialEmbeddings } from './training/initial-embeddings.js';
export {
  AUTO_ENGINE_ORDER,
  AUTO_JS_MAX_WORK,
  DEVICE_ENGINES,
  availableEngineProviders,
  createStepEngine,
  getEngineProvider,
  listEngineDevices,
  listEngineProviders,
  registerEngineProvider,
  resolveEngine,
  unregisterEngineProvider,
} from './engines/registry.js';
export type { AutoEngineEntry, DeviceEngineEntry, EngineDevice, EngineDeviceListing, ResolveEngineOptions, ResolvedEngine } from './engines/registry.js';
export type { EngineAvailability, EngineCreateOptions, EngineEnvironment, EngineProvider, EngineRuntimes } from './engines/provider.js';
export { createTfjsEngine } from './engines/tfjs/tfjs-engine.js';
export type { TfjsEngineOptions } from './engines/tfjs/tfjs-engine.js';
export { createTfjsProvider } from './engines/tfjs/tfjs-provider.js';
export type { TfjsProviderSpec } from './engines/tfjs/tfjs-provider.js';
export type {
  AdamSettings,
  EngineAccuracy,
  EngineQrels,
  HingeObjective,
  InfoNceObjective,
  LossAndGradients,
  Objective,
  ObjectiveName,
  ObjectiveSpec,
  Precision,
  QueryMode,
  SigmoidObjective,
  StepEngine,
  StepEngineInit,
} from './engines/contract.js';
export { OBJECTIVE_DEFAULTS, OBJECTIVE_NAMES, QUERY_MODES, objectiveLabel, queryMarginSummary, resolveObjective } from './engines/contract.js';
export type { QueryMarginOptions, QueryMarginSummary } from './engines/contract.js';
export { PASS_RULES, passRuleLabel, resolvePassRule } from './training/pass-rule.js';
export type { PassRule, PassRuleName } from './training/pass-rule.js';
export { topKAccuracy } from './engines/contract.js';
export { criticalNSearch } from './critical-n/search.js';
export type { CriticalNEvaluation, CriticalNTrial, CriticalNSearchOptions, CriticalNSearchResult } from './critical-n/search.js';
export { fitCriticalN, PAPER_EXTRAPOLATION_DIMENSIONS } from './critical-n/fit.js';
export type { CriticalNFit, CriticalNPoint } from './critical-n/fit.js';
export { PAPER_CRITICAL_N, PAPER_CUBIC_FIT, PAPER_TABLE_6_DIMENSIONS, paperCriticalNFit } from './critical-n/paper.js';
export { experimentParameters, parameterSignature } from './results/experiment-parameters.js';
export type { ExperimentParameters } from './results/experiment-parameters.js';
export { toOfficialRow, fromOfficialRow } from './results/official-schema.js';
export { RESULT_FIELDS } from './results/result-fields.js';
export type { ResultField } from './results/result-fields.js';
export type { RecordedMetrics, ResultRow } from './results/official-schema.js';
export { createEmbeddingCertificate, decodeEmbeddingCertificate, verifyEmbeddingCertificate } from './certificates/embedding-certificate.js';
export type { DecodedEmbeddingCertificate } from './certificates/embedding-certificate.js';
export { checkEmbeddingCertificate } from './certificates/certificate-check.js';
export type { CertificateCheck, CertificateCheckOptions, ParameterCheck } from './certificates/certificate-check.js';
export { refitQueries } from './certificates/query-refit.js';
export { certifyEmbeddings } from './certificates/certify-embeddings.js';
export type { CertifyDiagnosis, EmbeddingsCertification } from './certificates/certify-embeddings.js';
export type { QueryRefit, QueryRefitOptions, RefitVerdict, SetRefit } from './certificates/query-refit.js';
export { topKFailures } from './certificates/top-k-failures.js';
export type { TopKFailure } from './certificates/top-k-failures.js';
export type { EmbeddingCertificate, CertificateVerification, CertificateQrels, EncodedMatrix } from './certificates/embedding-certificate.js';
export { createJsEngine } from './engines/js/js-engine.js';
export { createOnnxEngine } from './engines/onnx/onnx-engine.js';
export type { OnnxEngineOptions, OrtLike } from './engines/onnx/onnx-engine.js';
export { validateStepEngineInit, assertTrainingQrels } from './engines/contract.js';
export type { StepEngineInitShape } from './engines/contract.js';
export { runCriticalNExperiment } from './critical-n/run-experiment.js';
export { resolveCriticalNEngines } from './critical-n/resolve-engines.js';
export type { CriticalNEngineOptions, CriticalNEngines } from './critical-n/resolve-engines.js';
export type { CriticalNExperimentOptions, CriticalNExperimentResult, CriticalNDimensionResult, CriticalNRun } from './critical-n/run-experiment.js';
export { GALLOP_FROM_TABLE_6_MAX_D, criticalNJobSetting, criticalNJobSettingLabel, initialCriticalN, restartSeed, criticalNJobId, resolveTrainingSettings } from './critical-n/job.js';
export type { CriticalNJob, CriticalNJobSetting, CriticalNTrainingSettings } from './critical-n/job.js';
export { assertRunMatchesJob, canonicalCriticalNJob, criticalNJobDifference, criticalNJobHash } from './critical-n/job-identity.js';
export { createInProcessExecutor } from './executors/in-process.js';
export type { InProcessExecutorOptions } from './executors/in-process.js';
export { createMemoryRunStore } from './executors/memory-run-store.js';
export {
  EXECUTOR_WIRE_VERSION,
  assertWireReply,
  decodeErrorText,
  encodeErrorText,
  errorOfReply,
  failedReply,
} from './executors/wire.js';
export type {
  WireCancelRequest,
  WireCheckRequest,
  WireChecked,
  WireDone,
  WireEngineOptions,
  WireEngineRequirement,
  WireFailed,
  WireProgress,
  WireReply,
  WireRequest,
  WireRunRequest,
} from './executors/wire.js';
export type { CriticalNExecutor, CriticalNExecutorRunOptions, CriticalNRunStore } from './executors/executor.js';
export { trainCriticalNRun, criticalNRunOutcome, criticalNJobParameters, criticalNTrainOptions } from './critical-n/train-run.js';
export type { TrainedCriticalNRun, CriticalNRunOutcome, TrainCriticalNRunOptions } from './critical-n/train-run.js';
export { runCriticalNSearches } from './critical-n/parallel-search.js';
export type { CriticalNSearchTask, CriticalNSearchesOptions, CriticalNSearchesResult, CriticalNEvaluationRequest } from './critical-n/parallel-search.js';
export { CRITICAL_N_STATISTICS, replayCriticalNProtocol, resolveCriticalNProtocol } from './critical-n/protocol.js';
export type {
  CriticalNProtocol,
  ResolvedCriticalNProtocol,
  CriticalNSearchPoint,
  CriticalNPhase,
  VisitedN,
  CriticalNProtocolOutcome,
  CriticalNProtocolStep,
  CriticalNStatistic,
} from './critical-n/protocol.js';
export { summarizeCriticalN, criticalNObservations } from './critical-n/summary.js';
export { runCapacityExperiment } from './critical-n/capacity.js';
export type { CapacityConstructionRow, CapacityExperimentOptions, CapacityObjectiveRow, CapacityResult, CapacityRow } from './critical-n/capacity.js';
export type { CriticalNSummaryRow } from './critical-n/summary.js';
export { bootstrapCriticalNFit, compareCriticalNFits } from './critical-n/bootstrap-fit.js';
export type {
  BootstrapCriticalNFit,
  BootstrapCriticalNFitOptions,
  CriticalNObservation,
  CriticalNModel,
  CriticalNExtrapolation,
  CriticalNFitComparison,
} from './critical-n/bootstrap-fit.js';
export { calibrateStepCost, planCriticalNExperiment } from './critical-n/plan.js';
export type { StepTimeSample, StepCostModel, CriticalNPlanOptions, CriticalNPlan, CriticalNPlanRow } from './critical-n/plan.js';
export { measureStepCost } from './engines/measure-step-cost.js';
